/**
 * A TypeScript entry of the project, bundled (esbuild) into a temporary ES
 * module that a plain `node` child process can run, with every package kept
 * external: the child loads `node_modules` as the CLI would, so what it
 * loads can be observed (`require.cache`). The output lives under
 * `node_modules/.cache/` so those packages resolve; `removeBundles()` cleans up.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './cli.js';

const made: string[] = [];

export async function bundle(entry: string): Promise<string> {
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'onboard-test-'));
  made.push(dir);
  const outfile = path.join(dir, 'main.mjs');
  await build({
    entryPoints: [path.resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

export function removeBundles(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs a bundled entry with exactly this environment; its stdout parsed as JSON. */
export function runBundle(
  file: string,
  env: NodeJS.ProcessEnv,
): { json: unknown; stderr: string; status: number | null } {
  const res = spawnSync(process.execPath, [file], { env, encoding: 'utf8', timeout: 30_000 });
  const out = res.stdout.trim();
  return { json: out === '' ? undefined : JSON.parse(out), stderr: res.stderr, status: res.status };
}
