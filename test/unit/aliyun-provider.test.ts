/**
 * The real provider where it differs from the contract's common ground: it
 * speaks the real wire protocols (checked against `sim serve`'s log), maps
 * every SDK failure to a ProviderError (codes, retryability, no secret or
 * URL in a message), looks before it creates where the API has no client
 * token (across processes too), refuses what the API cannot do, and is
 * read-only when asked.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ram from '@alicloud/ram20150501';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { ACCOUNT_REGION, userNameOfArn } from '../../src/provider/aliyun/account.js';
import { apiEndpoint, hostnameOf, ossTarget } from '../../src/provider/aliyun/endpoints.js';
import { apiFailure, cleanMessage, ossFailure } from '../../src/provider/aliyun/errors.js';
import { createAliyunProvider } from '../../src/provider/aliyun/index.js';
import { commodityCode } from '../../src/provider/aliyun/maxcompute.js';
import { createSimulatedProvider } from '../../src/provider/simulated/index.js';
import type { Cloud } from '../../src/provider/types.js';
import { refusal } from '../contract/contract.js';
import { accountWithKey } from '../helpers/accounts.js';
import { apiConfig, RamClient, rejection } from '../helpers/sdk.js';
import { closeAll, closedPort, ROOT_AK, ROOT_SECRET, serve } from '../helpers/serve.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A served simulated cloud with one verified account and its root key; every request logged. */
async function served(
  options: { reviewSeconds?: number; host?: string; faults?: string; unverified?: boolean } = {},
) {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-aliyun-'));
  const env = { ONBOARD_SIM_REVIEW_SECONDS: String(options.reviewSeconds ?? 3600) };
  const sim = createSimulatedProvider({ configDir, env });
  const email = `a-${randomUUID().slice(0, 8)}@example.com`;
  const made = await accountWithKey(sim, email, 'Passw0rd-Aliyun', !options.unverified);
  const { session, cloud: root, key, simulation } = made;
  const lines: string[] = [];
  // Served by a second instance of the same cloud: its faults hit served calls only, not this setup.
  const serving = createSimulatedProvider({
    configDir,
    env: { ...env, ...(options.faults ? { ONBOARD_SIM_FAULTS: options.faults } : {}) },
  }).simulation;
  if (!serving) throw new Error('simulated');
  const { server } = await serving.serve({ host: '127.0.0.1', port: 0, log: (line) => lines.push(line) });
  cleanups.push(async () => {
    await server.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });
  const host = options.host ? `${options.host}:${server.port}` : server.endpoint;
  const provider = (o: { site?: 'cn' | 'intl'; readOnly?: boolean } = {}) =>
    createAliyunProvider({
      endpoint: { protocol: 'http', host },
      site: () => o.site ?? 'cn',
      env: {},
      ...(o.readOnly ? { readOnly: true } : {}),
    });
  const connect = (o: Parameters<typeof provider>[0] = {}): Cloud =>
    provider(o).connect({ kind: 'access-key', id: key.key.id, secret: key.secret ?? '' });
  return {
    sim,
    root,
    simulation,
    lines,
    server,
    host,
    provider,
    connect,
    uid: session.uid,
    keyId: key.key.id,
    secret: key.secret ?? '',
  };
}

