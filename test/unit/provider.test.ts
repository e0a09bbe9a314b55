/**
 * The simulated provider's plumbing: environment parsing, faults, the cloud
 * file (seed, corruption, side-effect-free reads, read-only mode) and the
 * error catalog. Rules of each area are in the other provider-*.test.ts files.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, UsageError } from '../../src/core/errors.js';
import { en } from '../../src/i18n/en/index.js';
import { provider as enProvider } from '../../src/i18n/en/provider.js';
import { zhCN } from '../../src/i18n/zh-CN/index.js';
import { provider as zhProvider } from '../../src/i18n/zh-CN/provider.js';
import { createProvider } from '../../src/provider/index.js';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import {
  parseLatency,
  parseReviewSeconds,
  simulatedOptionsFromEnv,
} from '../../src/provider/simulated/env.js';
import { ERROR_CODES } from '../../src/provider/simulated/errors.js';
import { FaultPlan, MUTATING_OPERATIONS, parseFaults } from '../../src/provider/simulated/faults.js';
import { SEEDED_BUCKETS, SEEDED_EMAIL } from '../../src/provider/simulated/seed.js';
import { SERVED } from '../../src/provider/simulated/wire.js';
import { creditCodeCheckChar } from '../../src/validate/index.js';
import { PASSWORD, RESIDENT_ID } from '../helpers/accounts.js';
import { cloudBytes, cloudDb, cloudKeyFile, readCloud } from '../helpers/cloud.js';
import { providerFailure as failureOf, rejected, thrown } from '../helpers/errors.js';

const CREDIT_CODE = `91350100M000100Y4${creditCodeCheckChar('91350100M000100Y4')}`;
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-provider-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function make(env: NodeJS.ProcessEnv = {}, configDir = tempDir(), readOnly = false) {
  // The capabilities are built over this cloud; its own API (by session token) is what these tests exercise.
  await createProvider({ configDir, env: { ONBOARD_SIM_REVIEW_SECONDS: '0', ...env }, readOnly });
  const cloud = new SimulatedCloud({
    configDir,
    ...simulatedOptionsFromEnv({ ONBOARD_SIM_REVIEW_SECONDS: '0', ...env }),
    readOnly,
  });
  return { provider: cloud, sim: cloud, configDir, file: path.join(configDir, 'simulated-cloud.json') };
}

async function register(provider: SimulatedCloud, sim: SimulatedCloud, email = 'alice@example.com') {
  await provider.accounts.sendVerificationCode(email);
  const code = await sim.latestCode(email);
  return provider.accounts.register({
    email,
    password: PASSWORD,
    verificationCode: code!,
    clientToken: randomUUID(),
  });
}

/** A ProviderError with this code and status, and a request id as the real cloud's. */
const providerFailure = (promise: Promise<unknown>, code: string, status: number) =>
  failureOf(promise, code, status, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);

const usageFailure = (fn: () => unknown) => thrown(fn, UsageError);

