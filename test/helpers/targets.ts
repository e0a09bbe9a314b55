/**
 * For the tests of other tools' files (src/delivery/targets): two keys, the
 * write options, fresh homes removed after each test, where the two files
 * live in a home, and the targets module as one file for child processes.
 */
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TargetEnv } from '../../src/delivery/targets/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const KEY_A = { id: 'LTAI5tAAAAAAAAAAAAAAAAAA', secret: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa1' };
export const KEY_B = { id: 'LTAI5tBBBBBBBBBBBBBBBBBB', secret: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbb2' };
export const OPTS = { region: 'cn-hangzhou', language: 'en' as const, overwrite: false };

/** For a test file: `sandbox()` makes a fresh temporary home (and nothing set in env); all are removed after each test. */
export function sandboxes(prefix: string): () => TargetEnv & { root: string } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const root = fs.mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(root);
    const home = path.join(root, 'home');
    fs.mkdirSync(home);
    return { root, home, env: {} };
  };
}

export const credentialsPath = (where: TargetEnv) => path.join(where.home, '.alibabacloud', 'credentials');
export const cliPath = (where: TargetEnv) => path.join(where.home, '.aliyun', 'config.json');

/** Writes a file as a person would have (its folder 0700 when made). */
export function put(file: string, text: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

/**
 * For a test file or block: the targets module bundled into `bundle` in the folder `work`
 * (before its tests, removed after them), both readable by other users.
 */
export function targetsBundle(prefix: string): { readonly bundle: string; readonly work: string } {
  let work = '';
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(tmpdir(), prefix));
    fs.chmodSync(work, 0o755);
    buildSync({
      entryPoints: [path.join(ROOT, 'src/delivery/targets/index.ts')],
      bundle: true,
      platform: 'node',
      // As scripts/build.mjs: jsonc-parser's ES-module build, not its UMD `main`.
      mainFields: ['module', 'main'],
      format: 'esm',
      outfile: path.join(work, 'targets.mjs'),
      logLevel: 'silent',
    });
    fs.chmodSync(path.join(work, 'targets.mjs'), 0o644);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  return {
    get bundle() {
      return path.join(work, 'targets.mjs');
    },
    get work() {
      return work;
    },
  };
}
