import { type Check, codePoints, invalid } from './types.js';

// GB 32100-2015: 31 characters (no I, O, S, V, Z), each worth its index.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CODE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/**
 * The GB 32100-2015 check character of a unified social credit code's first
 * 17 characters: 31 − (Σ value×weight mod 31), with 31 written as `0`.
 * Throws a RangeError for anything but 17 characters of the code's charset.
 */
export function creditCodeCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) throw new RangeError('expected 17 credit-code characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Whether `s` is a valid unified social credit code (see {@link checkCreditCode}). */
export function isValidCreditCode(s: string): boolean {
  return checkCreditCode(s) === null;
}

/**
 * A unified social credit code (GB 32100-2015): 18 characters of `0-9` and
 * upper-case letters except I, O, S, V, Z, whose last character is the check
 * character. Only that final check is made (not the GB 11714 one inside the
 * organisation code), and the expected character is never revealed.
 */
export const checkCreditCode: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length !== 18) return invalid('validation.creditCode.length', { length });
  if (!CODE.test(value)) return invalid('validation.creditCode.characters');
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17])
    return invalid('validation.creditCode.checkChar');
  return null;
};
