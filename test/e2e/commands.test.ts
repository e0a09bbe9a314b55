/**
 * What every command prints (issue #11): commands printed for the person run
 * as printed and act on the same setup; `--json` gives exactly one document
 * for every command, on success and on failure; a dry run reports every
 * missing answer at once; typos are named consistently and get a suggestion.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/width.js';
import {
  BIN,
  baseEnv,
  ENTERPRISE_IDENTITY,
  journeyArgs,
  onboard,
  PASSWORD,
  ROOT,
  type RunResult,
  workspaces,
} from '../helpers/cli.js';

const setup = workspaces('commands');

/** Runs a printed command line through a shell, `onboard` being this build (and nothing else set). */
function runPrinted(command: string, cwd: string, env: Record<string, string> = {}): RunResult {
  const r = spawnSync('sh', ['-c', `onboard() { "${process.execPath}" "${BIN}" "$@"; }\n${command}`], {
    env: baseEnv(env),
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `onboard …` command lines in human output, folded lines (` \`) joined. */
function printedCommands(text: string): string[] {
  return [...text.replace(/ \\\n\s*/g, ' ').matchAll(/^\s*(onboard --.*)$/gm)].map((m) => m[1] ?? '');
}

describe('printed commands paste as printed', () => {
  it('Next:, --json next[] and sim approve act on the same profile and config dir', () => {
    const { dir } = setup();
    const cfg = join(dir, 'my config');
    // Given through the environment: the printed commands must carry them anyway.
    const env = { ONBOARD_CONFIG_DIR: cfg, ONBOARD_PROFILE: 'ci', ONBOARD_SIM_REVIEW_SECONDS: '60' };
    const args = [
      '--no-interactive',
      '--email',
      'ent@example.com',
      '--password-stdin',
      ...ENTERPRISE_IDENTITY,
      '--accept-key-risk',
      '--csv',
      join(dir, 'k.csv'),
    ];
    const run = (extra: string[]) =>
      spawnSync(process.execPath, [BIN, ...args, ...extra], {
        env: baseEnv(env),
        cwd: dir,
        input: `${PASSWORD}\n`,
        encoding: 'utf8',
      });
    const human = run([]);
    expect(human.status, human.stderr).toBe(3);
    const fromText = printedCommands(human.stderr);
    const json = run(['--json']);
    expect(json.status, json.stderr).toBe(3);
    const fromJson = (JSON.parse(json.stdout).next as Array<{ command: string }>).map((n) => n.command);
    expect(fromJson).toEqual(fromText);
    const approve = fromJson.find((c) => c.endsWith(' sim approve'));
    const again = fromJson.find((c) => !c.includes(' sim '));
    expect(approve).toBeDefined();
    expect(again).toBeDefined();
    for (const c of fromJson) expect(c).toContain(`--profile ci --config-dir '${cfg}'`);
    // Run as printed, with none of the variables set: same setup.
    const approved = runPrinted(`${approve} --json`, dir);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout).decided.identities).toBe(1);
    // The rest of the answers a script gives; the account, its session and the identity come from the state.
    const done = runPrinted(`${again}`, dir, {
      ONBOARD_SIM_REVIEW_SECONDS: '60',
      ONBOARD_ACCEPT_KEY_RISK: '1',
      ONBOARD_CSV: join(dir, 'k.csv'),
    });
    expect(done.code, done.stderr).toBe(0);
    // A finished setup's Next: says what to do with it, with the console link, and pastes too.
    const next = printedCommands(done.stderr);
    expect(next.length).toBeGreaterThan(0);
    expect(done.stderr).toMatch(/E-MapReduce cluster .*\n?.*https:\/\//);
    for (const c of next) {
      const r = runPrinted(c, dir);
      expect(r.code, `${c}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Status: complete/);
    }
  });

  it('the printed "run again" carries the flags the rest of the setup still needs (where the new key goes)', () => {
    const { dir } = setup();
    const cfg = join(dir, 'my config');
    const home = join(dir, 'home');
    const env = { HOME: home, ONBOARD_SIM_REVIEW_SECONDS: '60' };
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        '--no-interactive',
        '--json',
        '--config-dir',
        cfg,
        '--email',
        'ent@example.com',
        '--password-stdin',
        ...ENTERPRISE_IDENTITY,
        '--no-root-key',
        '--ram-user',
        'ops',
        '--ram-save-to',
        'aliyun-cli:ops',
      ],
      { env: baseEnv(env), cwd: dir, input: `${PASSWORD}\n`, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(3);
    const next = (JSON.parse(r.stdout).next as Array<{ command: string }>).map((n) => n.command);
    const again = next.find((c) => !c.includes(' sim '));
    // Where the RAM user's key goes is not an answer the profile keeps; the identity under review needs nothing.
    expect(again).toContain('--ram-save-to aliyun-cli:ops');
    expect(again).not.toContain('--credit-code');
    expect(runPrinted(`${next.find((c) => c.endsWith(' sim approve'))}`, dir, env).code).toBe(0);
    const done = runPrinted(`${again}`, dir, env);
    expect(done.code, done.stderr).toBe(0);
    expect(readFileSync(join(home, '.aliyun', 'config.json'), 'utf8')).toContain('"name": "ops"');
  });

  it('a hint inside an error names the command for this setup (the key limit)', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const create = (n: number) =>
      onboard(
        cfg,
        ['keys', 'create', '--accept-key-risk', '--no-interactive', '--csv', join(dir, `k${n}.csv`)],
        {
          cwd: dir,
        },
      );
    for (let n = 2; n <= 5; n++) expect(create(n).code).toBe(0);
    const sixth = create(6);
    expect(sixth.code).toBe(4);
    const list = /`(onboard [^`]* keys list)`/.exec(sixth.stderr)?.[1];
    expect(list).toBeDefined();
    const r = runPrinted(`${list} --json`, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keys).toHaveLength(5);
    // It names a real key, not `<id>`: the oldest this profile did not deliver, disabled then deleted.
    expect(sixth.stderr).not.toContain('<id>');
    const free = /: (onboard \S.* keys disable (LTAI\w{20}) && onboard \S.* keys delete \2 --yes)$/m.exec(
      sixth.stderr,
    );
    expect(free, sixth.stderr).not.toBeNull();
    const freed = runPrinted(free?.[1] ?? '', dir);
    expect(freed.code, freed.stderr).toBe(0);
    expect(create(6).code).toBe(0);
  });
});

describe('a dry run reports every missing answer at once', () => {
  it('all of them, with one example that keeps every flag given (--dry-run included)', () => {
    const { dir, cfg } = setup();
    for (const json of [false, true]) {
      const args = [
        'run',
        '--dry-run',
        '--no-interactive',
        '--region',
        'cn-shanghai',
        ...(json ? ['--json'] : []),
      ];
      const r = onboard(cfg, args, { cwd: dir });
      expect(r.code).toBe(2);
      // No key answer: the RAM user's key (the recommended path first), or --no-ram-user; no root key.
      for (const flag of ['--email', '--password-stdin', '--identity-type', '--ram-csv', '--no-ram-user'])
        expect(r.stderr).toContain(flag);
      expect(r.stderr).not.toContain('--accept-key-risk');
      const examples = r.stderr.split('\n').filter((l) => l.includes('For example:'));
      expect(examples).toHaveLength(1);
      for (const kept of ['--dry-run', '--region cn-shanghai', '--profile default', `--config-dir ${cfg}`])
        expect(examples[0]).toContain(kept);
      if (json) {
        expect(examples[0]).toContain('--json');
        expect(JSON.parse(r.stdout).error.code).toBe('MissingAnswer');
      }
      expect(existsSync(cfg)).toBe(false);
    }
  });
});

describe('--json: exactly one JSON document from every command, on success and on failure', () => {
  const ok: string[][] = [
    ['run', '--no-interactive', '--step', 'highend', '--no-high-end'],
    ['status'],
    ['profiles'],
    ['keys', 'list'],
    ['keys', 'create', '--accept-key-risk', '--show-secret'],
    ['reset', '--yes', '--profile', 'other'],
    ['sim', 'inbox'],
    ['sim', 'approve'],
    ['schema'],
    ['exit-codes'],
    ['--help'],
    ['help', 'keys'],
    ['keys'],
    ['--version'],
  ];
  const failing: Array<[string[], number]> = [
    [['run', '--no-interactive', '--step', 'nope'], 2],
    [['status', '--product', 'nope'], 2],
    [['profiles', '--bogus'], 2],
    [['keys', 'list', '--profile', 'nobody'], 2],
    [['keys', 'create', '--profile', 'nobody', '--accept-key-risk', '--show-secret'], 2],
    [['keys', 'disable', 'LTAI00000000000000000000'], 4],
    [['keys', 'enable', 'LTAI00000000000000000000'], 4],
    [['keys', 'delete'], 2],
    [['reset'], 2],
    [['sim', 'inbox', '--provider', 'aliyun'], 2],
    [['sim', 'approve', '--provider', 'aliyun'], 2],
    [['sim', 'reset'], 2],
    [['schema', '--bogus'], 2],
    [['exit-codes', '--bogus'], 2],
    [['frob'], 2],
  ];
  function oneDocument(r: RunResult): Record<string, unknown> {
    // JSON.parse takes exactly one value: a second document or any other text fails it.
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion ?? doc.$schema).toBeDefined();
    return doc;
  }

  it('every command', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    for (const args of ok) {
      const r = onboard(cfg, [...args, '--json'], { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const doc = oneDocument(r);
      expect(doc.error, args.join(' ')).toBeUndefined();
    }
    for (const [args, code] of failing) {
      const r = onboard(cfg, [...args, '--json'], { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      const doc = oneDocument(r) as { error: { exitCode: number; code: string } };
      expect(doc.error.exitCode, args.join(' ')).toBe(code);
    }
  });
});

describe('profiles and typos', () => {
  it('`onboard profiles` lists them; `status --profile <typo>` says it never ran and names the others', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const second = journeyArgs(dir, ['--profile', 'second']).map((a) =>
      a === 'dev@example.com' ? 'two@example.com' : a.endsWith('AccessKey.csv') ? join(dir, 'two.csv') : a,
    );
    expect(onboard(cfg, second, { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const profiles = onboard(cfg, ['profiles'], { cwd: dir });
    expect(profiles.stdout).toMatch(/^default\s+E-MapReduce\s+complete\s+\d{16}$/m);
    expect(profiles.stdout).toMatch(/^second\s+E-MapReduce\s+complete\s+\d{16}$/m);
    const typo = onboard(cfg, ['status', '--profile', 'secnod'], { cwd: dir });
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('Profile secnod has never run here');
    // No account, so no session: nothing claims one expired.
    expect(typo.stdout).not.toContain('session expired');
    expect(typo.stderr).toMatch(/default,\s+second/);
    const json = JSON.parse(onboard(cfg, ['status', '--profile', 'secnod', '--json'], { cwd: dir }).stdout);
    expect(json.known).toBe(false);
  });

  it('unknown commands and options are quoted alike, with a suggestion (en and zh-CN)', () => {
    const { dir, cfg } = setup();
    const say = (args: string[], lang: string) => onboard(cfg, ['--lang', lang, ...args], { cwd: dir });
    const en = [say(['stauts'], 'en'), say(['--regoin', 'x'], 'en'), say(['keys', 'lsit'], 'en')];
    for (const r of en) expect(r.code).toBe(2);
    expect(en[0]?.stderr).toContain('Unknown command "stauts".');
    expect(en[0]?.stderr).toContain('Did you mean status?');
    expect(en[1]?.stderr).toContain('Unknown option "--regoin".');
    expect(en[1]?.stderr).toContain('Did you mean --region?');
    expect(en[2]?.stderr).toContain('Unknown command "lsit".');
    expect(en[2]?.stderr).toContain('Did you mean list?');
    // The help to read is the group's, pasteable as printed.
    expect(en[2]?.stderr).toContain('See `onboard keys --help`');
    expect(en[0]?.stderr).toContain('See `onboard --help`');
    const zh = [say(['stauts'], 'zh-CN'), say(['--regoin', 'x'], 'zh-CN'), say(['keys', 'lsit'], 'zh-CN')];
    expect(zh[0]?.stderr).toContain('未知命令「stauts」');
    expect(zh[1]?.stderr).toContain('未知选项「--regoin」');
    expect(zh[2]?.stderr).toContain('未知命令「lsit」');
    expect(existsSync(cfg)).toBe(false);
  });
});

describe('Chinese output names things in Chinese', () => {
  it('key statuses in keys list, the default reason in a dry run’s plan', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const list = onboard(cfg, ['keys', 'list', '--lang', 'zh-CN'], { cwd: dir });
    expect(list.stdout).toMatch(/LTAI[A-Za-z0-9]{20} \*\s+已启用/);
    expect(list.stdout).not.toMatch(/Active|Inactive/);
    // Aligned by display width: each column starts at the same column in the header and the rows.
    const [head, row] = list.stdout.split('\n');
    const at = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
    expect(at(row ?? '', '已启用')).toBe(at(head ?? '', '状态'));
    expect(at(row ?? '', ' 20') + 1).toBe(at(head ?? '', '创建时间'));
    const plan = onboard(cfg, ['run', '--dry-run', '--no-interactive', '--high-end', '--lang', 'zh-CN'], {
      cwd: dir,
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('reason=E-MapReduce 集群节点');
  });
});

describe('README', () => {
  it('every npx example names the package, aliyun-onboard', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const npx = [...readme.matchAll(/npx\s+(\S+)/g)].map((m) => m[1]);
    expect(npx.length).toBeGreaterThan(0);
    for (const name of npx) expect(name).toBe('aliyun-onboard');
  });
});
