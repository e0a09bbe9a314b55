/** RAM names (SPEC §4.6): user logon names, system policy names, the console password. */
import { type Check, codePoints, describeChar, firstBadChar, type Invalid, invalid } from './types.js';

const USER_MAX = 64;
const POLICY_MAX = 128;
export const MAX_RAM_POLICIES = 10;

/** A RAM user's logon name: 1–64 of `A-Z a-z 0-9 . _ -`. */
export const checkRamUserName: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length > USER_MAX) return invalid('validation.ramUser.length', { max: USER_MAX, length });
  const bad = firstBadChar(value, /[A-Za-z0-9._-]/);
  if (bad !== undefined) return invalid('validation.ramUser.characters', { char: describeChar(bad) });
  return null;
};

/** A system policy's name: 1–128 of `A-Z a-z 0-9 -`. */
export const checkPolicyName: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length > POLICY_MAX) return invalid('validation.policy.length', { max: POLICY_MAX, length });
  const bad = firstBadChar(value, /[A-Za-z0-9-]/);
  if (bad !== undefined) return invalid('validation.policy.characters', { char: describeChar(bad) });
  return null;
};

/** At most 10 policies, each named once. */
export function checkPolicyList(values: string[]): Invalid | null {
  if (values.length > MAX_RAM_POLICIES)
    return invalid('validation.policyList.tooMany', { max: MAX_RAM_POLICIES, count: values.length });
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return invalid('validation.policyList.duplicate', { value: v });
    seen.add(v);
  }
  return null;
}

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 32;

/** A RAM user's console password: 8–32 printable ASCII characters, three of upper, lower, digit, symbol. */
export const checkRamPassword: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  if (!/^[\x21-\x7e]+$/.test(value)) return invalid('validation.password.characters');
  if (value.length < PASSWORD_MIN)
    return invalid('validation.password.tooShort', { min: PASSWORD_MIN, length: value.length });
  if (value.length > PASSWORD_MAX)
    return invalid('validation.password.tooLong', { max: PASSWORD_MAX, length: value.length });
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  if (kinds < 3) return invalid('validation.password.kinds', { min: 3, kinds });
  return null;
};
