/**
 * What an option of the command line is, as the command table declares it:
 * a global option (SPEC §3, declared here), an answer a step reads (from its
 * field declaration) or a command's own option; and what the parser makes of
 * a value. commander parses them (tree.ts); help and, later, completion read
 * them from the same table. What a global option decides, and how its flag,
 * its environment variable and its default combine, is commands/globals.ts.
 */
import type { MessageKey } from '../core/messages.js';
import { joinPhrases, LANGS, t } from '../i18n/index.js';
import { PROVIDER_KINDS } from '../provider/types.js';
import type { Field } from '../wizard/field.js';
import { missingValue, notAChoice } from './usage-errors.js';

/** A value as the command line gave it: a flag's true/false, a value, or a repeatable option's values. */
export type RawValue = string | boolean | string[];

/** `optional`: a value that may be left out (`--log [file]`: true alone, else the value). */
export type OptionKind = 'flag' | 'value' | 'optional' | 'list';

/** One option a command accepts. */
export interface OptionSpec<K extends string = string, Kind extends OptionKind = OptionKind> {
  /** Where its value goes: the global options, the command's own options, or the answers (a field). */
  scope: 'global' | 'own' | 'field';
  /** The key its value lands under: a field's answers-file key, else the long flag in camelCase. */
  key: K;
  kind: Kind;
  /** `profile` for `--profile` (`color` for `--no-color`). */
  long: string;
  short?: string;
  /** The placeholder of its value in help (`<name>`); value and list options only. */
  arg?: string;
  /** `also`: `--no-<long>` gives false as well; `only`: there is only `--no-<long>`. */
  negation?: 'also' | 'only';
  /** Help of `--no-<long>`; without it the negation is accepted but not listed. */
  negationHelp?: () => string;
  /** The values it accepts, checked by the parser. */
  choices?: readonly string[];
  /** Its environment variable, named in help (read by the command, never by the parser). */
  env?: string;
  /** The environment variable of `--no-<long>` (`ONBOARD_INTERACTIVE=0`). */
  negationEnv?: string;
  /** Accepted, but neither listed in help nor completed (another spelling of a listed option). */
  hidden?: boolean;
  /** Values a completion script offers (the parser does not check them; `choices` it does). */
  completes?: readonly string[];
  help: () => string;
}

/** A command's own options, or the global ones, as the command receives them. */
export type ValuesOf<O extends readonly OptionSpec[]> = {
  [S in O[number] as S['key']]?: S['kind'] extends 'flag'
    ? boolean
    : S['kind'] extends 'list'
      ? string[]
      : S['kind'] extends 'optional'
        ? string | true
        : string;
};

/** What help says of an option. */
export interface Described {
  help: MessageKey;
  params?: Record<string, string>;
  env?: string;
  /** Shown as `(default …)`. */
  default?: string;
  /** Accepted, not listed (see `OptionSpec.hidden`). */
  hidden?: boolean;
  /** See `OptionSpec.completes`. */
  completes?: readonly string[];
}

/** `text (default d) (choices: a, b) [env: NAME]` */
function helpLine(text: string, shownDefault?: string, choices?: readonly string[], env?: string): string {
  // Chinese joins its full-width brackets without a space; English with one.
  return joinPhrases([
    text,
    shownDefault === undefined ? '' : t('cli.defaultSuffix', { value: shownDefault }),
    choices ? t('cli.choicesSuffix', { values: choices.join(t('cli.choiceSeparator')) }) : '',
    env ? t('cli.envSuffix', { env }) : '',
  ]);
}

