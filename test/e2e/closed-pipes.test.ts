/**
 * A reader that goes away: what a closed stdout or stderr does to the exit
 * code and to the setup. stdout's closed pipe ends a run quietly, with the
 * code of a failure being reported if there is one; a closed stderr only
 * loses text for people, and the run finishes its job.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, journeyArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';

const setup = workspaces('closed-pipes');

/** Runs the CLI with the given streams' readers gone before it writes anything. */
function withClosed(
  cfg: string,
  args: string[],
  closed: Array<'stdout' | 'stderr'>,
  opts: { input?: string; cwd: string; env?: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, '--config-dir', cfg, ...args], {
    env: baseEnv(opts.env),
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(opts.input ?? '');
  const text = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    if (closed.includes(name)) child[name].destroy();
    else
      child[name].on('data', (d: Buffer) => {
        text[name] += d.toString();
      });
  }
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...text })));
}

describe('a closed stdout', () => {
  it('a usage error printed into it still exits 2, text or --json', async () => {
    const { dir, cfg } = setup();
    expect((await withClosed(cfg, ['--bogus'], ['stdout', 'stderr'], { cwd: dir })).code).toBe(2);
    expect((await withClosed(cfg, ['--json', '--bogus'], ['stdout'], { cwd: dir })).code).toBe(2);
  });

  it('a --json secret that cannot be delivered exits 5 and leaves no key; a status into it exits 0', async () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const keys = () => JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout).keys;
    const before = keys();
    const create = ['keys', 'create', '--no-interactive', '--accept-key-risk', '--show-secret', '--json'];
    const r = await withClosed(cfg, create, ['stdout'], { cwd: dir });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('standard output');
    expect(keys()).toEqual(before);
    expect((await withClosed(cfg, ['status', '--json'], ['stdout'], { cwd: dir })).code).toBe(0);
  });
});

describe('a closed stdout under a whole run', () => {
  it('--json into a reader that is gone keeps the run exit code: 0 when complete, 3 while a review waits', async () => {
    const done = setup();
    const r = await withClosed(done.cfg, [...journeyArgs(done.dir), '--json'], ['stdout'], {
      input: `${PASSWORD}\n`,
      cwd: done.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(onboard(done.cfg, ['status', '--json'], { cwd: done.dir }).stdout).status).toBe(
      'complete',
    );
    const waiting = setup();
    const w = await withClosed(
      waiting.cfg,
      [...journeyArgs(waiting.dir), '--high-end', '--json'],
      ['stdout'],
      {
        input: `${PASSWORD}\n`,
        cwd: waiting.dir,
        env: { ONBOARD_SIM_REVIEW_SECONDS: '3600' },
      },
    );
    expect(w.code, w.stderr).toBe(3);
  });
});

describe('a closed stderr', () => {
  it('the whole journey still runs to the end: exit 0, the key in its CSV, and a later status complete', async () => {
    const { dir, cfg } = setup();
    const r = await withClosed(cfg, [...journeyArgs(dir), '--json'], ['stderr'], {
      input: `${PASSWORD}\n`,
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('complete');
    expect(existsSync(join(dir, 'AccessKey.csv'))).toBe(true);
    expect(readFileSync(join(dir, 'AccessKey.csv'), 'utf8')).toMatch(/LTAI/);
    const later = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir }).stdout);
    expect(later.status).toBe('complete');
  });
});

describe('a stdout on /dev/null (also what Node makes of a closed one)', () => {
  it('--show-secret and --save-to env are refused before any key exists (exit 2, naming the option)', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const keys = () => JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout).keys;
    const before = keys();
    for (const [args, where] of [
      [['--show-secret'], '--show-secret'],
      [['--save-to', 'env'], '--save-to'],
    ] as const) {
      const r = spawnSync(
        process.execPath,
        [BIN, '--config-dir', cfg, 'keys', 'create', '--no-interactive', '--accept-key-risk', ...args],
        { env: baseEnv(), cwd: dir, stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000 },
      );
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(where);
      expect(r.stderr).toContain('/dev/null');
    }
    expect(keys()).toEqual(before);
    // The hint names this key's own ways to a file: the RAM user's for a RAM user's key.
    const ram = spawnSync(
      process.execPath,
      [BIN, '--config-dir', cfg, '--no-interactive', '--ram-user', 'bob', '--ram-save-to', 'env'],
      { env: baseEnv(), cwd: dir, stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000 },
    );
    expect(ram.status, ram.stderr).toBe(2);
    expect(ram.stderr).toContain('--ram-csv <path> or --ram-save-to');
    // With a CSV instead, the same stdout is fine.
    const csv = spawnSync(
      process.execPath,
      [
        BIN,
        '--config-dir',
        cfg,
        'keys',
        'create',
        '--no-interactive',
        '--accept-key-risk',
        '--csv',
        join(dir, 'k2.csv'),
      ],
      { env: baseEnv(), cwd: dir, stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000 },
    );
    expect(csv.status, csv.stderr).toBe(0);
    expect(keys()).toHaveLength(before.length + 1);
  });
});