describe('on the wire', () => {
  it('every capability speaks the real protocols: one product per call, as sim serve logs them', async () => {
    const w = await served();
    const cloud = w.connect();
    await cloud.account.whoAmI();
    await cloud.identity.get();
    await cloud.accessKeys.list();
    await cloud.ram.getUser('nobody');
    await cloud.buckets.get(`b-${randomUUID().slice(0, 8)}`);
    await cloud.quotas.list();
    await cloud.maxcompute.get('cn-hangzhou');
    const products = new Set(w.lines.map((l) => l.split(/\s+/)[1]));
    expect([...products].sort()).toEqual(['ecs', 'ims', 'maxcompute', 'oss', 'quotas', 'ram', 'sts']);
    expect(w.lines.every((l) => !/ 5\d\d /.test(l))).toBe(true);
  });

  it('a RAM user’s key: whoAmI names the user; a call its policies do not allow is refused in the product’s terms', async () => {
    const w = await served();
    const root = w.connect();
    await root.ram.createUser({ name: 'oss-only' });
    await root.ram.attachPolicy('oss-only', 'AliyunOSSFullAccess');
    const made = await root.ram.userKeys('oss-only').create({ clientToken: randomUUID(), allowCidrs: [] });
    const user = w.provider().connect({ kind: 'access-key', id: made.key.id, secret: made.secret ?? '' });
    expect(await user.account.whoAmI()).toEqual({ uid: w.uid, principal: 'ram-user', userName: 'oss-only' });
    // Quota Center's own denial, answered with 400; the policy that would allow it is named.
    const denied = await refusal(user.quotas.list());
    expect(denied).toMatchObject({ code: 'RAM.PERMISSION.DENIED', httpStatus: 400, retryable: false });
    expect(denied.data.policy).toBe('AliyunQuotasFullAccess');
    expect(denied.requestId).toMatch(/^[0-9A-F-]{36}$/);
    // ECS's: Forbidden.RAM, whose AccessDeniedDetail names the action.
    expect(await refusal(user.identity.get())).toMatchObject({
      code: 'Forbidden.RAM',
      httpStatus: 403,
      data: { action: 'ecs:DescribeAccountAttributes', policy: 'AliyunECSFullAccess' },
    });
    // RAM's and IMS's: NoPermission.
    expect(await refusal(user.ram.getUser('oss-only'))).toMatchObject({
      code: 'NoPermission',
      httpStatus: 403,
    });
    expect(await refusal(user.accessKeys.limit())).toMatchObject({ code: 'NoPermission', httpStatus: 403 });
    // OSS is allowed to it.
    expect(await user.buckets.list()).toEqual([]);
  });

  it('unknown keys and wrong secrets are refused with the gateways’ codes', async () => {
    const w = await served();
    const stranger = w
      .provider()
      .connect({ kind: 'access-key', id: 'LTAI5tNoSuchKey000000001', secret: 'x'.repeat(30) });
    expect(await refusal(stranger.account.whoAmI())).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      httpStatus: 404,
      retryable: false,
    });
    const wrong = w.provider().connect({ kind: 'access-key', id: w.keyId, secret: 'y'.repeat(30) });
    expect(await refusal(wrong.account.whoAmI())).toMatchObject({
      code: 'SignatureDoesNotMatch',
      httpStatus: 400,
    });
    expect(await refusal(wrong.buckets.list())).toMatchObject({
      code: 'SignatureDoesNotMatch',
      httpStatus: 403,
    });
  });

  it('a password sent with a call never appears in its error (it travels in the query string)', async () => {
    const w = await served();
    const cloud = w.connect();
    await cloud.ram.createUser({ name: 'weak' });
    const password = 'weakpass';
    const error = await refusal(cloud.ram.createLoginProfile('weak', password));
    expect(error.code).toBe('InvalidParameter.Password.TooWeak');
    expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(password);
    expect(w.lines.join('\n')).not.toContain(password);
  });

  it('an endpoint nobody listens on: EndpointUnreachable, not retried, no URL in the message', async () => {
    const port = await closedPort();
    const provider = createAliyunProvider({
      endpoint: { protocol: 'http', host: `127.0.0.1:${port}` },
      site: () => 'cn',
      env: {},
    });
    const cloud = provider.connect({
      kind: 'access-key',
      id: 'LTAI5tNoSuchKey000000001',
      secret: 'x'.repeat(30),
    });
    for (const call of [cloud.account.whoAmI(), cloud.buckets.list()]) {
      const error = await refusal(call);
      expect(error).toMatchObject({ code: 'EndpointUnreachable', retryable: false, requestId: '-' });
      expect(error.data).toMatchObject({ endpoint: `127.0.0.1:${port}`, reason: 'ECONNREFUSED' });
      expect(error.message).not.toMatch(/http:|\?/);
    }
  });

  it('OSS to a host-name endpoint goes path style; the V4 signature names the region', async () => {
    const w = await served({ host: 'localhost' });
    const cloud = w.connect();
    const name = `b-${randomUUID().slice(0, 8)}`;
    const put = await cloud.buckets.put({
      name,
      region: 'cn-shanghai',
      storageClass: 'IA',
      acl: 'private',
      redundancy: 'LRS',
    });
    expect(put).toMatchObject({
      name,
      region: 'cn-shanghai',
      storageClass: 'IA',
      endpoint: 'oss-cn-shanghai.aliyuncs.com',
    });
    expect((await w.root.buckets.get(name))?.region).toBe('cn-shanghai');
  });
});

