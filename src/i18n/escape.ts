/**
 * Text that reaches a terminal from input or from files is shown with its
 * control characters escaped (SPEC §4): an escape sequence in a flag value,
 * an environment variable or a file must not move the cursor, retitle the
 * window or clear the screen. Invisible and bidirectional formatting
 * characters (Unicode Cf) are shown escaped too, so text cannot pretend to
 * be something else. The escapes are those of a shell's `$'…'` quoting.
 */

/** Control characters (C0, DEL, C1), format characters (Cf), lone surrogates, line/paragraph separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
const UNSAFE_ONE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1b': '\\e',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

function hex(cp: number, digits: number): string {
  return cp.toString(16).toUpperCase().padStart(digits, '0');
}

/** Whether the text holds anything {@link escapeControls} would escape. */
export function hasControls(text: string): boolean {
  return UNSAFE_ONE.test(text);
}

/** `\e]0;x\a` for ESC ] 0 ; x BEL: every unsafe character as a visible escape; the rest as it is. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
    return cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  });
}
