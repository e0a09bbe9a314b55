/**
 * Edge cases around validation order, crash recovery and scripted answers:
 * each one once let a run change something it should not have, or left a key behind.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  journeyArgs,
  onboard,
  onboardAsync,
  PASSWORD,
  readProfile,
  workspaces,
  writeProfile,
} from '../helpers/cli.js';
import { cloudExists, readCloud } from '../helpers/cloud.js';

const setup = workspaces('hardening');

const keys = (cfg: string, dir: string) =>
  JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout).keys as Array<{
    id: string;
    status: string;
  }>;

/** The key id in a CSV this tool wrote (second line, first column). */
function csvKeyId(path: string): string {
  const row = readFileSync(path, 'utf8').split('\n')[1] ?? '';
  return row.split(',')[0] ?? '';
}

describe('validation comes before any change', () => {
  it('a missing answer creates no config dir', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['--no-interactive'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(existsSync(cfg)).toBe(false);
  });

  it('--csv in a folder that does not exist is refused before the account is registered', () => {
    const { dir, cfg } = setup();
    const args = journeyArgs(dir).map((a) => (a.endsWith('AccessKey.csv') ? join(dir, 'nope', 'k.csv') : a));
    const r = onboard(cfg, args, { input: PASSWORD, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--csv');
    expect(cloudExists(cfg)).toBe(false);
  });

  it('a --bucket another account holds is refused (exit 4) before the account is registered', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, [...journeyArgs(dir), '--bucket', 'test'], { input: PASSWORD, cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('BucketAlreadyExists');
    expect(r.stderr).not.toContain('(request -)');
    expect(cloudExists(cfg)).toBe(false);
  });

  it('a dry run without the required answers fails like the real run', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['run', '--dry-run', '--no-interactive', '--accept-key-risk', '--show-secret'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email');
  });

  it('an answers file that is not JSON is reported without quoting its content', () => {
    const { dir, cfg } = setup();
    const file = join(dir, 'answers.json');
    writeFileSync(file, '{"verificationCode":"654321", "a": x}');
    const r = onboard(cfg, ['--no-interactive', '--answers', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('654321');
    expect(r.stderr).not.toMatch(/"a": x/);
  });

  it('reset on a config dir that does not exist is a no-op', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['reset', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(cfg)).toBe(false);
  });
});

describe('after a finished setup', () => {
  it('a dry run of a complete profile plans nothing and needs no delivery flag', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    const r = onboard(cfg, ['run', '--dry-run', '--json', '--no-interactive'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const step of doc.steps) if (step.plan) expect(step.plan.calls).not.toContain('createAccessKey');
  });

  it('--high-end requests the instance types even after an earlier run skipped them', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    const r = onboard(cfg, ['--no-interactive', '--high-end', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const highend = JSON.parse(r.stdout).steps.find((s: { id: string }) => s.id === 'highend');
    expect(highend.status).toBe('done');
  });

  it('"yes": true in the answers file confirms a public ACL', () => {
    const { dir, cfg } = setup();
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify({ yes: true, acl: 'public-read' }));
    const r = onboard(cfg, [...journeyArgs(dir), '--answers', file], { input: PASSWORD, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });

  it('an expired session with no password fails at once with exit 2 and a JSON error', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    // The session expires; a non-interactive run with no password cannot sign in again.
    const state = readProfile(cfg);
    state.session!.expiresAt = '2000-01-01T00:00:00.000Z';
    writeProfile(cfg, state);
    const r = onboard(cfg, ['--no-interactive', '--json', '--step', 'oss'], { cwd: dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.error.exitCode).toBe(2);
    expect(r.stderr).toContain('ONBOARD_PASSWORD');
  });
});

describe('earlier answers', () => {
  it('a stored answer that no longer fits is named as such, not reported missing', () => {
    const { dir, cfg } = setup();
    const first = onboard(cfg, [...journeyArgs(dir), '--step', 'account'], { input: PASSWORD, cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const state = readProfile(cfg);
    state.answers.region = 'cn-heyuan'; // no E-MapReduce there
    writeProfile(cfg, state);
    const r = onboard(cfg, ['--no-interactive', '--step', 'oss'], { cwd: dir });
    expect(r.stderr).toContain('stored answer "region"');
    expect(r.stderr).toContain('--region');
  });
});

describe('status parses the same wherever its options stand', () => {
  it('options before or after the command word give the same document', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    const before = onboard(cfg, ['--profile', 'default', 'status', '--json'], { cwd: dir });
    const after = onboard(cfg, ['status', '--json', '--profile', 'default'], { cwd: dir });
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    // Anything the quick parser does not know goes to the full one, with the same message.
    const bad = onboard(cfg, ['status', '--bogus'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bogus');
    expect(onboard(cfg, ['status', '--product', 'nope'], { cwd: dir }).code).toBe(2);
  });
});

describe('no key without a delivered secret', () => {
  it('lost responses that outlast the retries leave no Active key behind', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, journeyArgs(dir), {
      input: PASSWORD,
      cwd: dir,
      env: { ONBOARD_SIM_FAULTS: 'createAccessKey:lost-response:6' },
    });
    expect(r.code).toBe(4);
    expect(keys(cfg, dir).filter((k) => k.status === 'Active')).toHaveLength(0);
    const again = onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    const list = keys(cfg, dir);
    expect(list).toHaveLength(1);
    expect(readFileSync(join(dir, 'AccessKey.csv'), 'utf8')).toContain(list[0]!.id);
  });

  it('an interrupted `keys create` is repaired by the next run, and repeating it finishes the job', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    const csv = join(dir, 'second.csv');
    const create = ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', csv];
    expect(onboard(cfg, create, { cwd: dir }).code).toBe(0);
    const id = csvKeyId(csv);
    // As if the process died after writing the CSV, before recording the delivery.
    const state = readProfile(cfg);
    const data = state.keys.root!;
    const cloud = readCloud(cfg);
    const token = JSON.stringify(cloud).match(new RegExp(`"id":"${id}"[^}]*"clientToken":"([^"]+)"`))?.[1];
    data.delivered = data.delivered.filter((d) => d.id !== id);
    data.pending = { clientToken: token ?? 'unknown', csv, keyId: id, startedAt: new Date().toISOString() };
    writeProfile(cfg, state);
    const again = onboard(cfg, create, { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(keys(cfg, dir).filter((k) => k.status === 'Active')).toHaveLength(2);
  });

  it('a pending key whose CSV never got written is removed by the next `onboard`', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir }).code).toBe(0);
    mkdirSync(join(dir, 'sub'));
    const csv = join(dir, 'sub', 'k2.csv');
    expect(
      onboard(cfg, ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', csv], { cwd: dir })
        .code,
    ).toBe(0);
    const id = csvKeyId(csv);
    const state = readProfile(cfg);
    const data = state.keys.root!;
    data.delivered = data.delivered.filter((d) => d.id !== id);
    data.pending = { clientToken: 'lost', keyId: id, startedAt: new Date().toISOString() };
    writeProfile(cfg, state);
    const r = onboard(cfg, ['--no-interactive'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(id);
    expect(keys(cfg, dir).map((k) => k.id)).not.toContain(id);
    expect(keys(cfg, dir).filter((k) => k.status === 'Active')).toHaveLength(1);
  });
});

describe('signals', () => {
  it('SIGTERM mid-run exits 143 with the note, and the next run finishes the job', async () => {
    const { dir, cfg } = setup();
    const run = onboardAsync(cfg, journeyArgs(dir), {
      input: PASSWORD,
      cwd: dir,
      env: { ONBOARD_SIM_LATENCY_MS: '400' },
    });
    await new Promise((r) => setTimeout(r, 900));
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/Progress up to the last finished action is kept/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cfg, 'default.lock'))).toBe(false);
    const again = onboard(cfg, journeyArgs(dir), { input: PASSWORD, cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(keys(cfg, dir).filter((k) => k.status === 'Active')).toHaveLength(1);
  });
});

describe('help', () => {
  const commands = [
    [],
    ['run'],
    ['status'],
    ['keys'],
    ['keys', 'list'],
    ['keys', 'create'],
    ['keys', 'disable'],
    ['keys', 'enable'],
    ['keys', 'delete'],
    ['reset'],
    ['sim'],
    ['sim', 'inbox'],
    ['sim', 'approve'],
    ['sim', 'reset'],
    ['sim', 'serve'],
    ['schema'],
    ['exit-codes'],
  ];
  it.each(commands.map((c) => [c.join(' ') || '(root)', c]))('%s --help has an example', (_name, command) => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, [...(command as string[]), '--help'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ onboard/);
  });
});
