import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
// Errors carry English text once the catalog is loaded (every command loads it first).
import '../../src/i18n/index.js';
import {
  acquireRunLock,
  cleanLeftovers,
  mutexPathFor,
  readRunLock,
  releaseAllLocks,
  withMutex,
} from '../../src/fs/lock.js';
import { collectOutput, liveAndDeadPids } from '../helpers/child.js';
import { thrown } from '../helpers/errors.js';

const HOST = os.hostname();
let dir: string;

/** A lock file as another run would have written it. */
function writeLock(file: string, pid: number, extra: Record<string, unknown> = {}): string {
  const content = JSON.stringify({
    pid,
    startedAt: new Date().toISOString(),
    command: 'run',
    host: HOST,
    ...extra,
  });
  fs.writeFileSync(file, content, { mode: 0o600 });
  return content;
}

function ageFile(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(file, then, then);
}

const caught = (fn: () => unknown) => thrown(fn, StoreError);

const pids = liveAndDeadPids();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-fs-'));
});

afterEach(() => {
  releaseAllLocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('a FIFO where a lock should be', () => {
  it('is refused (store.notAFile, exit 5), never opened so that it blocks', () => {
    const file = path.join(dir, 'default.lock');
    spawnSync('mkfifo', [file]);
    const error = caught(() => acquireRunLock(file, { command: 'run' }));
    expect(error).toMatchObject({ key: 'store.notAFile', exitCode: 5, params: { file } });
    expect(withMutex(path.join(dir, 'x'), () => 1)).toBe(1);
    spawnSync('mkfifo', [mutexPathFor(path.join(dir, 'y'))]);
    expect(caught(() => withMutex(path.join(dir, 'y'), () => 1))).toMatchObject({ key: 'store.notAFile' });
    expect(fs.lstatSync(file).isFIFO()).toBe(true);
  });
});

describe('acquireRunLock', () => {
  it('writes {pid, startedAt, command, host} in a 0600 file, and release removes it', () => {
    const file = path.join(dir, 'default.lock');
    const lock = acquireRunLock(file, { command: 'run' });
    expect(lock.path).toBe(file);
    const info = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(info).toEqual({ pid: process.pid, startedAt: expect.any(String), command: 'run', host: HOST });
    expect(Date.now() - Date.parse(info.startedAt)).toBeLessThan(5_000);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['default.lock']);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    lock.release();
  });

  it('fails with LockHeld naming the pid and command of a live holder, leaving its lock alone', () => {
    const file = path.join(dir, 'default.lock');
    const content = writeLock(file, pids.live, { command: 'keys create' });
    const error = caught(() => acquireRunLock(file, { command: 'run' }));
    expect(error.code).toBe('LockHeld');
    expect(error.key).toBe('store.locked');
    expect(error.exitCode).toBe(5);
    expect(error.params).toMatchObject({ file, pid: pids.live, command: 'keys create' });
    expect(error.params.since).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(error.message).toContain(`pid ${pids.live}`);
    expect(error.message).toContain('keys create');
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it.runIf(process.getuid?.() === 0)(
    'made by root in another user’s folder, the lock is theirs (one a kill leaves can be taken over by them)',
    () => {
      fs.chownSync(dir, 12345, 12345);
      const file = path.join(dir, 'default.lock');
      const lock = acquireRunLock(file, { command: 'run' });
      expect(`${fs.statSync(file).uid}:${fs.statSync(file).gid}`).toBe('12345:12345');
      lock.release();
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it('takes over at once a lock whose process is gone', () => {
    const file = path.join(dir, 'default.lock');
    writeLock(file, pids.dead);
    const started = Date.now();
    const lock = acquireRunLock(file, { command: 'run' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('takes over a lock with our own pid that this process does not hold (pid reuse)', () => {
    const file = path.join(dir, 'default.lock');
    writeLock(file, process.pid, { startedAt: '2000-01-01T00:00:00.000Z' });
    const lock = acquireRunLock(file, { command: 'run' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).startedAt).not.toBe('2000-01-01T00:00:00.000Z');
    lock.release();
  });

  it('does not judge a pid of another host: counts it as held, and says where it came from and how to clear it', () => {
    const file = path.join(dir, "it's default.lock");
    const content = writeLock(file, pids.dead, { host: 'ci-runner-7', command: 'run' });
    const error = caught(() => acquireRunLock(file, { command: 'run' }));
    expect(error).toMatchObject({ code: 'LockHeld', exitCode: 5, key: 'store.lockedElsewhere' });
    expect(error.params).toMatchObject({ file, host: 'ci-runner-7', pid: pids.dead, command: 'run' });
    expect(error.message).toContain('another machine (ci-runner-7');
    expect(error.hints).toEqual([
      {
        key: 'store.lockedElsewhereHint',
        params: { host: 'ci-runner-7', file, remove: `rm -- '${file.replaceAll("'", "'\\''")}'` },
      },
    ]);
    // The command clears exactly the lock, as pasted into a shell.
    const removed = spawnSync('sh', ['-c', String(error.hints[0]?.params?.remove)]);
    expect(removed.status).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    fs.writeFileSync(file, content);
  });

  it('a mutex held all along by a run on another host is explained the same way when the wait ends', () => {
    const shared = path.join(dir, 'state.json');
    writeLock(mutexPathFor(shared), pids.live, { host: 'ci-runner-7', command: 'mutex' });
    const error = caught(() => withMutex(shared, () => 1, { timeoutMs: 100 }));
    expect(error).toMatchObject({ key: 'store.lockedElsewhere', params: { host: 'ci-runner-7' } });
  });

  it('a mutex held only briefly (staleAfterMs) is taken over once older than that, from this host or another', () => {
    const shared = path.join(dir, 'state.json');
    const mutex = mutexPathFor(shared);
    for (const host of [os.hostname(), 'ci-runner-7']) {
      writeLock(mutex, pids.live, { host, command: 'mutex' });
      // Younger than the bound: a live holder, waited for.
      expect(
        caught(() => withMutex(shared, () => 1, { timeoutMs: 100, staleAfterMs: 60_000 })),
      ).toMatchObject({
        key: host === 'ci-runner-7' ? 'store.lockedElsewhere' : 'store.busy',
      });
      ageFile(mutex, 61_000);
      expect(withMutex(shared, () => 2, { timeoutMs: 100, staleAfterMs: 60_000 })).toBe(2);
      expect(fs.existsSync(mutex)).toBe(false);
    }
  });

  it('takes over a garbage or partial lock file older than 5 s', () => {
    for (const junk of ['', '{"pid": 12', 'null', '{"pid":"x"}']) {
      const file = path.join(dir, 'default.lock');
      fs.writeFileSync(file, junk);
      ageFile(file, 6_000);
      const lock = acquireRunLock(file, { command: 'run' });
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
      lock.release();
    }
  });

  it('waits for a young garbage lock file to age before taking it over', () => {
    const file = path.join(dir, 'default.lock');
    fs.writeFileSync(file, '{"pid": 12');
    ageFile(file, 4_700);
    const started = Date.now();
    const lock = acquireRunLock(file, { command: 'run' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('release removes only a lock that is still ours', () => {
    const file = path.join(dir, 'default.lock');
    const lock = acquireRunLock(file, { command: 'run' });
    const theirs = writeLock(file, pids.live);
    lock.release();
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
  });

  it('nests within one process: the file goes with the last release', () => {
    const file = path.join(dir, 'default.lock');
    const outer = acquireRunLock(file, { command: 'run' });
    const inner = acquireRunLock(file, { command: 'run' });
    inner.release();
    inner.release();
    expect(fs.existsSync(file)).toBe(true);
    outer.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('releaseAllLocks removes every lock this process holds', () => {
    const a = path.join(dir, 'a.lock');
    const b = path.join(dir, 'b.lock');
    const lockA = acquireRunLock(a, { command: 'run' });
    acquireRunLock(b, { command: 'status' });
    releaseAllLocks();
    expect(fs.readdirSync(dir)).toEqual([]);
    lockA.release();
  });

  it('cleans stale temp files of the lock left by a killed run', () => {
    const file = path.join(dir, 'default.lock');
    fs.writeFileSync(`${file}.tmp-${pids.dead}-abcdef`, '{"pid"');
    acquireRunLock(file, { command: 'run' }).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('readRunLock reports the holder and whether it is alive', () => {
    const file = path.join(dir, 'default.lock');
    expect(readRunLock(file)).toBeNull();
    writeLock(file, pids.live);
    expect(readRunLock(file)).toMatchObject({ pid: pids.live, command: 'run', alive: true });
    writeLock(file, pids.dead);
    expect(readRunLock(file)).toMatchObject({ pid: pids.dead, alive: false });
  });
});

describe('withMutex', () => {
  it('holds the mutex file (with our pid) only while fn runs, and nests without deadlock', () => {
    const shared = path.join(dir, 'state.json');
    const mutex = mutexPathFor(shared);
    expect(mutex).toBe(`${shared}.mutex`);
    const result = withMutex(shared, () => {
      expect(JSON.parse(fs.readFileSync(mutex, 'utf8')).pid).toBe(process.pid);
      const inner = withMutex(shared, () => 41, { timeoutMs: 50 });
      expect(fs.existsSync(mutex)).toBe(true);
      return inner + 1;
    });
    expect(result).toBe(42);
    expect(fs.existsSync(mutex)).toBe(false);
    expect(fs.existsSync(shared)).toBe(false);
  });

  it('releases when fn throws', () => {
    const shared = path.join(dir, 'state.json');
    expect(() =>
      withMutex(shared, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(fs.existsSync(mutexPathFor(shared))).toBe(false);
  });

  it('times out with StoreError store.busy while a live process holds it', () => {
    const shared = path.join(dir, 'state.json');
    const mutex = mutexPathFor(shared);
    const content = writeLock(mutex, pids.live);
    const started = Date.now();
    const error = caught(() => withMutex(shared, () => 1, { timeoutMs: 150 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.key).toBe('store.busy');
    expect(error.params.file).toBe(mutex);
    expect(fs.readFileSync(mutex, 'utf8')).toBe(content);
  });

  it('takes over at once a mutex whose holder is gone', () => {
    const shared = path.join(dir, 'state.json');
    writeLock(mutexPathFor(shared), pids.dead);
    expect(withMutex(shared, () => 'ran', { timeoutMs: 50 })).toBe('ran');
    expect(fs.existsSync(mutexPathFor(shared))).toBe(false);
  });

  it('waits for a live holder that lets go', () => {
    const shared = path.join(dir, 'state.json');
    const mutex = mutexPathFor(shared);
    const holder = spawn('sh', ['-c', `sleep 0.3; rm -f "${mutex}"; sleep 5`], { stdio: 'ignore' });
    try {
      writeLock(mutex, holder.pid!);
      const started = Date.now();
      expect(withMutex(shared, () => 'ran', { timeoutMs: 5_000 })).toBe('ran');
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('cleanLeftovers removes a dead holder’s mutex, guard and temp files beside a shared file, keeps a live one', () => {
    const shared = path.join(dir, 'config.json');
    const mutex = mutexPathFor(shared);
    writeLock(mutex, pids.dead);
    writeLock(`${mutex}.takeover`, pids.dead);
    for (const f of [
      `${shared}.tmp-${pids.dead}-ab`,
      `${mutex}.tmp-${pids.dead}-cd`,
      `${mutex}.takeover.tmp-${pids.dead}-ef`,
    ])
      fs.writeFileSync(f, '');
    fs.writeFileSync(`${shared}.tmp-${pids.live}-ab`, '');
    cleanLeftovers(shared);
    expect(fs.readdirSync(dir)).toEqual([`config.json.tmp-${pids.live}-ab`]);
    writeLock(mutex, pids.live);
    cleanLeftovers(shared);
    expect(fs.existsSync(mutex)).toBe(true);
    // Its own mutex, held: never removed.
    fs.unlinkSync(mutex);
    withMutex(shared, () => {
      cleanLeftovers(shared);
      expect(fs.existsSync(mutex)).toBe(true);
    });
  });

  it('refuses an async fn (the mutex would be gone before its awaits)', () => {
    const shared = path.join(dir, 'state.json');
    expect(() => withMutex(shared, async () => 1)).toThrow(TypeError);
    expect(fs.existsSync(mutexPathFor(shared))).toBe(false);
  });
});

/**
 * Real processes racing. The module is bundled with esbuild (the children run
 * plain Node, no TS loader) with a stub for the error class, so these tests do
 * not depend on the rest of the code base compiling.
 */
describe('across processes', () => {
  let bundleDir: string;

  beforeAll(async () => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-fs-bundle-'));
    await build({
      entryPoints: [fileURLToPath(new URL('../../src/fs/lock.ts', import.meta.url))],
      outfile: path.join(bundleDir, 'lock.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
      plugins: [
        {
          name: 'stub-errors',
          setup(b) {
            b.onResolve({ filter: /wizard\/errors\.js$/ }, () => ({ path: 'errors', namespace: 'stub' }));
            b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
              contents:
                "export class StoreError extends Error { constructor(key, params, hints, code = 'StoreUnusable') { super(key); this.key = key; this.params = params; this.code = code; } }",
            }));
          },
        },
      ],
    });
  });

  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  function runAll(script: string, count: number, args: (i: number) => string[]): Promise<string[]> {
    const file = path.join(bundleDir, `child-${Math.random().toString(36).slice(2)}.mjs`);
    fs.writeFileSync(file, script);
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        collectOutput(
          spawn(process.execPath, [file, ...args(i)], { stdio: ['ignore', 'pipe', 'pipe'] }),
        ).done.then((r) => (r.code === 0 ? r.stdout.trim() : Promise.reject(new Error(r.stderr)))),
      ),
    );
  }

  it('withMutex serialises read-modify-write of a shared file', async () => {
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const script = `
      import fs from 'node:fs';
      import { withMutex } from './lock.mjs';
      const [counter, rounds] = process.argv.slice(2);
      for (let i = 0; i < Number(rounds); i++) {
        withMutex(counter, () => {
          const n = Number(fs.readFileSync(counter, 'utf8'));
          fs.writeFileSync(counter, String(n + 1));
        }, { timeoutMs: 20000 });
      }
    `;
    await runAll(script, 6, () => [counter, '40']);
    expect(fs.readFileSync(counter, 'utf8')).toBe('240');
    expect(fs.readdirSync(dir)).toEqual(['counter']);
  }, 30_000);

  it('exactly one of several runs racing to take over a dead lock gets it', async () => {
    const file = path.join(dir, 'default.lock');
    writeLock(file, pids.dead);
    const script = `
      import { acquireRunLock } from './lock.mjs';
      const [file, at] = process.argv.slice(2);
      while (Date.now() < Number(at)) {}
      try {
        const lock = acquireRunLock(file, { command: 'run' });
        console.log('got');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
        lock.release();
      } catch (error) {
        if (error.code !== 'LockHeld') throw error;
        console.log('held');
      }
    `;
    const at = String(Date.now() + 1500);
    const results = await runAll(script, 8, () => [file, at]);
    expect(results.filter((r) => r === 'got')).toHaveLength(1);
    expect(results.filter((r) => r === 'held')).toHaveLength(7);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 30_000);
});