describe('environment', () => {
  it('uses the defaults when nothing is set', async () => {
    expect(parseLatency(undefined)).toBe(0);
    expect(parseLatency('')).toBe(0);
    expect(parseReviewSeconds(undefined)).toBe(10);
    const provider = await createProvider({ configDir: tempDir(), env: {} });
    expect(provider.kind).toBe('simulated');
  });

  it('accepts whole milliseconds and fractional seconds', () => {
    expect(parseLatency('250')).toBe(250);
    expect(parseLatency(' 0 ')).toBe(0);
    expect(parseReviewSeconds('0')).toBe(0);
    expect(parseReviewSeconds('2.5')).toBe(2.5);
  });

  it.each(['-1', '1.5', 'abc', '10ms', '99999999999'])('refuses ONBOARD_SIM_LATENCY_MS=%s', (value) => {
    const error = usageFailure(() => parseLatency(value));
    expect(error.key).toBe('provider.env.latency');
    expect(error.message).toContain('ONBOARD_SIM_LATENCY_MS');
    expect(error.message).toContain(value);
  });

  it.each(['-1', 'soon', '1e3', 'NaN', '.5'])('refuses ONBOARD_SIM_REVIEW_SECONDS=%s', (value) => {
    const error = usageFailure(() => parseReviewSeconds(value));
    expect(error.key).toBe('provider.env.reviewSeconds');
    expect(error.message).toContain('ONBOARD_SIM_REVIEW_SECONDS');
  });

  it('validates every variable before building the provider', async () => {
    const configDir = path.join(tempDir(), 'never');
    const error = await rejected(createProvider({ configDir, env: { ONBOARD_SIM_FAULTS: 'nope:throttle' } }));
    expect(error).toBeInstanceOf(UsageError);
    await expect(createProvider({ configDir, env: { ONBOARD_SIM_LATENCY_MS: 'x' } })).rejects.toThrow(
      'ONBOARD_SIM_LATENCY_MS',
    );
    expect(fs.existsSync(configDir)).toBe(false);
  });

  it('builds the provider ONBOARD_PROVIDER names; refuses one it does not know', async () => {
    const error = await rejected(createProvider({ configDir: tempDir(), env: { ONBOARD_PROVIDER: 'aws' } }));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      'ONBOARD_PROVIDER: "aws" is not an available provider (available: simulated, aliyun).',
    );
    const simulated = await createProvider({ configDir: tempDir(), env: { ONBOARD_PROVIDER: 'simulated' } });
    expect(simulated.kind).toBe('simulated');
    expect(simulated.keyAccounts).toBeUndefined();
    // The real cloud: reached with an AccessKey found by the official chain; identity is verified in the console.
    const real = await createProvider({ configDir: tempDir(), env: { ONBOARD_PROVIDER: 'aliyun' } });
    expect(real.kind).toBe('aliyun');
    expect(real.passwordAccounts).toBeUndefined();
    expect(real.simulation).toBeUndefined();
    expect(real.keyAccounts?.identityInConsole).toBe(true);
  });
});

describe('ONBOARD_SIM_FAULTS parsing', () => {
  it('parses entries with and without times, ignoring empty ones', () => {
    expect(parseFaults('createAccessKey:lost-response:1, putBucket:throttle:2,,signIn:unavailable,')).toEqual(
      [
        { operation: 'createAccessKey', fault: 'lost-response', times: 1 },
        { operation: 'putBucket', fault: 'throttle', times: 2 },
        { operation: 'signIn', fault: 'unavailable', times: 1 },
      ],
    );
    expect(parseFaults(undefined)).toEqual([]);
    expect(parseFaults('  ')).toEqual([]);
  });

  it('accepts every mutating operation and every fault', () => {
    for (const operation of MUTATING_OPERATIONS) {
      for (const fault of ['throttle', 'unavailable', 'lost-response']) {
        expect(parseFaults(`${operation}:${fault}`)).toHaveLength(1);
      }
    }
  });

  it('names an unknown operation and lists the known ones', () => {
    const error = usageFailure(() => parseFaults('putBucket:throttle,foo:throttle'));
    expect(error.key).toBe('provider.env.faultOperation');
    expect(error.message).toBe(
      `ONBOARD_SIM_FAULTS: unknown operation "foo" (known: ${MUTATING_OPERATIONS.join(', ')}).`,
    );
  });

  it('knows the operations SPEC §5 names, in its order, and no name it does not give', () => {
    const named = [
      'registerAccount',
      'signIn',
      'submitIdentity',
      'createAccessKey',
      'updateAccessKey',
      'deleteAccessKey',
      'putBucket',
      'submitQuotaApplication',
      'createUser',
      'attachPolicy',
      'createLoginProfile',
      'activateMaxCompute',
    ];
    // Version 3's, which come with their operations.
    const later = ['createRole', 'updateRole', 'attachPolicyToRole', 'setAccessKeyPolicy'];
    expect(MUTATING_OPERATIONS.filter((name) => named.includes(name))).toEqual(named);
    for (const name of MUTATING_OPERATIONS) expect([...named, ...later]).toContain(name);
  });

  it('faults a served call only when it changes the cloud (DeleteBucket has no name)', () => {
    expect(SERVED.size).toBeGreaterThan(0);
    for (const [key, entry] of SERVED) {
      if (entry.access === 'read' || key === 'oss:DeleteBucket') expect(entry.fault, key).toBeNull();
      else expect(MUTATING_OPERATIONS, key).toContain(entry.fault);
    }
  });

  it('refuses read-only operations, which are never faulted', () => {
    expect(usageFailure(() => parseFaults('getAccount:throttle')).key).toBe('provider.env.faultOperation');
  });

  it('names an unknown fault', () => {
    const error = usageFailure(() => parseFaults('putBucket:explode'));
    expect(error.key).toBe('provider.env.faultKind');
    expect(error.message).toBe(
      'ONBOARD_SIM_FAULTS: unknown fault "explode" (known: throttle, unavailable, lost-response).',
    );
  });

  it.each(['0', '-1', 'x', '1.5', '01'])('refuses times %s', (times) => {
    const error = usageFailure(() => parseFaults(`putBucket:throttle:${times}`));
    expect(error.key).toBe('provider.env.faultTimes');
    expect(error.message).toContain(`"${times}"`);
  });

  it.each(['putBucket', 'putBucket:throttle:1:2', ':'])('refuses the malformed entry %s', (entry) => {
    const error = usageFailure(() => parseFaults(entry));
    expect(['provider.env.faultFormat', 'provider.env.faultOperation']).toContain(error.key);
    expect(error.message).toContain('ONBOARD_SIM_FAULTS');
  });

  it('applies the entries of one operation in order', () => {
    const plan = new FaultPlan(parseFaults('putBucket:throttle:2,signIn:throttle,putBucket:unavailable'));
    expect([
      plan.next('putBucket'),
      plan.next('putBucket'),
      plan.next('putBucket'),
      plan.next('putBucket'),
    ]).toEqual(['throttle', 'throttle', 'unavailable', undefined]);
    expect(plan.next('signIn')).toBe('throttle');
    expect(plan.next('signIn')).toBeUndefined();
  });
});

