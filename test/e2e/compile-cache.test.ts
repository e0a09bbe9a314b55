/**
 * The compile cache is Node's own (`module.enableCompileCache()`, Node 22.8
 * and later), placed and turned off by Node's own variables; on a Node
 * without it there is none, and onboard keeps none of its own. Each run gets
 * a temporary TMPDIR, so Node's default folder can be looked at too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, ROOT, workspaces } from '../helpers/cli.js';

const NODE_HAS_CACHE = 'enableCompileCache' in nodeModule;

const setup = workspaces('cc');

function sandbox(): { tmp: string; cache: string; cfg: string } {
  const { dir: root, cfg } = setup();
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  return { tmp, cache: join(root, 'cache'), cfg };
}

function status(s: ReturnType<typeof sandbox>, env: Record<string, string | undefined>): unknown {
  const r = spawnSync(process.execPath, [BIN, '--config-dir', s.cfg, 'status', '--json'], {
    env: baseEnv({
      TMPDIR: s.tmp,
      NODE_COMPILE_CACHE: undefined,
      NODE_DISABLE_COMPILE_CACHE: undefined,
      ...env,
    }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every file under `dir` (none when it does not exist). */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the compile cache', () => {
  it('nothing in src/, scripts/ or the bundle reaches into Node’s module internals', () => {
    const code = [join(ROOT, 'src'), join(ROOT, 'scripts'), join(ROOT, 'dist')]
      .flatMap(files)
      .filter((f) => /\.(ts|mjs|js)$/.test(f));
    expect(code.length).toBeGreaterThan(10);
    for (const file of code) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\b_compile\b/);
  });

  it.runIf(NODE_HAS_CACHE)(
    'is Node’s: in NODE_COMPILE_CACHE when set, else in the tmpdir’s node-compile-cache; the output is the same',
    () => {
      const s = sandbox();
      const first = status(s, { NODE_COMPILE_CACHE: s.cache });
      expect(files(s.cache).length).toBeGreaterThan(0);
      expect(status(s, { NODE_COMPILE_CACHE: s.cache })).toEqual(first);
      expect(files(join(s.tmp, 'node-compile-cache'))).toEqual([]);
      expect(status(s, {})).toEqual(first);
      expect(files(join(s.tmp, 'node-compile-cache')).length).toBeGreaterThan(0);
    },
  );

  it.runIf(NODE_HAS_CACHE)('NODE_DISABLE_COMPILE_CACHE=1 turns it off', () => {
    const s = sandbox();
    status(s, { NODE_COMPILE_CACHE: s.cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    status(s, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(files(s.cache)).toEqual([]);
    expect(files(s.tmp)).toEqual([]);
  });

  it.skipIf(NODE_HAS_CACHE)('a Node without one gets none: nothing is written for it anywhere', () => {
    const s = sandbox();
    status(s, { NODE_COMPILE_CACHE: s.cache });
    status(s, {});
    expect(files(s.cache)).toEqual([]);
    expect(files(s.tmp)).toEqual([]);
  });
});
