/**
 * The one command-line parser: argv → a typed ParsedCommand, once (commander
 * builds the tree, its help and its errors; every flag and its environment
 * variable come from the field declarations). The command itself is loaded
 * lazily and runs inside the error boundary.
 */
import { Command, Help, Option } from 'commander';
import { withBoundary } from './boundary.js';
import { GLOBAL_OPTIONS, type Globals, globalOptionsOf, resolveGlobals } from './commands/globals.js';
import { keysChange, keysCreate, keysList } from './commands/keys.js';
import type { ParsedCommand } from './commands/parsed.js';
import { profilesCommand } from './commands/profiles.js';
import { resetCommand } from './commands/reset.js';
import { runCommand } from './commands/run.js';
import { simCommand } from './commands/sim.js';
import { statusCommand } from './commands/status.js';
import { EXIT, UsageError } from './core/errors.js';
import type { MessageKey } from './core/messages.js';
import { setCommandPrefix, t, tEn } from './i18n/index.js';
import { ALL_FIELDS, STEP_IDS } from './steps/index.js';
import { displayWidth, wrap, wrapCommand } from './ui/width.js';
import { CommandLine } from './wizard/command-line.js';
import type { Field } from './wizard/field.js';

type Runner = (g: Globals, p: ParsedCommand) => Promise<number>;

/**
 * Each command. They share nearly all their code (steps, wizard, provider), so
 * they are bundled with the parser into one file, which loads faster than
 * many chunks; what only some need (prompts, spinner, conf, the Chinese
 * catalog, the real provider's SDKs, the JSON Schema printer) stays lazy.
 */
