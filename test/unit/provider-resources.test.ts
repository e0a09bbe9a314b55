/** The simulated provider: AccessKeys and OSS buckets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import { SEEDED_BUCKETS } from '../../src/provider/simulated/seed.js';
import type { BucketSpec } from '../../src/provider/types.js';
import { signUp } from '../helpers/accounts.js';
import { cloudBytes, readCloud, writeCloud } from '../helpers/cloud.js';
import { providerFailure } from '../helpers/errors.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A provider with a moving clock and a signed-in account (verified unless told otherwise). */
async function setup(verify = true) {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-provider-'));
  dirs.push(configDir);
  const clock = { t: START };
  const p = new SimulatedCloud({ configDir, reviewSeconds: 0, now: () => clock.t });
  const session = await signUp(p, 'alice@example.com', verify);
  return {
    p,
    clock,
    token: session.token,
    uid: session.uid,
    dir: configDir,
  };
}

describe('AccessKeys', () => {
  it('creates an Active key with an LTAI id and a 30-character secret, shown once', async () => {
    const { p, token } = await setup(false);
    const created = await p.as(token).accessKeys.create({ clientToken: 'k1', allowCidrs: ['10.0.0.0/8'] });
    expect(created.key).toEqual({
      id: expect.stringMatching(/^LTAI[A-Za-z0-9]{20}$/),
      status: 'Active',
      created: new Date(START).toISOString(),
      lastUsed: null,
      allowCidrs: ['10.0.0.0/8'],
      clientToken: 'k1',
    });
    expect(created.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(await p.as(token).accessKeys.list()).toEqual([created.key]);
  });

  it('lists oldest first', async () => {
    const { p, clock, token } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.t += 1000;
      ids.push((await p.as(token).accessKeys.create({ clientToken: `k${i}`, allowCidrs: [] })).key.id);
    }
    expect((await p.as(token).accessKeys.list()).map((k) => k.id)).toEqual(ids);
  });

  it('allows five keys, Active and Inactive together, and refuses the sixth', async () => {
    const { p, token } = await setup();
    const keys = [];
    for (let i = 0; i < 5; i++)
      keys.push(await p.as(token).accessKeys.create({ clientToken: `k${i}`, allowCidrs: [] }));
    await p.as(token).accessKeys.update(keys[0]!.key.id, 'Inactive');
    const error = await providerFailure(
      p.as(token).accessKeys.create({ clientToken: 'k5', allowCidrs: [] }),
      'LimitExceeded.User.AccessKey',
      409,
    );
    expect(error.message).toBe('The access key count of the user access keys beyond the current limits.');
    // A replay is not a sixth key.
    expect(await p.as(token).accessKeys.create({ clientToken: 'k2', allowCidrs: [] })).toEqual({
      key: keys[2]!.key,
      secret: null,
    });
    // Deleting one makes room.
    await p.as(token).accessKeys.delete(keys[0]!.key.id);
    expect(
      (await p.as(token).accessKeys.create({ clientToken: 'k5', allowCidrs: [] })).secret,
    ).not.toBeNull();
  });

  it('creates a new key for a token whose key was deleted', async () => {
    const { p, token } = await setup();
    const first = await p.as(token).accessKeys.create({ clientToken: 'intent', allowCidrs: [] });
    await p.as(token).accessKeys.update(first.key.id, 'Inactive');
    await p.as(token).accessKeys.delete(first.key.id);
    const second = await p.as(token).accessKeys.create({ clientToken: 'intent', allowCidrs: [] });
    expect(second.key.id).not.toBe(first.key.id);
    expect(second.secret).not.toBeNull();
  });

  it.each([
    [['10.0.0.1/8']],
    [['not-a-cidr']],
    [Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`)],
    [['10.0.0.0/8', '10.0.0.0/8']],
  ])('refuses the network policy %j', async (allowCidrs) => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).accessKeys.create({ clientToken: 'k', allowCidrs }),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe('allowCidrs');
    expect(await p.as(token).accessKeys.list()).toEqual([]);
  });

  it('refuses an empty clientToken', async () => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).accessKeys.create({ clientToken: '', allowCidrs: [] }),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe('clientToken');
  });

  it('disables and enables a key; the same status again changes nothing', async () => {
    const { p, token, dir } = await setup();
    const { key } = await p.as(token).accessKeys.create({ clientToken: 'k', allowCidrs: [] });
    expect((await p.as(token).accessKeys.update(key.id, 'Inactive')).status).toBe('Inactive');
    const bytes = cloudBytes(dir);
    expect(await p.as(token).accessKeys.update(key.id, 'Inactive')).toEqual({ ...key, status: 'Inactive' });
    expect(cloudBytes(dir).equals(bytes)).toBe(true);
    expect((await p.as(token).accessKeys.update(key.id, 'Active')).status).toBe('Active');
    const bad = await providerFailure(
      p.as(token).accessKeys.update(key.id, 'Paused' as never),
      'InvalidParameter',
      400,
    );
    expect(bad.data.parameter).toBe('status');
  });

  it('does not know an unknown id, or another account’s key', async () => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).accessKeys.update('LTAI00000000000000000000', 'Inactive'),
      'EntityNotExist.User.AccessKey',
      404,
    );
    expect(error.message).toBe('The user access key does not exist.');
    await providerFailure(
      p.as(token).accessKeys.delete('LTAI00000000000000000000'),
      'EntityNotExist.User.AccessKey',
      404,
    );
    const other = await signUp(p, 'bob@example.com', false);
    const { key } = await p.as(other.token).accessKeys.create({ clientToken: 'k', allowCidrs: [] });
    await providerFailure(
      p.as(token).accessKeys.update(key.id, 'Inactive'),
      'EntityNotExist.User.AccessKey',
      404,
    );
    expect(await p.as(token).accessKeys.list()).toEqual([]);
  });

  it('deletes only a disabled key', async () => {
    const { p, token } = await setup();
    const { key } = await p.as(token).accessKeys.create({ clientToken: 'k', allowCidrs: [] });
    const error = await providerFailure(
      p.as(token).accessKeys.delete(key.id),
      'DeleteConflict.AccessKey.Active',
      409,
    );
    expect(error.message).toBe('The access key must be disabled before it can be deleted.');
    await p.as(token).accessKeys.update(key.id, 'Inactive');
    await p.as(token).accessKeys.delete(key.id);
    expect(await p.as(token).accessKeys.list()).toEqual([]);
  });
});

function spec(name: string, over: Partial<BucketSpec> = {}): BucketSpec {
  return {
    name,
    region: 'cn-hangzhou',
    storageClass: 'Standard',
    acl: 'private',
    redundancy: 'LRS',
    ...over,
  };
}

describe('OSS buckets', () => {
  it('needs a verified identity', async () => {
    const { p, token } = await setup(false);
    const error = await providerFailure(
      p.as(token).buckets.put(spec('alice-data')),
      'RealNameAuthenticationError',
      403,
    );
    expect(error.message).toBe('Your account has not passed the real-name authentication yet.');
    expect(await p.isBucketNameAvailable('alice-data')).toBe(true);
  });

  it('creates a bucket with its endpoint', async () => {
    const { p, token } = await setup();
    const bucket = await p.as(token).buckets.put(spec('alice-data', { region: 'cn-shanghai' }));
    expect(bucket).toEqual({
      ...spec('alice-data', { region: 'cn-shanghai' }),
      created: new Date(START).toISOString(),
      endpoint: 'oss-cn-shanghai.aliyuncs.com',
    });
    expect(await p.as(token).buckets.get('alice-data')).toEqual(bucket);
    expect(await p.isBucketNameAvailable('alice-data')).toBe(false);
    expect(await p.as(token).buckets.list()).toEqual([bucket]);
  });

  it('refuses the seeded names, which belong to other accounts', async () => {
    const { p, token } = await setup();
    for (const name of SEEDED_BUCKETS) {
      expect(await p.isBucketNameAvailable(name)).toBe(false);
      const error = await providerFailure(p.as(token).buckets.put(spec(name)), 'BucketAlreadyExists', 409);
      expect(error.message).toBe('The requested bucket name is not available.');
      const denied = await providerFailure(p.as(token).buckets.get(name), 'AccessDenied', 403);
      expect(denied.retryable).toBe(false);
    }
  });

  it('is idempotent with the same settings and updates the ACL like real OSS', async () => {
    const { p, clock, token } = await setup();
    const first = await p.as(token).buckets.put(spec('alice-data'));
    clock.t += 60_000;
    expect(await p.as(token).buckets.put(spec('alice-data'))).toEqual(first);
    const publicRead = await p.as(token).buckets.put(spec('alice-data', { acl: 'public-read' }));
    expect(publicRead).toEqual({ ...first, acl: 'public-read' });
    expect(await p.as(token).buckets.list()).toHaveLength(1);
  });

  it.each([
    ['region', { region: 'cn-beijing' }],
    ['storage class', { storageClass: 'IA' as const }],
    ['redundancy', { redundancy: 'ZRS' as const }],
  ])('refuses an owned name with another %s', async (_what, over) => {
    const { p, token } = await setup();
    await p.as(token).buckets.put(spec('alice-data'));
    await providerFailure(p.as(token).buckets.put(spec('alice-data', over)), 'BucketAlreadyExists', 409);
  });

  it('refuses a name another simulated account took', async () => {
    const { p, token } = await setup();
    const bob = await signUp(p, 'bob@example.com', true);
    await p.as(bob.token).buckets.put(spec('bob-data'));
    await providerFailure(p.as(token).buckets.put(spec('bob-data')), 'BucketAlreadyExists', 409);
    await providerFailure(p.as(token).buckets.get('bob-data'), 'AccessDenied', 403);
    expect(await p.as(token).buckets.get('nobody-has-this')).toBeNull();
  });

  it.each([
    'ab',
    'Upper',
    '-edge',
    'edge-',
    'under_score',
    'x'.repeat(64),
  ])('refuses the invalid name %s', async (name) => {
    const { p, token } = await setup();
    const error = await providerFailure(p.as(token).buckets.put(spec(name)), 'InvalidBucketName', 400);
    expect(error.message).toBe('The specified bucket is not valid.');
    expect(await p.isBucketNameAvailable(name)).toBe(false);
  });

  it('refuses an unknown region', async () => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).buckets.put(spec('alice-data', { region: 'oss-cn-hangzhou' })),
      'InvalidLocationConstraint',
      400,
    );
    expect(error.message).toBe('The specified location (region) is not valid.');
  });

  it.each([
    ['storageClass', { storageClass: 'Glacier' as never }],
    ['acl', { acl: 'public' as never }],
    ['redundancy', { redundancy: 'GRS' as never }],
  ])('refuses an invalid %s', async (parameter, over) => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).buckets.put(spec('alice-data', over)),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe(parameter);
  });

  it('allows 100 buckets per account per region', async () => {
    const { p, token, uid, dir } = await setup();
    // 99 buckets written straight into the cloud: a hundred real writes would only slow the suite.
    const data = readCloud(dir);
    for (let i = 0; i < 99; i++) {
      data.buckets.push({ ...spec(`alice-${i}`), owner: uid, created: new Date(START).toISOString() });
    }
    writeCloud(dir, data);
    await p.as(token).buckets.put(spec('alice-99'));
    const error = await providerFailure(p.as(token).buckets.put(spec('alice-100')), 'TooManyBuckets', 400);
    expect(error.message).toBe('You have attempted to create more buckets than allowed.');
    // Existing ones still answer, and other regions have room.
    await p.as(token).buckets.put(spec('alice-5'));
    await p.as(token).buckets.put(spec('alice-100', { region: 'cn-shanghai' }));
    const names = (await p.as(token).buckets.list()).map((b) => b.name);
    expect(names).toHaveLength(101);
    expect(names).toEqual([...names].sort());
  });
});