describe('where the real API has no client token or parameter', () => {
  it('allowCidrs: IMS SetAccessKeyPolicy right after CreateAccessKey, before the secret; list reads GetAccessKeyPolicy', async () => {
    const w = await served();
    const cloud = w.connect();
    const created = await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: ['10.0.0.0/8'] });
    expect(created.secret).not.toBeNull();
    expect(created.key.allowCidrs).toEqual(['10.0.0.0/8']);
    const actions = w.lines.map((l) => l.split(/\s+/)[2]);
    expect(actions.indexOf('SetAccessKeyPolicy')).toBeGreaterThan(actions.lastIndexOf('CreateAccessKey'));
    const listed = await cloud.accessKeys.list();
    expect(listed.find((k) => k.id === created.key.id)?.allowCidrs).toEqual(['10.0.0.0/8']);
    expect(listed.find((k) => k.id === w.keyId)?.allowCidrs).toEqual([]);
    expect(w.lines.some((l) => l.includes(' GetAccessKeyPolicy 200 '))).toBe(true);
    // A RAM user's key: the policy names the user by its principal name.
    await cloud.ram.createUser({ name: 'netdev' });
    const keys = cloud.ram.userKeys('netdev');
    const user = await keys.create({
      clientToken: randomUUID(),
      allowCidrs: ['192.0.2.0/24', '2001:db8::/32'],
    });
    expect((await keys.list()).map((k) => k.allowCidrs)).toEqual([['192.0.2.0/24', '2001:db8::/32']]);
    expect(user.secret).not.toBeNull();
  });

  it('a policy call that fails keeps the key back; the retry with the same clientToken sets it and delivers', async () => {
    const w = await served({ faults: 'setAccessKeyPolicy:throttle:1' });
    const cloud = w.connect();
    const clientToken = randomUUID();
    const first = await refusal(cloud.accessKeys.create({ clientToken, allowCidrs: ['10.0.0.0/8'] }));
    expect(first).toMatchObject({ code: 'Throttling.User', retryable: true });
    // Made but not delivered: found by its clientToken (what the wizard's repair discards).
    const waiting = (await cloud.accessKeys.list()).find((k) => k.clientToken === clientToken);
    expect(waiting?.allowCidrs).toEqual([]);
    const again = await cloud.accessKeys.create({ clientToken, allowCidrs: ['10.0.0.0/8'] });
    expect(again.key.id).toBe(waiting?.id);
    expect(again.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect((await cloud.accessKeys.list()).find((k) => k.id === again.key.id)?.allowCidrs).toEqual([
      '10.0.0.0/8',
    ]);
    expect(await cloud.accessKeys.list()).toHaveLength(2);
  });

  it('limits are read from IMS GetAccountSummary: the account’s and a RAM user’s', async () => {
    const w = await served();
    const cloud = w.connect();
    expect(await cloud.accessKeys.limit()).toBe(5);
    await cloud.ram.createUser({ name: 'limited' });
    expect(await cloud.ram.userKeys('limited').limit()).toBe(2);
    expect(w.lines.filter((l) => l.includes(' GetAccountSummary '))).toHaveLength(1);
    // A RAM user's deleted keys stay in its recycle bin; the account's own are gone.
    expect(cloud.ram.userKeys('limited').recycleBin).toEqual({ days: 30, perOwner: 3 });
    expect(cloud.accessKeys.recycleBin).toBeUndefined();
  });

  it('a key’s lost response, retried through a Cloud connected again, is found (the memory is the provider’s)', async () => {
    const w = await served({ faults: 'createAccessKey:lost-response' });
    const provider = w.provider();
    const credential = { kind: 'access-key', id: w.keyId, secret: w.secret } as const;
    const clientToken = randomUUID();
    const lost = await refusal(
      provider.connect(credential).accessKeys.create({ clientToken, allowCidrs: [] }),
    );
    expect(lost).toMatchObject({ code: 'RequestTimeout', retryable: true });
    const again = await provider.connect(credential).accessKeys.create({ clientToken, allowCidrs: [] });
    expect(again.secret).toBeNull();
    const keys = await provider.connect(credential).accessKeys.list();
    expect(keys).toHaveLength(2);
    expect(keys.find((k) => k.id === again.key.id)?.clientToken).toBe(clientToken);
    // Another token is another intent: a new key, and the one found stays that token's.
    const other = await provider
      .connect(credential)
      .accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] });
    expect(other.secret).not.toBeNull();
    expect(
      (await provider.connect(credential).accessKeys.create({ clientToken, allowCidrs: [] })).key.id,
    ).toBe(again.key.id);
  });

  it('a quota application for the same type, region and value is found by another process, not filed again', async () => {
    const w = await served();
    const spec = {
      region: 'cn-hangzhou',
      zone: 'cn-hangzhou-i',
      instanceType: 'ecs.g7.2xlarge',
      vcpuQuota: 64,
      reason: 'E-MapReduce cluster nodes',
    };
    const first = await w.connect().quotas.submit({ ...spec, clientToken: randomUUID() });
    const again = await w.connect().quotas.submit({ ...spec, clientToken: randomUUID() });
    expect(again.id).toBe(first.id);
    const bigger = await w.connect().quotas.submit({ ...spec, vcpuQuota: 128, clientToken: randomUUID() });
    expect(bigger.id).not.toBe(first.id);
    expect(await w.connect().quotas.list()).toHaveLength(2);
  });

  it('a rejected application does not stop a new one; the reason is reported', async () => {
    const w = await served({ reviewSeconds: 0 });
    const spec = {
      region: 'cn-hangzhou',
      zone: 'cn-hangzhou-i',
      instanceType: 'ecs.g7.2xlarge',
      vcpuQuota: 64,
      reason: 'please [reject] this one',
    };
    const rejected = await w.connect().quotas.submit({ ...spec, clientToken: randomUUID() });
    expect(await w.connect().quotas.get(rejected.id)).toMatchObject({
      status: 'rejected',
      rejectReason: expect.any(String),
    });
    const next = await w.connect().quotas.submit({ ...spec, clientToken: randomUUID() });
    expect(next.id).not.toBe(rejected.id);
  });

  it('MaxCompute: a region already activated is found by another process; intl uses odps_intl', async () => {
    const w = await served();
    const first = await w.connect({ site: 'intl' }).maxcompute.activate({
      region: 'cn-shanghai',
      clientToken: randomUUID(),
    });
    expect(first.quotas.map((q) => q.billing)).toEqual(['payasyougo']);
    const again = await w.connect().maxcompute.activate({ region: 'cn-shanghai', clientToken: randomUUID() });
    expect(again.quotas).toEqual(first.quotas);
    expect(w.lines.filter((l) => l.includes('CreateQuota'))).toHaveLength(1);
    expect([commodityCode('payasyougo', 'cn'), commodityCode('payasyougo', 'intl')]).toEqual([
      'odps',
      'odps_intl',
    ]);
    expect([commodityCode('subscription', 'cn'), commodityCode('subscription', 'intl')]).toEqual([
      'odpsplus',
      'odpsplus_intl',
    ]);
  });

  it('MaxCompute: a subscription bought in the console (sim approve) is found in the region it was bought in', async () => {
    const w = await served();
    const cloud = w.connect();
    await cloud.maxcompute.activate({ region: 'cn-beijing', clientToken: randomUUID() });
    await cloud.maxcompute.activate({ region: 'cn-shanghai', clientToken: randomUUID() });
    expect((await cloud.maxcompute.get('cn-beijing'))?.quotas.map((q) => q.billing)).toEqual(['payasyougo']);
    await w.simulation.approvePending();
    for (const region of ['cn-beijing', 'cn-shanghai']) {
      expect((await cloud.maxcompute.get(region))?.quotas.map((q) => q.billing)).toEqual([
        'payasyougo',
        'subscription',
      ]);
    }
    expect(w.lines.filter((l) => l.includes('CreateQuota'))).toHaveLength(2);
  });
});

