import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyArgs, onboard, onboardAsync, PASSWORD, readProfile, workspaces } from '../helpers/cli.js';
import { readCloud } from '../helpers/cloud.js';

const setup = workspaces('crash');

interface Cloud {
  accounts: {
    uid: string;
    email: string;
    accessKeys: { id: string; status: string }[];
    quotaApplications: unknown[];
    ramRoles: { name: string; policies: string[] }[];
  }[];
  buckets: { owner: string }[];
}
/** The cloud as seen for dev@example.com, checked for exactly-once effects and CSV delivery. */
function expectSingleResources(dir: string, cfg: string, opts: { quota: boolean }) {
  const cloud: Cloud = readCloud(cfg);
  const accts = cloud.accounts.filter((a) => a.email === 'dev@example.com');
  expect(accts).toHaveLength(1);
  const acct = accts[0] as (typeof accts)[number];
  const keys = acct.accessKeys;
  const active = keys.filter((k) => k.status === 'Active');
  expect(active, JSON.stringify(keys)).toHaveLength(1);
  const csv = readFileSync(join(dir, 'AccessKey.csv'), 'utf8');
  expect(csv).toMatch(/^AccessKey ID,AccessKey Secret\nLTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/);
  expect(csv.split('\n')[1]?.split(',')[0]).toBe(active[0]?.id);
  expect(cloud.buckets.filter((b) => b.owner === acct.uid)).toHaveLength(1);
  if (opts.quota) expect(acct.quotaApplications).toHaveLength(1);
  // Exactly the two E-MapReduce roles, each with its policy once.
  expect(acct.ramRoles.map((r) => `${r.name}:${r.policies.join('+')}`)).toEqual([
    'AliyunEMRDefaultRole:AliyunEMRRolePolicy',
    'AliyunECSInstanceForEMRRole:AliyunECSInstanceForEMRRolePolicy',
  ]);
  readProfile(cfg);
}
const OPS = [
  'registerAccount',
  'submitIdentity',
  'createAccessKey',
  'createRole',
  'attachPolicyToRole',
  'putBucket',
  'submitQuotaApplication',
];

describe('faults', () => {
  for (const fault of ['throttle:2', 'unavailable:1', 'lost-response:1']) {
    it(`every mutating call with ${fault} still ends with exactly one of everything`, () => {
      const { dir, cfg } = setup();
      const faults = OPS.map((op) => `${op}:${fault}`).join(',');
      const r = onboard(cfg, journeyArgs(dir, ['--high-end']), {
        input: `${PASSWORD}\n`,
        env: { ONBOARD_SIM_FAULTS: faults },
        cwd: dir,
      });
      expect(r.code, r.stderr).toBe(0);
      expectSingleResources(dir, cfg, { quota: true });
      const st = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir }).stdout);
      expect(st.status).toBe('complete');
    });
  }
});

describe('kill -9 at random moments', () => {
  it('the next run finishes the job without duplicates or leftovers', async () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_LATENCY_MS: '30' };
    const args = journeyArgs(dir, ['--high-end']);
    for (let i = 0; i < 15; i++) {
      const { child, done } = onboardAsync(cfg, args, { input: `${PASSWORD}\n`, env, cwd: dir });
      const wait = 20 + Math.floor(Math.random() * 380);
      const timer = setTimeout(() => child.kill('SIGKILL'), wait);
      const r = await done;
      clearTimeout(timer);
      // Either killed, or it got to finish (or stopped on a usage error from a crashed CSV: never a bug).
      expect(r.code === null || [0, 2, 3, 5].includes(r.code), `${r.code} ${r.stderr}`).toBe(true);
    }
    const last = onboard(cfg, args, { input: `${PASSWORD}\n`, env, cwd: dir });
    expect(last.code, last.stderr).toBe(0);
    expectSingleResources(dir, cfg, { quota: true });
    // Every temp file a killed writer left is gone (they are named after the writer's pid).
    const leftovers = (d: string) => readdirSync(d).filter((f) => /\.tmp-/.test(f));
    for (const d of [cfg, join(cfg, 'profiles'), dir]) expect(leftovers(d), d).toEqual([]);
  });
});

describe('the run lock', () => {
  it('a second concurrent run exits 5 naming the other pid', async () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_LATENCY_MS: '300' };
    const a = onboardAsync(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, env, cwd: dir });
    // The second starts once the first is past its checks and holds the lock (its first step's
    // header is printed under it): not after a delay that a loaded machine could outlast.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      a.child.stderr.on('data', (d) => {
        seen += d;
        if (/\[1\/\d+\]/.test(seen)) resolve();
      });
      a.child.on('close', () => reject(new Error(`the first run ended first:\n${seen}`)));
    });
    const b = onboardAsync(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, env, cwd: dir });
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const codes = [ra.code, rb.code].sort();
    expect(codes, `${ra.stderr}\n${rb.stderr}`).toEqual([0, 5]);
    const [loser, winnerPid] = ra.code === 5 ? [ra, b.child.pid] : [rb, a.child.pid];
    expect(loser.stderr).toContain(String(winnerPid));
  });

  it('a lock left by a dead process is taken over silently', () => {
    const { dir, cfg } = setup();
    // A pid that cannot be alive (above pid_max).
    mkdirSync(cfg, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(cfg, 'default.lock'),
      `${JSON.stringify({ pid: 4194305, startedAt: new Date(Date.now() - 60_000).toISOString(), command: 'run', host: hostname() })}\n`,
      { mode: 0o600 },
    );
    const r = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cfg)).not.toContain('default.lock');
  });
});

describe('corrupt files are never replaced', () => {
  for (const [file, fix] of [
    ['profiles/default.json', 'reset'],
    // The earlier one-file store, put back (e.g. from a backup) and corrupt: refused too.
    ['state.json', 'reset'],
    // The simulated cloud's database (a file LMDB cannot open is never mapped, so never crashes a run).
    ['simulated-cloud.lmdb', 'sim reset'],
  ] as const) {
    it(`${file}: exit 5 naming the file and onboard ${fix}, for this config dir`, () => {
      const { dir, cfg } = setup();
      expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
      writeFileSync(join(cfg, file), '{oops');
      for (const args of [['status'], ['status', '--json'], ['run', ...journeyArgs(dir)]]) {
        const r = onboard(cfg, args, { input: `${PASSWORD}\n`, cwd: dir });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
        const text = args.includes('--json') ? r.stdout + r.stderr : r.stderr;
        expect(text).toContain(file);
        // The fix names the command as it pastes: for this profile and config dir.
        expect(text).toContain(`onboard --profile default --config-dir ${cfg} ${fix}`);
        expect(readFileSync(join(cfg, file), 'utf8')).toBe('{oops');
      }
    });
  }
});
