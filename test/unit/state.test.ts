/** The local store: state.json, its validation, migrations and what it must never hold. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { MigrationError, migrate } from '../../src/state/migrate.js';
import { STATE_VERSION } from '../../src/state/schema.js';
import { StateStore } from '../../src/state/store.js';
import { accesskey } from '../../src/steps/accesskey/index.js';
import { account } from '../../src/steps/account/index.js';
import { highend } from '../../src/steps/highend/index.js';
import { identity } from '../../src/steps/identity/index.js';
import { oss } from '../../src/steps/oss/index.js';
import type { Step } from '../../src/wizard/step.js';
import { cleanupTempDirs, freshEmail, makeHarness, PASSWORD, RESIDENT_ID, tempDir } from '../helpers/fake.js';

afterEach(() => cleanupTempDirs());

const AT = '2030-01-01T00:00:00.000Z';

describe('StateStore', () => {
  it('a syntax error names a position, never the text around it (it may hold a session token)', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'state.json'),
      '{"version":1,"profiles":{"default":{"session":{"token":"SECRETTOKENVALUE1234" oops',
    );
    const store = new StateStore(dir);
    expect(() => store.read()).toThrow(StoreError);
    try {
      store.profile('default');
    } catch (error) {
      expect((error as StoreError).message).not.toContain('SECRETTOKEN');
      expect((error as StoreError).message).toContain('state.json');
    }
  });

  it('reads one profile without validating the others; a write still checks the whole file', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('good', (p) => {
      p.answers.region = 'cn-hangzhou';
    });
    const file = path.join(dir, 'state.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.profiles.bad = { nonsense: true };
    fs.writeFileSync(file, JSON.stringify(doc));
    const fresh = new StateStore(dir);
    expect(fresh.profile('good')?.answers.region).toBe('cn-hangzhou');
    expect(() => fresh.profile('bad')).toThrow(StoreError);
    await expect(fresh.update('good', () => {})).rejects.toThrow(StoreError);
  });

  it('a missing file reads as an empty store and is not created by reading', () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    expect(store.read()).toEqual({ version: STATE_VERSION, profiles: {} });
    expect(store.profile('default')).toBeUndefined();
    expect(store.profileNames()).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  it('update writes a 0600 file with the current version that reads back', async () => {
    const dir = path.join(tempDir(), 'nested', 'onboard');
    const store = new StateStore(dir);
    const p = await store.update('default', (profile) => {
      profile.answers.region = 'cn-beijing';
    });
    expect(p.answers.region).toBe('cn-beijing');
    const file = path.join(dir, 'state.json');
    expect(store.file).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.version).toBe(STATE_VERSION);
    expect(json.profiles.default.answers).toEqual({ region: 'cn-beijing' });
    // A fresh store instance (another run) reads the same.
    expect(new StateStore(dir).profile('default')?.answers.region).toBe('cn-beijing');
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
    const state = new StateStore(dir).read();
    expect(Object.keys(state.profiles).sort()).toEqual(['alpha', 'beta']);
    expect(state.profiles.alpha?.answers.vcpuQuota).toBe(13);
    expect(state.profiles.beta?.answers.vcpuQuota).toBe(103);
  });

  it('a change that breaks the schema is refused and the file is kept', async () => {
    const dir = tempDir();
    const store = new StateStore(dir);
    await store.update('default', (p) => {
      p.answers.email = 'a@example.com';
    });
    const before = fs.readFileSync(store.file);
    await expect(
      store.update('default', (p) => {
        (p as unknown as { steps: unknown }).steps = 'broken';
      }),
    ).rejects.toThrow();
    expect(fs.readFileSync(store.file)).toEqual(before);
  });

  it('remove forgets one profile only', async () => {
    const store = new StateStore(tempDir());
    await store.update('one', () => {});
    await store.update('two', () => {});
    expect(await store.remove('one')).toBe(true);
    expect(await store.remove('one')).toBe(false);
    expect(store.profileNames()).toEqual(['two']);
  });
});

describe('a corrupt state.json is never replaced', () => {
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

  it.each(corrupt)('%s → StoreError (exit 5) naming the file; bytes unchanged', async (_name, text) => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, text, { mode: 0o600 });
    const before = fs.readFileSync(file);
    const store = new StateStore(dir);

    let error: unknown;
    try {
      store.read();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).exitCode).toBe(5);
    expect((error as StoreError).message).toContain(file);

    const updateError = await store.update('default', () => {}).catch((e: unknown) => e);
    expect(updateError).toBeInstanceOf(StoreError);
    expect((updateError as StoreError).exitCode).toBe(5);
    expect((updateError as StoreError).message).toContain(file);
    expect(fs.readFileSync(file)).toEqual(before);
    // Nothing else was left beside it.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('state'))).toEqual(['state.json']);
  });
});

describe('migrations', () => {
  it('a version-0 file (single profile at top level) becomes v1 with profiles.default', () => {
    const v0 = { createdAt: AT, updatedAt: AT, answers: { email: 'old@example.com' }, steps: {} };
    const v1 = migrate(v0) as { version: number; profiles: Record<string, unknown> };
    expect(v1.version).toBe(STATE_VERSION);
    expect(v1.profiles).toEqual({ default: v0 });
  });

  it('an empty conf store ({}) becomes an empty current store', () => {
    expect(migrate({})).toEqual({ version: STATE_VERSION, profiles: {} });
  });

  it('the current version passes through unchanged', () => {
    const v2 = {
      version: 2,
      profiles: { x: { createdAt: AT, updatedAt: AT, answers: {}, steps: {}, keys: {} } },
    };
    expect(migrate(structuredClone(v2))).toEqual(v2);
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
  });

  it('the store reads a version-0 file, and the next write makes it current', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ createdAt: AT, updatedAt: AT, answers: { region: 'cn-shanghai' }, steps: {} }),
      { mode: 0o600 },
    );
    const store = new StateStore(dir);
    expect(store.profile('default')?.answers.region).toBe('cn-shanghai');
    await store.update('other', () => {});
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.version).toBe(STATE_VERSION);
    expect(Object.keys(json.profiles).sort()).toEqual(['default', 'other']);
    expect(json.profiles.default.answers.region).toBe('cn-shanghai');
  });
});

describe('secrets never reach state.json', () => {
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
    const text = fs.readFileSync(h.store.file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"[a-zA-Z]*password[a-zA-Z]*"\s*:/i);
    expect(text).not.toMatch(/"[a-zA-Z]*secret[a-zA-Z]*"\s*:/i);
    if (code) expect(text).not.toMatch(new RegExp(`"verificationCode"\\s*:|"${code}"`));
    expect(text).not.toContain(RESIDENT_ID);
    // Nor the simulated cloud, nor the output streams (the CSV was the delivery).
    const cloud = fs.readFileSync(path.join(h.configDir, 'simulated-cloud.json'), 'utf8');
    expect(cloud).not.toContain(PASSWORD);
    expect(cloud).not.toContain(secret);
    expect(h.stdout.text() + h.stderr.text()).not.toContain(secret);
    expect(h.stdout.text() + h.stderr.text()).not.toContain(PASSWORD);
  });
});
