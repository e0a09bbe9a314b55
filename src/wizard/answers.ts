/**
 * Resolves every field from its sources with the contract's precedence:
 * flag > environment variable > answers file > earlier answer stored for the
 * profile > default. Everything given is normalised (where the fix is
 * certain) and validated here, before anything runs; a bad value is a
 * UsageError naming where it came from and the rule it broke.
 */
import * as z from 'zod/mini';
import { UsageError } from '../core/errors.js';
import type { FieldValue, Invalid } from '../core/types.js';
import { readFileBounded } from '../fs/input.js';
import { t } from '../i18n/index.js';
import { checkWellFormed } from '../validate/index.js';
import { type Field, type FieldSet, isGiven, type Source, type ValueOf } from './field.js';

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

/** A value read from JSON, when it has the type its field declares (its rule is checked apart). */
export function asFieldValue(f: Field, value: unknown): FieldValue | undefined {
  switch (f.type) {
    case 'string':
    case 'enum':
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'integer':
      return typeof value === 'number' ? value : undefined;
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
    case 'nameOrOff':
      return typeof value === 'string' || value === false ? value : undefined;
  }
}

/** Checks a value against the field's type and rule (text that was not UTF-8 first: no rule should see it). */
export function checkValue(f: Field, value: unknown): Invalid | null {
  for (const text of typeof value === 'string' ? [value] : Array.isArray(value) ? value : []) {
    const bad = typeof text === 'string' ? checkWellFormed(text) : null;
    if (bad) return bad;
  }
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
    case 'nameOrOff':
      if (value === false) return null;
      if (typeof value !== 'string') return { key: 'validation.type', params: { type: 'string' } };
      if (value.length === 0) return { key: 'validation.empty' };
      return f.check(value);
  }
}

/** Applies the field's certain fixes (a value of the wrong type is left for `checkValue` to refuse). */
export function normalizeValue(f: Field, value: FieldValue): FieldValue {
  if (!f.normalize) return value;
  switch (f.type) {
    case 'string':
      return typeof value === 'string' ? f.normalize(value) : value;
    case 'list':
      return Array.isArray(value) ? f.normalize(value) : value;
    case 'nameOrOff':
      return typeof value === 'string' ? f.normalize(value) : value;
    default:
      return value;
  }
}

/** Turns a string from a flag or env var into the field's type. */
function fromString(f: Field, raw: string | string[] | boolean): FieldValue | Invalid {
  if (f.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    return parseBool(String(raw)) ?? { key: 'validation.boolean' };
  }
  if (f.type === 'list') {
    return (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
  }
  if (f.type === 'integer') {
    const s = String(raw).trim();
    return /^\d{1,9}$/.test(s) ? Number(s) : { key: 'validation.integer' };
  }
  if (f.type === 'nameOrOff') {
    // `--no-<flag>` gives false; in the variable, 0/false/no mean "none" and anything else is a name.
    if (raw === false || (typeof raw === 'string' && parseBool(raw) === false)) return false;
    if (raw === true) return { key: 'validation.empty' };
  }
  return String(raw);
}

function isInvalid(v: unknown): v is Invalid {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'key' in v;
}

/** The name of a field as its source spells it: `--bucket`, `ONBOARD_BUCKET`, or the answers-file key. */
export function sourceName(f: Field, source: Source): string {
  if (source === 'env' && f.env) return f.env;
  if (source === 'file') return t('field.sourceFile', { key: f.key });
  if (source === 'stored') return t('field.sourceStored', { key: f.key });
  return f.flag;
}

/** "Invalid value for <where>: <rule>" (exit 2); `where` names the source (a flag, a variable), never the value. */
export function invalidAt(where: string, bad: Invalid): UsageError {
  return new UsageError('answers.invalid', { where, rule: t(bad.key, bad.params ?? {}) }, [], 'InvalidValue');
}

/** The same, for a field's value from one of its sources. */
export function invalidValue(f: Field, source: Source, bad: Invalid): UsageError {
  return invalidAt(sourceName(f, source), bad);
}

/** The zod schema of the answers file (and so its JSON Schema), derived from the fields. */
export function answersFileSchema(fields: readonly Field[]) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const f of fields) {
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
        s = z.array(z.string()).check(z.maxLength(f.maxItems));
        break;
      case 'nameOrOff':
        s = z.union([z.string().check(z.regex(f.pattern)), z.literal(false)]);
        break;
    }
    shape[f.key] = z.optional(s.check(z.meta({ description: t(f.help) })));
  }
  return z.strictObject(shape);
}

