/**
 * `onboard keys rotate` end to end: the new key replaces the old one in the
 * aliyun CLI profile and the credentials section (read back by the official
 * client), a CSV beside the old one; the old key disabled (and deleted with
 * --delete-old); the limit named and --disable-first (or --delete-first);
 * kills at random points finished or rolled back by the next run; and the
 * real provider against sim serve, whose check is a live call with the key.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountArgs, onboard, PASSWORD, readProfile, workspaces } from '../helpers/cli.js';
import { readBack } from '../helpers/official.js';
import { expectWhole, realSetup, rotationKillLoop, rotationSetup, userKeys } from '../helpers/rotation.js';
import { killServers } from '../helpers/serve-child.js';

const setup = workspaces('rotate');
afterEach(() => killServers());

function rotate(s: { cfg: string; dir: string; env: Record<string, string> }, args: string[]) {
  return onboard(s.cfg, ['keys', 'rotate', ...args], { cwd: s.dir, env: s.env });
}

describe('keys rotate (simulated provider)', () => {
  it('replaces the key everywhere it went, checks it, disables the old one; --json says so; keys list shows it', async () => {
    const s = rotationSetup(setup);
    const old = await expectWhole(s, 'setup');
    const r = rotate(s, ['--ram-user', 'ops', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const fresh = doc.rotation.newKey.id;
    expect(doc).toMatchObject({
      schemaVersion: 1,
      ok: true,
      ramUser: 'ops',
      rotation: {
        outcome: 'rotated',
        oldKey: { id: old, fate: 'disabled' },
        verification: 'provider',
        targets: [
          { target: 'aliyun-cli', profile: 'ops', path: join(s.home, '.aliyun', 'config.json') },
          { target: 'credentials', profile: 'ops', path: join(s.home, '.alibabacloud', 'credentials') },
        ],
      },
    });
    expect(fresh).not.toBe(old);
    expect(doc.rotation.newKey.secret).toBeUndefined();
    expect(await readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops' })).toMatchObject({ id: fresh });
    expect(
      await readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }),
    ).toMatchObject({ id: fresh });
    const list = JSON.parse(
      onboard(s.cfg, ['keys', 'list', '--ram-user', 'ops', '--json'], { env: s.env }).stdout,
    );
    expect(list.keys.map((k: { id: string; status: string }) => [k.id, k.status]).sort()).toEqual(
      [
        [old, 'Inactive'],
        [fresh, 'Active'],
      ].sort(),
    );
    expect(readProfile(s.cfg).keys['ram:ops']?.delivered.map((d) => d.id)).toEqual([fresh]);

    // At the limit (two keys, the disabled one counts): the key to free is named, exit 4, nothing changed.
    const full = rotate(s, ['--ram-user', 'ops']);
    expect(full.code, full.stderr).toBe(4);
    expect(full.stderr).toContain('LimitExceeded.User.AccessKey');
    expect(full.stderr).toContain(`--disable-first ${old} --yes`);
    expect(
      userKeys(s.cfg)
        .map((k) => k.id)
        .sort(),
    ).toEqual([old, fresh].sort());
    // A script must confirm freeing it.
    const unconfirmed = rotate(s, ['--ram-user', 'ops', '--disable-first', old]);
    expect(unconfirmed.code, unconfirmed.stderr).toBe(2);
    expect(userKeys(s.cfg)).toHaveLength(2);
    // --delete-first is the same option.
    const freed = rotate(s, ['--ram-user', 'ops', '--delete-first', old, '--yes', '--delete-old', '--json']);
    expect(freed.code, freed.stderr).toBe(0);
    const third = JSON.parse(freed.stdout).rotation;
    expect(third.oldKey).toEqual({ id: fresh, fate: 'deleted' });
    expect(await expectWhole(s, 'after --delete-first')).toBe(third.newKey.id);
  });

  it('a CSV gets a new file beside it; a key named that this profile never delivered is refused (exit 2)', () => {
    const { dir, cfg } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const env = { HOME: home };
    const csv = join(dir, 'AccessKey.csv');
    const r = onboard(cfg, [...accountArgs(), '--accept-key-risk', '--csv', csv, '--no-ram-user'], {
      input: `${PASSWORD}\n`,
      cwd: dir,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const old = readFileSync(csv, 'utf8').split('\n')[1]?.split(',')[0];
    const rotated = onboard(cfg, ['keys', 'rotate', '--json'], { cwd: dir, env });
    expect(rotated.code, rotated.stderr).toBe(0);
    const doc = JSON.parse(rotated.stdout).rotation;
    expect(doc.targets).toEqual([{ target: 'csv', path: join(dir, 'AccessKey-2.csv') }]);
    expect(readFileSync(join(dir, 'AccessKey-2.csv'), 'utf8')).toMatch(
      new RegExp(`^AccessKey ID,AccessKey Secret\\n${doc.newKey.id},[A-Za-z0-9]{30}\\n$`),
    );
    // The old CSV stays as it was.
    expect(readFileSync(csv, 'utf8')).toContain(`${old},`);
    const unknown = onboard(cfg, ['keys', 'rotate', 'LTAI5tNeverDeliveredHere'], { cwd: dir, env });
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(existsSync(join(dir, 'AccessKey-3.csv'))).toBe(false);
  });

  it('killed at random points: each next run finishes or rolls back, and the setup stays whole', async () => {
    await rotationKillLoop(rotationSetup(setup), 5);
  });
});

describe('keys rotate --provider aliyun against sim serve', () => {
  it('checks the new key with STS GetCallerIdentity made with it, and replaces it in both files', async () => {
    const s = await realSetup(setup);
    const before = await readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops' });
    const r = onboard(s.cfg, s.args('keys', 'rotate', '--ram-user', 'ops', '--delete-old', '--json'), {
      cwd: s.dir,
      env: s.env,
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout).rotation;
    expect(doc).toMatchObject({
      outcome: 'rotated',
      verification: 'sts',
      oldKey: { id: before.id, fate: 'deleted' },
    });
    const [cli, section] = await Promise.all([
      readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops' }),
      readBack(s.home, { ALIBABA_CLOUD_PROFILE: 'ops', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }),
    ]);
    expect(cli.id).toBe(doc.newKey.id);
    expect(section).toEqual({ ...cli, provider: 'default/profile' });
    expect(cli.secret).not.toBe(before.secret);
    const keys = userKeys(s.cloudCfg);
    expect(keys).toEqual([{ ...keys[0], id: doc.newKey.id, status: 'Active' }]);
  });
});