const COMMANDS: Record<string, Runner> = {
  run: runCommand,
  status: statusCommand,
  profiles: profilesCommand,
  'keys list': keysList,
  'keys create': keysCreate,
  'keys disable': (g, p) => keysChange(g, p, 'disable'),
  'keys enable': (g, p) => keysChange(g, p, 'enable'),
  'keys delete': (g, p) => keysChange(g, p, 'delete'),
  reset: resetCommand,
  'sim inbox': (g, p) => simCommand(g, p, 'inbox'),
  'sim approve': (g, p) => simCommand(g, p, 'approve'),
  'sim reset': (g, p) => simCommand(g, p, 'reset'),
  schema: async () => (await import('./commands/schema.js')).schemaCommand(),
  'exit-codes': async (g) => {
    if (g.json) {
      const exitCodes = EXIT_CODES.map(([code, key]) => ({ code, meaning: tEn(key) }));
      process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ok: true, exitCodes }, null, 2)}\n`);
    } else process.stdout.write(`${exitCodeTable()}\n`);
    return EXIT.ok;
  },
};

/** With --json, help and the version are collected here and printed as one JSON document. */
let shownForJson: string[] | undefined;

/** Parses and runs a command line, inside the boundary. */
export function runProgram(argv: string[], version: string): Promise<number> {
  return withBoundary(argv, async () => {
    shownForJson = argv.includes('--json') ? [] : undefined;
    let parsed: ParsedCommand | null;
    try {
      parsed = await parseArgv(argv, version);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      if (code === 'commander.version' && shownForJson) return printShown('version');
      if (typeof code === 'string' && code.startsWith('commander.help') && shownForJson)
        return printShown('help');
      throw error;
    }
    if (parsed === null) return shownForJson ? printShown('help') : EXIT.ok; // help or version was shown
    const globals = resolveGlobals(globalOptionsOf(parsed.options), process.env);
    // Commands named inside messages carry this run's --profile, --config-dir, ... (SPEC §2).
    setCommandPrefix(new CommandLine(globals.commandContext).command());
    const run = COMMANDS[parsed.name];
    if (!run) throw new Error(`no command ${parsed.name}`);
    return run(globals, parsed);
  });
}

/** `--help --json`, `--version --json`: what commander printed, as the one JSON document (SPEC §2). */
function printShown(what: 'help' | 'version'): number {
  const text = (shownForJson ?? []).join('');
  const doc = { schemaVersion: 1, ok: true, [what]: what === 'version' ? text.trim() : text };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return EXIT.ok;
}

/** argv → ParsedCommand (null when help or the version was printed). Throws commander's errors. */
export async function parseArgv(argv: readonly string[], version: string): Promise<ParsedCommand | null> {
  let parsed: ParsedCommand | null = null;
  const on: OnCommand = (name, c, args) => {
    const options = c.optsWithGlobals();
    const fields: Record<string, string | string[] | boolean | undefined> = {};
    for (const f of ALL_FIELDS) {
      const v = options[f.key];
      if (typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)) fields[f.key] = v;
    }
    parsed = { name, args, options, fields, argv: [...argv] };
  };
  // Declaring every option of every command costs more than parsing: declare only the
  // command's own when argv names it plainly. Anything else (help, an error) gets the whole tree.
  const target = plainCommand(argv);
  if (target !== undefined) {
    try {
      await buildProgram(version, on, target).parseAsync([...argv], { from: 'user' });
      return parsed;
    } catch (error) {
      // Only an option this partial tree did not declare is worth a second look with the whole tree.
      if (!(error instanceof Error && 'code' in error && error.code === 'commander.unknownOption'))
        throw error;
      parsed = null;
    }
  }
  await buildProgram(version, on).parseAsync([...argv], { from: 'user' });
  return parsed;
}

/** Options that take a value, so that the command word is never mistaken for one. */
const VALUE_OPTIONS = new Set([
  ...GLOBAL_OPTIONS.filter((o) => o.arg).map((o) => `--${o.long}`),
  ...ALL_FIELDS.filter((f) => f.type !== 'boolean').map((f) => f.flag),
  '--step',
  '--email',
]);

/** The command argv names (`status`, `keys list`, `run`), or undefined when it asks for help or is unclear. */
function plainCommand(argv: readonly string[]): string | undefined {
  const asksForHelp = (a: string) =>
    a === '--help' || a === '-h' || a === 'help' || a === '--' || a === '-V' || a === '--version';
  if (argv.some(asksForHelp)) return undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    words.push(a);
    if (words.length === 2 || (words[0] !== 'keys' && words[0] !== 'sim')) break;
  }
  const name = words.length === 0 ? 'run' : words.join(' ');
  return Object.hasOwn(COMMANDS, name) ? name : undefined;
}

// ---------------------------------------------------------------------------
// The tree

function fieldOptions(f: Field): Option[] {
  const env = f.env ? ` ${t('cli.envSuffix', { env: f.env })}` : '';
  const shownDefault = f.defaultHelp
    ? t(f.defaultHelp)
    : f.default !== undefined && f.type !== 'boolean'
      ? String(f.default)
      : undefined;
  const def = shownDefault === undefined ? '' : ` ${t('cli.defaultSuffix', { value: shownDefault })}`;
  const desc = `${t(f.help)}${def}${env}`;
  if (f.type === 'boolean') {
    const opts = [new Option(f.flag, desc)];
    if (f.negatable) opts.push(new Option(`--no-${f.flag.slice(2)}`, t('cli.negates', { flag: f.flag })));
    return opts;
  }
  const o = new Option(`${f.flag} ${f.arg ?? '<value>'}`, desc);
  if (f.type === 'enum') o.choices([...f.values]);
  if (f.type === 'list') o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  return [o];
}

/** The command a Command object stands for (`run` for the root). */
function pathOf(cmd: Command): string {
  return cmd.parent?.parent ? `${cmd.parent.name()} ${cmd.name()}` : cmd.parent ? cmd.name() : 'run';
}

/** When set, only this command's options are declared (see parseArgv). */
let declaring: string | undefined;

function addGlobals(cmd: Command): Command {
  if (declaring !== undefined && pathOf(cmd) !== declaring) return cmd;
  for (const o of GLOBAL_OPTIONS) {
    const flags = `${o.short ? `-${o.short}, ` : ''}--${o.long}${o.arg ? ` ${o.arg}` : ''}`;
    cmd.option(flags, o.env ? `${t(o.help)} ${t('cli.envSuffix', { env: o.env })}` : t(o.help));
  }
  return cmd;
}

function addFields(cmd: Command, keys?: readonly string[]): Command {
  if (declaring !== undefined && pathOf(cmd) !== declaring) return cmd;
  for (const f of ALL_FIELDS) {
    if (f.key === 'yes' || (keys && !keys.includes(f.key))) continue;
    for (const o of fieldOptions(f)) cmd.addOption(o);
  }
  return cmd;
}

const HELP_TITLES: Record<string, MessageKey> = {
  'Usage:': 'cli.helpUsage',
  'Options:': 'cli.helpOptions',
  'Commands:': 'cli.helpCommands',
  'Arguments:': 'cli.helpArguments',
  'Global Options:': 'cli.helpGlobalOptions',
};

/** The width help is laid out for: the terminal's, else 80 (commander's own rule). */
function helpWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : 0;
  return columns && columns >= 40 ? columns : 80;
}

/**
 * commander's own words in help (titles, "choices:") in the user's language,
 * measured and wrapped like the rest of the output: Chinese takes two columns
 * and may break between characters, and no line is wider than the help.
 */
function translatedHelp(): Partial<Help> {
  return {
    displayWidth: (text: string) => displayWidth(text),
    boxWrap: (text: string, width: number) => wrap(text, width),
    styleTitle: (title: string) => {
      const key = HELP_TITLES[title];
      return key ? t(key) : title;
    },
    optionDescription(this: Help, option: Option) {
      return Help.prototype.optionDescription
        .call(this, option)
        .replace('(choices: ', `(${t('cli.choices')} `);
    },
  };
}

/** The examples after a command's help; a long one is folded with `\\` continuations (it still pastes). */
function examples(lines: string[]): string {
  const folded = lines.map((l) => `  $ ${wrapCommand(l, helpWidth() - 4, '      ')}`);
  return `\n${t('cli.examples')}\n${folded.join('\n')}\n`;
}

/** Edit distance (one row at a time), for "did you mean" on an unknown command. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(
        Math.min(
          (row[j] ?? 0) + 1,
          (next[j - 1] ?? 0) + 1,
          (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

type OnCommand = (name: string, c: Command, args: string[]) => void;

function buildProgram(version: string, on: OnCommand, only?: string): Command {
  declaring = only;
  const program = new Command('onboard');
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (shownForJson ? shownForJson.push(s) : process.stdout.write(s)),
      writeErr: (s) => (shownForJson ? shownForJson.push(s) : process.stderr.write(s)),
      outputError: () => {},
    })
    .version(version, '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .helpCommand('help [command]', t('cli.help'))
    .configureHelp(translatedHelp())
    .description(t('cli.description'))
    .showSuggestionAfterError(true);
  const leaf = (cmd: Command, name: string) => {
    cmd.action(function (this: Command) {
      on(name, this, this.args);
    });
    return cmd;
  };

  const runExamples = examples([
    'onboard',
    "printf '%s\\n' \"$PASSWORD\" | onboard --no-interactive --email dev@example.com --password-stdin --identity-type individual --legal-name 'Li Lei' --id-number 11010519491231002X --accept-key-risk --csv ./AccessKey.csv --region cn-hangzhou",
    'onboard run --dry-run --answers answers.json --json',
    'onboard run --step oss --bucket my-emr-data --region cn-shanghai',
  ]);
  const configureRun = (cmd: Command) =>
    addFields(addGlobals(cmd))
      .option('--step <id>', t('cli.step', { steps: STEP_IDS.join(', ') }))
      .option('--dry-run', t('cli.dryRun'))
      .addHelpText('after', runExamples);

  // `onboard` alone runs the wizard; `onboard frob` is an unknown command, not "too many arguments".
  program.allowExcessArguments(true);
  configureRun(program).action(function (this: Command) {
    const word = this.args[0];
    if (word !== undefined) {
      const known = this.commands.map((x) => x.name());
      const near = known
        .filter((k) => distance(k, word) <= 2)
        .sort((x, y) => distance(x, word) - distance(y, word))[0];
      throw new UsageError('cli.unknownCommand', { command: word, known: known.join(', ') }, [
        ...(near ? [{ key: 'cli.didYouMean' as const, params: { suggestion: near } }] : []),
        { key: 'cli.seeHelp' },
      ]);
    }
    on('run', this, []);
  });
  leaf(configureRun(program.command('run').description(t('cli.runDescription'))), 'run');

  leaf(
    addFields(addGlobals(program.command('status').description(t('cli.statusDescription'))), [
      'product',
    ]).addHelpText('after', examples(['onboard status', 'onboard status --json --profile ci'])),
    'status',
  );
  leaf(
    addGlobals(program.command('profiles').description(t('cli.profilesDescription'))).addHelpText(
      'after',
      examples(['onboard profiles', 'onboard profiles --json']),
    ),
    'profiles',
  );

  const keys = program.command('keys').description(t('cli.keysDescription'));
  keys.addHelpText(
    'after',
    examples([
      'onboard keys list --json',
      'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
      'onboard keys disable LTAI... && onboard keys delete LTAI... --yes',
    ]),
  );
  leaf(
    addGlobals(keys.command('list').description(t('cli.keysList'))).addHelpText(
      'after',
      examples(['onboard keys list', 'onboard keys list --json']),
    ),
    'keys list',
  );
  leaf(
    addFields(addGlobals(keys.command('create').description(t('cli.keysCreate'))), [
      'acceptKeyRisk',
      'csv',
      'showSecret',
      'allowCidr',
      'passwordStdin',
    ]).addHelpText(
      'after',
      examples([
        'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
        'onboard keys create --accept-key-risk --show-secret --json --allow-cidr 10.0.0.0/8',
      ]),
    ),
    'keys create',
  );
  for (const action of ['disable', 'enable', 'delete'] as const) {
    leaf(
      addFields(addGlobals(keys.command(`${action} <id>`).description(t(`cli.keys.${action}`))), [
        'passwordStdin',
      ]).addHelpText(
        'after',
        examples([`onboard keys ${action} LTAI5tExampleExample1234${action === 'delete' ? ' --yes' : ''}`]),
      ),
      `keys ${action}`,
    );
  }

  leaf(
    addGlobals(program.command('reset').description(t('cli.resetDescription'))).addHelpText(
      'after',
      examples(['onboard reset --yes --profile ci']),
    ),
    'reset',
  );

  const sim = program.command('sim').description(t('cli.simDescription'));
  sim.addHelpText(
    'after',
    examples(['onboard sim inbox --email dev@example.com', 'onboard sim approve', 'onboard sim reset --yes']),
  );
  leaf(
    addGlobals(sim.command('inbox').description(t('cli.simInbox')))
      .option('--email <address>', t('cli.simInboxEmail'))
      .addHelpText('after', examples(['onboard sim inbox', 'onboard sim inbox --email dev@example.com'])),
    'sim inbox',
  );
  leaf(
    addGlobals(sim.command('approve').description(t('cli.simApprove'))).addHelpText(
      'after',
      examples(['onboard sim approve']),
    ),
    'sim approve',
  );
  leaf(
    addGlobals(sim.command('reset').description(t('cli.simReset'))).addHelpText(
      'after',
      examples(['onboard sim reset --yes']),
    ),
    'sim reset',
  );

  leaf(
    addGlobals(program.command('schema').description(t('cli.schemaDescription'))).addHelpText(
      'after',
      examples(['onboard schema > answers.schema.json']),
    ),
    'schema',
  );
  leaf(
    addGlobals(program.command('exit-codes').description(t('cli.exitCodesDescription'))).addHelpText(
      'after',
      `\n${exitCodeTable()}\n${examples(['onboard exit-codes', 'onboard help exit-codes'])}`,
    ),
    'exit-codes',
  );
  declaring = undefined;
  return program;
}

const EXIT_CODES: ReadonlyArray<readonly [number, MessageKey]> = [
  [0, 'exit.0'],
  [1, 'exit.1'],
  [2, 'exit.2'],
  [3, 'exit.3'],
  [4, 'exit.4'],
  [5, 'exit.5'],
  [130, 'exit.130'],
];

/** The exit codes, each meaning wrapped under itself so no line is wider than the help. */
export function exitCodeTable(): string {
  const indent = ' '.repeat(7);
  const rows = EXIT_CODES.map(([c, k]) => wrap(`  ${String(c).padStart(3)}  ${t(k)}`, helpWidth(), indent));
  return `${t('cli.exitCodes')}\n${rows.join('\n')}`;
}
