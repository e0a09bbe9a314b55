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

/** Values for a message's `{placeholders}`. */
export type Params = Record<string, string | number>;

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
