/**
 * What the command table holds: a command as the parser, help and
 * completion see it, and `command()`, which builds one from its declaration
 * (options from the global ones, the fields it reads and its own; its run
 * given its own options typed).
 */
import type { Globals } from '../commands/globals.js';
import type { ParsedCommand } from '../commands/parsed.js';
import type { MessageKey } from '../core/messages.js';
import { ALL_FIELDS } from '../steps/index.js';
import {
  fieldOption,
  GLOBAL_OPTIONS,
  type GlobalKey,
  type OptionSpec,
  pick,
  type RawValue,
  type ValuesOf,
} from './options.js';

/** A command line as parsed, before the command's own options are typed. */
export interface RawParsed {
  name: string;
  args: string[];
  own: Readonly<Record<string, RawValue>>;
  fields: Readonly<Record<string, RawValue>>;
  argv: readonly string[];
}

/** A command as the parser, help and completion see it. */
export interface CommandSpec {
  /** `status`, `keys create`; the root (`onboard` alone) is ''. */
  name: string;
  description: MessageKey;
  /** `<id>`, `[command...]` */
  args: readonly string[];
  /** Every option it accepts, in the order its help lists them. */
  options: readonly OptionSpec[];
  /** Long names of options it accepts without listing them in its help (global options it ignores). */
  unlisted: ReadonlySet<string>;
  examples: readonly string[];
  /** Text after the examples in its help. */
  after?: (width: number) => string;
  /** Absent for what the parser answers itself (`help`, `version`, a group). */
  run?: (g: Globals, p: RawParsed) => Promise<number>;
}

interface CommandDef<O extends readonly OptionSpec[]> {
  name: string;
  description: MessageKey;
  args?: readonly string[];
  /** The answers it reads, as flags: field keys, or every field. */
  fields?: readonly string[] | 'all';
  own?: O;
  /** Global options it ignores: accepted, not listed. */
  ignores?: readonly GlobalKey[] | 'all';
  examples: readonly string[];
  after?: (width: number) => string;
  run?: (g: Globals, p: ParsedCommand<ValuesOf<O>>) => Promise<number>;
}

const GLOBAL_FLAGS = new Set(GLOBAL_OPTIONS.map((o) => o.long));
/** The fields, as flags; a field a global option already gives (`--yes`) is that option. */
const FIELD_OPTIONS = ALL_FIELDS.filter((f) => !GLOBAL_FLAGS.has(f.flag.slice(2))).map(fieldOption);

function fieldsOf(keys: readonly string[] | 'all' | undefined): OptionSpec[] {
  if (keys === undefined) return [];
  if (keys === 'all') return FIELD_OPTIONS;
  const unknown = keys.filter((k) => !FIELD_OPTIONS.some((o) => o.key === k));
  if (unknown.length > 0) throw new Error(`the command table names no field ${unknown.join(', ')}`);
  return FIELD_OPTIONS.filter((o) => keys.includes(o.key));
}

/** A command of the table, its own options typed for it. */
export function command<const O extends readonly OptionSpec[] = readonly []>(
  def: CommandDef<O>,
): CommandSpec {
  const ignored = GLOBAL_OPTIONS.filter((o) => def.ignores === 'all' || def.ignores?.includes(o.key));
  const { own, run } = def;
  return {
    name: def.name,
    description: def.description,
    args: def.args ?? [],
    options: [...GLOBAL_OPTIONS, ...fieldsOf(def.fields), ...(own ?? [])],
    unlisted: new Set([...ignored, ...(own ?? []).filter((o) => o.hidden)].map((o) => o.long)),
    examples: def.examples,
    ...(def.after ? { after: def.after } : {}),
    ...(run
      ? {
          run: (g: Globals, p: RawParsed) => run(g, { ...p, options: pick(own, p.own) }),
        }
      : {}),
  };
}