describe('faults', () => {
  it('throttle fails before any effect, is retryable, and is used up', async () => {
    const { provider, sim } = await make({ ONBOARD_SIM_FAULTS: 'createAccessKey:throttle' });
    const session = await register(provider, sim);
    const error = await providerFailure(
      provider.as(session.token).accessKeys.create({ clientToken: 'k1', allowCidrs: [] }),
      'Throttling.User',
      429,
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Request was denied due to user flow control.');
    expect(await provider.as(session.token).accessKeys.list()).toEqual([]);
    const created = await provider.as(session.token).accessKeys.create({ clientToken: 'k1', allowCidrs: [] });
    expect(created.secret).not.toBeNull();
  });

  it('unavailable fails before any effect with 503', async () => {
    const { provider, sim } = await make({ ONBOARD_SIM_FAULTS: 'registerAccount:unavailable' });
    await provider.accounts.sendVerificationCode('bob@example.com');
    const code = (await sim.latestCode('bob@example.com'))!;
    const input = { email: 'bob@example.com', password: PASSWORD, verificationCode: code, clientToken: 't' };
    const error = await providerFailure(provider.accounts.register(input), 'ServiceUnavailable', 503);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('The request has failed due to a temporary failure of the server.');
    // The code was not consumed, so the retry works.
    expect(await sim.latestCode('bob@example.com')).toBe(code);
    expect((await provider.accounts.register(input)).email).toBe('bob@example.com');
  });

  it('lost-response takes effect, then times out; a replay with the same clientToken finds it', async () => {
    const { provider, sim } = await make({ ONBOARD_SIM_FAULTS: 'createAccessKey:lost-response' });
    const session = await register(provider, sim);
    const error = await providerFailure(
      provider.as(session.token).accessKeys.create({ clientToken: 'intent-1', allowCidrs: [] }),
      'RequestTimeout',
      408,
    );
    expect(error.retryable).toBe(true);
    expect(error.data).toEqual({ lostResponse: true });
    expect(error.message).toBe('The request timed out before a response was received.');
    const keys = await provider.as(session.token).accessKeys.list();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.clientToken).toBe('intent-1');
    const replay = await provider
      .as(session.token)
      .accessKeys.create({ clientToken: 'intent-1', allowCidrs: [] });
    expect(replay).toEqual({ key: keys[0], secret: null });
    expect(await provider.as(session.token).accessKeys.list()).toHaveLength(1);
  });

  it('lost-response on registration leaves an account that the same clientToken signs into', async () => {
    const { provider, sim } = await make({ ONBOARD_SIM_FAULTS: 'registerAccount:lost-response' });
    await provider.accounts.sendVerificationCode('carol@example.com');
    const code = (await sim.latestCode('carol@example.com'))!;
    const input = {
      email: 'carol@example.com',
      password: PASSWORD,
      verificationCode: code,
      clientToken: 'reg-1',
    };
    await providerFailure(provider.accounts.register(input), 'RequestTimeout', 408);
    const session = await provider.accounts.register(input);
    expect((await provider.as(session.token).account.whoAmI()).email).toBe('carol@example.com');
  });

  it('faults only the named operation, and never reads', async () => {
    const { provider, sim } = await make({
      ONBOARD_SIM_FAULTS: 'putBucket:throttle:5,deleteAccessKey:unavailable:5',
    });
    const session = await register(provider, sim);
    await provider.as(session.token).account.whoAmI();
    await provider.as(session.token).accessKeys.list();
    expect(await provider.isBucketNameAvailable('fresh-name-1')).toBe(true);
    await providerFailure(
      provider.as(session.token).buckets.put(bucketSpec('fresh-name-1')),
      'Throttling.User',
      429,
    );
  });

  it('waits ONBOARD_SIM_LATENCY_MS before every call', async () => {
    const { provider } = await make({ ONBOARD_SIM_LATENCY_MS: '60' });
    const start = performance.now();
    await provider.isBucketNameAvailable('anything');
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
  });
});