describe('the calls as the official SDK models have them', () => {
  afterEach(() => closeAll());

  async function fake(site: 'cn' | 'intl' = 'cn') {
    const server = await serve();
    const provider = createAliyunProvider({
      endpoint: { protocol: 'http', host: server.endpoint },
      site: () => site,
      env: {},
    });
    const connect = () => provider.connect({ kind: 'access-key', id: ROOT_AK, secret: ROOT_SECRET });
    const calls = (action: string) => server.backend.calls.filter((op) => op.action === action);
    return { server, cloud: connect(), connect, calls };
  }

  it('MaxCompute CreateQuota: pay-as-you-go, chargeType and commodityCode in the query, no region, no body', async () => {
    const { cloud, calls } = await fake('intl');
    await cloud.maxcompute.activate({ region: 'cn-beijing', clientToken: randomUUID() });
    const [create] = calls('CreateQuota');
    expect(create).toMatchObject({
      product: 'maxcompute',
      params: { chargeType: 'payasyougo', commodityCode: 'odps_intl' },
      // The endpoint names the region; one --endpoint carries it in the gateway's x-acs-region-id header.
      region: 'cn-beijing',
    });
    expect(create && 'params' in create ? Object.keys(create.params).sort() : []).toEqual([
      'chargeType',
      'commodityCode',
    ]);
    expect(create && 'body' in create ? create.body : undefined).toBeUndefined();
    // ListQuotas pages with maxItem (and marker), never a region parameter.
    for (const list of calls('ListQuotas')) {
      expect(list).toMatchObject({ region: 'cn-beijing' });
      expect('params' in list ? Object.keys(list.params) : []).toEqual(['maxItem']);
    }
  });

  it('Quota Center: the dimensions as the product lists them, every one required, before anything is filed', async () => {
    const { server, cloud, connect, calls } = await fake();
    const spec = {
      region: 'cn-hangzhou',
      zone: 'cn-hangzhou-i',
      instanceType: 'ecs.g7.2xlarge',
      vcpuQuota: 64,
      reason: 'E-MapReduce cluster nodes',
    };
    // The zones of the region, read from the values' dependent dimensions (trimmed).
    expect(await cloud.quotas.zones('cn-hangzhou')).toEqual(['cn-hangzhou-i']);
    await cloud.quotas.submit({ ...spec, clientToken: randomUUID() });
    const [create] = calls('CreateQuotaApplication');
    expect(create && 'params' in create ? create.params : {}).toMatchObject({
      ProductCode: 'ecs-spec',
      QuotaActionCode: 'ecs.g7.2xlarge',
      DesireValue: '64',
      'Dimensions.1.Key': 'regionId',
      'Dimensions.1.Value': 'cn-hangzhou',
      'Dimensions.2.Key': 'zoneId',
      'Dimensions.2.Value': 'cn-hangzhou-i',
      'Dimensions.3.Key': 'chargeType',
      'Dimensions.3.Value': 'PostPaid',
      'Dimensions.4.Key': 'networkType',
      'Dimensions.4.Value': 'vpc',
    });
    // The product's dimensions are read once per connection.
    expect(calls('ListProductQuotaDimensions')).toHaveLength(1);
    // A dimension the product marks required that onboard cannot fill: said before anything is filed.
    server.backend.quotaDimensions.push({
      DimensionKey: 'quotaGroup',
      Requisite: true,
      DimensionValues: ['a'],
    });
    expect(await refusal(connect().quotas.submit({ ...spec, clientToken: randomUUID() }))).toMatchObject({
      code: 'QuotaDimensionUnsupported',
    });
    expect(calls('CreateQuotaApplication')).toHaveLength(1);
  });
});

