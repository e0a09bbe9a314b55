/**
 * THE command table: every command with its arguments, its options (global,
 * the answers it reads as flags, its own), its help and its examples. The
 * parser (tree.ts) and help (help.ts) are built from it, and a completion
 * script can be. Commands other than `run` and `status` load when they run.
 */
import { exitCodesCommand, exitCodeTable } from '../commands/exit-codes.js';
import { runCommand } from '../commands/run.js';
import { statusCommand } from '../commands/status.js';
import { STEP_IDS } from '../steps/index.js';
import { flag, GLOBAL_OPTIONS, optionalValue, value } from './options.js';
import { type CommandSpec, command } from './spec.js';

// Commands other than `run` and `status` are loaded when used: less to compile at every start.
const keys = () => import('../commands/keys.js');
const sim = () => import('../commands/sim.js');

/** How a key provider is reached for this run: every command that acts on the account takes them. */
const KEY_LOGIN = ['accessKeyId', 'accessKeySecretStdin'] as const;
const KEYS_READ = ['passwordStdin', 'site', ...KEY_LOGIN] as const;
const RAM_USER = [value('own', 'ramUser', '<name>', { help: 'cli.keysRamUser' })] as const;
/** What commands that only read and print ignore (accepted, not listed). */
const READER_IGNORES = ['yes', 'answers', 'interactive'] as const;

/** `onboard` alone is `run`. */
export const RUN = command({
  name: 'run',
  description: 'cli.runDescription',
  fields: 'all',
  own: [
    value('own', 'step', '<id>', {
      help: 'cli.step',
      params: { steps: STEP_IDS.join(', ') },
      completes: STEP_IDS,
    }),
    flag('own', 'dryRun', { help: 'cli.dryRun' }),
  ],
  examples: [
    'onboard',
    "printf '%s\\n' \"$PASSWORD\" | onboard --no-interactive --email dev@example.com --password-stdin --identity-type individual --legal-name 'Li Lei' --id-number 11010519491231002X --no-root-key --ram-user onboard-admin --ram-csv ./onboard-admin_AccessKey.csv --region cn-hangzhou",
    'onboard run --dry-run --answers answers.json --json',
    'onboard run --step oss --bucket my-emr-data --region cn-shanghai',
  ],
  run: runCommand,
});

/** The program itself: `run`'s options (it runs when no command is named), listing only the global ones. */
export const ROOT: CommandSpec = {
  ...RUN,
  name: '',
  description: 'cli.description',
  unlisted: new Set(RUN.options.filter((o) => o.scope !== 'global').map((o) => o.long)),
  examples: [...RUN.examples.slice(0, 2), 'onboard status --json', 'onboard help run'],
};

const keyChange = (action: 'disable' | 'enable' | 'delete') =>
  command({
    name: `keys ${action}`,
    description: `cli.keys.${action}`,
    args: ['<id>'],
    fields: KEYS_READ,
    own: RAM_USER,
    examples: [`onboard keys ${action} LTAI5tExampleExample1234${action === 'delete' ? ' --yes' : ''}`],
    run: async (g, p) => (await keys()).keysChange(g, p, action),
  });

