/** Each step's run/check with the fake prompter and the real simulated provider in a temp dir. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, RefusedError, UsageError } from '../../src/core/errors.js';
import { csvContent } from '../../src/delivery/csv.js';
import { accesskey } from '../../src/steps/accesskey/index.js';
import { account } from '../../src/steps/account/index.js';
import { highend } from '../../src/steps/highend/index.js';
import { identity } from '../../src/steps/identity/index.js';
import { STEPS } from '../../src/steps/index.js';
import { oss } from '../../src/steps/oss/index.js';
import { prepare } from '../../src/wizard/runner.js';
import type { Step } from '../../src/wizard/step.js';
import {
  CREDIT_CODE,
  cleanupTempDirs,
  freshEmail,
  type Harness,
  type HarnessOptions,
  makeHarness,
  PASSWORD,
  RESIDENT_ID,
  tempDir,
} from '../helpers/fake.js';

afterEach(() => cleanupTempDirs());

async function check(h: Harness, step: Step) {
  return h.check(step);
}

/** Registers a fresh account on a profile (non-interactive); returns the harness's config dir and email. */
async function registered(o: HarnessOptions = {}, email = freshEmail()) {
  const h = await makeHarness({ ...o, flags: { email }, env: { ONBOARD_PASSWORD: PASSWORD } });
  const result = await h.run(account);
  expect(result.status).toBe('done');
  return { configDir: h.configDir, email, uid: String(result.details.uid) };
}

/** A registered account with verified individual identity. */
async function verified(o: HarnessOptions = {}) {
  const r = await registered(o);
  const h = await makeHarness({
    ...o,
    configDir: r.configDir,
    flags: { identityType: 'individual', legalName: 'Zhang San', idNumber: RESIDENT_ID },
  });
  expect((await h.run(identity)).status).toBe('done');
  return r;
}

describe('account', () => {
  it('registers, then another profile signs in to the same account in the shared cloud', async () => {
    const h0 = await makeHarness();
    expect((await check(h0, account)).status).toBe('todo');
    const r = await registered({ configDir: h0.configDir });
    const h1 = await makeHarness({ configDir: r.configDir });
    const c1 = await check(h1, account);
    expect(c1.status).toBe('done');
    expect(c1.details).toMatchObject({ uid: r.uid, email: r.email, live: true });
    expect(r.uid).toMatch(/^\d{16}$/);

    const h2 = await makeHarness({
      configDir: r.configDir,
      profile: 'second',
      flags: { email: r.email, signIn: true },
      env: { ONBOARD_PASSWORD: PASSWORD },
    });
    expect((await check(h2, account)).status).toBe('todo');
    const signedIn = await h2.run(account);
    expect(signedIn.status).toBe('done');
    expect(signedIn.details.uid).toBe(r.uid);
    expect(h2.store.profile('second')?.answers.signIn).toBe(true);
    expect(h2.store.profileNames()).toEqual(['default', 'second']);
  });

  it('registering a taken address is AccountAlreadyExists (exit 4)', async () => {
    const h = await makeHarness({
      flags: { email: 'taken@example.com' },
      env: { ONBOARD_PASSWORD: PASSWORD },
    });
    const error = await h.run(account).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).code).toBe('AccountAlreadyExists');
    expect((error as RefusedError).exitCode).toBe(4);
    // Found by the sign-up's own check, before a code was mailed.
    expect(await h.sim.inbox('taken@example.com')).toEqual([]);
  });

  it('a script registering a taken address stops before anything is sent (exit 4, no code mailed)', async () => {
    const h = await makeHarness({
      flags: {
        email: 'taken@example.com',
        identityType: 'individual',
        legalName: 'Li Lei',
        idNumber: RESIDENT_ID,
        ramCsv: path.join(tempDir(), 'ram.csv'),
      },
      env: { ONBOARD_PASSWORD: PASSWORD },
    });
    const error = await prepare(h.env, STEPS, []).catch((e: unknown) => e);
    expect((error as RefusedError).code).toBe('AccountAlreadyExists');
    expect(await h.sim.inbox('taken@example.com')).toEqual([]);
  });

  it('a wrong password on sign-in is InvalidPassword', async () => {
    const r = await registered();
    const h = await makeHarness({
      configDir: r.configDir,
      profile: 'other',
      flags: { email: r.email, signIn: true },
      env: { ONBOARD_PASSWORD: 'Wrong-Passw0rd' },
    });
    const error = await h.run(account).catch((e: unknown) => e);
    expect((error as RefusedError).code).toBe('InvalidPassword');
  });
});

