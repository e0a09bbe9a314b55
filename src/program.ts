/**
 * The one command-line parser: argv → a typed ParsedCommand, once. The
 * command table below names every command with its options (globals, the
 * fields it reads, its own), its help and its examples; flags and their
 * environment variables come from the field declarations. Errors are usage
 * errors (exit 2) in the user's language, with a "did you mean".
 */
import { withBoundary } from './boundary.js';
import { GLOBAL_OPTIONS, type Globals, globalOptionsOf, resolveGlobals } from './commands/globals.js';
import type { ParsedCommand } from './commands/parsed.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { EXIT, UsageError } from './core/errors.js';
import type { MessageKey, MessageRef } from './core/messages.js';
import { joinPhrases, setCommandPrefix, t } from './i18n/index.js';
import { ALL_FIELDS, STEP_IDS } from './steps/index.js';
import { renderHelp } from './ui/help.js';
import { std } from './ui/std.js';
import { wrap } from './ui/width.js';
import { CommandLine } from './wizard/command-line.js';
import type { Field } from './wizard/field.js';

type Runner = (g: Globals, p: ParsedCommand) => Promise<number>;

/** One option a command accepts. */
export interface OptionSpec {
  /** `profile` for `--profile`. */
  long: string;
  short?: string;
  /** `<name>`: the option takes a value. */
  arg?: string;
  /** Where the value lands in `options` (a field's answers-file key, or camelCase). */
  key: string;
  help: () => string;
  /** `--no-<long>` sets false. */
  negatable?: boolean;
  /** Only `--no-<long>` exists (e.g. --no-color): false under `key`. */
  onlyNegative?: boolean;
  /** Repeatable: the values are collected in a list. */
  multiple?: boolean;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  description: MessageKey;
  args?: ReadonlyArray<{ name: string; required: boolean }>;
  options: () => OptionSpec[];
  examples: readonly string[];
  run: Runner;
  after?: (width: number) => string;
}

const camel = (long: string) => long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function globalOptions(): OptionSpec[] {
  return GLOBAL_OPTIONS.map((o) => {
    const negative = o.long.startsWith('no-');
    const long = negative ? o.long.slice(3) : o.long;
    const help = () => (o.env ? joinPhrases([t(o.help), t('cli.envSuffix', { env: o.env })]) : t(o.help));
    return {
      long,
      key: camel(long),
      help,
      ...(o.short ? { short: o.short } : {}),
      ...(o.arg ? { arg: o.arg } : {}),
      ...(negative ? { onlyNegative: true } : {}),
    };
  });
}

function fieldOption(f: Field): OptionSpec {
  const shownDefault = f.defaultHelp
    ? t(f.defaultHelp)
    : f.default !== undefined && f.type !== 'boolean'
      ? String(f.default)
      : undefined;
  const help = () =>
    joinPhrases([
      t(f.help),
      shownDefault === undefined ? '' : t('cli.defaultSuffix', { value: shownDefault }),
      f.type === 'enum' ? t('cli.choicesSuffix', { values: f.values.join(t('cli.choiceSeparator')) }) : '',
      f.env ? t('cli.envSuffix', { env: f.env }) : '',
    ]);
  const long = f.flag.slice(2);
  if (f.type === 'boolean') return { long, key: f.key, help, ...(f.negatable ? { negatable: true } : {}) };
  return {
    long,
    key: f.key,
    help,
    arg: f.arg ?? '<value>',
    ...(f.type === 'list' ? { multiple: true } : {}),
    ...(f.type === 'enum' ? { choices: f.values } : {}),
    ...(f.type === 'nameOrOff' ? { negatable: true } : {}),
  };
}

/** The fields a command reads, as options (`yes` is a global option already). */
function fields(keys?: readonly string[]): OptionSpec[] {
  return ALL_FIELDS.filter((f) => f.key !== 'yes' && (!keys || keys.includes(f.key))).map(fieldOption);
}

