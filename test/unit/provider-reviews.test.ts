/** The simulated provider: real-name verification and quota applications, both reviewed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import { simulatedOptionsFromEnv } from '../../src/provider/simulated/env.js';
import type { IdentitySubmission, QuotaApplicationSpec } from '../../src/provider/types.js';
import { creditCodeCheckChar } from '../../src/validate/index.js';
import { PASSWORD, RESIDENT_ID, register } from '../helpers/accounts.js';
import { cloudBytes, readCloud, writeCloud } from '../helpers/cloud.js';
import { providerFailure } from '../helpers/errors.js';

const CREDIT_CODE = `91350100M000100Y4${creditCodeCheckChar('91350100M000100Y4')}`;
const START = Date.parse('2030-01-01T00:00:00.000Z');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-provider-'));
  dirs.push(dir);
  return dir;
}

/** A provider with a clock the test moves, and a signed-in account. */
async function setup(reviewSeconds = 10) {
  const configDir = tempDir();
  const clock = { t: START };
  const p = new SimulatedCloud({ configDir, reviewSeconds, now: () => clock.t });
  const session = await register(p, 'alice@example.com', 'reg');
  return { p, clock, token: session.token, dir: configDir };
}

let tokens = 0;
function individual(
  over: Partial<Extract<IdentitySubmission, { type: 'individual' }> & { clientToken: string }> = {},
) {
  return {
    type: 'individual' as const,
    legalName: 'Alice Example',
    idType: 'cn-resident-id' as const,
    idNumber: RESIDENT_ID,
    clientToken: `id-${++tokens}`,
    ...over,
  };
}

function enterprise(
  over: Partial<Extract<IdentitySubmission, { type: 'enterprise' }> & { clientToken: string }> = {},
) {
  return {
    type: 'enterprise' as const,
    companyName: 'Example Trading Co., Ltd.',
    creditCode: CREDIT_CODE,
    legalRepresentative: 'Alice Example',
    clientToken: `id-${++tokens}`,
    ...over,
  };
}

function application(over: Partial<QuotaApplicationSpec & { clientToken: string }> = {}) {
  return {
    region: 'cn-hangzhou',
    zone: 'cn-hangzhou-i',
    instanceType: 'ecs.g7.2xlarge',
    vcpuQuota: 64,
    reason: 'E-MapReduce cluster nodes',
    clientToken: `qa-${++tokens}`,
    ...over,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('identity: individual', () => {
  it('is verified at once', async () => {
    const { p, token } = await setup();
    const identity = await p.as(token).identity.submit(individual());
    expect(identity).toEqual({
      status: 'verified',
      type: 'individual',
      name: 'Alice Example',
      submittedAt: iso(START),
      decidedAt: iso(START),
    });
    expect(await p.as(token).identity.get()).toEqual(identity);
  });

  it('is rejected at once for a name containing REJECT, and may be submitted again', async () => {
    const { p, token } = await setup();
    const rejected = await p.as(token).identity.submit(individual({ legalName: 'Test REJECT' }));
    expect(rejected).toMatchObject({
      status: 'rejected',
      reason: 'The information does not match the document.',
    });
    const again = await p.as(token).identity.submit(individual());
    expect(again.status).toBe('verified');
    expect(again.reason).toBeUndefined();
  });

  it('accepts a passport with its country', async () => {
    const { p, token } = await setup();
    const identity = await p
      .as(token)
      .identity.submit(individual({ idType: 'passport', idNumber: 'E12345678', idCountry: 'US' }));
    expect(identity.status).toBe('verified');
  });

  it.each([
    ['legalName', { legalName: 'A' }],
    ['idType', { idType: 'driving-licence' as never }],
    ['idNumber', { idNumber: '110105194912310020' }],
    ['idNumber', { idType: 'passport' as const, idNumber: 'E1', idCountry: 'US' }],
    ['idCountry', { idType: 'passport' as const, idNumber: 'E12345678' }],
    ['idCountry', { idType: 'passport' as const, idNumber: 'E12345678', idCountry: 'XX' }],
  ])('refuses an invalid %s', async (parameter, over) => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).identity.submit(individual(over)),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe(parameter);
    expect(error.message).toContain(`"${parameter}"`);
    expect(error.message).not.toContain(RESIDENT_ID);
    expect((await p.as(token).identity.get()).status).toBe('none');
  });

  it('refuses an unknown type', async () => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).identity.submit({ ...individual(), type: 'robot' } as never),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe('type');
  });

  it('may be upgraded to enterprise', async () => {
    const { p, token } = await setup(0);
    await p.as(token).identity.submit(individual());
    const upgraded = await p.as(token).identity.submit(enterprise());
    expect(upgraded).toMatchObject({
      status: 'verified',
      type: 'enterprise',
      name: 'Example Trading Co., Ltd.',
    });
  });
});