describe('the provider', () => {
  it('read-only: reads work, every change throws before any request', async () => {
    const w = await served();
    const cloud = w.connect({ readOnly: true });
    expect(await cloud.account.whoAmI()).toMatchObject({ principal: 'root' });
    const before = w.lines.length;
    const changes: Array<() => Promise<unknown>> = [
      () => cloud.accessKeys.create({ clientToken: 't', allowCidrs: [] }),
      () => cloud.accessKeys.update(w.keyId, 'Inactive'),
      () => cloud.accessKeys.delete(w.keyId),
      () => cloud.ram.createUser({ name: 'x' }),
      () => cloud.ram.attachPolicy('x', 'AliyunOSSFullAccess'),
      () => cloud.ram.createLoginProfile('x', 'Passw0rd-x1'),
      () => cloud.ram.userKeys('x').create({ clientToken: 't', allowCidrs: [] }),
      () =>
        cloud.buckets.put({
          name: 'read-only',
          region: 'cn-hangzhou',
          storageClass: 'Standard',
          acl: 'private',
          redundancy: 'LRS',
        }),
      () =>
        cloud.quotas.submit({
          region: 'cn-hangzhou',
          zone: 'cn-hangzhou-i',
          instanceType: 'ecs.g7.2xlarge',
          vcpuQuota: 64,
          reason: 'E-MapReduce cluster nodes',
          clientToken: 't',
        }),
      () => cloud.maxcompute.activate({ region: 'cn-hangzhou', clientToken: 't' }),
    ];
    for (const change of changes) await expect(change()).rejects.toThrow('read-only provider');
    expect(w.lines.length).toBe(before);
  });

  it('is the aliyun kind, without password accounts or simulation; takes only an AccessKey', () => {
    const provider = createAliyunProvider({ site: () => 'cn', env: {} });
    expect(provider.kind).toBe('aliyun');
    expect(provider.passwordAccounts).toBeUndefined();
    expect(provider.simulation).toBeUndefined();
    expect(() => provider.connect({ kind: 'session', token: 't' })).toThrow(/AccessKey/);
    expect(() => provider.connect({ kind: 'access-key', id: '', secret: '' })).toThrow(/AccessKey/);
  });

  it('isBucketNameAvailable: with no credential connected yet it cannot tell, and says free', async () => {
    const provider = createAliyunProvider({ site: () => 'cn', env: {} });
    expect(await provider.isBucketNameAvailable('any-name-at-all')).toBe(true);
  });

  it('identity: none until verified (the real cloud has no API to submit one)', async () => {
    const unverified = await served({ unverified: true });
    const cloud = unverified.connect();
    expect(cloud.identity.submit).toBeUndefined();
    expect(await cloud.identity.get()).toEqual({ status: 'none' });
    expect(await refusal(cloud.ram.createUser({ name: 'early' }))).toMatchObject({
      code: 'RealNameAuthenticationError',
      httpStatus: 403,
    });
    const verified = await served();
    expect(await verified.connect().identity.get()).toEqual({ status: 'verified' });
  });

  it('GetLoginProfile, added to sim serve for this provider, answers in the shape the typed RAM client reads', async () => {
    const w = await served();
    const cloud = w.connect();
    await cloud.ram.createUser({ name: 'console' });
    await cloud.ram.createLoginProfile('console', 'Console-Passw0rd');
    const client = new RamClient(apiConfig(w.host, w.keyId, w.secret));
    const got = await client.getLoginProfile(new ram.GetLoginProfileRequest({ userName: 'console' }));
    expect(got.body?.loginProfile).toMatchObject({ userName: 'console', passwordResetRequired: true });
    const missing = await rejection(
      client.getLoginProfile(new ram.GetLoginProfileRequest({ userName: 'nobody' })),
    );
    expect(missing).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });
  });
});