// Commands other than `run` and `status` are loaded when used: less to compile at every start.
const keys = () => import('./commands/keys.js');
const sim = () => import('./commands/sim.js');
const profilesCommand: Runner = async (g, p) =>
  (await import('./commands/profiles.js')).profilesCommand(g, p);
const resetCommand: Runner = async (g) => (await import('./commands/reset.js')).resetCommand(g);
const serveCommand: Runner = async (g, p) => (await import('./commands/serve.js')).serveCommand(g, p);
const keysList: Runner = async (g, p) => (await keys()).keysList(g, p);
const keysCreate: Runner = async (g, p) => (await keys()).keysCreate(g, p);
const keysChange = async (g: Globals, p: ParsedCommand, action: 'disable' | 'enable' | 'delete') =>
  (await keys()).keysChange(g, p, action);
const simCommand = async (g: Globals, p: ParsedCommand, action: 'inbox' | 'approve' | 'reset') =>
  (await sim()).simCommand(g, p, action);

/** How a key provider is reached for this run: every command that acts on the account takes them. */
const KEY_LOGIN = ['accessKeyId', 'accessKeySecretStdin'] as const;

const own = (long: string, arg: string | undefined, help: () => string): OptionSpec => ({
  long,
  key: camel(long),
  help,
  ...(arg ? { arg } : {}),
});
const ramUserOption = () => own('ram-user', '<name>', () => t('cli.keysRamUser'));
const withEnv = (help: MessageKey, env: string, value: string) => () =>
  joinPhrases([t(help), t('cli.defaultSuffix', { value }), t('cli.envSuffix', { env })]);

