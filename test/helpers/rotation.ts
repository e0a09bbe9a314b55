/**
 * A setup whose RAM user's key sits in the aliyun CLI's config and the SDK
 * credentials file, and the check that a key rotation left it whole: one
 * key, Active, held by both, read back by the official client. The suite
 * runs the kill loop small, `npm run stress` long.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { accountArgs, onboard, onboardAsync, PASSWORD, readProfile } from './cli.js';
import { readCloud } from './cloud.js';
import { readBack } from './official.js';
import { startServe } from './serve-child.js';

export interface RotationSetup {
  dir: string;
  cfg: string;
  home: string;
  env: Record<string, string>;
}

/** A simulated account, its RAM user `ops` with one key in `aliyun-cli:ops` and `credentials:ops`. */
export function rotationSetup(setup: () => { dir: string; cfg: string }): RotationSetup {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { HOME: home };
  const r = onboard(
    cfg,
    [
      ...accountArgs(),
      '--no-root-key',
      '--ram-user',
      'ops',
      '--ram-save-to',
      'aliyun-cli:ops',
      '--ram-save-to',
      'credentials:ops',
    ],
    { input: `${PASSWORD}\n`, cwd: dir, env },
  );
  expect(r.code, r.stderr).toBe(0);
  return { dir, cfg, home, env };
}

/** The RAM user's keys as the simulated cloud holds them. */
export function userKeys(
  cfg: string,
  user = 'ops',
  email = 'dev@example.com',
): Array<{ id: string; status: string }> {
  const cloud = readCloud(cfg);
  const account = cloud.accounts.find((a) => a.email === email);
  return account?.ramUsers.find((u) => u.name === user)?.accessKeys ?? [];
}

/**
 * What must hold after any run and its repair: the user has exactly one key,
 * Active; the aliyun CLI profile and the credentials section both hold it
 * (read back by the official client, with a secret); the profile delivered
 * it and has no rotation in flight. So no tool holds a dead key and no key
 * exists whose secret nobody has.
 */
export async function expectWhole(s: RotationSetup, context: string): Promise<string> {
  const keys = userKeys(s.cfg);
  expect(keys, `${context}: ${JSON.stringify(keys)}`).toHaveLength(1);
  const key = keys[0] as { id: string; status: string };
  expect(key.status, context).toBe('Active');
  const [cli, section] = await Promise.all([
    readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops' }),
    readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }),
  ]);
  expect(cli, context).toMatchObject({ id: key.id, provider: 'default/cli_profile' });
  expect(section, context).toMatchObject({ id: key.id, provider: 'default/profile' });
  expect(cli.secret, context).toMatch(/^[A-Za-z0-9]{30}$/);
  expect(section.secret, context).toBe(cli.secret);
  const profile = readProfile(s.cfg) as unknown as {
    keys: Record<string, { delivered: Array<{ id: string }> }>;
    rotations?: Record<string, unknown>;
  };
  expect(
    profile.keys['ram:ops']?.delivered.map((d) => d.id),
    context,
  ).toEqual([key.id]);
  expect(profile.rotations ?? {}, context).toEqual({});
  return key.id;
}

const ROTATE = ['keys', 'rotate', '--ram-user', 'ops', '--delete-old', '--no-interactive'];

/**
 * `runs` rotations, each killed (SIGKILL) at a random moment, then run again
 * to the end (its repair): after each, the setup is whole, and the key changed
 * whenever a rotation got through.
 */
export async function rotationKillLoop(
  s: RotationSetup,
  runs: number,
): Promise<{ killed: number; finished: number; rolledBack: number }> {
  const seen = { killed: 0, finished: 0, rolledBack: 0 };
  const env = { ...s.env, ONBOARD_SIM_LATENCY_MS: '40' };
  let current = await expectWhole(s, 'before');
  for (let i = 0; i < runs; i++) {
    const { child, done } = onboardAsync(s.cfg, ROTATE, { cwd: s.dir, env });
    const timer = setTimeout(() => child.kill('SIGKILL'), 150 + Math.floor(Math.random() * 900));
    const killed = await done;
    clearTimeout(timer);
    expect(killed.code === null || killed.code === 0, `run ${i}: ${killed.code} ${killed.stderr}`).toBe(true);
    if (killed.code === null) seen.killed++;
    const repair = onboard(s.cfg, [...ROTATE, '--json'], { cwd: s.dir, env });
    expect(repair.code, `repair ${i}: ${repair.stderr}`).toBe(0);
    const doc = JSON.parse(repair.stdout);
    const resolved = doc.interrupted ?? (doc.rotation.outcome === 'rotated' ? undefined : doc.rotation);
    if (resolved?.outcome === 'finished') seen.finished++;
    if (resolved?.outcome === 'rolledBack') seen.rolledBack++;
    const next = await expectWhole(s, `run ${i}`);
    // The repair rotates (or finishes the stopped rotation): the key is never the same as before.
    expect(next, `run ${i}`).not.toBe(current);
    current = next;
  }
  return seen;
}

/**
 * The real provider against `sim serve`: a simulated account whose root key
 * is the credentials section [boot], and a profile `real` of the real
 * provider that made the RAM user `ops` with its key in `aliyun-cli:ops` and
 * `credentials:ops`. `args` puts the real provider's options first.
 */
export async function realSetup(setup: () => { dir: string; cfg: string }) {
  const { dir, cfg: cloudCfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const boot = onboard(
    cloudCfg,
    [...accountArgs(), '--accept-key-risk', '--save-to', 'credentials:boot', '--no-ram-user'],
    {
      input: `${PASSWORD}\n`,
      cwd: dir,
      env: { HOME: home },
    },
  );
  expect(boot.code, boot.stderr).toBe(0);
  const server = await startServe(cloudCfg, { env: { HOME: home } });
  const env = { HOME: home, ALIBABA_CLOUD_PROFILE: 'boot' };
  const cfg = join(dir, 'real-cfg');
  const args = (...more: string[]) => [
    '--provider',
    'aliyun',
    '--endpoint',
    server.endpoint,
    '--profile',
    'real',
    ...more,
  ];
  const r = onboard(
    cfg,
    args(
      '--no-interactive',
      '--site',
      'intl',
      '--ram-user',
      'ops',
      '--ram-save-to',
      'aliyun-cli:ops',
      '--ram-save-to',
      'credentials:ops',
    ),
    { cwd: dir, env },
  );
  expect(r.code, r.stderr).toBe(0);
  return { dir, cfg, cloudCfg, home, env, args, server };
}