describe('endpoints', () => {
  it('public HTTPS endpoints without --endpoint; everything to --endpoint with it', () => {
    expect(apiEndpoint('sts', 'cn-shanghai')).toEqual({ protocol: 'https', host: 'sts.aliyuncs.com' });
    expect(apiEndpoint('ram', 'cn-shanghai').host).toBe('ram.aliyuncs.com');
    expect(apiEndpoint('ims', 'cn-shanghai').host).toBe('ims.aliyuncs.com');
    expect(apiEndpoint('ecs', ACCOUNT_REGION).host).toBe('ecs.aliyuncs.com');
    expect(apiEndpoint('quotas', 'ap-southeast-1').host).toBe('quotas.aliyuncs.com');
    expect(apiEndpoint('maxcompute', 'eu-central-1').host).toBe('maxcompute.eu-central-1.aliyuncs.com');
    const endpoint = { protocol: 'http', host: '127.0.0.1:8080' } as const;
    expect(apiEndpoint('maxcompute', 'eu-central-1', endpoint)).toBe(endpoint);
    expect(ossTarget('cn-shanghai')).toEqual({ region: 'oss-cn-shanghai', secure: true });
    expect(ossTarget('cn-shanghai', endpoint)).toEqual({
      region: 'oss-cn-shanghai',
      secure: false,
      endpoint: 'http://127.0.0.1:8080',
    });
    expect(ossTarget('cn-shanghai', { protocol: 'https', host: 'sim.example:8443' })).toMatchObject({
      secure: true,
      sldEnable: true,
    });
    expect(ossTarget('cn-shanghai', { protocol: 'http', host: '[::1]:80' }).sldEnable).toBeUndefined();
    expect(['[::1]:80', '::1', 'localhost:80', 'a.b'].map(hostnameOf)).toEqual([
      '::1',
      '::1',
      'localhost',
      'a.b',
    ]);
  });

  it('RAM user ARNs', () => {
    expect(userNameOfArn('acs:ram::1234567890123456:user/dev.ops')).toBe('dev.ops');
    expect(userNameOfArn('acs:ram::1234567890123456:root')).toBeUndefined();
  });
});

