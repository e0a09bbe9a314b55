/**
 * The commander tree: every command, its flags (from the field list) with
 * their environment variables, and examples. Errors go to the boundary.
 * Commands are imported statically: this file is bundled alone as
 * dist/program.js (one module to load); the heavy libraries (prompts,
 * spinner, conf) stay lazy inside it.
 */
import { Command, Help, Option } from 'commander';
import { withBoundary } from './boundary.js';
import { GLOBAL_OPTIONS, type GlobalOptions, type Globals, resolveGlobals } from './commands/globals.js';
import { keysChange, keysCreate, keysList } from './commands/keys.js';
import { resetCommand } from './commands/reset.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { simCommand } from './commands/sim.js';
import { statusCommand } from './commands/status.js';
import { type MessageKey, t } from './i18n/index.js';
import { EXIT, UsageError } from './wizard/errors.js';
import { FIELDS, type Field } from './wizard/fields.js';

type Opts = GlobalOptions & Record<string, unknown>;

/** Parses the command line with commander and runs the command, inside the error boundary. */
export function runProgram(argv: string[], version: string): Promise<number> {
  return withBoundary(argv, async (setName) => {
    const program = buildProgram(version, setName);
    let code: number = EXIT.ok;
    for (const cmd of allCommands(program)) {
      cmd.action(async (...args: unknown[]) => {
        const c = args.at(-1) as Command;
        code = await (cmd as Command & { run: Runner }).run(c, args.slice(0, -2));
      });
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  });
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)].filter((x) => 'run' in x);
}

// ---------------------------------------------------------------------------
// The tree

function fieldOption(f: Field): Option[] {
  const env = f.env ? ` ${t('cli.envSuffix', { env: f.env })}` : '';
  const def =
    f.default !== undefined && f.type !== 'boolean'
      ? ` ${t('cli.defaultSuffix', { value: String(f.default) })}`
      : '';
  const desc = `${t(f.help)}${def}${env}`;
  if (f.type === 'boolean') {
    const opts = [new Option(f.flag, desc)];
    if (f.negatable) opts.push(new Option(`--no-${f.flag.slice(2)}`, t('cli.negates', { flag: f.flag })));
    return opts;
  }
  const o = new Option(`${f.flag} ${f.arg ?? '<value>'}`, desc);
  if (f.type === 'enum') o.choices(f.values as string[]);
  if (f.type === 'list') o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  return [o];
}

function addGlobals(cmd: Command): Command {
  for (const o of GLOBAL_OPTIONS) {
    const flags = `${o.short ? `-${o.short}, ` : ''}--${o.long}${o.arg ? ` ${o.arg}` : ''}`;
    cmd.option(flags, o.env ? `${t(o.help)} ${t('cli.envSuffix', { env: o.env })}` : t(o.help));
  }
  return cmd;
}

function addFields(cmd: Command, keys?: readonly string[]): Command {
  for (const f of FIELDS) {
    if (f.key === 'yes') continue;
    if (keys && !keys.includes(f.key)) continue;
    for (const o of fieldOption(f)) cmd.addOption(o);
  }
  return cmd;
}

function fieldFlags(opts: Opts): Record<string, string | string[] | boolean | undefined> {
  const flags: Record<string, string | string[] | boolean | undefined> = {};
  for (const f of FIELDS) {
    const v = opts[f.key];
    if (v !== undefined) flags[f.key] = v as string | string[] | boolean;
  }
  return flags;
}

async function globalsOf(c: Command): Promise<Globals> {
  return resolveGlobals(c.optsWithGlobals() as GlobalOptions, process.env);
}

type Runner = (c: Command, args: unknown[]) => Promise<number>;

function withRun(cmd: Command, name: string, setName: (n: string) => void, run: Runner): Command {
  (cmd as Command & { run: Runner }).run = async (c, args) => {
    setName(name);
    return run(c, args);
  };
  return cmd;
}

const HELP_TITLES: Record<string, MessageKey> = {
  'Usage:': 'cli.helpUsage',
  'Options:': 'cli.helpOptions',
  'Commands:': 'cli.helpCommands',
  'Arguments:': 'cli.helpArguments',
  'Global Options:': 'cli.helpGlobalOptions',
};

/** commander's own words in help (titles, "choices:") in the user's language. */
function translatedHelp(): Partial<Help> {
  return {
    styleTitle: (title: string) => (HELP_TITLES[title] ? t(HELP_TITLES[title]) : title),
    optionDescription(this: Help, option: Option) {
      return Help.prototype.optionDescription
        .call(this, option)
        .replace('(choices: ', `(${t('cli.choices')} `);
    },
  };
}