function bucketSpec(name: string) {
  return {
    name,
    region: 'cn-hangzhou',
    storageClass: 'Standard',
    acl: 'private',
    redundancy: 'LRS',
  } as const;
}

describe('the cloud file', () => {
  it('reads a missing file as the seed without writing anything', async () => {
    const configDir = path.join(tempDir(), 'config');
    const { provider, sim } = await make({}, configDir);
    for (const name of SEEDED_BUCKETS) expect(await provider.isBucketNameAvailable(name)).toBe(false);
    expect(await provider.isBucketNameAvailable('my-own-bucket')).toBe(true);
    expect(await sim.inbox()).toEqual([]);
    await providerFailure(provider.as('no-such-token').account.whoAmI(), 'InvalidSession', 401);
    expect(fs.existsSync(configDir)).toBe(false);
    // A change that changes nothing writes no file either (the dir holds the mutex, so it may appear).
    await providerFailure(
      provider.accounts.signIn({ email: 'nobody@example.com', password: PASSWORD }),
      'AccountNotFound',
      404,
    );
    expect(fs.existsSync(path.join(configDir, 'simulated-cloud.json'))).toBe(false);
  });

  it('is created private, with the seed, by the first change', async () => {
    const configDir = path.join(tempDir(), 'config');
    const { provider } = await make({}, configDir);
    await provider.accounts.sendVerificationCode('dave@example.com');
    const data = readCloud(configDir);
    expect(data.accounts.map((a: { email: string }) => a.email)).toEqual([SEEDED_EMAIL]);
    expect(data.inbox.map((m) => m.to)).toEqual(['dave@example.com']);
    if (process.platform !== 'win32') {
      for (const file of [cloudDb(configDir), `${cloudDb(configDir)}-lock`, cloudKeyFile(configDir)]) {
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      }
      expect(fs.statSync(configDir).mode & 0o777).toBe(0o700);
    }
  });

  it.each([
    ['not JSON', '{"version": 1, '],
    ['another version', JSON.stringify({ version: 99, accounts: [], sessions: [], inbox: [], buckets: [] })],
    ['a wrong shape', JSON.stringify({ version: 1, accounts: 'none', sessions: [], inbox: [], buckets: [] })],
  ])('refuses a corrupt file (%s) and never touches it', async (_what, content) => {
    const { provider, sim, file } = await make();
    fs.writeFileSync(file, content);
    const before = fs.statSync(file).mtimeMs;
    for (const call of [
      () => provider.isBucketNameAvailable('x-y-z'),
      () => provider.accounts.sendVerificationCode('erin@example.com'),
      () => provider.accounts.signIn({ email: 'erin@example.com', password: PASSWORD }),
      () => sim.approvePending(),
      () => sim.inbox(),
    ]) {
      const error = await rejected(call());
      expect(error).toBeInstanceOf(StoreError);
      const e = error as StoreError;
      expect(e.key).toBe('provider.cloudCorrupt');
      expect(e.params.file).toBe(file);
      expect(e.message).toContain(file);
      expect(e.hints).toEqual([{ key: 'provider.cloudCorruptFix', params: { file } }]);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('is replaced by the seed on sim reset', async () => {
    const { provider, sim, configDir } = await make();
    await register(provider, sim);
    const seed = fs.readFileSync(cloudKeyFile(configDir), 'utf8');
    await sim.reset();
    const data = readCloud(configDir);
    expect(data.accounts).toHaveLength(1);
    // Records come back by name; the one-file cloud listed them as seeded.
    expect(data.buckets.map((b: { name: string }) => b.name).sort()).toEqual([...SEEDED_BUCKETS].sort());
    expect(data.inbox).toEqual([]);
    // A new seed: whatever keys were derived from the old one are gone with them.
    expect(fs.readFileSync(cloudKeyFile(configDir), 'utf8')).not.toBe(seed);
    await providerFailure(
      provider.accounts.signIn({ email: 'alice@example.com', password: PASSWORD }),
      'AccountNotFound',
      404,
    );
  });

  it('refuses a database file that is not one, and sim reset replaces it', async () => {
    const { provider, sim, configDir } = await make();
    fs.writeFileSync(cloudDb(configDir), 'garbage'.repeat(2000), { mode: 0o600 });
    const error = await rejected(provider.isBucketNameAvailable('x-y-z'));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).key).toBe('provider.cloudCorrupt');
    expect((error as StoreError).params.file).toBe(cloudDb(configDir));
    await sim.reset();
    expect(
      readCloud(configDir)
        .buckets.map((b) => b.name)
        .sort(),
    ).toEqual([...SEEDED_BUCKETS].sort());
  });

  it('keeps passwords, AccessKey secrets, session tokens and ID numbers out of the file', async () => {
    const { provider, sim, configDir } = await make();
    const session = await register(provider, sim);
    const signedIn = await provider.accounts.signIn({ email: 'alice@example.com', password: PASSWORD });
    await provider.as(session.token).identity.submit({
      type: 'individual',
      legalName: 'Alice Example',
      idType: 'cn-resident-id',
      idNumber: RESIDENT_ID,
      clientToken: 'id-1',
    });
    const { secret } = await provider
      .as(session.token)
      .accessKeys.create({ clientToken: 'k', allowCidrs: [] });
    const text = cloudBytes(configDir).toString('latin1');
    for (const value of [PASSWORD, secret!, session.token, signedIn.token, RESIDENT_ID]) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('Alice Example');
  });

  it('never writes on a read, even after a review has come due', async () => {
    const configDir = tempDir();
    const clock = { t: Date.parse('2030-01-01T00:00:00Z') };
    const p = new SimulatedCloud({ configDir, reviewSeconds: 60, now: () => clock.t });
    await p.accounts.sendVerificationCode('frank@example.com');
    const session = await p.accounts.register({
      email: 'frank@example.com',
      password: PASSWORD,
      verificationCode: (await p.latestCode('frank@example.com'))!,
      clientToken: 'r',
    });
    const submitted = await p.as(session.token).identity.submit({
      type: 'enterprise',
      companyName: 'Frank Ltd',
      creditCode: CREDIT_CODE,
      legalRepresentative: 'Frank',
      clientToken: 'e',
    });
    expect(submitted.status).toBe('under_review');
    const file = cloudDb(configDir);
    const bytes = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    const entries = fs.readdirSync(configDir).sort();
    clock.t += 61_000;
    expect((await p.as(session.token).identity.get()).status).toBe('verified');
    await p.as(session.token).identity.get();
    await p.as(session.token).account.whoAmI();
    await p.as(session.token).quotas.list();
    await p.as(session.token).buckets.list();
    await p.inbox();
    await p.latestCode('frank@example.com');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(configDir).sort()).toEqual(entries);
  });
});

