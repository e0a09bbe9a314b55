/**
 * `onboard doctor` end to end: a healthy setup is exit 0 and changes
 * nothing (config dir, HOME and the cloud byte for byte); each planted fault
 * is exit 4 naming exactly that fault, and its fix, run as printed, makes it
 * exit 0 again. The simulated provider in-process, and the real one against
 * sim serve (where each saved copy is used for a live call).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, journeyArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';
import { isReaderTable, readCloud, writeCloud } from '../helpers/cloud.js';
import { realSetup, rotationSetup } from '../helpers/rotation.js';
import { killServers } from '../helpers/serve-child.js';
import { runTempDir } from '../helpers/temp-root.js';

const setup = workspaces('doctor');
afterEach(() => killServers());

interface Check {
  id: string;
  status: 'ok' | 'warning' | 'problem';
  summary: string;
  fix?: string;
}

function doctor(cfg: string, env: Record<string, string>, pre: string[] = []) {
  const r = onboard(cfg, [...pre, 'doctor', '--json'], { env });
  const doc = JSON.parse(r.stdout) as { ok: boolean; problems: number; checks: Check[] };
  return { code: r.code, doc, stderr: r.stderr };
}

const problems = (checks: readonly Check[]) => checks.filter((c) => c.status === 'problem');

/** Runs a printed fix in a shell, `onboard` being the built CLI. */
function runFix(fix: string, env: Record<string, string>) {
  const bin = runTempDir('onboard-doctor-bin-');
  writeFileSync(join(bin, 'onboard'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755,
  });
  const shellEnv = baseEnv(env);
  shellEnv.PATH = `${bin}:${shellEnv.PATH ?? ''}`;
  const r = spawnSync('bash', ['-c', fix], { env: shellEnv, encoding: 'utf8', input: '', timeout: 60_000 });
  expect(r.status, `${fix}\n${r.stderr}`).toBe(0);
}

/** Every file under a folder: its bytes, mode and time of change. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = statSync(p);
      if (e.isDirectory()) {
        out[p] = `dir ${st.mode} ${st.mtimeMs}`;
        visit(p);
      } else if (isReaderTable(p)) out[p] = `${st.mode}`;
      else out[p] = `${st.mode} ${st.mtimeMs} ${readFileSync(p, 'base64')}`;
    }
  };
  visit(dir);
  return out;
}

/** Plants a fault, expects exactly one problem with that id, runs its fix, expects a clean bill. */
function faultAndFix(
  s: { cfg: string; env: Record<string, string> },
  plant: () => void,
  id: string | RegExp,
  pre: string[] = [],
) {
  plant();
  const sick = doctor(s.cfg, s.env, pre);
  expect(sick.code, sick.stderr).toBe(4);
  expect(sick.doc.ok).toBe(false);
  const found = problems(sick.doc.checks);
  expect(found.map((c) => c.id)).toEqual([expect.stringMatching(id)]);
  const fix = found[0]?.fix ?? '';
  expect(fix).not.toBe('');
  runFix(fix, s.env);
  const well = doctor(s.cfg, s.env, pre);
  expect(problems(well.doc.checks), JSON.stringify(well.doc.checks)).toEqual([]);
  expect(well.code).toBe(0);
}

interface User {
  name: string;
  policies: string[];
  accessKeys: Array<{ id: string; status: string; created: string; lastUsed: string | null }>;
}
interface CloudFile {
  accounts: Array<{ email: string; ramUsers: User[] }>;
}

function editCloud(cfg: string, change: (cloud: CloudFile) => void) {
  const cloud = readCloud(cfg);
  change(cloud as unknown as CloudFile);
  writeCloud(cfg, cloud);
}
function opsUser(cloud: CloudFile): User {
  const user = cloud.accounts
    .find((a) => a.email === 'dev@example.com')
    ?.ramUsers.find((u) => u.name === 'ops');
  if (!user) throw new Error('no RAM user ops');
  return user;
}

