import { type Check, codePoints, describeChar, type Invalid, invalid } from './types.js';

// Control characters, unpaired surrogates and line/paragraph separators.
const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
// Invisible and formatting characters (Unicode Cf: zero-width spaces, bidirectional
// overrides such as U+202E): a name made of them looks empty, or reads differently than it is.
const INVISIBLE = /\p{Cf}/u;

/** U+FFFD, what a lenient decoder made of bytes that were not UTF-8, and unpaired surrogates. */
const NOT_TEXT = /[\uFFFD\p{Cs}]/u;

/**
 * Refuses what was not UTF-8 where it came from. Node decodes argv and the
 * environment leniently: invalid bytes arrive as U+FFFD, which would then be
 * sent as if typed; a JSON `\ud800` escape gives an unpaired surrogate.
 */
export function checkWellFormed(value: string): Invalid | null {
  return NOT_TEXT.test(value) ? invalid('validation.notUtf8') : null;
}

/**
 * A free-text rule: non-empty after trimming, `min`–`max` characters (Unicode
 * code points, counted on the trimmed value), no control characters or line
 * breaks, no invisible or bidirectional formatting characters (Unicode Cf).
 */
export function textCheck(min: number, max: number): Check {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === '') return invalid('validation.empty');
    if (FORBIDDEN.test(value)) return invalid('validation.text.control');
    const hidden = INVISIBLE.exec(value)?.[0];
    if (hidden !== undefined) return invalid('validation.text.invisible', { char: describeChar(hidden) });
    const length = codePoints(trimmed);
    if (length < min) return invalid('validation.text.tooShort', { min, length });
    if (length > max) return invalid('validation.text.tooLong', { max, length });
    return null;
  };
}

/** An individual's legal name: 2–64 characters. */
export const checkLegalName: Check = textCheck(2, 64);

/** An enterprise's registered name: 2–128 characters. */
export const checkCompanyName: Check = textCheck(2, 128);

/** An enterprise's legal representative: 2–64 characters. */
export const checkLegalRepresentative: Check = textCheck(2, 64);

/** The reason given with a high-end instance request: 10–500 characters. */
export const checkReason: Check = textCheck(10, 500);
