/**
 * The store writes what changed, once per finished action: a whole journey
 * seen as a timeline of the files it replaces. `P` is a write of the
 * profile's file; an action is a change of the simulated cloud (`C`, a store
 * transaction that wrote records) or a key delivered to a file (`D`, the CSV
 * created). Between two
 * actions the profile is written at most twice (what the first one did, and
 * the next one's intent, e.g. its client token); before the first and after
 * the last, at most once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloudTx, MemoryKv } from '../../src/provider/simulated/records.js';
import { withoutMsgpackrAcceleration } from '../../src/provider/simulated/store.js';
import { cleanupTempDirs, freshEmail, makeHarness, PASSWORD, RESIDENT_ID, tempDir } from '../helpers/fake.js';

afterEach(() => {
  cleanupTempDirs();
  vi.restoreAllMocks();
});

/** Records, in order, every file replaced or created exclusively: P, C or D (see above). */
function timeline(configDir: string): () => string {
  const events: string[] = [];
  const profile = path.join(configDir, 'profiles', 'default.json');
  const rename = fs.renameSync;
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    rename(from, to);
    events.push(to === profile ? 'P' : 'D');
  });
  // A cloud change: a transaction of the store's database that wrote records (not a view in memory).
  const flush = CloudTx.prototype.flush;
  vi.spyOn(CloudTx.prototype, 'flush').mockImplementation(function (this: CloudTx) {
    const changed = flush.call(this);
    if (changed && !(Reflect.get(this, 'kv') instanceof MemoryKv)) events.push('C');
    return changed;
  });
  const open = fs.openSync;
  vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    const fd = open(...args);
    const [file, flags] = args;
    if (typeof flags === 'number' && flags & fs.constants.O_EXCL && String(file).endsWith('.csv'))
      events.push('D');
    return fd;
  });
  return () => events.join('');
}

/** The profile's writes between actions: one entry per gap (before the first action, between, after the last). */
function gaps(events: string): number[] {
  return events.split(/[CD]+/).map((run) => run.length);
}

type Flags = Record<string, string | boolean>;
const journeys: Array<[string, (dir: string) => Flags]> = [
  ['root key, bucket, high-end request', () => ({ highEnd: true })],
  [
    'RAM user with its own key, both products',
    (dir) => ({ ramUser: 'ops', ramCsv: path.join(dir, 'ram.csv'), product: 'both' }),
  ],
];

describe('one durable write per finished action', () => {
  it.each(journeys)('%s', async (_name, extra) => {
    const configDir = tempDir();
    const dir = tempDir();
    const flags: Flags = {
      email: freshEmail('writes'),
      identityType: 'individual',
      legalName: 'Li Lei',
      idNumber: RESIDENT_ID,
      csv: path.join(dir, 'root.csv'),
      acceptKeyRisk: true,
      ...extra(dir),
    };
    const h = await makeHarness({ configDir, flags, env: { ONBOARD_PASSWORD: PASSWORD } });
    const events = timeline(configDir);
    const outcome = await h.wizard();
    expect(outcome.error).toBeUndefined();
    const seen = events();
    const writes = gaps(seen);
    expect(seen, seen).toMatch(/^P?[CD]/);
    expect(writes[0], seen).toBeLessThanOrEqual(1);
    expect(writes.at(-1), seen).toBeLessThanOrEqual(1);
    for (const between of writes.slice(1, -1)) expect(between, seen).toBeLessThanOrEqual(2);
    // Everything the run did is on disk at its end.
    const stored = JSON.parse(fs.readFileSync(path.join(configDir, 'profiles', 'default.json'), 'utf8'));
    expect(stored).toEqual({ version: 3, ...h.store.profile('default') });
    expect(Object.keys(stored.steps).sort()).toEqual(
      expect.arrayContaining(['account', 'accesskey', 'identity', 'ramuser']),
    );
  });
});

describe('loading lmdb without msgpackr’s native string decoder', () => {
  const SWITCH = 'MSGPACKR_NATIVE_ACCELERATION_DISABLED';
  afterEach(() => {
    delete process.env[SWITCH];
  });

  it('sets msgpackr’s switch for the load only, and takes it back after a load that failed too', async () => {
    delete process.env[SWITCH];
    let during: string | undefined;
    await withoutMsgpackrAcceleration(async () => {
      during = process.env[SWITCH];
    });
    expect(during).toBe('true');
    expect(Object.hasOwn(process.env, SWITCH)).toBe(false);
    await expect(
      withoutMsgpackrAcceleration(async () => {
        throw new Error('no binding');
      }),
    ).rejects.toThrow('no binding');
    expect(Object.hasOwn(process.env, SWITCH)).toBe(false);
  });

  it('leaves a user’s own value as it is', async () => {
    process.env[SWITCH] = 'false';
    let during: string | undefined;
    await withoutMsgpackrAcceleration(async () => {
      during = process.env[SWITCH];
    });
    expect(during).toBe('false');
    expect(process.env[SWITCH]).toBe('false');
  });
});