describe('identity', () => {
  it('individual verification is decided at once', async () => {
    const r = await registered();
    const h = await makeHarness({
      configDir: r.configDir,
      flags: { identityType: 'individual', legalName: 'Zhang San', idNumber: RESIDENT_ID },
    });
    expect((await check(h, identity)).status).toBe('todo');
    const result = await h.run(identity);
    expect(result.status).toBe('done');
    expect(result.details).toMatchObject({ type: 'individual', status: 'verified' });
    expect((await check(h, identity)).status).toBe('done');
    expect(h.store.profile('default')?.answers).toMatchObject({
      identityType: 'individual',
      legalName: 'Zhang San',
      idType: 'cn-resident-id',
    });
  });

  it('enterprise verification waits while the review runs', async () => {
    const providerEnv = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const r = await registered({ providerEnv });
    const flags = {
      identityType: 'enterprise',
      companyName: 'Acme Data Ltd',
      creditCode: CREDIT_CODE,
      legalRepresentative: 'Li Si',
    };
    const h = await makeHarness({ configDir: r.configDir, providerEnv, flags });
    const result = await h.run(identity);
    expect(result.status).toBe('waiting');
    expect(result.details.status).toBe('under_review');
    expect((await check(h, identity)).status).toBe('waiting');
    // Running again while under review submits nothing new and still waits.
    const again = await (await makeHarness({ configDir: r.configDir, providerEnv, flags })).run(identity);
    expect(again.status).toBe('waiting');
    // Once the simulated review is over, the check says done.
    await h.sim.approvePending();
    expect((await check(h, identity)).status).toBe('done');
  });

  it('a REJECT test name is rejected (failed)', async () => {
    const r = await registered();
    const h = await makeHarness({
      configDir: r.configDir,
      flags: { identityType: 'individual', legalName: 'REJECT Me', idNumber: RESIDENT_ID },
    });
    const result = await h.run(identity);
    expect(result.status).toBe('failed');
  });

  it('refuses to run without a session', async () => {
    const h = await makeHarness({
      flags: { identityType: 'individual', legalName: 'Zhang San', idNumber: RESIDENT_ID },
    });
    const error = await h.run(identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
  });
});

describe('accesskey', () => {
  it('non-interactive with --csv writes the CSV (0600) and the step is done', async () => {
    const r = await verified();
    const csv = path.join(tempDir(), 'key.csv');
    const h = await makeHarness({ configDir: r.configDir, flags: { csv, acceptKeyRisk: true } });
    expect((await check(h, accesskey)).status).toBe('todo');
    const result = await h.run(accesskey);
    expect(result.status).toBe('done');
    const text = fs.readFileSync(csv, 'utf8');
    expect(text).toMatch(/^AccessKey ID,AccessKey Secret\nLTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/);
    expect(fs.statSync(csv).mode & 0o777).toBe(0o600);
    const keys = await h.provider.as(h.ctx.profileState().session!.token).accessKeys.list();
    expect(keys).toHaveLength(1);
    expect(text).toContain(keys[0]!.id);
    const c = await check(h, accesskey);
    expect(c.status).toBe('done');
    expect(c.details.keyId).toBe(keys[0]!.id);
  });

  it('non-interactive without --csv or --show-secret fails before any key is created', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir, flags: { acceptKeyRisk: true } });
    await expect(h.run(accesskey)).rejects.toBeInstanceOf(UsageError);
    expect(await h.provider.as(h.ctx.profileState().session!.token).accessKeys.list()).toHaveLength(0);
  });

  it('an existing CSV path is refused before any key is created', async () => {
    const r = await verified();
    const csv = path.join(tempDir(), 'taken.csv');
    fs.writeFileSync(csv, 'mine');
    const h = await makeHarness({ configDir: r.configDir, flags: { csv, acceptKeyRisk: true } });
    const error = await h.run(accesskey).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect(fs.readFileSync(csv, 'utf8')).toBe('mine');
    expect(await h.provider.as(h.ctx.profileState().session!.token).accessKeys.list()).toHaveLength(0);
  });

  it('after a crash right after create, the orphan key is disabled and deleted and a new key delivered', async () => {
    const r = await verified();
    const h0 = await makeHarness({ configDir: r.configDir });
    const token = h0.ctx.profileState().session!.token;
    const clientToken = 'crash-client-token-0001';
    await h0.store.update('default', (p) => {
      p.keys.root = { delivered: [], pending: { clientToken, startedAt: new Date().toISOString() } };
    });
    const orphan = await h0.provider.as(token).accessKeys.create({ clientToken, allowCidrs: [] });
    expect(orphan.secret).not.toBeNull();

    const csv = path.join(tempDir(), 'new.csv');
    const h = await makeHarness({ configDir: r.configDir, flags: { csv, acceptKeyRisk: true } });
    const result = await h.run(accesskey);
    expect(result.status).toBe('done');
    const keys = await h.provider.as(token).accessKeys.list();
    expect(keys.map((k) => k.id)).not.toContain(orphan.key.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.status).toBe('Active');
    expect(fs.readFileSync(csv, 'utf8')).toContain(keys[0]!.id);
    expect(h.stderr.text()).toContain(orphan.key.id);
    const data = h.ctx.profileState().keys.root!;
    expect(data.pending).toBeUndefined();
    expect(data.delivered.map((d) => d.id)).toEqual([keys[0]!.id]);
  });

  it('after a crash with the CSV already written for that key, it counts as delivered and no new key is made', async () => {
    const r = await verified();
    const h0 = await makeHarness({ configDir: r.configDir });
    const token = h0.ctx.profileState().session!.token;
    const clientToken = 'crash-client-token-0002';
    const csv = path.join(tempDir(), 'pending.csv');
    await h0.store.update('default', (p) => {
      p.keys.root = { delivered: [], pending: { clientToken, csv, startedAt: new Date().toISOString() } };
    });
    const created = await h0.provider.as(token).accessKeys.create({ clientToken, allowCidrs: [] });
    fs.writeFileSync(csv, csvContent({ kind: 'root' }, created.key.id, created.secret!), { mode: 0o600 });

    const h = await makeHarness({
      configDir: r.configDir,
      flags: { csv: path.join(tempDir(), 'unused.csv'), acceptKeyRisk: true },
    });
    const result = await h.run(accesskey);
    expect(result.status).toBe('done');
    const keys = await h.provider.as(token).accessKeys.list();
    expect(keys.map((k) => k.id)).toEqual([created.key.id]);
    const data = h.ctx.profileState().keys.root!;
    expect(data.delivered).toEqual([expect.objectContaining({ id: created.key.id, via: 'csv' })]);
    expect((await check(h, accesskey)).status).toBe('done');
  });
});

