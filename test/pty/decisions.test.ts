/**
 * One set of decisions (SPEC §4.3): the same answers do the same thing at a
 * terminal, in a script and in a dry run. Each row of the key table is driven
 * both ways — a pseudo-terminal answering what it is asked, a script with the
 * same answers — and must give the same plan and the same result. Then the
 * refusals a person gets past at a terminal: a taken aliyun CLI profile, a
 * rejected verification. Needs the built CLI (`npm test` builds first).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CREDIT_CODE,
  onboard,
  PASSWORD,
  RESIDENT_ID,
  type RunResult,
  removeDir,
  tempDir,
} from '../helpers/cli.js';
import { KEY, type PtySession, spawnPty } from '../helpers/pty.js';

const dirs: string[] = [];
const sessions: PtySession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.kill();
    await Promise.race([s.exit, new Promise((r) => setTimeout(r, 2000))]);
  }
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A work dir with a home of its own (no aliyun CLI set up), and a config dir whose account is verified. */
function verifiedSetup(tag: string) {
  const dir = tempDir(`onboard-pty-decide-${tag}-`);
  dirs.push(dir);
  const home = join(dir, 'home');
  mkdirSync(home);
  const cfg = join(dir, 'cfg');
  const env = { HOME: home };
  const account = onboard(
    cfg,
    ['run', '--step', 'account', '--no-interactive', '--email', `${tag}@example.com`, '--password-stdin'],
    { input: `${PASSWORD}\n`, cwd: dir, env },
  );
  expect(account.code, account.stderr).toBe(0);
  const identity = onboard(
    cfg,
    ['run', '--step', 'identity', '--no-interactive', '--identity-type', 'individual'].concat([
      '--legal-name',
      'Li Lei',
      '--id-number',
      RESIDENT_ID,
    ]),
    { cwd: dir, env },
  );
  expect(identity.code, identity.stderr).toBe(0);
  return { dir, home, cfg, env };
}

/** The rest of the journey answered alike in both modes, so that only the key answers differ. */
function restArgs(tag: string): string[] {
  return ['--region', 'cn-hangzhou', '--bucket', `decide-${tag}-${process.pid}`].concat([
    '--storage-class',
    'Standard',
    '--acl',
    'private',
    '--redundancy',
    'LRS',
    '--no-high-end',
  ]);
}

function pty(setup: { dir: string; cfg: string; home: string }, args: string[]): PtySession {
  const s = spawnPty(setup.cfg, args, { cwd: setup.dir, env: { HOME: setup.home } });
  sessions.push(s);
  return s;
}

/** The key decision a plan shows: `keys=…` and `ramUser=…`, in order. */
function keyPlan(text: string): string[] {
  return [...text.matchAll(/\b(keys|ramUser)=(\S+)/g)].map((m) => `${m[1]}=${m[2]}`);
}

/** The steps' statuses, as `status --json` reads them. */
function statuses(setup: { dir: string; cfg: string; env: Record<string, string> }): Record<string, string> {
  const r = onboard(setup.cfg, ['status', '--json'], { cwd: setup.dir, env: setup.env });
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { steps: Array<{ id: string; status: string }> };
  return Object.fromEntries(doc.steps.map((s) => [s.id, s.status]));
}

/** Answers what a key's delivery asks at a terminal, in order, until the run ends. */
async function answer(s: PtySession, prompts: ReadonlyArray<readonly [RegExp, string]>): Promise<number> {
  for (const [re, keys] of prompts) {
    await s.waitFor(re, 15_000);
    s.write(keys);
  }
  return (await s.exit).exitCode;
}

const SAVED = [/Also hand the key to your tools\?/, KEY.enter] as const;
const CONFIRM = [/I have saved the AccessKey secret/, 'y\r'] as const;

interface Row {
  name: string;
  /** The key answers, the same in both modes. */
  keys: string[];
  /** What a script adds: where a secret goes when the terminal asks it (the recommended path first). */
  scriptOnly?: string[];
  plan: string[];
  /** The terminal's questions and answers. */
  prompts: ReadonlyArray<readonly [RegExp, string]>;
  result: Record<string, string>;
  /** Said in both modes. */
  says?: RegExp;
  /** Never asked at the terminal. */
  notAsked: RegExp[];
}