const RUN_EXAMPLES = [
  'onboard',
  "printf '%s\\n' \"$PASSWORD\" | onboard --no-interactive --email dev@example.com --password-stdin --identity-type individual --legal-name 'Li Lei' --id-number 11010519491231002X --no-root-key --ram-user onboard-admin --ram-csv ./onboard-admin_AccessKey.csv --region cn-hangzhou",
  'onboard run --dry-run --answers answers.json --json',
  'onboard run --step oss --bucket my-emr-data --region cn-shanghai',
];
const runOptions = () => [
  ...globalOptions(),
  ...fields(),
  own('step', '<id>', () => t('cli.step', { steps: STEP_IDS.join(', ') })),
  own('dry-run', undefined, () => t('cli.dryRun')),
];
const keyChange = (action: 'disable' | 'enable' | 'delete'): CommandSpec => ({
  name: `keys ${action}`,
  description: `cli.keys.${action}`,
  args: [{ name: '<id>', required: true }],
  options: () => [...globalOptions(), ...fields(['passwordStdin', 'site', ...KEY_LOGIN]), ramUserOption()],
  examples: [`onboard keys ${action} LTAI5tExampleExample1234${action === 'delete' ? ' --yes' : ''}`],
  run: (g, p) => keysChange(g, p, action),
});

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'run',
    description: 'cli.runDescription',
    options: runOptions,
    examples: RUN_EXAMPLES,
    run: runCommand,
  },
  {
    name: 'status',
    description: 'cli.statusDescription',
    options: () => [...globalOptions(), ...fields(['product', 'site', ...KEY_LOGIN])],
    examples: ['onboard status', 'onboard status --json --profile ci'],
    run: statusCommand,
  },
  {
    name: 'profiles',
    description: 'cli.profilesDescription',
    options: globalOptions,
    examples: ['onboard profiles', 'onboard profiles --json'],
    run: profilesCommand,
  },
  {
    name: 'keys list',
    description: 'cli.keysList',
    options: () => [...globalOptions(), ...fields(['passwordStdin', 'site', ...KEY_LOGIN]), ramUserOption()],
    examples: ['onboard keys list', 'onboard keys list --json --ram-user onboard-admin'],
    run: keysList,
  },
  {
    name: 'keys create',
    description: 'cli.keysCreate',
    options: () => [
      ...globalOptions(),
      ...fields([
        'acceptKeyRisk',
        'csv',
        'saveTo',
        'overwriteProfile',
        'showSecret',
        'allowCidr',
        'region',
        'passwordStdin',
        'site',
        ...KEY_LOGIN,
      ]),
      ramUserOption(),
    ],
    examples: [
      'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
      'onboard keys create --accept-key-risk --show-secret --json --allow-cidr 10.0.0.0/8',
      'onboard keys create --ram-user onboard-admin --csv ./onboard-admin_AccessKey-2.csv',
      'onboard keys create --ram-user onboard-admin --save-to aliyun-cli:admin --save-to credentials:admin',
    ],
    run: keysCreate,
  },
  keyChange('disable'),
  keyChange('enable'),
  keyChange('delete'),
  {
    name: 'reset',
    description: 'cli.resetDescription',
    options: globalOptions,
    examples: ['onboard reset --yes --profile ci'],
    run: resetCommand,
  },
  {
    name: 'sim inbox',
    description: 'cli.simInbox',
    options: () => [...globalOptions(), own('email', '<address>', () => t('cli.simInboxEmail'))],
    examples: ['onboard sim inbox', 'onboard sim inbox --email dev@example.com'],
    run: (g, p) => simCommand(g, p, 'inbox'),
  },
  {
    name: 'sim approve',
    description: 'cli.simApprove',
    options: globalOptions,
    examples: ['onboard sim approve'],
    run: (g, p) => simCommand(g, p, 'approve'),
  },
  {
    name: 'sim reset',
    description: 'cli.simReset',
    options: globalOptions,
    examples: ['onboard sim reset --yes'],
    run: (g, p) => simCommand(g, p, 'reset'),
  },
  {
    name: 'sim serve',
    description: 'cli.simServe',
    options: () => [
      ...globalOptions(),
      own('host', '<addr>', withEnv('cli.simServeHost', 'ONBOARD_SIM_HOST', '127.0.0.1')),
      own('port', '<n>', withEnv('cli.simServePort', 'ONBOARD_SIM_PORT', '0')),
    ],
    examples: [
      'onboard sim serve --port 8080',
      'ONBOARD_SIM_HOST=0.0.0.0 ONBOARD_SIM_PORT=8080 onboard sim serve --json',
    ],
    run: serveCommand,
  },
  {
    name: 'schema',
    description: 'cli.schemaDescription',
    options: globalOptions,
    examples: ['onboard schema > answers.schema.json'],
    run: async () => (await import('./commands/schema.js')).schemaCommand(),
  },
  {
    name: 'exit-codes',
    description: 'cli.exitCodesDescription',
    options: globalOptions,
    examples: ['onboard exit-codes', 'onboard help exit-codes'],
    after: exitCodeTable,
    run: async (g) => {
      if (g.json) {
        const codes = Object.fromEntries(EXIT_ROWS.map(([code, key]) => [String(code), t(key)]));
        std(1).write(`${JSON.stringify({ schemaVersion: 1, ok: true, exitCodes: codes }, null, 2)}\n`);
      } else std(1).write(`${exitCodeTable(std(1).columns)}\n`);
      return EXIT.ok;
    },
  },
];

/** Groups of subcommands, with their description and examples. */
const GROUPS: Readonly<Record<string, { description: MessageKey; examples: readonly string[] }>> = {
  keys: {
    description: 'cli.keysDescription',
    examples: [
      'onboard keys list --json',
      'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
      'onboard keys disable LTAI... && onboard keys delete LTAI... --yes',
    ],
  },
  sim: {
    description: 'cli.simDescription',
    examples: [
      'onboard sim inbox --email dev@example.com',
      'onboard sim approve',
      'onboard sim reset --yes',
      'onboard sim serve --port 8080',
    ],
  },
};