describe('oss', () => {
  it('the default bucket name is emr-<uid suffix>-cn-hangzhou', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir });
    expect((await check(h, oss)).status).toBe('todo');
    const result = await h.run(oss);
    expect(result.status).toBe('done');
    expect(result.details.bucket).toMatch(/^emr-\d{6}-cn-hangzhou$/);
    expect(result.details.bucket).toBe(`emr-${r.uid.slice(-6)}-cn-hangzhou`);
    expect(result.details.endpoint).toBe('oss-cn-hangzhou.aliyuncs.com');
    expect(result.details).toMatchObject({ storageClass: 'Standard', acl: 'private', redundancy: 'LRS' });
    expect((await check(h, oss)).status).toBe('done');
    // Idempotent: running again with the same settings succeeds.
    expect((await (await makeHarness({ configDir: r.configDir })).run(oss)).status).toBe('done');
  });

  it('--bucket test is BucketAlreadyExists (exit 4)', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir, flags: { bucket: 'test' } });
    const error = await h.run(oss).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).code).toBe('BucketAlreadyExists');
    expect((error as RefusedError).exitCode).toBe(4);
    expect((error as RefusedError).step).toBe('oss');
  });

  it('interactively, a taken name typed by the user is asked again (default: a free name)', async () => {
    const r = await verified();
    let n = 0;
    const h = await makeHarness({
      configDir: r.configDir,
      interactive: true,
      answers: {
        region: 'cn-hangzhou',
        storageClass: 'Standard',
        acl: 'private',
        redundancy: 'LRS',
        bucket: (spec) => (++n === 1 ? 'test' : spec.kind === 'input' ? (spec.default ?? '') : ''),
      },
    });
    const result = await h.run(oss);
    expect(result.status).toBe('done');
    expect(result.details.bucket).toBe(`emr-${r.uid.slice(-6)}-cn-hangzhou`);
    expect(h.prompter.keys().filter((k) => k === 'bucket')).toHaveLength(2);
    expect(h.stderr.text()).toContain('test');
  });

  it('refuses an unverified account with RealNameAuthenticationError', async () => {
    const r = await registered();
    const h = await makeHarness({ configDir: r.configDir });
    const error = await h.run(oss).catch((e: unknown) => e);
    expect((error as RefusedError).code).toBe('RealNameAuthenticationError');
    expect((error as RefusedError).cause).toBeInstanceOf(ProviderError);
  });
});

