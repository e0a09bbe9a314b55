import { type Check, codePoints, invalid } from './types.js';

const EMAIL_MAX = 254;
const LOCAL_MAX = 64;
// RFC 5322 dot-atom: atext runs separated by single dots.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const TLD = /^[a-z]{2,}$/i;

/**
 * An email address (a practical RFC 5322 subset): `local@domain.tld`, at most
 * 254 characters, no spaces or quoted local parts; domain labels of 1–63
 * letters, digits and hyphens, not starting or ending with a hyphen; a
 * top-level domain of two or more letters.
 */
export const checkEmail: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length > EMAIL_MAX) return invalid('validation.email.tooLong', { max: EMAIL_MAX, length });
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return invalid('validation.email.format');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > LOCAL_MAX || !LOCAL_PART.test(local)) return invalid('validation.email.format');
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !TLD.test(tld)) {
    return invalid('validation.email.domain');
  }
  return null;
};

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 20;
const PASSWORD_KINDS = 3;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * An account password: 8–20 printable ASCII characters (no spaces), with at
 * least three of: upper-case letters, lower-case letters, digits, symbols.
 * The password itself never goes into the params.
 */
export const checkPassword: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  if (!PRINTABLE_ASCII.test(value)) return invalid('validation.password.characters');
  const length = value.length;
  if (length < PASSWORD_MIN) return invalid('validation.password.tooShort', { min: PASSWORD_MIN, length });
  if (length > PASSWORD_MAX) return invalid('validation.password.tooLong', { max: PASSWORD_MAX, length });
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  if (kinds < PASSWORD_KINDS) return invalid('validation.password.kinds', { min: PASSWORD_KINDS, kinds });
  return null;
};

/** The verification code mailed at registration: exactly 6 digits. */
export const checkVerificationCode: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  return /^[0-9]{6}$/.test(value) ? null : invalid('validation.verificationCode.format');
};

/**
 * An AccessKey ID as the console shows it (`LTAI…`, letters and digits). STS
 * keys (`STS.…`) come only from the credential chain, never typed.
 */
export const checkAccessKeyId: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  return /^[A-Za-z0-9]{16,64}$/.test(value) ? null : invalid('validation.accessKeyId.format');
};

/** An AccessKey secret: 16 to 128 letters and digits (never echoed, never in a message). */
export const checkAccessKeySecret: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  return /^[A-Za-z0-9]{16,128}$/.test(value) ? null : invalid('validation.accessKeySecret.format');
};

const PROFILE_MAX = 32;

/** A profile name: `[a-z0-9][a-z0-9_-]{0,31}`. */
export const checkProfileName: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(value)) return invalid('validation.profile.format');
  if (value.length > PROFILE_MAX) {
    return invalid('validation.profile.tooLong', { max: PROFILE_MAX, length: value.length });
  }
  return null;
};