describe('identity: enterprise', () => {
  it('stays under review until the review time has passed, then is verified', async () => {
    const { p, clock, token } = await setup(10);
    const submitted = await p.as(token).identity.submit(enterprise());
    expect(submitted).toEqual({
      status: 'under_review',
      type: 'enterprise',
      name: 'Example Trading Co., Ltd.',
      submittedAt: iso(START),
    });
    clock.t += 9_999;
    expect((await p.as(token).identity.get()).status).toBe('under_review');
    clock.t += 1;
    expect(await p.as(token).identity.get()).toEqual({
      ...submitted,
      status: 'verified',
      decidedAt: iso(START + 10_000),
    });
  });

  it('is rejected after review for a company name containing REJECT', async () => {
    const { p, clock, token } = await setup(10);
    await p.as(token).identity.submit(enterprise({ companyName: 'REJECT Holdings' }));
    clock.t += 60_000;
    expect(await p.as(token).identity.get()).toMatchObject({
      status: 'rejected',
      decidedAt: iso(START + 10_000),
      reason: 'The information does not match the document.',
    });
    // After a rejection it may be submitted again.
    expect((await p.as(token).identity.submit(enterprise())).status).toBe('under_review');
  });

  it('is decided at once with a review time of 0', async () => {
    const { p, token } = await setup(0);
    expect((await p.as(token).identity.submit(enterprise())).status).toBe('verified');
  });

  it('reads ONBOARD_SIM_REVIEW_SECONDS from the environment', async () => {
    const configDir = tempDir();
    const provider = new SimulatedCloud({
      configDir,
      ...simulatedOptionsFromEnv({ ONBOARD_SIM_REVIEW_SECONDS: '3600' }),
    });
    const sim = provider;
    await provider.accounts.sendVerificationCode('bob@example.com');
    const session = await provider.accounts.register({
      email: 'bob@example.com',
      password: PASSWORD,
      verificationCode: (await sim.latestCode('bob@example.com'))!,
      clientToken: 'r',
    });
    expect((await provider.as(session.token).identity.submit(enterprise())).status).toBe('under_review');
    expect((await provider.as(session.token).identity.get()).status).toBe('under_review');
    expect(await sim.approvePending()).toEqual({ identities: 1, quotaApplications: 0, subscriptions: 0 });
    expect((await provider.as(session.token).identity.get()).status).toBe('verified');
  });

  it('refuses another submission while under review', async () => {
    const { p, token } = await setup(10);
    await p.as(token).identity.submit(enterprise());
    const error = await providerFailure(
      p.as(token).identity.submit(enterprise()),
      'IdentityUnderReview',
      409,
    );
    expect(error.retryable).toBe(false);
  });

  it('can never go back to individual, under review or verified', async () => {
    const { p, clock, token } = await setup(10);
    await p.as(token).identity.submit(enterprise());
    const error = await providerFailure(
      p.as(token).identity.submit(individual()),
      'IdentityTypeChangeNotAllowed',
      403,
    );
    expect(error.message).toBe('An enterprise verification cannot be changed back to individual.');
    clock.t += 10_000;
    await providerFailure(p.as(token).identity.submit(individual()), 'IdentityTypeChangeNotAllowed', 403);
  });

  it.each([
    ['companyName', { companyName: 'X' }],
    ['creditCode', { creditCode: '91350100M000100Y40'.slice(0, 17) }],
    ['legalRepresentative', { legalRepresentative: '' }],
  ])('refuses an invalid %s', async (parameter, over) => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).identity.submit(enterprise(over)),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe(parameter);
  });
});