describe('highend', () => {
  it('non-interactive default skips', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir });
    expect((await check(h, highend)).status).toBe('todo');
    const result = await h.run(highend);
    expect(result.status).toBe('skipped');
    expect((await check(h, highend)).status).toBe('skipped');
  });

  it('--high-end with no review time is approved in the same run', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir, flags: { highEnd: true } });
    const result = await h.run(highend);
    expect(result.status).toBe('done');
    expect(result.details).toMatchObject({
      status: 'approved',
      instanceType: 'ecs.g7.2xlarge',
      vcpuQuota: 64,
      region: 'cn-hangzhou',
    });
    expect((await check(h, highend)).status).toBe('done');
  });

  it('a [reject] reason is rejected (failed)', async () => {
    const r = await verified();
    const h = await makeHarness({
      configDir: r.configDir,
      flags: { highEnd: true, reason: 'please [reject] this one' },
    });
    const result = await h.run(highend);
    expect(result.status).toBe('failed');
    expect(result.details.status).toBe('rejected');
    expect((await check(h, highend)).status).toBe('failed');
  });

  it('files in the first zone Quota Center lists for the region, or the one given with --zone', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir, flags: { highEnd: true } });
    expect((await h.run(highend)).details).toMatchObject({ status: 'approved', zone: 'cn-hangzhou-b' });
    const h2 = await makeHarness({
      configDir: r.configDir,
      flags: { highEnd: true, zone: 'cn-hangzhou-k', vcpuQuota: '128' },
    });
    expect((await h2.run(highend)).details).toMatchObject({ zone: 'cn-hangzhou-k', vcpuQuota: 128 });
    const token = h2.ctx.profileState().session!.token;
    expect((await h2.provider.as(token).quotas.list()).map((a) => a.zone)).toEqual([
      'cn-hangzhou-b',
      'cn-hangzhou-k',
    ]);
  });

  it('a zone Quota Center does not list for the region is refused before anything is filed (exit 2)', async () => {
    const r = await verified();
    const h = await makeHarness({ configDir: r.configDir, flags: { highEnd: true, zone: 'cn-hangzhou-z' } });
    const error = await h.run(highend).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as UsageError).message)).toContain('--zone');
    const other = await makeHarness({
      configDir: r.configDir,
      flags: { highEnd: true, zone: 'cn-beijing-a' },
    });
    expect(await other.wizard('highend').catch((e: unknown) => e)).toBeInstanceOf(UsageError);
    expect(await h.provider.as(h.ctx.profileState().session!.token).quotas.list()).toEqual([]);
  });

  it('a cancelled application is reported on the next run, which files a new one', async () => {
    const providerEnv = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const r = await verified({ providerEnv });
    const h = await makeHarness({ configDir: r.configDir, providerEnv, flags: { highEnd: true } });
    const first = await h.run(highend);
    expect(first.status).toBe('waiting');
    expect(await h.sim.cancelPending()).toEqual({ quotaApplications: 1 });
    const h2 = await makeHarness({ configDir: r.configDir, flags: { highEnd: true } });
    expect(await check(h2, highend)).toMatchObject({ status: 'todo', details: { status: 'cancelled' } });
    const second = await h2.run(highend);
    expect(h2.stderr.text().replace(/\s+/g, ' ')).toContain(
      `The earlier request ${first.details.applicationId} was cancelled in Quota Center;`,
    );
    expect(second).toMatchObject({
      status: 'done',
      details: { previous: { applicationId: first.details.applicationId, status: 'cancelled' } },
    });
    const token = h2.ctx.profileState().session!.token;
    expect((await h2.provider.as(token).quotas.list()).map((a) => a.status)).toEqual([
      'cancelled',
      'approved',
    ]);
  });

  it('a rejection is reported with its reason on the next run, which files a new one', async () => {
    const r = await verified();
    const h = await makeHarness({
      configDir: r.configDir,
      flags: { highEnd: true, reason: 'please [reject] this one' },
    });
    expect((await h.run(highend)).status).toBe('failed');
    const h2 = await makeHarness({
      configDir: r.configDir,
      flags: { highEnd: true, reason: 'E-MapReduce cluster nodes' },
    });
    const again = await h2.run(highend);
    expect(h2.stderr.text().replace(/\s+/g, ' ')).toContain(
      'was rejected (reason: The application was rejected after review.); a new request is filed.',
    );
    expect(again).toMatchObject({
      status: 'done',
      details: { previous: { status: 'rejected', reason: 'The application was rejected after review.' } },
    });
  });

  it('waits while under review, and a later run does not submit twice', async () => {
    const providerEnv = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const r = await verified({ providerEnv });
    const h = await makeHarness({ configDir: r.configDir, providerEnv, flags: { highEnd: true } });
    expect((await h.run(highend)).status).toBe('waiting');
    const h2 = await makeHarness({ configDir: r.configDir, providerEnv, flags: { highEnd: true } });
    expect((await h2.run(highend)).status).toBe('waiting');
    expect(await h2.provider.as(h2.ctx.profileState().session!.token).quotas.list()).toHaveLength(1);
  });
});
