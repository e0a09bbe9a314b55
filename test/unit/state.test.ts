/**
 * The local store: one file per profile, its validation and migrations, the
 * split of the earlier one-file `state.json`, and what it must never hold.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { MigrationError, migrate, migrateProfile } from '../../src/state/migrate.js';
import { newProfile, PROFILE_VERSION, type ProfileState, STATE_VERSION } from '../../src/state/schema.js';
import { StateStore } from '../../src/state/store.js';
import { accesskey } from '../../src/steps/accesskey/index.js';
import { account } from '../../src/steps/account/index.js';
import { highend } from '../../src/steps/highend/index.js';
import { identity } from '../../src/steps/identity/index.js';
import { oss } from '../../src/steps/oss/index.js';
import type { Step } from '../../src/wizard/step.js';
import { cloudBytes } from '../helpers/cloud.js';
import { thrown } from '../helpers/errors.js';
import { cleanupTempDirs, freshEmail, makeHarness, PASSWORD, RESIDENT_ID, tempDir } from '../helpers/fake.js';

afterEach(() => {
  cleanupTempDirs();
  vi.restoreAllMocks();
});

const AT = '2030-01-01T00:00:00.000Z';
const fileOf = (dir: string, name = 'default') => path.join(dir, 'profiles', `${name}.json`);
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
/** A stored profile as the earlier one-file store held it. */
const entry = (region: string): ProfileState => ({
  createdAt: AT,
  updatedAt: AT,
  answers: { region },
  steps: {},
  keys: {},
});
/** A profile's file as the store writes it. */
const profileText = (profile: ProfileState) =>
  `${JSON.stringify({ version: PROFILE_VERSION, ...profile }, null, 2)}\n`;

const errorOf = (fn: () => unknown) => thrown(fn, StoreError);

