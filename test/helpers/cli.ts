/**
 * Runs the built CLI (bin/onboard.js → dist/) as a child process, as users do,
 * always with a temporary --config-dir. `npm test` builds first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { collectOutput } from './child.js';
import { runTempDir } from './temp-root.js';

export { STEP_IDS };

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/onboard.js');

export const PASSWORD = 'Passw0rd!x';
export const RESIDENT_ID = '11010519491231002X';
export const CREDIT_CODE = '91350100M000100Y43';

export function tempDir(prefix = 'onboard-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * For a test file: returns `setup()`, which makes a fresh work dir (the cwd
 * of the runs) and names its config dir; all are removed after the file.
 */
export function workspaces(name: string): () => { dir: string; cfg: string } {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });
  return () => {
    const dir = tempDir(`onboard-e2e-${name}-`);
    dirs.push(dir);
    return { dir, cfg: join(dir, 'cfg') };
  };
}

let home: string | undefined;
/**
 * A temporary HOME for every run of the CLI (one per test process, removed at
 * exit): nothing a test runs may read or write the real home (`~/` paths,
 * `~/.aliyun`, the default config dir).
 */
export function testHome(): string {
  if (home === undefined) {
    const made = runTempDir('onboard-home-');
    home = made;
    process.once('exit', () => removeDir(made));
  }
  return home;
}

/** A clean environment: no CI/TTY assumptions leak in from the machine running the tests. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('ONBOARD_') || k === 'CI' || k === 'FORCE_COLOR' || k === 'NO_COLOR' || k === 'DEBUG')
      continue;
    if (k === 'LANG' || k === 'LC_ALL' || k === 'LC_MESSAGES') continue;
    // The machine's own Alibaba Cloud credentials and files are never a test's.
    if (k.startsWith('ALIBABA_CLOUD_') || k.startsWith('ALICLOUD_')) continue;
    env[k] = v;
  }
  env.ONBOARD_SIM_REVIEW_SECONDS = '0';
  env.HOME = testHome();
  delete env.XDG_CONFIG_HOME;
  env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `onboard <args>` synchronously with the given config dir and stdin. */
export function onboard(
  configDir: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string; timeout?: number } = {},
): RunResult {
  const r = spawnSync(process.execPath, [BIN, '--config-dir', configDir, ...args], {
    input: opts.input ?? '',
    env: baseEnv(opts.env),
    cwd: opts.cwd ?? configDir,
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without waiting: for kill -9 and concurrency tests. */
export function onboardAsync(
  configDir: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {},
) {
  const child = spawn(process.execPath, [BIN, '--config-dir', configDir, ...args], {
    env: baseEnv(opts.env),
    cwd: opts.cwd ?? configDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(opts.input ?? '');
  return { child, done: collectOutput(child).done };
}

/** A script's account and identity: an individual registering `email` (password via stdin). */
export function accountArgs(email = 'dev@example.com'): string[] {
  return [
    '--no-interactive',
    '--email',
    email,
    '--password-stdin',
    '--identity-type',
    'individual',
    '--legal-name',
    'Li Lei',
    '--id-number',
    RESIDENT_ID,
  ];
}

/** An enterprise's identity answers (Acme Data Ltd, a valid credit code). */
export const ENTERPRISE_IDENTITY: readonly string[] = [
  '--identity-type',
  'enterprise',
  '--company-name',
  'Acme Data Ltd',
  '--credit-code',
  CREDIT_CODE,
  '--legal-representative',
  'Li Lei',
];

/** Flags of a scripted journey for an enterprise: `corp@example.com` verifying `company` (password via stdin), its key in `<dir>/<csv>`. */
export function enterpriseArgs(dir: string, company: string, csv = 'AccessKey.csv'): string[] {
  return [
    '--no-interactive',
    '--email',
    'corp@example.com',
    '--password-stdin',
    '--identity-type',
    'enterprise',
    '--company-name',
    company,
    '--credit-code',
    CREDIT_CODE,
    '--legal-representative',
    'Li Lei',
    '--accept-key-risk',
    '--csv',
    join(dir, csv),
  ];
}

/** Makes more root keys with `keys create`, one CSV each (named in `cwd`, the config dir by default). */
export function createKeys(configDir: string, csvs: readonly string[], cwd?: string): void {
  for (const csv of csvs) {
    const r = onboard(configDir, ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', csv], {
      ...(cwd ? { cwd } : {}),
    });
    expect(r.code, r.stderr).toBe(0);
  }
}

/** What tests read and change in a stored profile (its file holds more). */
export interface StoredProfile {
  version: number;
  answers: Record<string, unknown>;
  session?: { token: string; uid: string; email: string; expiresAt: string };
  steps: Record<string, { status: string; data: Record<string, unknown> }>;
  keys: Record<
    string,
    { delivered: Array<{ id: string; via?: string; csv?: string }>; pending?: Record<string, unknown> }
  >;
}

/** A profile's file in the config dir: the store keeps one file per profile (SPEC §8). */
export function profilePath(configDir: string, profile = 'default'): string {
  return join(configDir, 'profiles', `${profile}.json`);
}

/** A profile as stored. */
export function readProfile(configDir: string, profile = 'default'): StoredProfile {
  return JSON.parse(readFileSync(profilePath(configDir, profile), 'utf8'));
}

/** Replaces a profile's file, as a hand edit (or a crash at the right moment) would leave it. */
export function writeProfile(configDir: string, doc: StoredProfile, profile = 'default'): void {
  writeFileSync(profilePath(configDir, profile), JSON.stringify(doc));
}

/** Flags of a complete scripted journey for an individual (password via stdin). */
export function journeyArgs(dir: string, extra: string[] = []): string[] {
  return [...accountArgs(), '--accept-key-risk', '--csv', join(dir, 'AccessKey.csv'), ...extra];
}

/** A finished setup: its account's uid, its key (the secret shown once) and its bucket. */
export interface Journey {
  dir: string;
  cfg: string;
  uid: string;
  id: string;
  secret: string;
  bucket: string;
}

/** A complete scripted journey in a fresh workspace, its key's secret shown once (`--show-secret --json`). */
export function finishedJourney(setup: () => { dir: string; cfg: string }): Journey {
  const { dir, cfg } = setup();
  const r = onboard(cfg, [...journeyArgs(dir), '--show-secret', '--json'], { input: PASSWORD, cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  const step = (id: string) => doc.steps.find((s: { id: string }) => s.id === id);
  return {
    dir,
    cfg,
    uid: String(step('account').details.uid),
    id: doc.accessKey.id,
    secret: doc.accessKey.secret,
    bucket: String(step('oss').details.bucket),
  };
}

/**
 * The `[n/N] Title` header the wizard prints for a step, as a pattern: the
 * numbers come from the step table, so a new step moves them in one place.
 */
export function stepHeader(id: string): string {
  const n = STEP_IDS.indexOf(id);
  if (n < 0) throw new Error(`no step ${id}`);
  return `\\[${n + 1}/${STEP_IDS.length}\\]`;
}
