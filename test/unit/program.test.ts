/**
 * The parser, apart from what commands do with what it gives: argv → the
 * command, the global options, the command's own options and the answers
 * given as flags; and argv → the usage error (exit 2, catalog key, "did you
 * mean"). Only argv is read: environment variables are the commands' to decide.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { setLang, t } from '../../src/i18n/index.js';
import { parseArgv } from '../../src/program.js';

async function parsed(argv: string[]) {
  const call = await parseArgv(argv, '0.0.0-test');
  if (call === null) throw new Error('help or version shown');
  return {
    name: call.name,
    globals: call.globals,
    own: call.parsed.own,
    fields: call.parsed.fields,
    args: call.parsed.args,
  };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await setLang('en');
});

describe('argv → command and options', () => {
  const table: Array<[string[], Partial<Awaited<ReturnType<typeof parsed>>>]> = [
    [[], { name: 'run', globals: {}, own: {}, fields: {}, args: [] }],
    [['--profile', 'x', 'status'], { name: 'status', globals: { profile: 'x' }, own: {}, fields: {} }],
    [['status', '--profile', 'x'], { name: 'status', globals: { profile: 'x' } }],
    [['--config-dir=/tmp/c', 'status', '--json'], { globals: { configDir: '/tmp/c', json: true } }],
    [['--no-interactive', '-y'], { name: 'run', globals: { interactive: false, yes: true } }],
    [['--interactive'], { globals: { interactive: true } }],
    [['--no-color'], { globals: { color: false } }],
    [['run', '--dry-run', '--step', 'oss'], { name: 'run', own: { dryRun: true, step: 'oss' } }],
    [['--dry-run', 'run'], { name: 'run', own: { dryRun: true } }],
    [['--region=cn-shanghai', '--high-end'], { fields: { region: 'cn-shanghai', highEnd: true } }],
    [['--no-high-end', '--no-root-key'], { fields: { highEnd: false, rootKey: false } }],
    [['--no-ram-user'], { fields: { ramUser: false } }],
    [['--ram-user', 'ops'], { fields: { ramUser: 'ops' } }],
    [
      ['--save-to', 'aliyun-cli:a', '--save-to', 'env', '--ram-policy', 'P1'],
      { fields: { saveTo: ['aliyun-cli:a', 'env'], ramPolicy: ['P1'] } },
    ],
    [['keys', 'list', '--ram-user', 'ops'], { name: 'keys list', own: { ramUser: 'ops' }, fields: {} }],
    [['--ram-user', 'ops', 'keys', 'list'], { name: 'keys list', own: { ramUser: 'ops' }, fields: {} }],
    [
      ['keys', '--profile', 'p', 'delete', 'LTAI1'],
      { name: 'keys delete', globals: { profile: 'p' }, args: ['LTAI1'] },
    ],
    [['keys', 'delete', '--', '-odd'], { name: 'keys delete', args: ['-odd'] }],
    [
      ['keys', 'create', '--save-to', 'env', '--accept-key-risk'],
      { name: 'keys create', fields: { saveTo: ['env'], acceptKeyRisk: true } },
    ],
    [['sim', 'inbox', '--email', 'a@b.c'], { name: 'sim inbox', own: { email: 'a@b.c' }, fields: {} }],
    [
      ['sim', 'serve', '--host', '::1', '--port', '0'],
      { name: 'sim serve', own: { host: '::1', port: '0' } },
    ],
    // Global options a command ignores are still accepted (its help does not list them).
    [
      ['status', '--yes', '--interactive', '--answers', 'a.json'],
      { name: 'status', globals: { yes: true, interactive: true, answers: 'a.json' } },
    ],
    [
      ['exit-codes', '--profile', 'x', '--no-color'],
      { name: 'exit-codes', globals: { profile: 'x', color: false } },
    ],
  ];
  it.each(table)('%j', async (argv, expected) => {
    expect(await parsed(argv)).toMatchObject(expected);
  });

  it('reads no environment variable (ONBOARD_YES=maybe is a usage error later, named as such)', async () => {
    vi.stubEnv('ONBOARD_YES', 'maybe');
    vi.stubEnv('ONBOARD_PROFILE', 'env');
    vi.stubEnv('ONBOARD_REGION', 'cn-beijing');
    expect(await parsed(['status'])).toMatchObject({ globals: {}, fields: {} });
  });
});

describe('argv → usage error', () => {
  const table: Array<[string[], string, Record<string, string>, string?]> = [
    [['stauts'], 'cli.unknownCommand', { command: 'stauts' }, 'status'],
    [['run', 'stauts'], 'cli.unknownCommand', { command: 'stauts' }, 'status'],
    [['keys', 'lsit'], 'cli.unknownCommand', { command: 'lsit' }, 'list'],
    [['help', 'keys', 'lsit'], 'cli.unknownCommand', { command: 'lsit' }, 'list'],
    [['--regoin', 'x'], 'cli.err.unknownOption', { name: '--regoin' }, '--region'],
    [['status', '--regoin', 'x'], 'cli.err.unknownOption', { name: '--regoin' }],
    [['status', '--prodcut', 'x'], 'cli.err.unknownOption', { name: '--prodcut' }, '--product'],
    [['--step', 'oss', 'status'], 'cli.err.unknownOption', { name: '--step' }],
    [['--no-ram-user', 'keys', 'list'], 'cli.err.unknownOption', { name: '--no-ram-user' }],
    [['sim', 'serve', '--no-host'], 'cli.err.unknownOption', { name: '--no-host' }],
    [['--json=1'], 'cli.err.noValue', { name: '--json' }],
    [['--region'], 'cli.err.optionMissingArgument', { name: '--region <id>' }],
    [['--email', '--json'], 'cli.err.optionMissingArgument', { name: '--email <address>' }],
    [['--identity-type', 'robot'], 'cli.err.invalidArgument', { name: '--identity-type', value: 'robot' }],
    [['keys', 'delete'], 'cli.err.missingArgument', { name: '<id>' }],
    [['keys', 'delete', 'a', 'b'], 'cli.err.excessArguments', { extra: 'b' }],
    [['schema', 'x'], 'cli.err.excessArguments', { extra: 'x' }],
  ];
  it.each(table)('%j → %s', async (argv, key, params, suggestion) => {
    const error = await parseArgv(argv, '0.0.0-test').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    if (!(error instanceof UsageError)) return;
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe(key);
    expect(error.params).toMatchObject(params);
    const mean = error.hints.find((h) => h.key === 'cli.didYouMean');
    expect(mean?.params?.suggestion).toBe(suggestion);
  });

  it('is worded by the catalog in the user language', async () => {
    await setLang('zh-CN');
    const error = await parseArgv(['--regoin', 'x'], '0.0.0-test').catch((e: unknown) => e);
    if (!(error instanceof UsageError)) throw new Error('no usage error');
    expect(t(error.key, error.params)).toBe('未知选项「--regoin」。');
    expect(error.hints.map((h) => t(h.key, h.params))).toContain('您是想输入 --region 吗？');
  });
});