describe('onboard doctor (simulated provider)', () => {
  it('a healthy setup: exit 0, every check ok, and nothing changed (config dir, HOME, the cloud)', () => {
    const s = rotationSetup(setup);
    const before = { cfg: snapshot(s.cfg), home: snapshot(s.home) };
    const r = doctor(s.cfg, s.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc).toMatchObject({ schemaVersion: 1, ok: true, problems: 0, warnings: 0 });
    const ids = r.doc.checks.map((c) => c.id);
    for (const id of [
      'reach',
      expect.stringMatching(/^key:LTAI/),
      expect.stringMatching(/^aliyun-cli:ops:/),
      expect.stringMatching(/^credentials:ops:/),
      'policy:ops:AliyunOSSFullAccess',
      'policy:ops:AliyunEMRFullAccess',
      expect.stringMatching(/^bucket:/),
      expect.stringMatching(/^bucketAccess:ops:/),
      expect.stringMatching(/^mode:.*config\.json$/),
    ])
      expect(ids).toContainEqual(id);
    expect({ cfg: snapshot(s.cfg), home: snapshot(s.home) }).toEqual(before);
    // The human form: one line per check, and the same exit code.
    const human = onboard(s.cfg, ['doctor'], { env: s.env });
    expect(human.code).toBe(0);
    expect(human.stdout.trim().split('\n').length).toBe(r.doc.checks.length + 2);
  });

  it('a loose mode, a detached policy, a disabled key: each named alone, each fixed by its printed fix', () => {
    const s = rotationSetup(setup);
    const credentials = join(s.home, '.alibabacloud', 'credentials');
    faultAndFix(s, () => chmodSync(credentials, 0o644), `mode:${credentials}`);
    faultAndFix(
      s,
      () =>
        editCloud(s.cfg, (c) => {
          opsUser(c).policies = opsUser(c).policies.filter((p) => p !== 'AliyunEMRFullAccess');
        }),
      'policy:ops:AliyunEMRFullAccess',
    );
    const key = opsKey(s.cfg);
    faultAndFix(
      s,
      () =>
        expect(onboard(s.cfg, ['keys', 'disable', key, '--ram-user', 'ops'], { env: s.env }).code).toBe(0),
      `key:${key}`,
    );
  });

  it('checks the reviews a later run saw end: the high-end request and MaxCompute, waiting first, then in place', () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const args = [...journeyArgs(dir), '--product', 'both', '--high-end', '--billing', 'subscription'];
    expect(onboard(cfg, args, { input: `${PASSWORD}\n`, env, cwd: dir }).code).toBe(3);
    const waiting = doctor(cfg, env);
    expect(waiting.code, waiting.stderr).toBe(0);
    const status = (id: string, checks: readonly Check[]) => checks.find((c) => c.id === id)?.status;
    expect(status('step:highend', waiting.doc.checks)).toBe('warning');
    expect(status('step:activate', waiting.doc.checks)).toBe('warning');
    expect(onboard(cfg, ['sim', 'approve'], { env, cwd: dir }).code).toBe(0);
    expect(onboard(cfg, args, { input: `${PASSWORD}\n`, env, cwd: dir }).code).toBe(0);
    const done = doctor(cfg, env);
    expect(done.code, done.stderr).toBe(0);
    expect(status('step:highend', done.doc.checks)).toBe('ok');
    expect(status('step:activate', done.doc.checks)).toBe('ok');
  });

  it('a key unused for 90 days is a warning, not a problem', () => {
    const s = rotationSetup(setup);
    const old = new Date(Date.now() - 120 * 86_400_000).toISOString();
    editCloud(s.cfg, (c) => {
      for (const k of opsUser(c).accessKeys) {
        k.created = old;
        k.lastUsed = old;
      }
    });
    const r = doctor(s.cfg, s.env);
    expect(r.code).toBe(0);
    const warnings = r.doc.checks.filter((c) => c.status === 'warning');
    expect(warnings.map((c) => c.id)).toEqual([`unused:${opsKey(s.cfg)}`]);
    expect(warnings[0]?.summary).toContain('120 days');
  });
});

function opsKey(cfg: string): string {
  const cloud = readCloud(cfg) as unknown as CloudFile;
  return opsUser(cloud).accessKeys.find((k) => k.status === 'Active')?.id ?? '';
}

describe('onboard doctor --provider aliyun against sim serve', () => {
  it('each saved copy is used live; a CLI profile with a wrong secret is named alone, and the printed rotation fixes it', async () => {
    const s = await realSetup(setup);
    const pre = s.args();
    const healthy = doctor(s.cfg, s.env, pre);
    expect(healthy.code, JSON.stringify(healthy.doc)).toBe(0);
    expect(healthy.doc.checks.find((c) => c.id.startsWith('aliyun-cli:ops:'))?.summary).toContain(
      'checked live',
    );
    expect(healthy.doc.checks.find((c) => c.id.startsWith('bucketAccess:ops:'))?.summary).toContain(
      'GetBucketInfo',
    );
    const config = join(s.home, '.aliyun', 'config.json');
    faultAndFix(
      s,
      () => {
        const c = JSON.parse(readFileSync(config, 'utf8'));
        for (const p of c.profiles) if (p.name === 'ops') p.access_key_secret = 'x'.repeat(30);
        writeFileSync(config, JSON.stringify(c, null, '\t'));
      },
      /^aliyun-cli:ops:/,
      pre,
    );
  });
});
