/** Small helpers shared by the simulated provider's rule modules. */
import { memberOf } from '../../core/types.js';
import { tEn } from '../../i18n/index.js';
import type { Invalid } from '../../validate/index.js';
import { invalidParameter } from './errors.js';

/** What every rule needs to know about "now". */
export interface Ctx {
  /** Milliseconds since the epoch (injectable, so tests need not wait). */
  now: number;
  /** The simulated review time, as read from the environment when the provider was created. */
  reviewMs: number;
}

/** ISO text of a millisecond time. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds of an ISO time. */
export function ms(isoTime: string): number {
  return Date.parse(isoTime);
}

/**
 * The value when it is a string, else `''`, so that validators report a
 * non-string (a caller outside TypeScript) as an empty value instead of throwing.
 */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Throws `InvalidParameter` for `parameter` when a validator found a broken rule. */
export function check(parameter: string, broken: Invalid | null): void {
  if (broken) throw invalidParameter(parameter, tEn(broken.key, broken.params ?? {}));
}

/** A value from a fixed set, else `InvalidParameter` listing the set. */
export function oneOf<T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
  const member = memberOf(allowed, value);
  if (member !== undefined) return member;
  throw invalidParameter(parameter, tEn('validation.enum', { values: allowed.join(', ') }));
}

// Alibaba Cloud's ClientToken: at most 64 ASCII characters.
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/;

/** The idempotency token of a mutating call: 1–64 printable ASCII characters. */
export function clientToken(value: unknown): string {
  if (typeof value === 'string' && CLIENT_TOKEN.test(value)) return value;
  throw invalidParameter('clientToken', 'must be 1–64 printable ASCII characters');
}