/** Every command with a run of its own, and `help` and `version`, which the parser answers. */
export const COMMANDS: readonly CommandSpec[] = [
  RUN,
  command({
    name: 'status',
    description: 'cli.statusDescription',
    fields: ['product', 'site', ...KEY_LOGIN],
    ignores: READER_IGNORES,
    examples: ['onboard status', 'onboard status --json --profile ci'],
    run: statusCommand,
  }),
  command({
    name: 'profiles',
    description: 'cli.profilesDescription',
    ignores: [...READER_IGNORES, 'profile'],
    examples: ['onboard profiles', 'onboard profiles --json'],
    run: async (g, p) => (await import('../commands/profiles.js')).profilesCommand(g, p),
  }),
  command({
    name: 'keys list',
    description: 'cli.keysList',
    fields: KEYS_READ,
    own: RAM_USER,
    examples: ['onboard keys list', 'onboard keys list --json --ram-user onboard-admin'],
    run: async (g, p) => (await keys()).keysList(g, p),
  }),
  command({
    name: 'keys create',
    description: 'cli.keysCreate',
    fields: [
      'acceptKeyRisk',
      'csv',
      'saveTo',
      'overwriteProfile',
      'showSecret',
      'allowCidr',
      'region',
      ...KEYS_READ,
    ],
    own: RAM_USER,
    examples: [
      'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
      'onboard keys create --accept-key-risk --show-secret --json --allow-cidr 10.0.0.0/8',
      'onboard keys create --ram-user onboard-admin --csv ./onboard-admin_AccessKey-2.csv',
      'onboard keys create --ram-user onboard-admin --save-to aliyun-cli:admin --save-to credentials:admin',
    ],
    run: async (g, p) => (await keys()).keysCreate(g, p),
  }),
  keyChange('disable'),
  keyChange('enable'),
  keyChange('delete'),
  command({
    name: 'keys rotate',
    description: 'cli.keysRotate',
    args: ['[id]'],
    fields: [...KEYS_READ, 'showSecret'],
    own: [
      ...RAM_USER,
      flag('own', 'deleteOld', { help: 'cli.rotateDeleteOld' }),
      value('own', 'disableFirst', '<id>', { help: 'cli.rotateDisableFirst' }),
      // Another spelling of --disable-first: accepted, not listed.
      value('own', 'deleteFirst', '<id>', { help: 'cli.rotateDisableFirst', hidden: true }),
    ],
    examples: [
      'onboard keys rotate --delete-old',
      'onboard keys rotate LTAI5tExampleExample1234 --ram-user onboard-admin --json',
      'onboard keys rotate LTAI5tExampleExample1234 --disable-first LTAI5tOlderExampleKey123 --yes',
    ],
    run: async (g, p) => (await import('../commands/rotate/index.js')).keysRotate(g, p),
  }),
  command({
    name: 'doctor',
    description: 'cli.doctorDescription',
    fields: ['product', 'site', ...KEY_LOGIN],
    ignores: READER_IGNORES,
    examples: ['onboard doctor', 'onboard doctor --json --profile ci'],
    run: async (g, p) => (await import('../commands/doctor/index.js')).doctorCommand(g, p),
  }),
  command({
    name: 'completion',
    description: 'cli.completionDescription',
    args: ['<shell>'],
    ignores: GLOBAL_OPTIONS.map((o) => o.key).filter((k) => k !== 'json' && k !== 'lang'),
    examples: [
      'onboard completion bash > ~/.local/share/bash-completion/completions/onboard',
      'onboard completion zsh > ~/.zfunc/_onboard',
      'onboard completion fish > ~/.config/fish/completions/onboard.fish',
    ],
    run: async (g, p) =>
      (await import('./completion.js')).completionCommand(g, p, {
        root: ROOT,
        commands: COMMANDS,
        groups: GROUPS,
      }),
  }),
  command({
    name: 'reset',
    description: 'cli.resetDescription',
    examples: ['onboard reset --yes --profile ci'],
    run: async (g) => (await import('../commands/reset.js')).resetCommand(g),
  }),
  command({
    name: 'sim inbox',
    description: 'cli.simInbox',
    own: [value('own', 'email', '<address>', { help: 'cli.simInboxEmail' })],
    examples: ['onboard sim inbox', 'onboard sim inbox --email dev@example.com'],
    run: async (g, p) => (await sim()).simCommand(g, p, 'inbox'),
  }),
  command({
    name: 'sim approve',
    description: 'cli.simApprove',
    examples: ['onboard sim approve'],
    run: async (g, p) => (await sim()).simCommand(g, p, 'approve'),
  }),
  command({
    name: 'sim cancel',
    description: 'cli.simCancel',
    examples: ['onboard sim cancel', 'onboard sim cancel --json'],
    run: async (g, p) => (await sim()).simCommand(g, p, 'cancel'),
  }),
  command({
    name: 'sim reset',
    description: 'cli.simReset',
    examples: ['onboard sim reset --yes'],
    run: async (g, p) => (await sim()).simCommand(g, p, 'reset'),
  }),
  command({
    name: 'sim serve',
    description: 'cli.simServe',
    own: [
      value('own', 'host', '<addr>', {
        help: 'cli.simServeHost',
        default: '127.0.0.1',
        env: 'ONBOARD_SIM_HOST',
      }),
      value('own', 'port', '<n>', { help: 'cli.simServePort', default: '0', env: 'ONBOARD_SIM_PORT' }),
      optionalValue('own', 'log', '[file]', { help: 'cli.simServeLog', env: 'ONBOARD_SIM_LOG' }),
    ],
    examples: [
      'onboard sim serve --port 8080',
      'onboard sim serve --port 8080 --log sim-requests.log',
      'ONBOARD_SIM_HOST=0.0.0.0 ONBOARD_SIM_PORT=8080 ONBOARD_SIM_LOG=1 onboard sim serve --json',
    ],
    run: async (g, p) => (await import('../commands/serve.js')).serveCommand(g, p),
  }),
  command({
    name: 'schema',
    description: 'cli.schemaDescription',
    ignores: 'all',
    examples: ['onboard schema > answers.schema.json'],
    run: async () => (await import('../commands/schema.js')).schemaCommand(),
  }),
  command({
    name: 'exit-codes',
    description: 'cli.exitCodesDescription',
    ignores: GLOBAL_OPTIONS.map((o) => o.key).filter((k) => k !== 'json' && k !== 'lang'),
    examples: ['onboard exit-codes', 'onboard exit-codes --json'],
    after: exitCodeTable,
    run: async (g) => exitCodesCommand(g),
  }),
  command({
    name: 'version',
    description: 'cli.versionDescription',
    ignores: 'all',
    examples: ['onboard version', 'onboard version --json'],
  }),
  command({
    name: 'help',
    description: 'cli.helpDescription',
    args: ['[command...]'],
    ignores: 'all',
    examples: ['onboard help keys create', 'onboard help run --lang zh-CN'],
  }),
];

/** Groups of subcommands (`keys`, `sim`): a description and examples; their commands are in COMMANDS. */
export const GROUPS: readonly CommandSpec[] = [
  command({
    name: 'keys',
    description: 'cli.keysDescription',
    ignores: 'all',
    examples: [
      'onboard keys list --json',
      'onboard keys create --accept-key-risk --csv ./AccessKey-2.csv',
      'onboard keys disable LTAI... && onboard keys delete LTAI... --yes',
      'onboard keys rotate --delete-old',
    ],
  }),
  command({
    name: 'sim',
    description: 'cli.simDescription',
    ignores: 'all',
    examples: [
      'onboard sim inbox --email dev@example.com',
      'onboard sim approve',
      'onboard sim cancel',
      'onboard sim reset --yes',
      'onboard sim serve --port 8080',
    ],
  }),
];