function described(d: Described): () => string {
  return () => helpLine(t(d.help, d.params ?? {}), d.default, undefined, d.env);
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** An option without a value (`--json`; `color` with `negation: 'only'` is `--no-color`). */
export function flag<const K extends string>(
  scope: 'global' | 'own',
  key: K,
  d: Described & { short?: string; negation?: 'also' | 'only'; negated?: Described },
): OptionSpec<K, 'flag'> {
  return {
    scope,
    key,
    kind: 'flag',
    long: kebab(key),
    help: described(d),
    ...(d.short ? { short: d.short } : {}),
    ...(d.env ? { env: d.env } : {}),
    ...(d.negation ? { negation: d.negation } : {}),
    ...(d.negated ? { negationHelp: described(d.negated) } : {}),
    ...(d.negated?.env ? { negationEnv: d.negated.env } : {}),
    ...(d.hidden ? { hidden: true } : {}),
  };
}

/** An option with a value (`--profile <name>`). */
export function value<const K extends string>(
  scope: 'global' | 'own',
  key: K,
  arg: string,
  d: Described,
): OptionSpec<K, 'value'> {
  return {
    scope,
    key,
    kind: 'value',
    long: kebab(key),
    arg,
    help: described(d),
    ...(d.env ? { env: d.env } : {}),
    ...(d.hidden ? { hidden: true } : {}),
    ...(d.completes ? { completes: d.completes } : {}),
  };
}

/** An option whose value may be left out (`--log [file]`): true alone, else the value. */
export function optionalValue<const K extends string>(
  scope: 'global' | 'own',
  key: K,
  arg: `[${string}]`,
  d: Described,
): OptionSpec<K, 'optional'> {
  return { ...value(scope, key, arg, d), kind: 'optional' };
}

/** An answer given as a flag: everything about it comes from the field's declaration. */
export function fieldOption(f: Field): OptionSpec {
  const defaultHelp = f.defaultHelp;
  const shownDefault = defaultHelp
    ? () => t(defaultHelp)
    : f.default !== undefined && f.type !== 'boolean'
      ? () => String(f.default)
      : undefined;
  const help = () => helpLine(t(f.help), shownDefault?.(), f.type === 'enum' ? f.values : undefined, f.env);
  const base = {
    scope: 'field' as const,
    key: f.key,
    long: f.flag.slice(2),
    help,
    ...(f.env ? { env: f.env } : {}),
  };
  switch (f.type) {
    case 'boolean':
      return { ...base, kind: 'flag', ...(f.negatable ? { negation: 'also' as const } : {}) };
    case 'list':
      return { ...base, kind: 'list', arg: f.arg ?? '<value>' };
    case 'enum':
      return { ...base, kind: 'value', arg: f.arg ?? '<value>', choices: f.values };
    case 'nameOrOff':
      return { ...base, kind: 'value', arg: f.arg ?? '<value>', negation: 'also' };
    default:
      return { ...base, kind: 'value', arg: f.arg ?? '<value>' };
  }
}

/**
 * The values of these options among those the command line gave, typed by
 * their declarations (the parser gave each the type of its kind; a global or
 * own value option has no `--no-` form).
 */
export function pick<const O extends readonly OptionSpec[]>(
  specs: O | undefined,
  given: Readonly<Record<string, RawValue>>,
): ValuesOf<O> {
  const out: Record<string, RawValue> = {};
  for (const o of specs ?? []) {
    const v = given[o.key];
    if (v !== undefined && Object.hasOwn(given, o.key)) out[o.key] = v;
  }
  return out as ValuesOf<O>;
}

/** A value option's value: refused when it looks like the next option, or is not one of its choices. */
export function valueParser(o: OptionSpec) {
  return (v: string, previous: RawValue | undefined): RawValue => {
    if (v.startsWith('--') && v.length > 2) throw missingValue(o);
    if (o.choices && !o.choices.includes(v)) throw notAChoice(o, v);
    return o.kind === 'list' ? [...(Array.isArray(previous) ? previous : []), v] : v;
  };
}

/** What commander holds for an option given on the command line, as one of our values. */
export function rawValue(v: unknown): RawValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** Whether an option declared elsewhere in the chain, with this value, is one `target` takes. */
export function takes(target: OptionSpec | undefined, value: RawValue): target is OptionSpec {
  if (!target) return false;
  if (value === false) return target.negation !== undefined;
  if (target.kind === 'optional') return true;
  return target.negation !== 'only' && (target.kind === 'flag') === (value === true);
}

/** `-y, --yes`, `--region <id>`, `--no-color`: an option as help shows it. */
export function optionTerm(o: OptionSpec, negated = false): string {
  const long = negated || o.negation === 'only' ? `--no-${o.long}` : `--${o.long}`;
  return `${o.short && !negated ? `-${o.short}, ` : ''}${long}${o.arg && !negated ? ` ${o.arg}` : ''}`;
}

/** The options every command takes (SPEC §3); a command may ignore some (then its help does not list them). */
export const GLOBAL_OPTIONS = [
  value('global', 'profile', '<name>', { help: 'cli.profile', env: 'ONBOARD_PROFILE' }),
  value('global', 'configDir', '<dir>', { help: 'cli.configDir', env: 'ONBOARD_CONFIG_DIR' }),
  flag('global', 'json', { help: 'cli.json' }),
  flag('global', 'interactive', {
    help: 'cli.interactive',
    negation: 'also',
    negated: { help: 'cli.noInteractive', env: 'ONBOARD_INTERACTIVE=0' },
  }),
  flag('global', 'color', { help: 'cli.noColor', env: 'NO_COLOR', negation: 'only' }),
  value('global', 'lang', '<lang>', { help: 'cli.lang', env: 'ONBOARD_LANG', completes: LANGS }),
  flag('global', 'yes', { help: 'cli.yes', env: 'ONBOARD_YES=1', short: 'y' }),
  value('global', 'answers', '<file>', { help: 'cli.answers', env: 'ONBOARD_ANSWERS' }),
  value('global', 'provider', '<kind>', {
    help: 'cli.provider',
    env: 'ONBOARD_PROVIDER',
    completes: PROVIDER_KINDS,
  }),
  value('global', 'endpoint', '<host:port>', { help: 'cli.endpoint', env: 'ONBOARD_ENDPOINT' }),
] as const;

/** `profile`, `configDir`, … */
export type GlobalKey = (typeof GLOBAL_OPTIONS)[number]['key'];