describe('SDK failures as ProviderErrors', () => {
  const call = { host: 'ram.aliyuncs.com', secrets: ['S3cret-Value'] };

  it('API errors keep the cloud’s code, status and request id; throttling and 5xx are retryable', () => {
    const throttled = apiFailure(
      {
        statusCode: 429,
        code: 'Throttling.User',
        data: { Message: 'Request was denied.', RequestId: 'R-1' },
      },
      call,
    );
    expect(throttled).toMatchObject({
      code: 'Throttling.User',
      httpStatus: 429,
      requestId: 'R-1',
      retryable: true,
    });
    const unavailable = apiFailure({ statusCode: 503, code: 'ServiceUnavailable', data: {} }, call);
    expect(unavailable).toMatchObject({ retryable: true });
    const refused = apiFailure(
      { statusCode: 409, code: 'EntityAlreadyExists.User', data: { Message: 'x' } },
      call,
    );
    expect(refused).toMatchObject({ retryable: false, requestId: '-' });
    const forbidden = apiFailure(
      {
        statusCode: 403,
        code: 'Forbidden.RAM',
        data: { Message: 'User not authorized', AccessDeniedDetail: { AuthAction: 'ram:CreateUser' } },
      },
      call,
    );
    expect(forbidden).toMatchObject({ code: 'Forbidden.RAM', data: { action: 'ram:CreateUser' } });
  });

  it('lost responses and timeouts are retryable RequestTimeouts; refused connections are not', () => {
    for (const error of [
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      Object.assign(new Error('ReadTimeout: 20000. POST /?Password=x failed.'), {
        name: 'RequestTimeoutError',
      }),
    ]) {
      const mapped = apiFailure(error, call);
      expect(mapped).toMatchObject({ code: 'RequestTimeout', retryable: true });
      expect(mapped.message).not.toMatch(/Password|https?:/);
    }
    // Never sent: the cloud could not be reached (naming the endpoint), whatever the key; a DNS
    // server that did not answer and a connection never made in time may work a moment later.
    for (const [error, retryable] of [
      [Object.assign(new Error('getaddrinfo ENOTFOUND ram.example'), { code: 'ENOTFOUND' }), false],
      [Object.assign(new Error('getaddrinfo EAI_AGAIN ram.example'), { code: 'EAI_AGAIN' }), true],
      [
        Object.assign(new Error('ConnectTimeout: Connect https://ram.aliyuncs.com/?a=b failed.'), {
          name: 'RequestTimeoutError',
        }),
        true,
      ],
    ] as const) {
      const mapped = apiFailure(error, call);
      expect(mapped).toMatchObject({ code: 'EndpointUnreachable', retryable });
      expect(mapped.message).toContain(`The cloud could not be reached at the endpoint ${call.host}`);
      expect(mapped.message).not.toMatch(/Password|https?:/);
    }
    expect(
      apiFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), call),
    ).toMatchObject({
      code: 'EndpointUnreachable',
      retryable: false,
    });
    expect(
      ossFailure({ status: -2, name: 'ResponseTimeoutError', message: 'Response timeout' }, call),
    ).toMatchObject({
      code: 'RequestTimeout',
      retryable: true,
    });
    expect(
      ossFailure({ status: 404, code: 'NoSuchBucket', requestId: 'R', message: 'no' }, call),
    ).toMatchObject({
      code: 'NoSuchBucket',
      httpStatus: 404,
    });
  });

  it('anything else stays a bug (not a ProviderError), its message cleaned', () => {
    const bug = apiFailure(new TypeError('x is undefined at https://h/?Password=S3cret-Value'), call);
    expect(bug).not.toBeInstanceOf(ProviderError);
    expect(bug.message).toBe('TypeError: x is undefined at <url>');
  });

  it('messages: no URL, query string, secret or control character; one bounded line', () => {
    expect(cleanMessage('bad S3cret-Value at http://h/p?x=1\n\u001b[31mred', ['S3cret-Value'])).toBe(
      'bad *** at <url> [31mred',
    );
    expect(cleanMessage('see /path?Password=abc now')).toBe('see /path now');
    expect(cleanMessage('x'.repeat(900))).toHaveLength(500);
  });
});
