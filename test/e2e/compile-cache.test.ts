/**
 * The compile cache of dist/ (src/compile-cache.ts), seen from outside: the
 * CLI is run from a private copy of bin/ and dist/ (an install of its own,
 * whose files a test may touch) with NODE_COMPILE_CACHE pointing at a
 * temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, ROOT, removeDir, tempDir } from '../helpers/cli.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) removeDir(d);
});

function install(): { bin: string; dist: string; cache: string; cfg: string } {
  const app = tempDir('onboard-cc-app-');
  made.push(app);
  cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  return {
    bin: join(app, 'bin', 'onboard.js'),
    dist: join(app, 'dist'),
    cache: join(app, 'cache'),
    cfg: join(app, 'cfg'),
  };
}

function status(i: ReturnType<typeof install>, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [i.bin, '--config-dir', i.cfg, 'status', '--json'], {
    env: baseEnv({ NODE_COMPILE_CACHE: i.cache, ...env }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every entry (in the install's folder inside the cache), with its mode and mtime. */
function entries(cache: string): Map<string, { path: string; mode: number; mtimeMs: number }> {
  const found = new Map<string, { path: string; mode: number; mtimeMs: number }>();
  if (!existsSync(cache)) return found;
  for (const sub of readdirSync(cache)) {
    for (const name of readdirSync(join(cache, sub))) {
      const path = join(cache, sub, name);
      const st = statSync(path);
      found.set(name, { path, mode: st.mode & 0o777, mtimeMs: st.mtimeMs });
    }
  }
  return found;
}

describe.runIf(typeof process.getuid === 'function')('the compile cache of dist/', () => {
  it('the first run writes an entry per file it compiled (0600, folders 0700); the next reads them and writes nothing', () => {
    const i = install();
    const first = status(i);
    const made = entries(i.cache);
    expect(made.size).toBeGreaterThan(5);
    expect(statSync(i.cache).mode & 0o777).toBe(0o700);
    for (const sub of readdirSync(i.cache)) expect(statSync(join(i.cache, sub)).mode & 0o777).toBe(0o700);
    for (const [name, e] of made) {
      expect(e.mode, name).toBe(0o600);
      // Named after a file of this install, with its size.
      // Named after a file of this install and the hash of its code that the build wrote at its end.
      const [, base = '', hash = ''] = /^(.+\.js)-([0-9a-f]{20})-\d+-\d+\.v8$/.exec(name) ?? [];
      expect(base, name).not.toBe('');
      const file = [join(i.dist, base), join(i.dist, 'chunks', base)].find((f) => existsSync(f));
      expect(file, name).toBeDefined();
      expect(readFileSync(file ?? '', 'utf8')).toContain(`/*onboard:${hash}*/`);
    }
    expect(status(i)).toEqual(first);
    expect(entries(i.cache)).toEqual(made);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 writes nothing', () => {
    const i = install();
    status(i, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(entries(i.cache).size).toBe(0);
  });

  it('a cache folder open to others is not used', () => {
    const i = install();
    mkdirSync(i.cache);
    writeFileSync(join(i.cache, 'marker.json'), '{}');
    chmodSync(i.cache, 0o777);
    const doc = status(i);
    expect(doc.schemaVersion).toBe(1);
    expect(readdirSync(i.cache)).toEqual(['marker.json']);
  });

  it('damaged entries are refused and rewritten, and the output does not change', () => {
    const i = install();
    const first = status(i);
    for (const e of entries(i.cache).values()) writeFileSync(e.path, 'not V8 code, not even close');
    expect(status(i)).toEqual(first);
    for (const e of entries(i.cache).values())
      expect(readFileSync(e.path, 'utf8')).not.toContain('not V8 code');
  });

  it('a flipped bit anywhere in an entry is caught before V8 reads it: the run is unchanged and the entry replaced', () => {
    const i = install();
    const first = status(i);
    const [name, entry] = [...entries(i.cache)].sort(
      (a, b) => statSync(b[1].path).size - statSync(a[1].path).size,
    )[0]!;
    const good = readFileSync(entry.path);
    for (const at of [0, 9, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] = (bad[at] ?? 0) ^ 1;
      writeFileSync(entry.path, bad);
      expect(status(i), `${name} bit flipped at ${at}`).toEqual(first);
      expect(readFileSync(entry.path).equals(bad), `${name} replaced`).toBe(false);
    }
  });

  it('new code in a file of the same size and mtime (an upgrade unpacked over an install) is run, not the cached old one', () => {
    const i = install();
    expect(JSON.stringify(status(i))).toContain('no account yet: register or sign in');
    // The catalog chunk of a "next version": one message changed, same length, same mtime, its build hash renewed.
    // dist/ may hold chunks of earlier builds too: the one this run loaded is the one with an entry.
    const loaded = [...entries(i.cache).keys()].map((n) => n.replace(/-[0-9a-f]{20}-\d+-\d+\.v8$/, ''));
    const file = loaded
      .map((base) => join(i.dist, 'chunks', base))
      .find((f) => existsSync(f) && readFileSync(f, 'utf8').includes('no account yet: register or sign in'));
    expect(file).toBeDefined();
    const path = file ?? '';
    const before = statSync(path);
    const text = readFileSync(path, 'utf8').replace('register or sign in', 'REGISTER or sign in');
    const code = text.slice(0, text.indexOf('/*onboard:'));
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 20);
    writeFileSync(path, text.replace(/\/\*onboard:[0-9a-f]{20}\*\//, `/*onboard:${hash}*/`));
    utimesSync(path, before.atime, before.mtime);
    expect(statSync(path).size).toBe(before.size);
    expect(JSON.stringify(status(i))).toContain('no account yet: REGISTER or sign in');
  });

  it('a rebuilt file gets a new entry, and its old entry is removed (as is one named another way)', () => {
    const i = install();
    const first = status(i);
    const old = [...entries(i.cache).keys()].filter((n) => n.startsWith('program.js-'));
    expect(old).toHaveLength(1);
    const folder = readdirSync(i.cache)[0] ?? '';
    const otherScheme = join(i.cache, folder, 'chunk-AAAAAAAA.js-29752-1796000000000-5407110.v8');
    writeFileSync(otherScheme, 'an entry of an earlier naming');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(i.dist, 'program.js'), later, later);
    expect(status(i)).toEqual(first);
    const now = [...entries(i.cache).keys()].filter((n) => n.startsWith('program.js-'));
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old[0]);
    expect(existsSync(otherScheme)).toBe(false);
  });
});
