import { clipQuoted, type MessageKey, type PlainParams } from '../core/messages.js';
import type { Invalid } from '../core/types.js';

export type { Invalid };

/** A validator: `null` when the value is valid, otherwise the rule it broke. Never throws. */
export type Check = (value: string) => Invalid | null;

/** Builds an {@link Invalid}, leaving out `params` when there are none. */
export function invalid(key: MessageKey, params?: PlainParams): Invalid {
  return params === undefined ? { key } : { key, params };
}

/** Length in Unicode code points (what a person counts as characters, near enough). */
export function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Shows one character in a message: printable ASCII as itself in quotes,
 * anything else as `U+XXXX` (so control characters never reach the terminal).
 */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp > 0x20 && cp < 0x7f) return `'${ch}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A user's value made safe to echo in a message: control and invisible
 * formatting characters become U+FFFD, and a long value is quoted at most
 * 80 characters long (its middle left out).
 */
export function shown(value: string): string {
  return clipQuoted(value.replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, '\uFFFD'));
}

/** The first character of `value` that does not match `allowed` (a one-character regex), if any. */
export function firstBadChar(value: string, allowed: RegExp): string | undefined {
  for (const ch of value) if (!allowed.test(ch)) return ch;
  return undefined;
}

/** The candidate closest to `value` (edit distance at most 2, case-insensitive), for "did you mean". */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  if (value.length > 64) return undefined;
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}