describe('read-only mode', () => {
  it('reads a missing cloud and refuses every change without creating anything', async () => {
    const configDir = path.join(tempDir(), 'dry');
    const { provider, sim } = await make({ ONBOARD_SIM_FAULTS: 'putBucket:throttle' }, configDir, true);
    expect(await provider.isBucketNameAvailable('test')).toBe(false);
    expect(await sim.latestCode('x@example.com')).toBeNull();
    await providerFailure(provider.as('nope').account.whoAmI(), 'InvalidSession', 401);
    const calls: Array<() => Promise<unknown>> = [
      () => provider.accounts.sendVerificationCode('x@example.com'),
      () =>
        provider.accounts.register({
          email: 'x@example.com',
          password: PASSWORD,
          verificationCode: '000000',
          clientToken: 'c',
        }),
      () => provider.accounts.signIn({ email: SEEDED_EMAIL, password: PASSWORD }),
      () =>
        provider.as('t').identity.submit({
          type: 'individual',
          legalName: 'X Y',
          idType: 'passport',
          idNumber: 'E1234567',
          idCountry: 'US',
          clientToken: 'c',
        }),
      () => provider.as('t').accessKeys.create({ clientToken: 'c', allowCidrs: [] }),
      () => provider.as('t').accessKeys.update('LTAI', 'Inactive'),
      () => provider.as('t').accessKeys.delete('LTAI'),
      () => provider.as('t').buckets.put(bucketSpec('abc')),
      () =>
        provider.as('t').quotas.submit({
          region: 'cn-hangzhou',
          zone: 'cn-hangzhou-i',
          instanceType: 'ecs.g7.2xlarge',
          vcpuQuota: 64,
          reason: 'E-MapReduce cluster nodes',
          clientToken: 'c',
        }),
      () => sim.approvePending(),
      () => sim.cancelPending(),
      () => sim.reset(),
    ];
    for (const call of calls) await expect(call()).rejects.toThrow('read-only provider');
    expect(fs.existsSync(configDir)).toBe(false);
  });

  it('reads an existing cloud with its sessions and leaves the file alone', async () => {
    const { provider, sim, configDir } = await make();
    const session = await register(provider, sim);
    const file = cloudDb(configDir);
    const bytes = fs.readFileSync(file);
    const dry = await make({}, configDir, true);
    expect((await dry.provider.as(session.token).account.whoAmI()).email).toBe('alice@example.com');
    await expect(
      dry.provider.as(session.token).accessKeys.create({ clientToken: 'x', allowCidrs: [] }),
    ).rejects.toThrow('read-only provider');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('catalog', () => {
  it('explains every error code in English and Chinese', () => {
    for (const code of ERROR_CODES) {
      // In either catalog file: codes only `sim serve` meets (NoSuchBucket) live in serve.ts.
      expect(Object.hasOwn(en, `providerError.${code}`), code).toBe(true);
      expect(Object.hasOwn(zhCN, `providerError.${code}`), code).toBe(true);
    }
  });

  it('has the same keys and placeholders in both languages', () => {
    expect(Object.keys(zhProvider).sort()).toEqual(Object.keys(enProvider).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(enProvider)) {
      expect(placeholders(zhProvider[key as keyof typeof enProvider]), key).toEqual(placeholders(text));
    }
  });

  it('tells how to get out of the five-key limit', () => {
    const text = enProvider['providerError.LimitExceeded.User.AccessKey'];
    // `{onboard}` is the command for this run's profile and config dir (see i18n `setCommandPrefix`).
    for (const command of [
      '{onboard} keys list',
      '{onboard} keys disable <id>',
      '{onboard} keys delete <id>',
    ]) {
      expect(text).toContain(command);
    }
  });
});