/** Parses and runs a command line, inside the boundary. */
export function runProgram(argv: string[], version: string): Promise<number> {
  return withBoundary(argv, async () => {
    const parsed = parseArgv(argv, version);
    if (parsed === null) return EXIT.ok; // help or the version was shown
    const globals = resolveGlobals(globalOptionsOf(parsed.options), process.env);
    // Commands named inside messages carry this run's --profile, --config-dir, ... (SPEC §2).
    setCommandPrefix(new CommandLine(globals.commandContext).command());
    const spec = COMMANDS.find((c) => c.name === parsed.name);
    if (!spec) throw new Error(`no command ${parsed.name}`);
    return spec.run(globals, parsed);
  });
}

// ---------------------------------------------------------------------------
// Parsing

/** Every option of every command (long and short, `--no-` forms included). */
function knownOptions(): Set<string> {
  const known = new Set(['--help', '-h', '--version', '-V']);
  for (const c of COMMANDS) {
    for (const o of c.options()) {
      known.add(o.onlyNegative ? `--no-${o.long}` : `--${o.long}`);
      if (o.negatable) known.add(`--no-${o.long}`);
      if (o.short) known.add(`-${o.short}`);
    }
  }
  return known;
}

/** Every option of every command that takes a value: so a value is never taken for the command word. */
export function valueOptions(): Set<string> {
  // From the tables themselves, without building every command's options (this runs at every start).
  return new Set([
    ...GLOBAL_OPTIONS.filter((o) => o.arg).map((o) => `--${o.long}`),
    ...ALL_FIELDS.filter((f) => f.type !== 'boolean').map((f) => f.flag),
    ...OWN_VALUE_OPTIONS,
  ]);
}

/** The commands' own options that take a value (beside the fields and the global options). */
const OWN_VALUE_OPTIONS = ['--step', '--ram-user', '--email', '--host', '--port'];

/** Edit distance (one row at a time), for "did you mean". */
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

function nearest(word: string, known: readonly string[]): MessageRef[] {
  const near = known
    .filter((k) => distance(k, word) <= 2)
    .sort((x, y) => distance(x, word) - distance(y, word))[0];
  return [
    ...(near ? [{ key: 'cli.didYouMean' as const, params: { suggestion: near } }] : []),
    { key: 'cli.seeHelp' },
  ];
}

/** The first words of the commands (`keys`, not `keys list`). */
function topNames(): string[] {
  return [...new Set(COMMANDS.map((c) => c.name.split(' ')[0] ?? c.name))];
}

/** "Unknown command" with the commands there are, and the nearest as a "did you mean". */
function unknownCommand(word: string): UsageError {
  const tops = topNames();
  return usage('cli.unknownCommand', { command: word, known: tops.join(', ') }, nearest(word, tops));
}

function usage(
  key: MessageKey,
  params: Record<string, string>,
  hints: MessageRef[] = [{ key: 'cli.seeHelp' }],
): UsageError {
  return new UsageError(key, params, hints, 'UsageError');
}

/** The words that name the command (and where they stand in argv), with the options skipped. */
function commandWords(argv: readonly string[]): Array<{ word: string; at: number }> {
  const takesValue = valueOptions();
  const words: Array<{ word: string; at: number }> = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    words.push({ word: a, at: i });
    if (!Object.hasOwn(GROUPS, a) && a !== 'help') break;
  }
  return words;
}