describe('StateStore: one file per profile', () => {
  it('update writes profiles/<name>.json, 0600 in 0700 folders, with its version, that reads back', async () => {
    const dir = path.join(tempDir(), 'nested', 'onboard');
    const store = new StateStore(dir);
    const p = await store.update('default', (profile) => {
      profile.answers.region = 'cn-beijing';
    });
    expect(p.answers.region).toBe('cn-beijing');
    const file = fileOf(dir);
    expect(store.fileOf('default')).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const json = read(file);
    expect(json.version).toBe(PROFILE_VERSION);
    expect(json.answers).toEqual({ region: 'cn-beijing' });
    // A fresh store instance (another run) reads the same.
    expect(new StateStore(dir).profile('default')?.answers.region).toBe('cn-beijing');
  });

  it('a missing profile reads as undefined, and reading creates nothing', () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    expect(store.profile('default')).toBeUndefined();
    expect(store.profileNames()).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("a write touches only its profile's file, and reads only it: a broken other profile is no obstacle", async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('good', (p) => {
      p.answers.region = 'cn-hangzhou';
    });
    await store.update('other', () => {});
    fs.writeFileSync(fileOf(dir, 'other'), '{"version":3,"nonsense":true}');
    const before = fs.readFileSync(fileOf(dir, 'other'));
    const fresh = new StateStore(dir);
    expect(fresh.profile('good')?.answers.region).toBe('cn-hangzhou');
    await fresh.update('good', (p) => {
      p.answers.region = 'cn-shanghai';
    });
    expect(read(fileOf(dir, 'good')).answers.region).toBe('cn-shanghai');
    expect(fs.readFileSync(fileOf(dir, 'other'))).toEqual(before);
    expect(() => fresh.profile('other')).toThrow(StoreError);
  });

  it('each file is read once per store; our own writes keep what is kept current', async () => {
    const dir = tempDir();
    await new StateStore(dir).update('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    const opened: string[] = [];
    const open = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
      opened.push(String(args[0]));
      return open(...args);
    });
    const store = new StateStore(dir);
    for (let i = 0; i < 11; i++) expect(store.profile('default')?.answers.region).toBe('cn-beijing');
    expect(opened.filter((f) => f === fileOf(dir))).toHaveLength(1);
    await store.update('default', (p) => {
      p.answers.region = 'cn-shanghai';
    });
    opened.length = 0;
    expect(store.profile('default')?.answers.region).toBe('cn-shanghai');
    expect(opened).toEqual([]);
  });

  it('a write reads the file again first: another process’s update is not lost', async () => {
    const dir = tempDir();
    const a = new StateStore(dir);
    const b = new StateStore(dir);
    expect(a.profile('default')).toBeUndefined();
    await b.update('default', (p) => {
      p.answers.email = 'b@example.com';
    });
    await a.update('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    expect(read(fileOf(dir)).answers).toEqual({ email: 'b@example.com', region: 'cn-beijing' });
  });

  it('two profiles updated alternately keep both', async () => {
    const dir = tempDir();
    const a = new StateStore(dir);
    const b = new StateStore(dir);
    for (let i = 0; i < 4; i++) {
      await a.update('alpha', (p) => {
        p.answers.vcpuQuota = 10 + i;
      });
      await b.update('beta', (p) => {
        p.answers.vcpuQuota = 100 + i;
      });
    }
    const store = new StateStore(dir);
    expect(store.profileNames()).toEqual(['alpha', 'beta']);
    expect(store.profile('alpha')?.answers.vcpuQuota).toBe(13);
    expect(store.profile('beta')?.answers.vcpuQuota).toBe(103);
  });

  it('a change that breaks the schema is refused and the file is kept', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('default', (p) => {
      p.answers.email = 'a@example.com';
    });
    const before = fs.readFileSync(fileOf(dir));
    await expect(
      store.update('default', (p) => {
        (p as unknown as { steps: unknown }).steps = 'broken';
      }),
    ).rejects.toThrow();
    expect(fs.readFileSync(fileOf(dir))).toEqual(before);
  });

  it('remove deletes one profile’s file only', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('one', () => {});
    await store.update('two', () => {});
    expect(await store.remove('one')).toBe(true);
    expect(await store.remove('one')).toBe(false);
    expect(store.profileNames()).toEqual(['two']);
    expect(fs.readdirSync(path.join(dir, 'profiles'))).toEqual(['two.json']);
  });

  it('profileNames lists the files, not their temps, mutexes or corrupt copies', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('b', () => {});
    await store.update('a', () => {});
    for (const stray of ['a.json.tmp-1-ab', 'a.json.mutex', 'b.json.corrupt-2030', 'README', 'x.txt'])
      fs.writeFileSync(path.join(dir, 'profiles', stray), '');
    expect(new StateStore(dir).profileNames()).toEqual(['a', 'b']);
  });

  // `constructor` is the one Object.prototype member that is a valid profile name (SPEC §3).
  it.each(['constructor', 'prototype'])('a profile named %s is a profile like any other', async (name) => {
    const dir = tempDir();
    const store = new StateStore(dir);
    expect(store.profile(name)).toBeUndefined();
    await store.update(name, (p) => {
      p.answers.region = 'cn-beijing';
    });
    await store.update('default', () => {});
    const fresh = new StateStore(dir);
    expect(fresh.profile(name)?.answers.region).toBe('cn-beijing');
    expect(fresh.profileNames()).toEqual([name, 'default'].sort());
    expect(await fresh.remove(name)).toBe(true);
    expect(fresh.profile(name)).toBeUndefined();
  });

  it('a name that is not a profile name never becomes a path', () => {
    const store = new StateStore(tempDir());
    for (const bad of ['../x', '__proto__', 'Constructor', 'a/b', '', 'x'.repeat(33)])
      expect(() => store.profile(bad), bad).toThrow(/not a profile name/);
  });
});