const ROWS: Row[] = [
  {
    name: "no key answer: the RAM user's key (a terminal asks, the RAM user the default)",
    keys: [],
    scriptOnly: ['--ram-csv', './onboard-admin_AccessKey.csv'],
    plan: ['keys=ram-user', 'keys=ram-user', 'ramUser=onboard-admin'],
    prompts: [
      [/❯ A RAM user's key \(recommended\)/, KEY.enter],
      [/RAM user name \(logon name\) \(onboard-admin\)/, KEY.enter],
      [/Save it to a CSV file as well\?/, 'y\r'],
      [/CSV file for the RAM user's key \(\.\/onboard-admin_AccessKey\.csv\)/, KEY.enter],
      SAVED,
      CONFIRM,
    ],
    result: { accesskey: 'skipped', ramuser: 'done' },
    notAsked: [/Create a root AccessKey anyway/],
  },
  {
    name: 'root-key answers only: the root key only, and one line on how to make the RAM user',
    keys: ['--accept-key-risk', '--csv', './AccessKey.csv'],
    plan: ['keys=root', 'keys=root'],
    prompts: [SAVED, CONFIRM],
    result: { accesskey: 'done', ramuser: 'skipped' },
    says: /No RAM user was made \(only root-key answers were given\); to make the recommended one: onboard .*--ram-user onboard-admin/,
    notAsked: [/Which AccessKey do you want\?/, /RAM user name/, /Create a RAM user/],
  },
  {
    name: 'root-key and RAM-user answers: both',
    keys: ['--accept-key-risk', '--csv', './AccessKey.csv', '--ram-user', 'ops', '--ram-csv', './ops.csv'],
    plan: ['keys=both', 'keys=both', 'ramUser=ops'],
    prompts: [SAVED, CONFIRM, SAVED, CONFIRM],
    result: { accesskey: 'done', ramuser: 'done' },
    notAsked: [/Which AccessKey do you want\?/, /RAM user name/],
  },
  {
    name: "RAM-user answers only: the RAM user's key only",
    keys: ['--ram-user', 'ops', '--ram-csv', './ops.csv'],
    plan: ['keys=ram-user', 'keys=ram-user', 'ramUser=ops'],
    prompts: [SAVED, CONFIRM],
    result: { accesskey: 'skipped', ramuser: 'done' },
    notAsked: [/Which AccessKey do you want\?/, /Create a root AccessKey anyway/],
  },
];

describe('which keys a run makes: the same at a terminal, in a script and in a dry run', () => {
  for (const [i, row] of ROWS.entries()) {
    it(row.name, async () => {
      const script = verifiedSetup(`s${i}`);
      const terminal = verifiedSetup(`t${i}`);
      const args = [...row.keys, ...restArgs(`${i}`)];
      const scripted = (extra: string[]): RunResult =>
        onboard(script.cfg, [...extra, ...args, ...(row.scriptOnly ?? []), '--no-interactive'], {
          cwd: script.dir,
          env: script.env,
        });

      // The plan.
      const scriptPlan = scripted(['run', '--dry-run']);
      expect(scriptPlan.code, scriptPlan.stderr).toBe(0);
      const dry = pty(terminal, ['run', '--dry-run', ...args]);
      expect((await dry.exit).exitCode, dry.text()).toBe(0);
      expect(keyPlan(scriptPlan.stdout)).toEqual(row.plan);
      expect(keyPlan(dry.text())).toEqual(row.plan);

      // The run.
      const run = scripted([]);
      expect(run.code, run.stderr).toBe(0);
      const s = pty(terminal, args);
      const code = await answer(s, row.prompts);
      const screen = s.text();
      expect(code, screen.slice(-2000)).toBe(0);
      for (const re of row.notAsked) expect(screen).not.toMatch(re);
      if (row.says) {
        expect(run.stderr).toMatch(row.says);
        expect(screen.replace(/\n\s*/g, ' ')).toMatch(row.says);
      }
      expect(statuses(script)).toMatchObject(row.result);
      expect(statuses(terminal)).toMatchObject(row.result);

      // Later runs without the key answers stay with that decision: nothing left to do.
      for (const setup of [script, terminal]) {
        const again = onboard(setup.cfg, ['--no-interactive', '--json'], { cwd: setup.dir, env: setup.env });
        expect(again.code, again.stderr).toBe(0);
        expect(JSON.parse(again.stdout).status).toBe('complete');
      }
    });
  }

  it('answers that contradict each other: exit 2 naming both, at a terminal as in a script', async () => {
    const setup = verifiedSetup('contra');
    for (const [keys, a, b] of [
      [['--no-root-key', '--csv', './x.csv'], '--no-root-key', '--csv'],
      [['--no-ram-user', '--ram-csv', './y.csv'], '--no-ram-user', '--ram-csv'],
      [['--no-root-key', '--no-ram-user'], '--no-root-key', '--no-ram-user'],
    ] as const) {
      const script = onboard(setup.cfg, [...keys, '--no-interactive'], { cwd: setup.dir, env: setup.env });
      expect(script.code).toBe(2);
      expect(script.stderr).toContain(`${a} and ${b}`);
      const s = pty(setup, [...keys]);
      expect((await s.exit).exitCode).toBe(2);
      expect(s.text().replace(/\n\s*/g, ' ')).toContain(`${a} and ${b}`);
    }
    expect(existsSync(join(setup.dir, 'x.csv'))).toBe(false);
  });

  it('an answer no step of the product needs: a warning at a terminal, exit 2 in a script', async () => {
    const setup = verifiedSetup('unused');
    const script = onboard(setup.cfg, ['run', '--dry-run', '--billing', 'subscription', '--no-interactive'], {
      cwd: setup.dir,
      env: setup.env,
    });
    expect(script.code).toBe(2);
    expect(script.stderr).toContain(
      '--billing is not used: it answers activate, which --product emr does not need',
    );
    const s = pty(setup, ['run', '--dry-run', '--billing', 'subscription']);
    expect((await s.exit).exitCode).toBe(0);
    expect(s.text().replace(/\n\s*/g, ' ')).toContain('--billing is not used');
    // Answers of a step that is done are fine: the same command may always be run again.
    const done = onboard(
      setup.cfg,
      [
        'run',
        '--dry-run',
        '--identity-type',
        'individual',
        '--legal-name',
        'Li Lei',
        '--no-interactive',
      ].concat(['--ram-csv', './r.csv']),
      { cwd: setup.dir, env: setup.env },
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).not.toContain('not used');
  });
});

describe('refusals a person gets past at a terminal', () => {
  it('a taken aliyun CLI profile, kept: another name is offered (never a taken one), nothing ends', async () => {
    const setup = verifiedSetup('cli');
    const config = join(setup.home, '.aliyun', 'config.json');
    mkdirSync(join(setup.home, '.aliyun'), { mode: 0o700 });
    const mine = {
      name: 'default',
      mode: 'AK',
      access_key_id: 'LTAIkeepthisone000000001',
      region_id: 'eu-west-1',
    };
    writeFileSync(config, JSON.stringify({ current: 'default', profiles: [mine] }, null, 2), { mode: 0o600 });
    const s = pty(setup, ['run', '--step', 'ramuser', '--ram-user', 'ops', '--ram-save-to', 'aliyun-cli']);
    await s.waitFor(
      /A profile named default already exists in ~\/\.aliyun\/config\.json\.\s+Replace it\?/,
      15_000,
    );
    s.line('n');
    await s.waitFor(/Keep default; save the key where instead\?/);
    await s.waitFor(/❯ The aliyun CLI \(profile default-2\)/);
    s.write(KEY.enter);
    // The region the profile names: asked now, not defaulted.
    await s.waitFor(/Region/, 15_000);
    s.write(KEY.down);
    await s.waitFor(/❯ cn-shanghai/);
    s.write(KEY.enter);
    await s.waitFor(/Saved it as the aliyun CLI profile default-2/, 15_000);
    await s.waitFor(/Save it to a CSV file as well\?/);
    s.line('n');
    await s.waitFor(/I have saved the AccessKey secret/);
    s.line('y');
    expect((await s.exit).exitCode, s.text().slice(-2000)).toBe(0);
    const cli = JSON.parse(readFileSync(config, 'utf8')) as { profiles: Array<Record<string, string>> };
    expect(cli.profiles[0]).toEqual(mine);
    expect(cli.profiles[1]).toMatchObject({ name: 'default-2', region_id: 'cn-shanghai' });
    expect(statuses(setup).ramuser).toBe('done');

    // Offered after a secret is shown, the aliyun CLI's name is a free one too.
    const more = pty(setup, ['keys', 'create', '--ram-user', 'ops']);
    await more.waitFor(/Save it to a CSV file as well\?/, 15_000);
    more.line('n');
    await more.waitFor(/Also hand the key to your tools\?/);
    expect(more.text()).toContain('The aliyun CLI (profile default-3)');
    expect(more.text()).not.toMatch(/The aliyun CLI \(profile default(-2)?\)/);
    more.write(KEY.ctrlC);
    await more.exit;
  });

  it("a rejected verification is explained on the next run, in the person's language, before it is asked again", async () => {
    const dir = tempDir('onboard-pty-decide-reject-');
    dirs.push(dir);
    const cfg = join(dir, 'cfg');
    const home = join(dir, 'home');
    mkdirSync(home);
    const company = 'REJECT Trading Co';
    const first = onboard(
      cfg,
      ['--no-interactive', '--email', 'corp@example.com', '--password-stdin', '--identity-type', 'enterprise']
        .concat(['--company-name', company, '--credit-code', CREDIT_CODE, '--legal-representative', 'Li Lei'])
        .concat(['--ram-csv', './ops.csv']),
      { input: `${PASSWORD}\n`, cwd: dir, env: { HOME: home } },
    );
    expect(first.code, first.stderr).toBe(4);
    for (const [lang, said, type, question] of [
      [
        'en',
        'The last real-name verification was rejected: The information does not match the document.',
        'Verify as',
        'Company name',
      ],
      ['zh-CN', '上次的实名认证未通过：所提交的信息与证件不符。', '认证类型', '企业名称'],
    ] as const) {
      const s = spawnPty(cfg, ['--lang', lang], { cwd: dir, env: { HOME: home } });
      sessions.push(s);
      await s.waitFor(new RegExp(`${type}[\\s\\S]*❯`), 15_000);
      // (Wrapped at the terminal's width: compared without the spaces and breaks.)
      expect(s.text().replace(/\s+/g, '')).toContain(said.replace(/\s+/g, ''));
      s.write(KEY.enter);
      await s.waitFor(new RegExp(question), 15_000);
      // The name the review refused is not offered back as the default: typing starts from nothing.
      s.write('Q');
      await s.waitFor(new RegExp(`${question}\\S* Q`));
      expect(s.text()).not.toContain(company);
      s.write(KEY.ctrlC);
      expect((await s.exit).exitCode).toBe(130);
    }
  });
});