/** argv → ParsedCommand; null when help or the version was printed. Throws UsageError. */
export function parseArgv(argv: readonly string[], version: string): ParsedCommand | null {
  if (argv.includes('-V') || argv.includes('--version')) {
    show('version', version, argv);
    return null;
  }
  const words = commandWords(argv);
  const first = words[0]?.word;
  if (first === 'help') {
    printHelp(words[1]?.word ?? '', argv);
    return null;
  }
  let name = 'run';
  let used = words.slice(0, 0);
  if (first !== undefined) {
    if (Object.hasOwn(GROUPS, first)) {
      const sub = words[1]?.word;
      const subs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) =>
        c.name.slice(first.length + 1),
      );
      // `onboard keys` alone shows what `keys` can do (as `--help` would).
      if (argv.includes('--help') || argv.includes('-h') || sub === undefined) {
        printHelp(sub && subs.includes(sub) ? `${first} ${sub}` : first, argv);
        return null;
      }
      if (!subs.includes(sub)) {
        throw usage('cli.unknownCommand', { command: sub, known: subs.join(', ') }, nearest(sub, subs));
      }
      name = `${first} ${sub}`;
      used = words.slice(0, 2);
    } else if (topNames().includes(first)) {
      name = first;
      used = words.slice(0, 1);
    } else {
      // `--regoin x`: the typo is the option (its value only looks like a command).
      const before = words[0]?.at ?? 0;
      const known = knownOptions();
      const typo = argv.slice(0, before).find((a) => a.startsWith('-') && !known.has(a.split('=')[0] ?? a));
      if (typo !== undefined) {
        const flag = typo.split('=')[0] ?? typo;
        throw usage('cli.err.unknownOption', { name: flag }, nearest(flag, [...known]));
      }
      throw unknownCommand(first);
    }
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    printHelp(first === undefined ? '' : name, argv);
    return null;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name}`);
  const skip = new Set(used.map((w) => w.at));
  return parseOptions(
    spec,
    argv.filter((_, i) => !skip.has(i)),
    argv,
  );
}

function parseOptions(spec: CommandSpec, rest: readonly string[], argv: readonly string[]): ParsedCommand {
  const specs = spec.options();
  const byLong = new Map(specs.map((o) => [o.long, o]));
  const byShort = new Map(specs.filter((o) => o.short).map((o) => [o.short, o]));
  const options: Record<string, unknown> = {};
  const args: string[] = [];
  const known = specs.flatMap((o) => [
    ...(o.onlyNegative ? [] : [`--${o.long}`]),
    ...(o.negatable || o.onlyNegative ? [`--no-${o.long}`] : []),
  ]);
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] ?? '';
    if (token === '--') {
      args.push(...rest.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      args.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    let o = flag.startsWith('--') ? byLong.get(flag.slice(2)) : byShort.get(flag.slice(1));
    let negated = false;
    if ((!o || o.onlyNegative) && flag.startsWith('--no-')) {
      const positive = byLong.get(flag.slice(5));
      if (positive && (positive.negatable || positive.onlyNegative)) {
        o = positive;
        negated = true;
      }
    }
    if (!o || (o.onlyNegative && !negated)) {
      throw usage('cli.err.unknownOption', { name: flag }, nearest(flag, known));
    }
    if (negated) {
      if (inline !== undefined) throw usage('cli.err.noValue', { name: flag });
      options[o.key] = false;
      continue;
    }
    if (!o.arg) {
      if (inline !== undefined) throw usage('cli.err.noValue', { name: flag });
      options[o.key] = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--') && value.length > 2)) {
      throw usage('cli.err.optionMissingArgument', { name: `--${o.long} ${o.arg}` });
    }
    if (o.choices && !o.choices.includes(value)) {
      throw usage('cli.err.invalidArgument', { name: `--${o.long}`, value, choices: o.choices.join(', ') });
    }
    if (o.multiple) {
      const prev = options[o.key];
      options[o.key] = [...(Array.isArray(prev) ? prev : []), value];
    } else options[o.key] = value;
  }
  const wanted = spec.args ?? [];
  const missing = wanted.find((a, n) => a.required && args[n] === undefined);
  if (missing) throw usage('cli.err.missingArgument', { name: missing.name });
  if (args.length > wanted.length) {
    // `onboard frob` reaches here as `run` with a word left over: an unknown command, not "too many arguments".
    if (spec.name === 'run' && wanted.length === 0) {
      throw unknownCommand(args[0] ?? '');
    }
    throw usage('cli.err.excessArguments', { extra: args.slice(wanted.length).join(' ') });
  }
  const fieldValues: Record<string, string | string[] | boolean | undefined> = {};
  for (const f of ALL_FIELDS) {
    const v = options[f.key];
    if (typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)) fieldValues[f.key] = v;
  }
  return { name: spec.name, args, options, fields: fieldValues, argv: [...argv] };
}

// ---------------------------------------------------------------------------
// Help

function helpWidth(): number {
  const cols = std(1).columns;
  return cols && cols >= 40 ? Math.min(cols, 120) : 80;
}

function term(o: OptionSpec): string {
  const long = o.onlyNegative ? `--no-${o.long}` : `--${o.long}`;
  return `${o.short ? `-${o.short}, ` : ''}${long}${o.arg ? ` ${o.arg}` : ''}`;
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

/** Prints the help of a command, a group (`keys`) or the whole program. */
function printHelp(name: string, argv: readonly string[]): void {
  const width = helpWidth();
  const group = GROUPS[name];
  const spec = COMMANDS.find((c) => c.name === name);
  if (group) {
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
    show(
      'help',
      renderHelp(
        {
          usage: `onboard ${name} [command] [options]`,
          description: t(group.description),
          options: [],
          commands: subs.map((c) => ({
            name: `${c.name.slice(name.length + 1)}${c.args ? ` ${c.args.map((a) => a.name).join(' ')}` : ''}`,
            description: t(c.description),
          })),
          examples: group.examples,
        },
        width,
      ),
      argv,
    );
    return;
  }
  if (!spec || spec.name === 'run') {
    if (name !== '' && name !== 'run' && !spec) {
      throw unknownCommand(name);
    }
    const root = name === '' && !argv.some((a) => a === 'run');
    const tops = topNames();
    show(
      'help',
      renderHelp(
        {
          usage: root ? 'onboard [options] [command]' : 'onboard run [options]',
          description: t(root ? 'cli.description' : 'cli.runDescription'),
          options: [
            ...runOptions(),
            { long: 'version', short: 'V', key: 'version', help: () => t('cli.version') },
            { long: 'help', short: 'h', key: 'help', help: () => t('cli.help') },
          ].map((o) => ({ term: term(o), description: o.help() })),
          ...(root
            ? {
                commands: tops.map((n) => {
                  const g = GROUPS[n];
                  const c = COMMANDS.find((x) => x.name === n);
                  return { name: n, description: t(g ? g.description : (c?.description ?? 'cli.help')) };
                }),
              }
            : {}),
          examples: RUN_EXAMPLES,
        },
        width,
      ),
      argv,
    );
    return;
  }
  const args = spec.args ? ` ${spec.args.map((a) => a.name).join(' ')}` : '';
  show(
    'help',
    renderHelp(
      {
        usage: `onboard ${spec.name}${args} [options]`,
        description: t(spec.description),
        options: [
          ...spec.options(),
          { long: 'help', short: 'h', key: 'help', help: () => t('cli.help') },
        ].map((o) => ({ term: term(o), description: o.help() })),
        examples: spec.examples,
        ...(spec.after ? { after: spec.after(width) } : {}),
      },
      width,
    ),
    argv,
  );
}

const EXIT_ROWS: ReadonlyArray<readonly [number, MessageKey]> = [
  [0, 'exit.0'],
  [1, 'exit.1'],
  [2, 'exit.2'],
  [3, 'exit.3'],
  [4, 'exit.4'],
  [5, 'exit.5'],
  [130, 'exit.130'],
];

/** The exit codes, one per line; wrapped with a hanging indent when a width is given. */
function exitCodeTable(width = 0): string {
  const rows = EXIT_ROWS.map(([c, k]) => {
    const row = `  ${String(c).padStart(3)}  ${t(k)}`;
    return width > 0 ? wrap(row, width, ' '.repeat(7)) : row;
  });
  return `${t('cli.exitCodes')}\n${rows.join('\n')}`;
}