describe('identity: replay', () => {
  it('returns the current identity for a repeated clientToken instead of submitting again', async () => {
    const { p, dir, token } = await setup(10);
    const first = await p.as(token).identity.submit(enterprise({ clientToken: 'same' }));
    const bytes = cloudBytes(dir);
    // Even with other values: the token names the submission already made.
    const replay = await p
      .as(token)
      .identity.submit(enterprise({ clientToken: 'same', companyName: 'Other Co' }));
    expect(replay).toEqual(first);
    expect(cloudBytes(dir).equals(bytes)).toBe(true);
  });

  it('replays an individual submission too', async () => {
    const { p, token } = await setup();
    const first = await p.as(token).identity.submit(individual({ clientToken: 'ind' }));
    expect(
      await p.as(token).identity.submit(individual({ clientToken: 'ind', legalName: 'REJECT me' })),
    ).toEqual(first);
  });
});

describe('quota applications', () => {
  it('needs a verified identity', async () => {
    const { p, token } = await setup();
    const error = await providerFailure(
      p.as(token).quotas.submit(application()),
      'RealNameAuthenticationError',
      403,
    );
    expect(error.message).toBe('Your account has not passed the real-name authentication yet.');
  });

  it('goes under review, then is approved', async () => {
    const { p, clock, token } = await setup(10);
    await p.as(token).identity.submit(individual());
    const app = await p.as(token).quotas.submit(application());
    expect(app).toEqual({
      id: expect.stringMatching(/^qa-[0-9a-f]{16}$/),
      region: 'cn-hangzhou',
      zone: 'cn-hangzhou-i',
      instanceType: 'ecs.g7.2xlarge',
      vcpuQuota: 64,
      reason: 'E-MapReduce cluster nodes',
      status: 'under_review',
      submittedAt: iso(START),
    });
    clock.t += 10_000;
    expect(await p.as(token).quotas.get(app.id)).toEqual({
      ...app,
      status: 'approved',
      decidedAt: iso(START + 10_000),
    });
  });

  it('is decided in the same call with a review time of 0', async () => {
    const { p, token } = await setup(0);
    await p.as(token).identity.submit(individual());
    expect((await p.as(token).quotas.submit(application())).status).toBe('approved');
  });

  it('rejects more than 1000 vCPUs and a reason containing [reject]', async () => {
    const { p, token } = await setup(0);
    await p.as(token).identity.submit(individual());
    expect(await p.as(token).quotas.submit(application({ vcpuQuota: 1001 }))).toMatchObject({
      status: 'rejected',
      rejectReason: 'Requested quota exceeds what can be approved for a new account.',
    });
    expect((await p.as(token).quotas.submit(application({ vcpuQuota: 1000 }))).status).toBe('approved');
    expect(
      await p.as(token).quotas.submit(application({ reason: 'Testing the [reject] path' })),
    ).toMatchObject({
      status: 'rejected',
      rejectReason: 'The application was rejected after review.',
    });
  });

  it.each([
    ['instanceType', { instanceType: 'ecs.g7.large' }],
    ['instanceType', { instanceType: 'ecs.nope.2xlarge' }],
    ['vcpuQuota', { vcpuQuota: 4 }],
    ['vcpuQuota', { vcpuQuota: 2001 }],
    ['vcpuQuota', { vcpuQuota: 8.5 }],
    ['vcpuQuota', { vcpuQuota: '64' as never }],
    ['reason', { reason: 'too short' }],
    ['reason', { reason: 'x'.repeat(501) }],
  ])('refuses an invalid %s', async (parameter, over) => {
    const { p, token } = await setup();
    await p.as(token).identity.submit(individual());
    const error = await providerFailure(
      p.as(token).quotas.submit(application(over)),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe(parameter);
    expect(await p.as(token).quotas.list()).toEqual([]);
  });

  it('names its quota item by dimensions: a zone Quota Center lists for the region, which it needs', async () => {
    const { p, token } = await setup();
    await p.as(token).identity.submit(individual());
    expect(await p.as(token).quotas.zones('cn-hangzhou')).toEqual(
      ['b', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((z) => `cn-hangzhou-${z}`),
    );
    expect(await p.as(token).quotas.zones('ap-southeast-1')).toEqual([
      'ap-southeast-1a',
      'ap-southeast-1b',
      'ap-southeast-1c',
    ]);
    expect(await p.as(token).quotas.zones('mars-north-1')).toEqual([]);
    for (const over of [{ region: 'mars-north-1' }, { zone: 'cn-shanghai-a' }, { zone: 'cn-hangzhou-z' }]) {
      await providerFailure(p.as(token).quotas.submit(application(over)), 'QUOTA.NOT.FOUND', 400);
    }
    const missing = await providerFailure(
      p.as(token).quotas.submit(application({ zone: '' })),
      'QUOTA.DIMENSION.REQUIRED',
      400,
    );
    expect(missing.message).toBe('The required quota dimension "zoneId" is missing.');
    expect(await p.as(token).quotas.list()).toEqual([]);
  });

  it('returns the same application for a repeated clientToken', async () => {
    const { p, token } = await setup(10);
    await p.as(token).identity.submit(individual());
    const first = await p.as(token).quotas.submit(application({ clientToken: 'intent' }));
    const replay = await p.as(token).quotas.submit(application({ clientToken: 'intent', vcpuQuota: 128 }));
    expect(replay).toEqual(first);
    expect(await p.as(token).quotas.list()).toEqual([first]);
  });

  it('lists oldest first and refuses an unknown id', async () => {
    const { p, clock, token } = await setup(10);
    await p.as(token).identity.submit(individual());
    const a = await p.as(token).quotas.submit(application());
    clock.t += 1000;
    const b = await p.as(token).quotas.submit(application({ region: 'cn-shanghai', zone: 'cn-shanghai-b' }));
    expect((await p.as(token).quotas.list()).map((x) => x.id)).toEqual([a.id, b.id]);
    // Quota Center's code and status (its API reference), not a RAM-style 404.
    const error = await providerFailure(
      p.as(token).quotas.get('qa-0000000000000000'),
      'QUOTA.APPLICATION.NOT.FOUND',
      400,
    );
    expect(error.message).toBe('Quota application does not exist');
  });
});

describe('approvePending', () => {
  it('decides every pending review now and counts them', async () => {
    const { p, token } = await setup(3600);
    await p.as(token).identity.submit(individual());
    await p.as(token).quotas.submit(application());
    await p.as(token).quotas.submit(application({ vcpuQuota: 1500 }));
    await p.as(token).identity.submit(enterprise());
    expect((await p.as(token).identity.get()).status).toBe('under_review');
    expect(await p.approvePending()).toEqual({ identities: 1, quotaApplications: 2, subscriptions: 0 });
    expect((await p.as(token).identity.get()).status).toBe('verified');
    expect((await p.as(token).quotas.list()).map((a) => a.status)).toEqual(['approved', 'rejected']);
    expect(await p.approvePending()).toEqual({ identities: 0, quotaApplications: 0, subscriptions: 0 });
  });

  it('buys a MaxCompute subscription where MaxCompute is activated without one, as the console would', async () => {
    const { p, token } = await setup(3600);
    await p.as(token).identity.submit(individual());
    const cloud = p.as(token).maxcompute;
    await cloud.activate({ region: 'cn-shanghai', clientToken: 'mc-1' });
    expect((await cloud.get('cn-shanghai'))?.quotas.map((q) => q.billing)).toEqual(['payasyougo']);
    expect(await p.approvePending()).toEqual({ identities: 0, quotaApplications: 0, subscriptions: 1 });
    expect((await cloud.get('cn-shanghai'))?.quotas.map((q) => q.billing)).toEqual([
      'payasyougo',
      'subscription',
    ]);
    // Bought once: a region with a subscription waits for nothing.
    expect(await p.approvePending()).toEqual({ identities: 0, quotaApplications: 0, subscriptions: 0 });
    expect(await cloud.get('cn-beijing')).toBeNull();
  });
});

describe("cancelPending (Quota Center's Cancel)", () => {
  it('cancels what is under review, for good; decided applications stay as they are', async () => {
    const { p, clock, token } = await setup(3600);
    await p.as(token).identity.submit(individual());
    const pending = await p.as(token).quotas.submit(application());
    const other = await p.as(token).quotas.submit(application({ vcpuQuota: 128 }));
    await p.approvePending();
    const waiting = await p.as(token).quotas.submit(application({ vcpuQuota: 256 }));
    expect(pending.status).toBe('under_review');
    expect(await p.cancelPending()).toEqual({ quotaApplications: 1 });
    expect(await p.as(token).quotas.get(waiting.id)).toMatchObject({
      status: 'cancelled',
      decidedAt: iso(START),
    });
    // Final: neither the review time nor sim approve decides it afterwards.
    clock.t += 7200_000;
    expect(await p.approvePending()).toMatchObject({ quotaApplications: 0 });
    expect((await p.as(token).quotas.list()).map((a) => [a.id, a.status])).toEqual([
      [pending.id, 'approved'],
      [other.id, 'approved'],
      [waiting.id, 'cancelled'],
    ]);
    expect(await p.cancelPending()).toEqual({ quotaApplications: 0 });
  });
});

describe('the simulated cloud file from before version 3', () => {
  it('reads an unpaid MaxCompute order as the pay-as-you-go activation it now is, and an application without dimensions', async () => {
    const { p, token, dir } = await setup(0);
    await p.as(token).identity.submit(individual());
    await p.as(token).quotas.submit(application());
    const old = JSON.parse(JSON.stringify(readCloud(dir)));
    const account = old.accounts.find((a: { email: string }) => a.email === 'alice@example.com');
    account.quotaApplications[0].dimensions = undefined;
    account.maxcompute = [
      {
        region: 'cn-shanghai',
        billing: 'subscription',
        status: 'unpaid',
        orderId: '20240501000001',
        quotaNickname: `os_${account.uid}`,
        createdAt: iso(START),
        clientToken: 'old',
      },
      {
        region: 'cn-beijing',
        billing: 'subscription',
        status: 'active',
        orderId: '20240501000002',
        quotaNickname: `os_${account.uid}`,
        createdAt: iso(START),
        activatedAt: iso(START),
        clientToken: 'old-2',
      },
    ];
    // Put back as an earlier version wrote it (read through the one-file schema, as a migration reads it).
    writeCloud(dir, old);
    const cloud = p.as(token);
    expect((await cloud.maxcompute.get('cn-shanghai'))?.quotas).toEqual([
      { nickname: `os_${account.uid}`, billing: 'payasyougo', createdAt: iso(START) },
    ]);
    expect((await cloud.maxcompute.get('cn-beijing'))?.quotas.map((q) => q.billing)).toEqual([
      'subscription',
    ]);
    const [app] = await cloud.quotas.list();
    expect(app).toMatchObject({ region: 'cn-hangzhou', status: 'approved' });
    expect(app?.zone).toBeUndefined();
    // Written back without the order state at the next change.
    await p.cancelPending();
    await cloud.maxcompute.activate({ region: 'cn-chengdu', clientToken: 'new' });
    const written = JSON.stringify(readCloud(dir).accounts);
    expect(written).not.toContain('unpaid');
    expect(written).not.toContain('20240501000001');
    expect(written).toContain('20240501000002');
  });
});
