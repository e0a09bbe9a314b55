/**
 * Message keys without the catalog: the bottom layer names messages, the
 * i18n layer (above it) owns their text. The catalog registers its keys by
 * augmenting {@link MessageCatalog} (see `src/i18n/en/index.ts`), so a key
 * that does not exist is a compile error everywhere, core included.
 */

// biome-ignore lint/suspicious/noEmptyInterface: filled in by the catalog through declaration merging.
export interface MessageCatalog {}

/** A key of the English catalog. */
export type MessageKey = keyof MessageCatalog & string;

/**
 * Text the program composed itself (lines of other messages, a command
 * folded with `\` continuations): as a parameter it is shown as it is. Every
 * other string parameter may come from input or a file, so its control
 * characters are shown escaped when the message is rendered.
 */
export class Composed {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function composed(text: string): Composed {
  return new Composed(text);
}

/** Values for a message's `{placeholders}` taken from input, files or the program (a rule's limits). */
export type PlainParams = Record<string, string | number>;

/** Values for a message's `{placeholders}`, composed text included. */
export type Params = Record<string, string | number | Composed>;

/** A message to render later, in the user's language. */
export interface MessageRef {
  key: MessageKey;
  params?: Params;
}

let english: (key: MessageKey, params: Params) => string = (key) => key;

/** Called once by the catalog when it loads, so errors carry English text in `Error.message`. */
export function setEnglishFormatter(format: (key: MessageKey, params: Params) => string): void {
  english = format;
}

/** English text of a message (the key itself until the catalog is loaded). */
export function formatEnglish(key: MessageKey, params: Params = {}): string {
  return english(key, params);
}

/** At most this many characters of a value a person gave are quoted in a message. */
export const QUOTED_MAX = 80;

/**
 * A value as a message quotes it: at most `max` characters (code points),
 * the middle of a longer one replaced by `…`, so both ends stay readable (a
 * path's file name, a flag's start).
 */
export function clipQuoted(text: string, max = QUOTED_MAX): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.65);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (max - 1 - head)).join('')}`;
}

/**
 * Parameters that hold what a person typed or a file held (a flag's value,
 * an unknown option or key, a name): quoted at most `QUOTED_MAX` characters
 * long when a message is rendered. Paths and commands are shown whole (they
 * are pasted).
 */
export const QUOTED_PARAMS: ReadonlySet<string> = new Set([
  'value',
  'key',
  'entry',
  'operation',
  'fault',
  'times',
]);
