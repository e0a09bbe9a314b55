/**
 * The message catalog. Every string a person reads comes from here, in
 * English (`en/`) or Simplified Chinese (`zh-CN/`), with the same keys; the
 * type of the Chinese catalog is the English one, so a missing key does not
 * compile. Each area of the code owns one file in each language.
 */
import {
  Composed,
  clipQuoted,
  type MessageKey,
  type Params,
  QUOTED_PARAMS,
  setEnglishFormatter,
} from '../core/messages.js';
import type { en } from './en/index.js';
import { enParts } from './en/parts.js';
import { escapeControls } from './escape.js';

export { Composed, composed } from '../core/messages.js';
export { escapeControls, hasControls } from './escape.js';

export type { MessageKey, Params };
export type Messages = Record<keyof typeof en, string>;
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** A catalog: objects of messages, looked up in order. */
type Catalog = ReadonlyArray<Readonly<Record<string, string>>>;

let current: Catalog = enParts;
let currentCode: Lang = 'en';

function lookup(catalog: Catalog, key: string): string | undefined {
  for (const part of catalog) if (Object.hasOwn(part, key)) return part[key];
  return undefined;
}

/** The language messages are rendered in. */
export function currentLang(): Lang {
  return currentCode;
}

let commandPrefix = 'onboard';

/**
 * The command that names this run's setup (`onboard --profile p --config-dir d`),
 * set once per run: every `{onboard}` in a message is this, so that a command
 * a message names can be pasted as printed (SPEC §2).
 */
export function setCommandPrefix(prefix: string): void {
  commandPrefix = prefix;
}

/** Picks the language: flag, then ONBOARD_LANG, then LC_ALL/LC_MESSAGES/LANG (`zh_*` → zh-CN), else English. */
export function detectLang(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Lang | { invalid: string; source: string } {
  if (flag !== undefined) return parseLang(flag) ?? { invalid: flag, source: '--lang' };
  if (env.ONBOARD_LANG)
    return parseLang(env.ONBOARD_LANG) ?? { invalid: env.ONBOARD_LANG, source: 'ONBOARD_LANG' };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value) return /^zh([_-]|$)/i.test(value) ? 'zh-CN' : 'en';
  }
  return 'en';
}

function parseLang(value: string): Lang | undefined {
  const v = value.trim();
  if (/^en([_-].*)?$/i.test(v)) return 'en';
  if (/^zh([_-](cn|hans.*))?$/i.test(v) || /^zh_CN(\..*)?$/i.test(v)) return 'zh-CN';
  return undefined;
}

/** Loads and activates a language (Chinese is loaded only when asked for). */
export async function setLang(lang: Lang): Promise<void> {
  current = lang === 'zh-CN' ? [(await import('./zh-CN/index.js')).zhCN] : enParts;
  currentCode = lang;
}

/**
 * Formats a message: `{name}` placeholders are replaced by params. A string
 * parameter may hold input or file content, so its control characters are
 * shown escaped (a {@link Composed} one is the program's own text, shown as it is).
 */
export function t(key: MessageKey, params: Params = {}): string {
  const template = lookup(current, key) ?? lookup(enParts, key) ?? key;
  return format(template, params);
}

/** English, whatever the language: for logs and Error.message. */
export function tEn(key: MessageKey, params: Params = {}): string {
  return format(lookup(enParts, key) ?? key, params);
}

setEnglishFormatter(tEn);

const PROVIDER_TEXT = 'providerText.';
let providerTexts: Map<string, MessageKey> | undefined;

/**
 * A sentence a provider wrote (a review's reason, a mail's subject) in the
 * person's language when the catalog knows it: `providerText.*` keys hold
 * the provider's English sentences and their translations. Anything else
 * is shown as the provider wrote it; the JSON always keeps the original.
 */
export function providerText(text: string): string {
  if (!providerTexts) {
    providerTexts = new Map();
    for (const part of enParts)
      for (const [key, value] of Object.entries(part))
        if (key.startsWith(PROVIDER_TEXT) && hasKey(key)) providerTexts.set(value, key);
  }
  const key = providerTexts.get(text);
  return key ? t(key) : text;
}

// Full-width punctuation carries its own space: none before it, nor after a full-width separator.
const STARTS_FULL_WIDTH = /^[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;
const ENDS_SEPARATOR = /[\u3001\u3002\uff0c\uff1a\uff1b]$/;

/**
 * Phrases joined with a space, except beside full-width punctuation, which
 * carries its own (`用法：onboard`, `或 both（默认值：emr）`); empty ones are left out.
 */
export function joinPhrases(parts: readonly string[]): string {
  let all = '';
  for (const part of parts) {
    if (part === '') continue;
    all += all === '' || ENDS_SEPARATOR.test(all) || STARTS_FULL_WIDTH.test(part) ? part : ` ${part}`;
  }
  return all;
}

export function hasKey(key: string): key is MessageKey {
  return lookup(enParts, key) !== undefined;
}

function format(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return name === 'onboard' ? commandPrefix : whole;
    const value = params[name];
    if (value instanceof Composed) return value.text;
    if (typeof value !== 'string') return String(value);
    return escapeControls(QUOTED_PARAMS.has(name) ? clipQuoted(value) : value);
  });
}
