import { enParts } from './parts.js';

type KeysOf<T> = T extends unknown ? keyof T : never;

/**
 * The English catalog as one object, made from its area files (the CLI
 * looks messages up in those, in turn): the source of every message key.
 */
export const en: Record<KeysOf<(typeof enParts)[number]>, string> = Object.assign({}, ...enParts);

type EnglishCatalog = Record<keyof typeof en, string>;

declare module '../../core/messages.js' {
  /** The catalog's keys become the project's message keys (see core/messages.ts). */
  interface MessageCatalog extends EnglishCatalog {}
}