function examples(lines: string[]): string {
  return `\n${t('cli.examples')}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function buildProgram(version: string, setName: (n: string) => void): Command {
  const program = new Command('onboard');
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {},
    })
    .version(version, '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .helpCommand('help [command]', t('cli.help'))
    .configureHelp(translatedHelp())
    .description(t('cli.description'))
    .showSuggestionAfterError(true);

  const runAction: Runner = async (c) => {
    const opts = c.optsWithGlobals() as Opts;
    const g = await globalsOf(c);
    return runCommand(g, {
      step: opts.step as string | undefined,
      dryRun: opts.dryRun === true,
      fields: fieldFlags(opts),
      argv: process.argv.slice(2),
    });
  };
  const runExamples = examples([
    'onboard',
    "printf '%s' \"$PASSWORD\" | onboard --no-interactive --email dev@example.com --password-stdin --identity-type individual --legal-name 'Li Lei' --id-number 11010519491231002X --accept-key-risk --csv ./AccessKey.csv --region cn-hangzhou",
    'onboard run --dry-run --answers answers.json --json',
    'onboard run --step oss --bucket my-emr-data --region cn-shanghai',
  ]);
  const configureRun = (cmd: Command) =>
    addFields(addGlobals(cmd))
      .option('--step <id>', t('cli.step'))
      .option('--dry-run', t('cli.dryRun'))
      .addHelpText('after', runExamples);

  // `onboard` alone runs the wizard; `onboard frob` is an unknown command, not "too many arguments".
  program.allowExcessArguments(true);
  withRun(configureRun(program), 'run', setName, async (c, args) => {
    if (c.args[0] !== undefined) {
      const known = c.commands.map((x) => x.name());
      throw new UsageError('cli.unknownCommand', { command: String(c.args[0]), known: known.join(', ') }, [
        { key: 'cli.seeHelp' },
      ]);
    }
    return runAction(c, args);
  });
  withRun(
    configureRun(program.command('run').description(t('cli.runDescription'))),
    'run',
    setName,
    runAction,
  );

  withRun(
    addGlobals(program.command('status').description(t('cli.statusDescription')))
      .addOption(
        new Option(
          '--product <product>',
          `${t('field.product')} ${t('cli.envSuffix', { env: 'ONBOARD_PRODUCT' })}`,
        ).choices(['emr', 'maxcompute', 'both']),
      )
      .addHelpText('after', examples(['onboard status', 'onboard status --json --profile ci'])),
    'status',
    setName,
    async (c) => {
      return statusCommand(await globalsOf(c), {
        product: (c.optsWithGlobals() as Opts).product as string | undefined,
      });
    },
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
  withRun(
    addGlobals(keys.command('list').description(t('cli.keysList'))).addHelpText(
      'after',
      examples(['onboard keys list', 'onboard keys list --json']),
    ),
    'keys list',
    setName,
    async (c) => {
      return keysList(await globalsOf(c), process.argv.slice(2));
    },
  );
  withRun(
    addFields(addGlobals(keys.command('create').description(t('cli.keysCreate'))), [
      'acceptKeyRisk',
      'csv',
      'showSecret',
      'allowCidr',
    ]).addHelpText(
      'after',
      examples([
        'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
        'onboard keys create --accept-key-risk --show-secret --json --allow-cidr 10.0.0.0/8',
      ]),
    ),
    'keys create',
    setName,
    async (c) => {
      return keysCreate(await globalsOf(c), fieldFlags(c.optsWithGlobals() as Opts), process.argv.slice(2));
    },
  );
  for (const action of ['disable', 'enable', 'delete'] as const) {
    withRun(
      addGlobals(
        keys.command(`${action} <id>`).description(t(`cli.keys.${action}` as MessageKey)),
      ).addHelpText(
        'after',
        examples([`onboard keys ${action} LTAI5tExampleExample1234${action === 'delete' ? ' --yes' : ''}`]),
      ),
      `keys ${action}`,
      setName,
      async (c, args) => {
        return keysChange(await globalsOf(c), action, String(args[0]), process.argv.slice(2));
      },
    );
  }

  withRun(
    addGlobals(program.command('reset').description(t('cli.resetDescription'))).addHelpText(
      'after',
      examples(['onboard reset --yes --profile ci']),
    ),
    'reset',
    setName,
    async (c) => {
      return resetCommand(await globalsOf(c));
    },
  );

  const sim = program.command('sim').description(t('cli.simDescription'));
  sim.addHelpText(
    'after',
    examples(['onboard sim inbox --email dev@example.com', 'onboard sim approve', 'onboard sim reset --yes']),
  );
  withRun(
    addGlobals(sim.command('inbox').description(t('cli.simInbox')))
      .option('--email <address>', t('cli.simInboxEmail'))
      .addHelpText('after', examples(['onboard sim inbox', 'onboard sim inbox --email dev@example.com'])),
    'sim inbox',
    setName,
    async (c) => {
      return simCommand(await globalsOf(c), 'inbox', {
        email: (c.optsWithGlobals() as Opts).email as string | undefined,
      });
    },
  );
  withRun(
    addGlobals(sim.command('approve').description(t('cli.simApprove'))).addHelpText(
      'after',
      examples(['onboard sim approve']),
    ),
    'sim approve',
    setName,
    async (c) => {
      return simCommand(await globalsOf(c), 'approve', {});
    },
  );
  withRun(
    addGlobals(sim.command('reset').description(t('cli.simReset'))).addHelpText(
      'after',
      examples(['onboard sim reset --yes']),
    ),
    'sim reset',
    setName,
    async (c) => {
      return simCommand(await globalsOf(c), 'reset', {});
    },
  );

  withRun(
    program
      .command('schema')
      .description(t('cli.schemaDescription'))
      .addHelpText('after', examples(['onboard schema > answers.schema.json'])),
    'schema',
    setName,
    async () => {
      return schemaCommand();
    },
  );

  withRun(
    program
      .command('exit-codes')
      .description(t('cli.exitCodesDescription'))
      .addHelpText(
        'after',
        `\n${exitCodeTable()}\n${examples(['onboard exit-codes', 'onboard help exit-codes'])}`,
      ),
    'exit-codes',
    setName,
    async () => {
      process.stdout.write(`${exitCodeTable()}\n`);
      return EXIT.ok;
    },
  );
  return program;
}

export function exitCodeTable(): string {
  const rows: Array<[number, MessageKey]> = [
    [0, 'exit.0'],
    [1, 'exit.1'],
    [2, 'exit.2'],
    [3, 'exit.3'],
    [4, 'exit.4'],
    [5, 'exit.5'],
    [130, 'exit.130'],
  ];
  return `${t('cli.exitCodes')}\n${rows.map(([c, k]) => `  ${String(c).padStart(3)}  ${t(k)}`).join('\n')}`;
}
