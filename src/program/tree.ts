/**
 * argv → the command to run, through one commander tree built from the
 * command table. The program (`onboard`, which is `run` when no command is
 * named) and each group parse options up to the command word and the command
 * parses the rest, so an option goes before or after the word. A command is
 * only a name until commander dispatches to it (the `preSubcommand` hook):
 * only the command named gets its options declared, and a command line that
 * runs a command is read by a tree of only what it names (parseArgv).
 * commander parses argv and nothing else: environment variables, answers
 * files and defaults are decided by commands/globals.ts and wizard/answers.ts.
 */
import { Command, CommanderError, Option } from 'commander';
import type { GlobalOptions } from '../commands/globals.js';
import { t } from '../i18n/index.js';
import { std } from '../ui/std.js';
import {
  GLOBAL_OPTIONS,
  type OptionSpec,
  optionTerm,
  pick,
  type RawValue,
  rawValue,
  takes,
  valueParser,
} from './options.js';
import type { CommandSpec, RawParsed } from './spec.js';
import { COMMANDS, GROUPS, ROOT, RUN } from './table.js';
import { commandPath, unknownCommand, unknownOption, usageError } from './usage-errors.js';

/** A command line that names a command to run. */
export interface Invocation {
  name: string;
  globals: GlobalOptions;
  parsed: RawParsed;
  run: NonNullable<CommandSpec['run']>;
}

/** argv → the command to run; null when help or the version was shown. Throws UsageError. */
export async function parseArgv(argv: readonly string[], version: string): Promise<Invocation | null> {
  // Declaring every option of `run` and every command is most of what parsing costs. An
  // option or a command that argv does not name cannot change how commander reads it, so a
  // tree of only those that it names finds the same command and values. Anything else (help,
  // the version, an error, whose text may list or suggest what argv does not name) comes from
  // the whole tree.
  return new Tree(version, named(argv)).invocation(argv) ?? new Tree(version).parse(argv);
}

/** parseArgv through the whole tree alone: what the narrowed tree must agree with. */
export function parseArgvWhole(argv: readonly string[], version: string): Promise<Invocation | null> {
  return new Tree(version).parse(argv);
}

/** Every word of argv, and each long option's name in it (`--no-color` names `no-color` and `color`). */
function named(argv: readonly string[]): ReadonlySet<string> {
  const names = new Set(argv);
  for (const arg of argv) {
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=', 1)[0] ?? '';
    names.add(name);
    if (name.startsWith('no-')) names.add(name.slice(3));
  }
  return names;
}

/** The table's commands under a group (or under the program, with the groups themselves). */
function children(spec: CommandSpec): Map<string, CommandSpec> {
  const out = new Map<string, CommandSpec>();
  const prefix = spec === ROOT ? '' : `${spec.name} `;
  for (const c of COMMANDS) {
    if (!c.name.startsWith(prefix)) continue;
    const [word = '', sub] = c.name.slice(prefix.length).split(' ');
    if (sub === undefined) out.set(word, c);
    else if (!out.has(word)) out.set(word, GROUPS.find((g) => g.name === word) ?? c);
  }
  return out;
}

/** A terminal's width (at most 120), else 80. */
function helpWidth(): number {
  const cols = std(1).columns;
  return cols >= 40 ? Math.min(cols, 120) : 80;
}

/** Help and the version go to stdout; with --json as the one JSON document (SPEC §2). */
function show(what: 'help' | 'version', text: string, argv: readonly string[]): void {
  if (!argv.includes('--json')) {
    std(1).write(what === 'version' ? `${text}\n` : text);
    return;
  }
  const doc = { schemaVersion: 1, ok: true, [what]: text.trimEnd() };
  std(1).write(`${JSON.stringify(doc, null, 2)}\n`);
}

class Tree {
  readonly #root: Command;
  readonly #specs = new WeakMap<Command, CommandSpec>();
  readonly #options = new WeakMap<Option, { spec: OptionSpec; negated: boolean }>();
  readonly #declared = new WeakMap<Command, Array<{ spec: OptionSpec; attribute: string }>>();
  /** The command whose part of argv commander is parsing: its errors are about it. */
  #current: Command;
  #reached: Command | undefined;

  /**
   * @param named when given, only the options it names (and those with a short flag) are
   *   declared, and only the program's commands it names: see parseArgv.
   */
  constructor(
    private readonly version: string,
    private readonly named?: ReadonlySet<string>,
  ) {
    // commander writes nothing itself: help is laid out (help-layout.ts) and shown once parsing
    // ended, errors become usage errors (usage-errors.ts).
    this.#root = new Command('onboard')
      .exitOverride()
      .configureOutput({
        writeOut: () => {},
        writeErr: () => {},
        outputError: () => {},
        getOutHelpWidth: helpWidth,
        getErrHelpWidth: helpWidth,
        getOutHasColors: () => false,
        getErrHasColors: () => false,
      })
      .configureHelp({ formatHelp: () => '' })
      .helpOption('-h, --help', t('cli.help'))
      .enablePositionalOptions();
    this.#current = this.#root;
    this.#specs.set(this.#root, ROOT);
    this.#build(this.#root);
  }

  /** The command argv runs; undefined for help, the version, or any error. */
  invocation(argv: readonly string[]): Invocation | undefined {
    try {
      this.#root.parse([...argv], { from: 'user' });
      const leaf = this.#reached ?? this.#root;
      const spec = this.#specs.get(leaf) ?? ROOT;
      return spec.run ? this.#invocation(leaf, spec, argv) : undefined;
    } catch {
      return undefined;
    }
  }

