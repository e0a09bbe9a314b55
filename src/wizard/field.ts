/**
 * What a field is: one value the wizard can be given, with its flag, its
 * environment variable, its answers-file key (the long flag in camelCase),
 * its rule and its default. Steps declare their fields with `defineFields`;
 * flags, env vars, the answers file, stored answers and prompts are all
 * derived from those declarations, so no question exists without a scripted
 * way to answer it. The value type follows the declaration: `ctx.ask('bucket')`
 * is a string, `ctx.ask('highEnd')` a boolean.
 */
import type { MessageKey } from '../core/messages.js';
import type { FieldValue, Invalid } from '../core/types.js';

interface Base<T> {
  /** The answers-file key (filled in by `defineFields` from the record key). */
  key: string;
  /** The long flag, e.g. `--bucket`. */
  flag: string;
  /** The value placeholder shown in help, e.g. `<name>`; absent for booleans. */
  arg?: string;
  env?: string;
  /** Help text (catalog key). */
  help: MessageKey;
  /** Kept in the profile as an earlier answer for the next run. */
  remember?: boolean;
  /** The default when nothing else gives a value (non-interactive runs take it). */
  default?: T;
  /** A default the step computes at run time, described for `--help` (e.g. a translated text). */
  defaultHelp?: MessageKey;
  /** Repairs a value where the fix is certain (`x` → `X`, `us` → `US`, `~/`), before its rule is checked. */
  normalize?: (value: T) => T;
  /** Never shown in messages or example commands (e.g. a verification code). */
  secret?: boolean;
  /** The environment variable holds a secret (e.g. ONBOARD_PASSWORD for --password-stdin), read where it is used. */
  secretEnv?: boolean;
}

export interface StringField extends Base<string> {
  type: 'string';
  check?: (v: string) => Invalid | null;
  /** For the answers-file schema. */
  pattern?: RegExp;
  maxLength?: number;
}
export interface EnumField<V extends string = string> extends Base<V> {
  type: 'enum';
  values: readonly V[];
}
export interface BooleanField extends Base<boolean> {
  type: 'boolean';
  /** Also `--no-<flag>`. */
  negatable?: boolean;
}
export interface IntegerField extends Base<number> {
  type: 'integer';
  min: number;
  max: number;
  check?: (v: number) => Invalid | null;
}
export interface ListField extends Base<string[]> {
  type: 'list';
  itemCheck: (v: string) => Invalid | null;
  check: (v: string[]) => Invalid | null;
  /** Most items accepted (answers-file schema). */
  maxItems: number;
}

/** A name, or `false` for "none" (`--ram-user <name>` / `--no-ram-user`; in its env var `0/false/no` mean none). */
export interface NameOrOffField extends Omit<Base<string | false>, 'normalize'> {
  type: 'nameOrOff';
  /** Applied to a name (never to `false`). */
  normalize?: (value: string) => string;
  check: (v: string) => Invalid | null;
  pattern: RegExp;
}

export type Field = StringField | EnumField | BooleanField | IntegerField | ListField | NameOrOffField;

/** A step's fields, by answers-file key. */
export type FieldSet = Record<string, Field>;

/** The type of a field's value, from its declaration. */
export type ValueOf<F> = F extends { type: 'enum'; values: readonly (infer V extends string)[] }
  ? V
  : F extends { type: 'string' }
    ? string
    : F extends { type: 'boolean' }
      ? boolean
      : F extends { type: 'integer' }
        ? number
        : F extends { type: 'list' }
          ? string[]
          : F extends { type: 'nameOrOff' }
            ? string | false
            : never;

/** A field as declared: everything but its key, which is the record key. */
export type FieldInput = Field extends infer U ? (U extends Field ? Omit<U, 'key'> : never) : never;

/** Declares fields; each record key becomes the field's answers-file key. */
export function defineFields<const F extends Record<string, FieldInput>>(
  fields: F,
): { [K in keyof F]: F[K] & { key: K & string } } {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(fields)) out[key] = { ...f, key };
  return out as { [K in keyof F]: F[K] & { key: K & string } };
}

/** Where a value came from; used to name the culprit in messages. */
export type Source = 'flag' | 'env' | 'file' | 'stored' | 'typed' | 'default';

/** Whether the value was given for this run (flag, env var or answers file) rather than remembered or defaulted. */
export function isGiven(source: Source): boolean {
  return source === 'flag' || source === 'env' || source === 'file';
}

export type { FieldValue };