describe('staged changes: one write per finished action', () => {
  it('stage changes what is read at once, writes nothing; the next update writes both in one file write', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    const renames = vi.spyOn(fs, 'renameSync');
    store.stage('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    store.stage('default', (p) => {
      p.answers.email = 'a@example.com';
    });
    expect(store.profile('default')?.answers).toEqual({ region: 'cn-beijing', email: 'a@example.com' });
    expect(fs.existsSync(fileOf(dir))).toBe(false);
    await store.update('default', (p) => {
      p.keys.root = { delivered: [] };
    });
    expect(renames.mock.calls.filter(([, to]) => to === fileOf(dir))).toHaveLength(1);
    expect(read(fileOf(dir))).toMatchObject({
      answers: { region: 'cn-beijing', email: 'a@example.com' },
      keys: { root: { delivered: [] } },
    });
  });

  it('flush writes what is staged once; with nothing staged, or nothing changed, it writes nothing', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    const renames = vi.spyOn(fs, 'renameSync');
    store.flush();
    store.stage('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    store.flush();
    store.flush();
    store.stage('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    store.flush();
    expect(renames.mock.calls.filter(([, to]) => to === fileOf(dir))).toHaveLength(1);
  });

  it('a staged change that breaks the schema is refused where it is made', () => {
    const store = new StateStore(tempDir());
    expect(() =>
      store.stage('default', (p) => {
        (p as unknown as { answers: unknown }).answers = 'broken';
      }),
    ).toThrow();
    expect(store.profile('default')).toBeUndefined();
  });

  it('staged changes go on top of what another process wrote meanwhile', async () => {
    const dir = tempDir();
    const a = new StateStore(dir);
    a.stage('default', (p) => {
      p.answers.region = 'cn-beijing';
    });
    await new StateStore(dir).update('default', (p) => {
      p.answers.email = 'b@example.com';
    });
    a.flush();
    expect(read(fileOf(dir)).answers).toEqual({ email: 'b@example.com', region: 'cn-beijing' });
  });
});

describe('a corrupt profile file is never replaced', () => {
  const corrupt: Array<[string, string]> = [
    ['not JSON', '{oops'],
    ['null', 'null'],
    ['an array', '[]'],
    ['wrong shape', JSON.stringify({ version: 3, createdAt: 42, steps: 'x' })],
    ['no version', JSON.stringify(entry('cn-beijing'))],
    ['a newer version', JSON.stringify({ ...entry('cn-beijing'), version: 99 })],
    ['a bad version', JSON.stringify({ ...entry('cn-beijing'), version: 'three' })],
    ['empty file', ''],
  ];

  it.each(corrupt)('%s → StoreError (exit 5) naming the file; bytes unchanged', async (_name, text) => {
    const dir = tempDir();
    const file = fileOf(dir);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, text, { mode: 0o600 });
    const before = fs.readFileSync(file);
    const store = new StateStore(dir, { commandFor: (p) => `onboard --profile ${p} --config-dir ${dir}` });
    const error = errorOf(() => store.profile('default'));
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain(file);
    expect(error.hints[0]).toMatchObject({ key: 'store.stateCorruptFix', params: { file } });
    expect(String(error.hints[0]?.params?.onboard)).toBe(`onboard --profile default --config-dir ${dir}`);

    const updateError = await store.update('default', () => {}).catch((e: unknown) => e);
    expect(updateError).toBeInstanceOf(StoreError);
    expect((updateError as StoreError).message).toContain(file);
    expect(fs.readFileSync(file)).toEqual(before);
    // Nothing else was left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['default.json']);
  });

  it('a syntax error names a position, never the text around it (it may hold a session token)', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'profiles'));
    fs.writeFileSync(fileOf(dir), '{"version":3,"session":{"token":"SECRETTOKENVALUE1234" oops');
    const error = errorOf(() => new StateStore(dir).profile('default'));
    expect(error.message).not.toContain('SECRETTOKEN');
    expect(error.message).toContain('default.json');
  });

  it.runIf(process.platform !== 'win32')(
    'a FIFO in place of the file is refused (exit 5, naming it), never opened so that it blocks',
    async () => {
      const dir = tempDir();
      const file = fileOf(dir);
      fs.mkdirSync(path.dirname(file), { mode: 0o700 });
      execFileSync('mkfifo', [file]);
      const store = new StateStore(dir);
      const error = errorOf(() => store.profile('default'));
      expect(error.key).toBe('store.notAFile');
      expect(error.exitCode).toBe(5);
      expect(error.message).toContain(file);
      await expect(store.update('default', () => {})).rejects.toThrow(StoreError);
      expect(fs.lstatSync(file).isFIFO()).toBe(true);
      // The documented fix moves it aside without opening it.
      const moved = store.moveAside('default');
      expect(fs.lstatSync(moved.aside).isFIFO()).toBe(true);
      expect(new StateStore(dir).profile('default')).toBeUndefined();
    },
  );
});

