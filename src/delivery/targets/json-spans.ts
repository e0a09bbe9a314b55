/**
 * Where things are in a JSON text, so that one value can be replaced or one
 * array element inserted or removed while every other byte stays as written
 * (escapes, number spelling, key order, indentation). Re-serialising instead
 * would reorder integer-like keys, round big numbers and change Go's
 * `\u0026`-style escapes in files written by the aliyun CLI.
 *
 * Only call these on text that `JSON.parse` accepted: the scanner does not
 * validate.
 */

/** A half-open range `[start, end)` of the text. */
export interface Span {
  start: number;
  end: number;
}

/** A member of an object: its (decoded) key, where the key starts, and the value's span. */
export interface Member {
  key: string;
  keyStart: number;
  value: Span;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length && WHITESPACE.has(text[pos]!)) pos++;
  return pos;
}

function skipString(text: string, pos: number): number {
  // pos is at the opening quote.
  for (let i = pos + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return text.length;
}

/** The end of the value starting at `pos` (after whitespace). */
function skipValue(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') return skipString(text, pos);
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    let i = skipWhitespace(text, pos + 1);
    if (text[i] === close) return i + 1;
    for (;;) {
      if (c === '{') {
        i = skipString(text, i);
        i = skipWhitespace(text, i) + 1; // the ':'
        i = skipWhitespace(text, i);
      }
      i = skipWhitespace(text, skipValue(text, i));
      if (text[i] === ',') {
        i = skipWhitespace(text, i + 1);
        continue;
      }
      return i + 1; // the closing bracket
    }
  }
  // number, true, false, null
  let i = pos;
  while (i < text.length && !WHITESPACE.has(text[i]!) && !',]}'.includes(text[i]!)) i++;
  return i;
}

/** The span of the whole top-level value. */
export function rootSpan(text: string): Span {
  const start = skipWhitespace(text, 0);
  return { start, end: skipValue(text, start) };
}

/** The members of the object whose `{` is at `span.start`, in text order. */
export function objectMembers(text: string, span: Span): Member[] {
  const members: Member[] = [];
  let i = skipWhitespace(text, span.start + 1);
  if (text[i] === '}') return members;
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const end = skipValue(text, i);
    members.push({ key, keyStart, value: { start: i, end } });
    i = skipWhitespace(text, end);
    if (text[i] !== ',') return members;
    i = skipWhitespace(text, i + 1);
  }
}

/** The element spans of the array whose `[` is at `span.start`. */
export function arrayElements(text: string, span: Span): Span[] {
  const elements: Span[] = [];
  let i = skipWhitespace(text, span.start + 1);
  if (text[i] === ']') return elements;
  for (;;) {
    const end = skipValue(text, i);
    elements.push({ start: i, end });
    i = skipWhitespace(text, end);
    if (text[i] !== ',') return elements;
    i = skipWhitespace(text, i + 1);
  }
}

/** The whitespace that starts the line `pos` is on, or undefined when something else precedes `pos` on that line. */
export function lineIndent(text: string, pos: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The file's indentation unit: the leading whitespace of its first indented line, else a tab (the aliyun CLI's). */
export function indentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '\t';
}

/** '\r\n' when the text uses it, else '\n'. */
export function lineEnd(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `JSON.stringify(value, null, unit)` with every line after the first indented by `base`, using `eol`. */
export function stringifyAt(value: unknown, unit: string, base: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`${eol}${base}`);
}
