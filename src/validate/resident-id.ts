import { type Check, codePoints, invalid } from './types.js';

// ISO 7064 MOD 11-2 weights (2^(17-i) mod 11) and the check character for each remainder.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const MIN_YEAR = 1900;

/**
 * The ISO 7064 MOD 11-2 check character (`0`–`9` or `X`) of a resident
 * identity number's first 17 digits. Throws a RangeError for anything but 17 digits.
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whether `s` is a valid 18-character PRC resident identity number (see {@link checkResidentId}). */
export function isValidResidentId(s: string): boolean {
  return checkResidentId(s) === null;
}

/**
 * A PRC resident identity number (GB 11643-1999): 18 characters, a 6-digit
 * area code not starting with 0, a real birth date YYYYMMDD from 1900 up to
 * today, a 3-digit sequence number and an ISO 7064 MOD 11-2 check character
 * (`0`–`9` or upper-case `X`). The expected check character is never revealed.
 */
export const checkResidentId: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length !== 18) return invalid('validation.residentId.length', { length });
  if (/^[0-9]{17}x$/.test(value)) return invalid('validation.residentId.lowerX');
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return invalid('validation.residentId.format');
  if (value[0] === '0') return invalid('validation.residentId.area');
  if (!isRealBirthDate(value.slice(6, 14))) return invalid('validation.residentId.birthDate');
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17])
    return invalid('validation.residentId.checkChar');
  return null;
};

/** YYYYMMDD is a calendar date between 1900-01-01 and today (UTC). */
function isRealBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return false; // e.g. 0230 rolled over into March
  return date.getTime() <= Date.now();
}