describe('the earlier one-file state.json', () => {
  function legacy(dir: string, profiles: Record<string, ProfileState>, version = STATE_VERSION): string {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, JSON.stringify({ version, profiles }, null, 2), { mode: 0o600 });
    return file;
  }

  it('is read as it is until the first write, which splits it and keeps it as state.json.migrated', async () => {
    const dir = tempDir();
    const file = legacy(dir, { default: entry('cn-beijing'), constructor: entry('cn-shanghai') });
    const text = fs.readFileSync(file, 'utf8');
    const reader = new StateStore(dir);
    expect(reader.profile('default')?.answers.region).toBe('cn-beijing');
    expect(reader.profile('constructor')?.answers.region).toBe('cn-shanghai');
    expect(reader.profileNames()).toEqual(['constructor', 'default']);
    expect(reader.sourceOf('default')).toBe(file);
    // Reading changes nothing.
    expect(fs.readdirSync(dir)).toEqual(['state.json']);

    const store = new StateStore(dir);
    await store.update('default', (p) => {
      p.answers.email = 'a@example.com';
    });
    expect(fs.readdirSync(dir).sort()).toEqual(['profiles', 'state.json.migrated']);
    expect(fs.readFileSync(path.join(dir, 'state.json.migrated'), 'utf8')).toBe(text);
    expect(fs.readdirSync(path.join(dir, 'profiles')).sort()).toEqual(['constructor.json', 'default.json']);
    expect(read(fileOf(dir, 'constructor'))).toEqual({ version: PROFILE_VERSION, ...entry('cn-shanghai') });
    expect(read(fileOf(dir))).toMatchObject({ answers: { region: 'cn-beijing', email: 'a@example.com' } });
    expect(fs.statSync(fileOf(dir, 'constructor')).mode & 0o777).toBe(0o600);
    const fresh = new StateStore(dir);
    expect(fresh.sourceOf('default')).toBe(fileOf(dir));
    expect(fresh.profile('constructor')?.answers.region).toBe('cn-shanghai');
    // Not migrated twice: the backup is never read.
    fs.writeFileSync(path.join(dir, 'state.json.migrated'), '{oops');
    expect(new StateStore(dir).profileNames()).toEqual(['constructor', 'default']);
  });

  it('a version-0 file (one profile at the top level) becomes profiles/default.json', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(entry('cn-shanghai')));
    const store = new StateStore(dir);
    expect(store.profile('default')?.answers.region).toBe('cn-shanghai');
    await store.update('other', () => {});
    expect(new StateStore(dir).profileNames()).toEqual(['default', 'other']);
    expect(read(fileOf(dir)).answers.region).toBe('cn-shanghai');
  });

  describe('a kill in the middle of the split: the next write finishes it', () => {
    const profiles = { alpha: entry('cn-beijing'), beta: entry('cn-shanghai'), gamma: entry('cn-hangzhou') };
    const states: Array<[string, (dir: string) => void]> = [
      ['before anything was written', () => {}],
      ['with the folder made, empty', (dir) => fs.mkdirSync(path.join(dir, 'profiles'), { mode: 0o700 })],
      [
        'with some files written and a temp file cut short',
        (dir) => {
          fs.mkdirSync(path.join(dir, 'profiles'), { mode: 0o700 });
          fs.writeFileSync(fileOf(dir, 'alpha'), profileText(profiles.alpha), { mode: 0o600 });
          fs.writeFileSync(path.join(dir, 'profiles', 'beta.json.tmp-4194305-0a1b2c'), '{"vers');
        },
      ],
      [
        'with every file written, before state.json was renamed',
        (dir) => {
          fs.mkdirSync(path.join(dir, 'profiles'), { mode: 0o700 });
          for (const [name, p] of Object.entries(profiles))
            fs.writeFileSync(fileOf(dir, name), profileText(p), { mode: 0o600 });
        },
      ],
    ];

    it.each(states)('%s', async (_name, leave) => {
      const dir = tempDir();
      const file = legacy(dir, profiles);
      const text = fs.readFileSync(file, 'utf8');
      leave(dir);
      // Until then the old layout is the one in use, whole.
      const reader = new StateStore(dir);
      expect(reader.profileNames()).toEqual(['alpha', 'beta', 'gamma']);
      expect(reader.profile('beta')?.answers.region).toBe('cn-shanghai');
      await new StateStore(dir).update('beta', (p) => {
        p.answers.email = 'b@example.com';
      });
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.readFileSync(path.join(dir, 'state.json.migrated'), 'utf8')).toBe(text);
      expect(fs.readdirSync(path.join(dir, 'profiles')).sort()).toEqual([
        'alpha.json',
        'beta.json',
        'gamma.json',
      ]);
      const fresh = new StateStore(dir);
      expect(fresh.profile('alpha')).toEqual(profiles.alpha);
      expect(fresh.profile('gamma')).toEqual(profiles.gamma);
      expect(fresh.profile('beta')?.answers).toEqual({ region: 'cn-shanghai', email: 'b@example.com' });
    });

    it('after the rename the new layout is complete and used, whatever is left beside it', () => {
      const dir = tempDir();
      legacy(dir, profiles);
      for (const [name, p] of Object.entries(profiles)) {
        fs.mkdirSync(path.join(dir, 'profiles'), { recursive: true, mode: 0o700 });
        fs.writeFileSync(fileOf(dir, name), profileText(p), { mode: 0o600 });
      }
      fs.renameSync(path.join(dir, 'state.json'), path.join(dir, 'state.json.migrated'));
      const store = new StateStore(dir);
      expect(store.profileNames()).toEqual(['alpha', 'beta', 'gamma']);
      expect(store.sourceOf('alpha')).toBe(fileOf(dir, 'alpha'));
    });
  });

  it('a profile file that differs from state.json’s copy is never overwritten: exit 5 naming both', async () => {
    const dir = tempDir();
    const file = legacy(dir, { default: entry('cn-beijing') });
    fs.mkdirSync(path.join(dir, 'profiles'), { mode: 0o700 });
    fs.writeFileSync(fileOf(dir), profileText(entry('cn-shanghai')), { mode: 0o600 });
    const error = await new StateStore(dir).update('default', () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).key).toBe('store.migrateConflict');
    expect((error as StoreError).message).toContain(file);
    expect((error as StoreError).message).toContain(fileOf(dir));
    expect(read(fileOf(dir)).answers.region).toBe('cn-shanghai');
    expect(fs.existsSync(file)).toBe(true);
  });

  const corrupt: Array<[string, string]> = [
    ['not JSON', '{oops'],
    ['null', 'null'],
    ['an array', '[]'],
    ['wrong shape', JSON.stringify({ version: 1, profiles: { default: { createdAt: 42, steps: 'x' } } })],
    ['profiles not an object', JSON.stringify({ version: 1, profiles: [] })],
    [
      'bad profile name',
      JSON.stringify({ version: 1, profiles: { 'Bad Name!': { createdAt: AT, updatedAt: AT } } }),
    ],
    ['a newer version', JSON.stringify({ version: 99, profiles: {} })],
    ['a bad version', JSON.stringify({ version: 'one', profiles: {} })],
    ['empty file', ''],
  ];

  it.each(
    corrupt,
  )('corrupt (%s) → StoreError naming state.json; nothing split, bytes unchanged', async (_n, text) => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, text, { mode: 0o600 });
    const before = fs.readFileSync(file);
    const store = new StateStore(dir);
    const error = errorOf(() => {
      store.profileNames();
      store.profile('default');
    });
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain(file);
    const updateError = await store.update('default', () => {}).catch((e: unknown) => e);
    expect(updateError).toBeInstanceOf(StoreError);
    expect((updateError as StoreError).message).toContain(file);
    expect(fs.readFileSync(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('moveAside puts the whole state.json aside: the documented fix when it is corrupt', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'state.json'), '{oops');
    const store = new StateStore(dir);
    const { file, aside } = store.moveAside('default');
    expect(file).toBe(path.join(dir, 'state.json'));
    expect(fs.readFileSync(aside, 'utf8')).toBe('{oops');
    expect(store.profile('default')).toBeUndefined();
  });
});

