/**
 * Hashing and randomness for the simulated cloud. Passwords are stored only
 * as salted hashes; AccessKey secrets not at all (derived, see deriveSecret);
 * session tokens as plain sha256
 * (they are random 256-bit values, so a salt adds nothing and a lookup by
 * hash stays possible).
 */

import { nodeCrypto } from '../../core/builtins.js';

/** A salted hash as the simulated cloud stores it (base64 fields). */
export interface SaltedHash {
  alg: 'scrypt' | 'sha256';
  salt: string;
  hash: string;
  /** scrypt cost parameter; absent for sha256. */
  N?: number;
}

// 2^12 (4 MiB, ~10 ms): still a salted memory-hard hash, cheap enough that the
// simulated cloud does not dominate a journey's time. N is stored with each
// hash, so hashes made with another cost keep verifying.
const SCRYPT_N = 2 ** 12;
const SCRYPT_KEYLEN = 32;

/** scrypt with a random 16-byte salt. */
export function hashPassword(password: string): SaltedHash {
  const salt = nodeCrypto().randomBytes(16);
  const hash = nodeCrypto().scryptSync(password, salt, SCRYPT_KEYLEN, { N: SCRYPT_N, r: 8, p: 1 });
  return { alg: 'scrypt', salt: salt.toString('base64'), hash: hash.toString('base64'), N: SCRYPT_N };
}

/** Salted sha256, for high-entropy secrets (AccessKey secrets) where a slow hash buys nothing. */
export function hashSecret(secret: string): SaltedHash {
  const salt = nodeCrypto().randomBytes(16);
  const hash = nodeCrypto().createHash('sha256').update(salt).update(secret).digest();
  return { alg: 'sha256', salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** Whether `value` matches a stored hash, in constant time. */
export function verifyHash(value: string, stored: SaltedHash): boolean {
  const salt = Buffer.from(stored.salt, 'base64');
  const expected = Buffer.from(stored.hash, 'base64');
  const actual =
    stored.alg === 'scrypt'
      ? nodeCrypto().scryptSync(value, salt, expected.length || SCRYPT_KEYLEN, {
          N: stored.N ?? SCRYPT_N,
          r: 8,
          p: 1,
        })
      : nodeCrypto().createHash('sha256').update(salt).update(value).digest();
  return actual.length === expected.length && nodeCrypto().timingSafeEqual(actual, expected);
}

/** A hash nothing matches: for seeded accounts whose password nobody knows. */
export function unmatchableHash(): SaltedHash {
  return {
    alg: 'scrypt',
    salt: nodeCrypto().randomBytes(16).toString('base64'),
    hash: nodeCrypto().randomBytes(SCRYPT_KEYLEN).toString('base64'),
    N: SCRYPT_N,
  };
}

/** sha256 of a session token (hex), the key it is stored under. */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

function sha256Hex(text: string): string {
  return nodeCrypto().createHash('sha256').update(text).digest('hex');
}

/** A new session token: 32 random bytes, base64url. */
export function newToken(): string {
  return nodeCrypto().randomBytes(32).toString('base64url');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from `alphabet` (randomInt is unbiased, unlike `byte % n`). */
export function randomString(length: number, alphabet: string = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[nodeCrypto().randomInt(alphabet.length)];
  return out;
}

/** A 6-digit verification code (leading zeros allowed). */
export function newVerificationCode(): string {
  return randomString(6, '0123456789');
}

/** A 16-digit account id whose first digit is not zero. */
export function newUid(): string {
  return String(nodeCrypto().randomInt(1, 10)) + randomString(15, '0123456789');
}

/** AccessKey id: `LTAI` + 20 letters/digits. */
export function newAccessKeyId(): string {
  return `LTAI${randomString(20)}`;
}

/** A new per-cloud seed from which AccessKey secrets are derived (never itself a secret of any key). */
export function newSecretSeed(): string {
  return nodeCrypto().randomBytes(32).toString('base64');
}

/**
 * A key's secret: 30 letters/digits derived from the key id and the cloud's
 * seed (HMAC-SHA256 in counter mode, bytes ≥ 248 skipped so each character is
 * uniform). Nothing stores it; the simulated cloud re-derives it to check signatures.
 */
export function deriveSecret(seed: string, keyId: string): string {
  let out = '';
  for (let block = 0; out.length < 30; block++) {
    const bytes = nodeCrypto()
      .createHmac('sha256', Buffer.from(seed, 'base64'))
      .update(`${keyId}:${block}`)
      .digest();
    for (const b of bytes) {
      if (b >= 248 || out.length >= 30) continue;
      out += ALNUM[b % 62];
    }
  }
  return out;
}

/**
 * `length` decimal digits determined by `text` (sha256), the first not zero:
 * a stable numeric id for something the cloud does not give an id of its
 * own (a RAM user's UserId).
 */
export function stableDigits(text: string, length: number): string {
  const hex = sha256Hex(text);
  const digits = BigInt(`0x${hex}`)
    .toString()
    .slice(0, length - 1);
  return `${1 + (Number.parseInt(hex.slice(0, 2), 16) % 9)}${digits}`;
}

/** Quota application id: `qa-` + 16 lower-case hex digits. */
export function newQuotaApplicationId(): string {
  return `qa-${nodeCrypto().randomBytes(8).toString('hex')}`;
}