/**
 * Reads (bounded: a regular file of at most 1 MiB) and validates an answers
 * file as a whole. `-` is standard input, read by the caller beforehand.
 */
export function loadAnswersFile(
  path: string,
  readStdin: () => string,
  fields: readonly Field[],
  where = `--answers ${path}`,
) {
  let text: string;
  try {
    text = path === '-' ? readStdin() : readFileBounded(path, where);
  } catch (error) {
    if (error instanceof UsageError && error.key === 'input.unreadable') {
      throw new UsageError(
        'answers.fileUnreadable',
        { file: path, reason: String(error.params.reason ?? '') },
        [],
        'InvalidAnswersFile',
      );
    }
    throw error;
  }
  return parseAnswersFile(text, path, fields);
}

/**
 * Parses and validates an answers file's text as a whole (`where` names it in
 * messages). Reading it (bounded, never hanging) is the caller's job.
 */
export function parseAnswersFile(
  text: string,
  where: string,
  fields: readonly Field[],
): Record<string, FieldValue> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // Only where it broke: Node's message quotes the file's text, which may hold a code.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new UsageError(
      'answers.fileNotJson',
      { file: where, position: at ?? '?' },
      [],
      'InvalidAnswersFile',
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UsageError('answers.fileNotObject', { file: where }, [], 'InvalidAnswersFile');
  }
  // Null prototype: the file's keys are a person's text (only the fields' own are kept, but never an inherited one).
  const result: Record<string, FieldValue> = Object.create(null);
  for (const [key, raw] of Object.entries(doc)) {
    if (key === '$schema') continue;
    const f = fields.find((x) => x.key === key);
    if (!f) {
      throw new UsageError(
        'answers.unknownKey',
        { file: where, key, known: fields.map((x) => x.key).join(', ') },
        [],
        'InvalidAnswersFile',
      );
    }
    const typed = asFieldValue(f, raw);
    if (typed === undefined) throw invalidValue(f, 'file', checkValue(f, raw) ?? { key: 'validation.empty' });
    const value = normalizeValue(f, typed);
    const bad = checkValue(f, value);
    if (bad) throw invalidValue(f, 'file', bad);
    result[key] = value;
  }
  return result;
}

export interface AnswerSources {
  /** Values of flags the user gave (field keys → raw values). */
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>;
  env: NodeJS.ProcessEnv;
  file: Readonly<Record<string, FieldValue>>;
  stored: Readonly<Record<string, FieldValue>>;
}

/** Every field resolved with precedence; every explicitly given value validated up front. */
export class Answers {
  readonly #values = new Map<string, Resolved>();
  readonly #fields: ReadonlyMap<string, Field>;

  /**
   * `only`: take just these fields from the command line, the environment and
   * the answers file (a read-only command must not fail on unrelated values);
   * the others keep their earlier answer or default.
   */
  constructor(fields: readonly Field[], sources: AnswerSources, only?: readonly string[]) {
    this.#fields = new Map(fields.map((f) => [f.key, f]));
    const quiet: AnswerSources = { flags: {}, env: {}, file: {}, stored: sources.stored };
    for (const f of fields) {
      const r = resolveField(f, only && !only.includes(f.key) ? quiet : sources);
      if (r) this.#values.set(f.key, r);
    }
  }