describe('migrations', () => {
  it('a version-0 state.json (single profile at top level) becomes v2 with profiles.default', () => {
    const v0 = { createdAt: AT, updatedAt: AT, answers: { email: 'old@example.com' }, steps: {} };
    const v2 = migrate(v0) as { version: number; profiles: Record<string, unknown> };
    expect(v2.version).toBe(STATE_VERSION);
    expect(v2.profiles).toEqual({ default: v0 });
  });

  it('an empty conf store ({}) becomes an empty current store', () => {
    expect(migrate({})).toEqual({ version: STATE_VERSION, profiles: {} });
  });

  it('the current version passes through unchanged', () => {
    const v2 = { version: 2, profiles: { x: { ...newProfile(new Date(AT)) } } };
    expect(migrate(structuredClone(v2))).toEqual(v2);
    const v3 = { version: PROFILE_VERSION, ...entry('cn-beijing') };
    expect(migrateProfile(structuredClone(v3))).toEqual(v3);
  });

  it('v1 → v2: delivered keys and a creation in flight move from the accesskey step to keys.root', () => {
    const pending = { clientToken: 'c', startedAt: AT, csv: '/tmp/k.csv' };
    const delivered = [{ id: 'LTAI00000000000000000001', via: 'csv' }];
    const v1 = {
      version: 1,
      profiles: {
        x: {
          createdAt: AT,
          updatedAt: AT,
          answers: {},
          steps: { accesskey: { status: 'todo', updatedAt: AT, data: { delivered, pending } } },
        },
        y: { createdAt: AT, updatedAt: AT, answers: {}, steps: {} },
      },
    };
    const v2 = migrate(v1) as {
      version: number;
      profiles: Record<string, { keys?: unknown; steps: Record<string, { data: unknown }> }>;
    };
    expect(v2.version).toBe(2);
    expect(v2.profiles.x?.keys).toEqual({ root: { delivered, pending } });
    expect(v2.profiles.x?.steps.accesskey?.data).toEqual({});
    expect(v2.profiles.y?.keys).toBeUndefined();
  });

  it('non-objects and unknown versions are MigrationErrors', () => {
    for (const bad of [
      null,
      [],
      'x',
      3,
      { version: 99 },
      { version: -1 },
      { version: 1.5 },
      { version: '1' },
    ]) {
      expect(() => migrate(bad), JSON.stringify(bad)).toThrow(MigrationError);
    }
    // A profile's file always says its version; there was none before 3.
    for (const bad of [null, [], {}, { version: 2 }, { version: 4 }, { version: '3' }]) {
      expect(() => migrateProfile(bad), JSON.stringify(bad)).toThrow(MigrationError);
    }
  });
});

