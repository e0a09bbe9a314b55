import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE,
  journeyArgs,
  onboard,
  PASSWORD,
  RESIDENT_ID,
  ROOT,
  workspaces,
} from '../helpers/cli.js';
import { cloudExists, readCloud } from '../helpers/cloud.js';

const setup = workspaces('usage');

/** journeyArgs without the given flags (and their values). */
function without(args: string[], ...flags: string[]): string[] {
  const out = [...args];
  for (const f of flags) {
    const i = out.indexOf(f);
    if (i >= 0) out.splice(i, f === '--password-stdin' || f === '--accept-key-risk' ? 1 : 2);
  }
  return out;
}
/** Nothing was written: the config dir is absent or empty. */
function nothingWritten(cfg: string) {
  if (existsSync(cfg)) expect(readdirSync(cfg)).toEqual([]);
}
/** One id check character off. */
const BAD_ID = `${RESIDENT_ID.slice(0, 17)}${RESIDENT_ID[17] === '0' ? '1' : '0'}`;

describe('usage errors (exit 2, nothing changed)', () => {
  it('a missing answer fails fast, naming the flag, the env var and an example', () => {
    const { dir, cfg } = setup();
    const t0 = Date.now();
    const r = onboard(cfg, without(journeyArgs(dir), '--email'), { input: `${PASSWORD}\n`, cwd: dir });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--email');
    expect(r.stderr).toContain('ONBOARD_EMAIL');
    expect(r.stderr).toMatch(/onboard .*--email/);
    nothingWritten(cfg);
  });

  const invalid: [string, string[], Record<string, string>, string][] = [
    ['bad email', ['--email', 'not-an-email'], {}, '--email'],
    ['bad bucket', ['--bucket', 'Ab'], {}, '--bucket'],
    ['region without EMR', ['--region', 'cn-heyuan'], {}, '--region'],
    ['storage class for EMR', ['--storage-class', 'IA'], {}, '--storage-class'],
    ['wrong id check char', ['--id-number', BAD_ID], {}, '--id-number'],
    ['vcpu quota too small', ['--high-end', '--vcpu-quota', '5'], {}, '--vcpu-quota'],
    ['bad profile', ['--profile', 'Bad Name'], {}, '--profile'],
    ['bad boolean env', [], { ONBOARD_YES: 'maybe' }, 'ONBOARD_YES'],
    ['unknown fault op', [], { ONBOARD_SIM_FAULTS: 'nope:throttle' }, 'ONBOARD_SIM_FAULTS'],
  ];
  for (const [name, extra, env, names] of invalid) {
    it(`invalid value: ${name}`, () => {
      const { dir, cfg } = setup();
      const base = journeyArgs(dir);
      const overridden = extra.filter((a) => a.startsWith('--') && base.includes(a) && a !== '--high-end');
      const r = onboard(cfg, [...without(base, ...overridden), ...extra], {
        input: `${PASSWORD}\n`,
        env,
        cwd: dir,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(names);
      expect(r.stdout).toBe('');
      nothingWritten(cfg);
      expect(existsSync(join(dir, 'AccessKey.csv'))).toBe(false);
    });
  }

  it('answers file: unknown key and wrong type name the key', () => {
    const { dir, cfg } = setup();
    const f1 = join(dir, 'a1.json');
    writeFileSync(f1, JSON.stringify({ email: 'dev@example.com', frobnicate: 1 }));
    const r1 = onboard(cfg, ['--no-interactive', '--answers', f1], { cwd: dir });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('frobnicate');
    const f2 = join(dir, 'a2.json');
    writeFileSync(f2, JSON.stringify({ email: 'dev@example.com', vcpuQuota: 'lots' }));
    const r2 = onboard(cfg, ['--no-interactive', '--answers', f2], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('vcpuQuota');
    nothingWritten(cfg);
  });

  it('an answers file drives the same journey; flag > env > answers file', () => {
    const { dir, cfg } = setup();
    const f = join(dir, 'answers.json');
    writeFileSync(
      f,
      JSON.stringify({
        email: 'dev@example.com',
        identityType: 'individual',
        legalName: 'Li Lei',
        idNumber: RESIDENT_ID,
        acceptKeyRisk: true,
        csv: join(dir, 'AccessKey.csv'),
        region: 'cn-beijing',
      }),
    );
    // env beats the file
    const dry = onboard(cfg, ['run', '--dry-run', '--json', '--answers', f], {
      env: { ONBOARD_PASSWORD: PASSWORD, ONBOARD_REGION: 'cn-shanghai' },
      cwd: dir,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('cn-shanghai');
    expect(dry.stdout).not.toContain('cn-beijing');
    // flag beats env
    const r = onboard(cfg, ['--no-interactive', '--answers', f, '--region', 'cn-qingdao', '--json'], {
      env: { ONBOARD_PASSWORD: PASSWORD, ONBOARD_REGION: 'cn-shanghai' },
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('complete');
    const oss = doc.steps.find((s: { id: string }) => s.id === 'oss');
    expect(oss.details.region).toBe('cn-qingdao');
    expect(readFileSync(join(dir, 'AccessKey.csv'), 'utf8')).toMatch(/^AccessKey ID,AccessKey Secret\nLTAI/);
  });

  it('answers file alone (file region applies when no flag/env)', () => {
    const { dir, cfg } = setup();
    const f = join(dir, 'answers.json');
    writeFileSync(
      f,
      JSON.stringify({
        email: 'dev@example.com',
        identityType: 'enterprise',
        companyName: 'Acme Ltd',
        creditCode: CREDIT_CODE,
        legalRepresentative: 'Li Lei',
        acceptKeyRisk: true,
        csv: join(dir, 'AccessKey.csv'),
        region: 'cn-beijing',
      }),
    );
    const r = onboard(cfg, ['--no-interactive', '--answers', f, '--json'], {
      env: { ONBOARD_PASSWORD: PASSWORD },
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const oss = JSON.parse(r.stdout).steps.find((s: { id: string }) => s.id === 'oss');
    expect(oss.details.region).toBe('cn-beijing');
  });

  it('--csv pointing at an existing file: exit 2, file untouched, nothing created', () => {
    const { dir, cfg } = setup();
    const csv = join(dir, 'AccessKey.csv');
    writeFileSync(csv, 'precious\n');
    const r = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(csv);
    expect(readFileSync(csv, 'utf8')).toBe('precious\n');
    if (cloudExists(cfg)) {
      const cloud = readCloud(cfg);
      expect(cloud.accounts.flatMap((a: { accessKeys: unknown[] }) => a.accessKeys)).toEqual([]);
    }
  });

  it('non-interactive without --accept-key-risk, or without --csv/--show-secret: exit 2', () => {
    const { dir, cfg } = setup();
    const r1 = onboard(cfg, without(journeyArgs(dir), '--accept-key-risk'), {
      input: `${PASSWORD}\n`,
      cwd: dir,
    });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('--accept-key-risk');
    const r2 = onboard(cfg, without(journeyArgs(dir), '--csv'), { input: `${PASSWORD}\n`, cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--csv');
    expect(r2.stderr).toContain('--show-secret');
    nothingWritten(cfg);
  });
});

describe('help, version, exit codes', () => {
  const cmds = [['run'], ['status'], ['keys'], ['keys', 'create'], ['reset'], ['sim', 'inbox']];
  for (const c of cmds) {
    it(`${c.join(' ')} --help shows env vars and an example`, () => {
      const { dir, cfg } = setup();
      const r = onboard(cfg, [...c, '--help'], { cwd: dir });
      expect(r.code).toBe(0);
      // `keys` is a group without flags of its own: its subcommands list the env vars.
      if (c.join(' ') !== 'keys') expect(r.stdout).toMatch(/ONBOARD_[A-Z_]+/);
      expect(r.stdout).toMatch(/\bonboard [a-z-]/);
      expect(r.stdout).toContain(`onboard ${c.join(' ')}`.replace('onboard run', 'onboard'));
    });
  }
  it('--version prints the package version', () => {
    const { dir, cfg } = setup();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const r = onboard(cfg, ['--version'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
  it('the top-level help lists the commands and the global options; the step answers are in run --help', () => {
    const { dir, cfg } = setup();
    const top = onboard(cfg, ['--help'], { cwd: dir }).stdout;
    const run = onboard(cfg, ['run', '--help'], { cwd: dir }).stdout;
    const option = (flag: string) => new RegExp(`^  (-\\w, )?${flag}\\b`, 'm');
    for (const flag of ['--profile', '--config-dir', '--json', '--no-interactive', '--lang', '--yes']) {
      expect(top).toMatch(option(flag));
      expect(run).toMatch(option(flag));
    }
    for (const flag of ['--email', '--region', '--bucket', '--high-end', '--step', '--dry-run']) {
      expect(top).not.toMatch(option(flag));
      expect(run).toMatch(option(flag));
    }
    for (const command of [
      'run',
      'status',
      'profiles',
      'keys',
      'sim',
      'schema',
      'exit-codes',
      'version',
      'help',
    ])
      expect(top).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    // Still taken before the command word, as `onboard` alone is `run`.
    const plan = onboard(cfg, ['--region', 'cn-shanghai', '--dry-run', '--no-interactive', '--json'], {
      cwd: dir,
    });
    expect(plan.stderr).toContain('--email');
  });

  it('status, profiles, schema and exit-codes list only the options that change what they do; the others are accepted', () => {
    const { dir, cfg } = setup();
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, '{}');
    for (const command of ['status', 'profiles', 'schema', 'exit-codes']) {
      const help = onboard(cfg, [command, '--help'], { cwd: dir }).stdout;
      for (const flag of ['--yes', '--answers', '--interactive', '--no-interactive'])
        expect(help, `${command} --help`).not.toMatch(new RegExp(`^  (-\\w, )?${flag}\\b`, 'm'));
      const r = onboard(cfg, [command, '--yes', '--interactive', '--answers', answers], { cwd: dir });
      expect(r.code, `${command}: ${r.stderr}`).toBe(0);
    }
    expect(onboard(cfg, ['status', '--help'], { cwd: dir }).stdout).toMatch(/ONBOARD_PROFILE/);
  });

  it('`onboard version` and `onboard help <command>` are --version and <command> --help', () => {
    const { dir, cfg } = setup();
    const same = (a: string[], b: string[]) => {
      const x = onboard(cfg, a, { cwd: dir });
      const y = onboard(cfg, b, { cwd: dir });
      expect(x.code, `${a.join(' ')}: ${x.stderr}`).toBe(0);
      expect(x.stdout, a.join(' ')).toBe(y.stdout);
      expect(x.stdout.length).toBeGreaterThan(0);
    };
    same(['version'], ['--version']);
    same(['version', '--json'], ['--version', '--json']);
    same(['keys', 'list', '-V'], ['--version']);
    same(['help'], ['--help']);
    same(['help', 'status'], ['status', '--help']);
    same(['help', 'keys'], ['keys', '--help']);
    same(['help', 'keys', 'create'], ['keys', 'create', '--help']);
    same(['help', 'sim', 'serve', '--lang', 'zh-CN'], ['sim', 'serve', '--help', '--lang', 'zh-CN']);
    same(['help', 'exit-codes', '--json'], ['exit-codes', '--help', '--json']);
    expect(onboard(cfg, ['help', 'keys', 'create'], { cwd: dir }).stdout).toContain('--accept-key-risk');
    const typo = onboard(cfg, ['help', 'keys', 'craete'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean create?');
  });

  it('exit-codes lists every code', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['exit-codes'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 130]) expect(r.stdout).toMatch(new RegExp(`^\\s*${code}\\s`, 'm'));
  });
});