  async parse(argv: readonly string[]): Promise<Invocation | null> {
    try {
      this.#root.parse([...argv], { from: 'user' });
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      if (error.code === 'commander.version') {
        show('version', this.version, argv);
        return null;
      }
      // `--help`, or a group named without its command (`onboard keys`): its help.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        show('help', await this.#help(this.#current), argv);
        return null;
      }
      const cmd = this.#current;
      const spec = this.#specs.get(cmd) ?? ROOT;
      // A word that names no command, where a command could be named.
      const words =
        spec === ROOT || spec === RUN ? children(ROOT) : GROUPS.includes(spec) ? children(spec) : new Map();
      throw usageError(error, cmd, spec.options, [...words.keys()]) ?? error;
    }
    const leaf = this.#reached ?? this.#root;
    const spec = this.#specs.get(leaf) ?? ROOT;
    if (spec.name === 'help') {
      show('help', await this.#help(this.#named(leaf.args)), argv);
      return null;
    }
    if (spec.name === 'version') {
      show('version', this.version, argv);
      return null;
    }
    return this.#invocation(leaf, spec, argv);
  }

  /** Declares a command's options, and its commands (as names) or its action. */
  #build(cmd: Command): void {
    const spec = this.#specs.get(cmd);
    if (!spec || this.#declared.has(cmd)) return;
    const named = this.named;
    const options = named ? spec.options.filter((o) => o.short || named.has(o.long)) : spec.options;
    const declared = options.map((o) => {
      const hidden = spec.unlisted.has(o.long);
      let attribute = o.negation === 'only' ? '' : this.#add(cmd, o, false, hidden);
      if (o.negation)
        attribute = this.#add(cmd, o, true, hidden || (o.negation === 'also' && !o.negationHelp));
      return { spec: o, attribute };
    });
    this.#declared.set(cmd, declared);
    // `--version` anywhere prints the version; only the program's help lists it.
    cmd.version(this.version, '-V, --version', t('cli.version'));
    if (cmd !== this.#root) cmd.options.find((o) => o.long === '--version')?.hideHelp();
    const group = GROUPS.includes(spec);
    if (spec === ROOT || group) {
      // `onboard help <command…>` is the one help command (commander would add one to each group).
      cmd.helpCommand(false);
      for (const [word, child] of children(spec)) {
        // A group keeps all its commands: named alone, it shows its help because it has some.
        if (named && spec === ROOT && !named.has(word)) continue;
        this.#specs.set(cmd.command([word, ...child.args].join(' ')), child);
      }
      cmd.hook('preSubcommand', (_parent, sub) => {
        this.#current = sub;
        this.#build(sub);
      });
    }
    // A group named alone has nothing to run: commander shows its help.
    if (!group) {
      cmd.action(() => {
        this.#reached = cmd;
      });
    }
  }

  #add(cmd: Command, o: OptionSpec, negated: boolean, hidden: boolean): string {
    const option = new Option(optionTerm(o, negated));
    if (hidden) option.hideHelp();
    if (!negated && o.arg) option.argParser(valueParser(o));
    this.#options.set(option, { spec: o, negated });
    cmd.addOption(option);
    return option.attributeName();
  }

  /** The command these words name (`keys create`), declared. */
  #named(words: readonly string[]): Command {
    let cmd = this.#root;
    for (const word of words) {
      const sub = cmd.commands.find((c) => c.name() === word);
      if (!sub)
        throw unknownCommand(
          word,
          cmd.commands.map((c) => c.name()),
          commandPath(cmd),
        );
      this.#build(sub);
      cmd = sub;
    }
    return cmd;
  }

  /** A command's help, laid out by display width (the layout loads only for this). */
  async #help(cmd: Command): Promise<string> {
    const { helpLayout } = await import('./help-layout.js');
    cmd.configureHelp(
      helpLayout({ command: (c) => this.#specs.get(c), option: (o) => this.#options.get(o) }),
    );
    return cmd.helpInformation();
  }

  /**
   * The values given, from the program down to the command: what was given
   * before the command word must be an option the command takes.
   */
  #invocation(leaf: Command, spec: CommandSpec, argv: readonly string[]): Invocation {
    const byLong = new Map(spec.options.map((o) => [o.long, o]));
    const bags: Record<OptionSpec['scope'], Record<string, RawValue>> = { global: {}, own: {}, field: {} };
    const chain: Command[] = [];
    for (let c: Command | null = leaf; c; c = c.parent) chain.unshift(c);
    for (const cmd of chain) {
      for (const { spec: o, attribute } of this.#declared.get(cmd) ?? []) {
        if (cmd.getOptionValueSource(attribute) !== 'cli') continue;
        const value = rawValue(cmd.getOptionValue(attribute));
        if (value === undefined) continue;
        const target = cmd === leaf ? o : byLong.get(o.long);
        // An option of another command, given before this one's word: no near name to suggest.
        if (!takes(target, value))
          throw unknownOption(`--${value === false ? 'no-' : ''}${o.long}`, [], commandPath(leaf));
        const bag = bags[target.scope];
        const before = bag[target.key];
        bag[target.key] = Array.isArray(before) && Array.isArray(value) ? [...before, ...value] : value;
      }
    }
    const run = spec.run;
    if (!run) throw new Error(`${spec.name} has nothing to run`);
    const name = spec === ROOT ? RUN.name : spec.name;
    return {
      name,
      globals: pick(GLOBAL_OPTIONS, bags.global),
      parsed: { name, args: [...leaf.args], own: bags.own, fields: bags.field, argv: [...argv] },
      run,
    };
  }
}
