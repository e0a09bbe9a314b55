/**
 * Resolves every field from its sources with the contract's precedence:
 * flag > environment variable > answers file > earlier answer stored for the
 * profile > default. Everything given is validated here, before anything
 * runs; a bad value is a UsageError naming where it came from and the rule.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { type MessageKey, t } from '../i18n/index.js';
import type { Invalid } from '../validate/index.js';
import { UsageError } from './errors.js';
import { FIELDS, type Field, type FieldValue, field, type Source, sourceName } from './fields.js';

export interface Resolved {
  value: FieldValue;
  source: Source;
}

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);

/** Parses a boolean environment variable strictly (`1/true/yes`, `0/false/no`). */
export function parseBool(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/** Checks a value of the right type against the field's rule. */
export function checkValue(f: Field, value: FieldValue): Invalid | null {
  switch (f.type) {
    case 'string':
      if (typeof value !== 'string') return { key: 'validation.type', params: { type: 'string' } };
      if (value.length === 0) return { key: 'validation.empty' };
      return f.check?.(value) ?? null;
    case 'enum':
      return typeof value === 'string' && f.values.includes(value)
        ? null
        : { key: 'validation.enum', params: { values: f.values.join(', ') } };
    case 'boolean':
      return typeof value === 'boolean' ? null : { key: 'validation.type', params: { type: 'boolean' } };
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return { key: 'validation.integer' };
      return f.check?.(value) ?? null;
    case 'list': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        return { key: 'validation.type', params: { type: 'list' } };
      }
      for (const item of value) {
        const bad = f.itemCheck(item);
        if (bad) return { ...bad, params: { ...bad.params, value: item } };
      }
      return f.check(value);
    }
  }
}

/** Turns a string from a flag or env var into the field's type. */
function fromString(f: Field, raw: string | string[] | boolean): FieldValue | Invalid {
  if (f.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const b = parseBool(String(raw));
    return b ?? { key: 'validation.boolean' };
  }
  if (f.type === 'list') {
    const items = (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
    return items;
  }
  if (f.type === 'integer') {
    const s = String(raw).trim();
    return /^\d{1,9}$/.test(s) ? Number(s) : { key: 'validation.integer' };
  }
  return String(raw);
}

function isInvalid(v: unknown): v is Invalid {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'key' in v;
}

function invalid(f: Field, source: Source, bad: Invalid): UsageError {
  const where = sourceName(f, source);
  return new UsageError(
    'answers.invalid',
    { where, rule: t(bad.key as MessageKey, bad.params ?? {}) },
    [],
    'InvalidValue',
  );
}

/** The JSON Schema-able zod schema of the answers file, derived from FIELDS. */
export function answersFileSchema() {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const f of FIELDS) {
    let s: z.ZodMiniType;
    switch (f.type) {
      case 'string': {
        const checks = [
          z.minLength(1),
          ...(f.maxLength ? [z.maxLength(f.maxLength)] : []),
          ...(f.pattern ? [z.regex(f.pattern)] : []),
        ];
        s = z.string().check(...checks);
        break;
      }
      case 'enum':
        s = z.enum(f.values as [string, ...string[]]);
        break;
      case 'boolean':
        s = z.boolean();
        break;
      case 'integer':
        s = z.int().check(z.minimum(f.min), z.maximum(f.max));
        break;
      case 'list':
        s = z.array(z.string()).check(z.maxLength(8));
        break;
    }
    shape[f.key] = z.optional(s.check(z.meta({ description: t(f.help) })) as never);
  }
  return z.strictObject(shape);
}

/** Reads and validates the answers file as a whole. `-` reads standard input. */
export function loadAnswersFile(path: string, readStdin: () => string): Record<string, FieldValue> {
  let text: string;
  try {
    text = path === '-' ? readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError('answers.fileUnreadable', { file: path, reason: code }, [], 'InvalidAnswersFile');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // Only where it broke: Node's message quotes the file's text, which may hold a code.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new UsageError(
      'answers.fileNotJson',
      { file: path, position: at ?? '?' },
      [],
      'InvalidAnswersFile',
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UsageError('answers.fileNotObject', { file: path }, [], 'InvalidAnswersFile');
  }
  const result: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '$schema') continue;
    const f = FIELDS.find((x) => x.key === key);
    if (!f) {
      throw new UsageError(
        'answers.unknownKey',
        { file: path, key, known: FIELDS.map((x) => x.key).join(', ') },
        [],
        'InvalidAnswersFile',
      );
    }
    const bad = checkValue(f, value as FieldValue);
    if (bad) throw invalid(f, 'file', bad);
    result[key] = value as FieldValue;
  }
  return result;
}

export interface AnswerSources {
  /** Values from commander (only the ones the user gave). */
  flags: Record<string, string | string[] | boolean | undefined>;
  env: NodeJS.ProcessEnv;
  file: Record<string, FieldValue>;
  stored: Record<string, FieldValue>;
}

/** All fields resolved with precedence; validates every explicitly given value up front. */
export class Answers {
  readonly #values = new Map<string, Resolved>();

  /** `only`: resolve just these fields (a command that needs few must not fail on the others). */
  constructor(sources: AnswerSources, only?: readonly string[]) {
    for (const f of FIELDS) {
      if (only && !only.includes(f.key)) continue;
      const r = resolveField(f, sources);
      if (r) this.#values.set(f.key, r);
    }
  }

  get(key: string): Resolved | undefined {
    field(key);
    return this.#values.get(key);
  }

  /** The value when it was given explicitly (flag, env or file), not remembered or defaulted. */
  given(key: string): FieldValue | undefined {
    const r = this.get(key);
    return r && (r.source === 'flag' || r.source === 'env' || r.source === 'file') ? r.value : undefined;
  }

  value(key: string): FieldValue | undefined {
    return this.get(key)?.value;
  }

  set(key: string, value: FieldValue, source: Source = 'flag'): void {
    this.#values.set(key, { value, source });
  }
}

function resolveField(f: Field, s: AnswerSources): Resolved | undefined {
  const flag = s.flags[f.key];
  if (flag !== undefined && !(Array.isArray(flag) && flag.length === 0)) return parse(f, flag, 'flag');
  // The password itself lives in ONBOARD_PASSWORD; passwordStdin is only a flag.
  if (f.env && f.key !== 'passwordStdin') {
    const raw = s.env[f.env];
    if (raw !== undefined && raw !== '') return parse(f, raw, 'env');
  }
  if (s.file[f.key] !== undefined) return { value: s.file[f.key] as FieldValue, source: 'file' };
  const stored = s.stored[f.key];
  if (stored !== undefined && checkValue(f, stored) === null) return { value: stored, source: 'stored' };
  if (f.default !== undefined) return { value: f.default, source: 'default' };
  return undefined;
}

function parse(f: Field, raw: string | string[] | boolean, source: Source): Resolved {
  const value = fromString(f, raw);
  if (isInvalid(value)) throw invalid(f, source, value);
  const bad = checkValue(f, value);
  if (bad) throw invalid(f, source, bad);
  return { value, source };
}