  /** The values given for this run (flag, env, answers file) of the fields a profile keeps as earlier answers. */
  givenToKeep(): Record<string, FieldValue> {
    const kept: Record<string, FieldValue> = {};
    for (const [key, r] of this.#values)
      if (this.#fields.get(key)?.remember && isGiven(r.source)) kept[key] = r.value;
    return kept;
  }

  /** The keys of the fields given for this run (flag, env or answers file), in field order. */
  givenKeys(): string[] {
    return [...this.#values].filter(([, r]) => isGiven(r.source)).map(([key]) => key);
  }

  /** The field itself (its flag, env var and rule), for messages. */
  field(key: string): Field {
    const f = this.#fields.get(key);
    if (!f) throw new Error(`unknown field ${key}`);
    return f;
  }

  get(key: string): Resolved | undefined {
    this.field(key);
    return this.#values.get(key);
  }

  /** The value when it was given for this run (flag, env or file), not remembered or defaulted. */
  given(key: string): FieldValue | undefined {
    const r = this.get(key);
    return r && isGiven(r.source) ? r.value : undefined;
  }

  value(key: string): FieldValue | undefined {
    return this.get(key)?.value;
  }

  /** Where the value came from, as its source spells it (`--csv`, `ONBOARD_CSV`, answers-file key). */
  where(key: string): string {
    return sourceName(this.field(key), this.get(key)?.source ?? 'flag');
  }

  set(key: string, value: FieldValue, source: Source): void {
    this.field(key);
    this.#values.set(key, { value, source });
  }
}

function resolveField(f: Field, s: AnswerSources): Resolved | undefined {
  const flag = s.flags[f.key];
  if (flag !== undefined && !(Array.isArray(flag) && flag.length === 0)) return parse(f, flag, 'flag');
  // A secret's variable holds the secret itself (ONBOARD_PASSWORD), not this field's value.
  if (f.env && !f.secretEnv) {
    const raw = s.env[f.env];
    if (raw !== undefined && raw !== '') return parse(f, raw, 'env');
  }
  const fromFile = s.file[f.key];
  if (fromFile !== undefined) return { value: fromFile, source: 'file' };
  const stored = s.stored[f.key];
  if (stored !== undefined && checkValue(f, stored) === null) return { value: stored, source: 'stored' };
  if (f.default !== undefined) return { value: f.default, source: 'default' };
  return undefined;
}

function parse(f: Field, raw: string | string[] | boolean, source: Source): Resolved {
  const parsed = fromString(f, raw);
  if (isInvalid(parsed)) throw invalidValue(f, source, parsed);
  const value = normalizeValue(f, parsed);
  const bad = checkValue(f, value);
  if (bad) throw invalidValue(f, source, bad);
  return { value, source };
}

/**
 * A step's typed window on the answers: only its own fields, each with the
 * type its declaration gives. This is the one place that narrows a
 * resolved value to its field's type (validated when it was resolved).
 */
export class AnswersView<F extends FieldSet> {
  constructor(
    readonly all: Answers,
    readonly fields: F,
  ) {}

  value<K extends keyof F & string>(key: K): ValueOf<F[K]> | undefined {
    return this.#typed<K>(this.all.value(key));
  }

  given<K extends keyof F & string>(key: K): ValueOf<F[K]> | undefined {
    return this.#typed<K>(this.all.given(key));
  }

  /** The narrowing itself: every value was checked against its field's declaration when it was resolved. */
  #typed<K extends keyof F>(value: FieldValue | undefined): ValueOf<F[K]> | undefined {
    return value as ValueOf<F[K]> | undefined;
  }

  source<K extends keyof F & string>(key: K): Source | undefined {
    return this.all.get(key)?.source;
  }

  /** Where the value came from, as its source spells it (`--csv`, `ONBOARD_CSV`, answers-file key). */
  where<K extends keyof F & string>(key: K): string {
    return this.all.where(key);
  }
}