describe('secrets never reach the store', () => {
  it('after a whole run: no password, no AccessKey secret, no verification code', async () => {
    const email = freshEmail('grep');
    const csv = path.join(tempDir(), 'key.csv');
    const h = await makeHarness({
      flags: {
        email,
        identityType: 'individual',
        legalName: 'Zhang San',
        idNumber: RESIDENT_ID,
        csv,
        acceptKeyRisk: true,
        highEnd: true,
      },
      env: { ONBOARD_PASSWORD: PASSWORD },
    });
    const steps: Step[] = [account, identity, accesskey, oss, highend];
    for (const step of steps) {
      expect(['done', 'skipped'], step.id).toContain((await h.run(step)).status);
    }
    const code = await h.sim.latestCode(email);
    const secret = (fs.readFileSync(csv, 'utf8').split('\n')[1] ?? '').split(',')[1] ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9]{30}$/);
    const text = fs.readFileSync(h.store.fileOf('default'), 'utf8');
    expect(text).toContain(email);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"[a-zA-Z]*password[a-zA-Z]*"\s*:/i);
    expect(text).not.toMatch(/"[a-zA-Z]*secret[a-zA-Z]*"\s*:/i);
    if (code) expect(text).not.toMatch(new RegExp(`"verificationCode"\\s*:|"${code}"`));
    expect(text).not.toContain(RESIDENT_ID);
    // Nor the simulated cloud, nor the output streams (the CSV was the delivery).
    const cloud = cloudBytes(h.configDir).toString('latin1');
    expect(cloud).not.toContain(PASSWORD);
    expect(cloud).not.toContain(secret);
    expect(h.stdout.text() + h.stderr.text()).not.toContain(secret);
    expect(h.stdout.text() + h.stderr.text()).not.toContain(PASSWORD);
  });
});
