/**
 * `sim serve`'s wire layer driven by the official SDKs, unmodified: every
 * signature scheme they send (ACS3, HMAC-SHA1 RPC and ROA, OSS V1 and V4,
 * virtual-host and path style) is accepted with the right secret and refused
 * as the real cloud refuses it otherwise.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // Before any SDK is imported: no ECS metadata or credentials-URI lookups.
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import * as ims from '@alicloud/ims20190815';
import * as ram from '@alicloud/ram20150501';
import {
  apiClient,
  apiConfig,
  ImsClient,
  OSS,
  ossClient,
  RamClient,
  rejection,
  roa,
  rpc,
  StsClient,
} from '../helpers/sdk.js';
import {
  ACCOUNT_ID,
  closeAll,
  INACTIVE_AK,
  LEGACY_AK,
  OFFICE_AK,
  ROOT_AK,
  ROOT_SECRET,
  serve,
  type TestServer,
  USER_AK,
  USER_SECRET,
} from '../helpers/serve.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
let server: TestServer;

beforeEach(async () => {
  server = await serve();
});
afterEach(closeAll);

/** A client of the generic API for `ak` with `secret`, ACS3 or (v2) HMAC-SHA1. */
function client(ak = ROOT_AK, secret = ROOT_SECRET, v2 = false) {
  return apiClient(server.endpoint, ak, secret, v2);
}

const SCHEMES = [
  ['ACS3', false],
  ['HMAC-SHA1', true],
] as const;

describe('OpenAPI signatures accepted with the right secret', () => {
  it.each(SCHEMES)('%s RPC: STS GetCallerIdentity as the root', async (_name, v2) => {
    const res = await rpc(client(ROOT_AK, ROOT_SECRET, v2), '2015-04-01', 'GetCallerIdentity');
    expect(res.statusCode).toBe(200);
    const body = res.body as Record<string, string>;
    expect(body).toMatchObject({ AccountId: ACCOUNT_ID, IdentityType: 'Account' });
    expect(body.RequestId).toMatch(UUID);
    expect(res.headers?.['x-acs-request-id']).toBe(body.RequestId);
  });

  it.each(SCHEMES)('%s RPC: parameters in the query, in a form body, or on a GET', async (_name, v2) => {
    const api = client(ROOT_AK, ROOT_SECRET, v2);
    await rpc(api, '2015-05-01', 'CreateUser', { UserName: 'alice', DisplayName: 'Alice Ä' });
    await rpc(api, '2015-05-01', 'CreateUser', { UserName: 'bob' }, { inBody: true });
    const got = await rpc(api, '2015-05-01', 'GetUser', { UserName: 'bob' }, { method: 'GET' });
    expect((got.body as { User: { UserName: string } }).User.UserName).toBe('bob');
    const ops = server.backend.calls.map((op) => ('params' in op ? op.params : {}));
    expect(ops[0]).toEqual({ UserName: 'alice', DisplayName: 'Alice Ä' });
    expect(ops[1]).toEqual({ UserName: 'bob' });
  });

  it.each(SCHEMES)('%s ROA: MaxCompute CreateQuota and ListQuotas', async (_name, v2) => {
    const api = client(ROOT_AK, ROOT_SECRET, v2);
    const query = { chargeType: 'payasyougo', commodityCode: 'odps' };
    const created = await roa(api, '2022-01-04', 'CreateQuota', 'POST', '/api/v1/quotas', query);
    const body = created.body as Record<string, unknown>;
    expect(body.requestId).toMatch(UUID);
    expect(body.RequestId).toBeUndefined();
    expect(body.data).toEqual({ nickName: 'os_PayAsYouGoQuota' });
    const listed = await roa(api, '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas', {
      region: 'cn-hangzhou',
    });
    expect((listed.body as Record<string, unknown>).data).toEqual({ quotaInfoList: [] });
    expect(server.backend.calls[0]).toMatchObject({
      product: 'maxcompute',
      action: 'CreateQuota',
      params: query,
    });
  });

  it('ROA with a JSON body (ACS3 and HMAC-SHA1): the body reaches the backend parsed', async () => {
    for (const v2 of [false, true]) {
      await roa(
        client(ROOT_AK, ROOT_SECRET, v2),
        '2022-01-04',
        'CreateQuota',
        'POST',
        '/api/v1/quotas',
        {},
        {
          note: 'x y',
        },
      );
    }
    expect(server.backend.calls.map((op) => ('body' in op ? op.body : undefined))).toEqual([
      { note: 'x y' },
      { note: 'x y' },
    ]);
  });

  it('the typed STS, RAM and IMS clients (ACS3) work unchanged', async () => {
    const config = apiConfig(server.endpoint, ROOT_AK, ROOT_SECRET);
    const identity = await new StsClient(config).getCallerIdentity();
    expect(identity.body?.identityType).toBe('Account');
    const ramClient = new RamClient(config);
    await ramClient.createUser(new ram.CreateUserRequest({ userName: 'carol' }));
    const user = await ramClient.getUser(new ram.GetUserRequest({ userName: 'carol' }));
    expect(user.body?.user?.userName).toBe('carol');
    const keys = await new ImsClient(config).listAccessKeys(new ims.ListAccessKeysRequest({}));
    expect(keys.body?.accessKeys?.accessKey?.[0]?.accessKeyId).toBe(ROOT_AK);
  });

  it("a RAM user key: STS answers RAMUser; the backend's NoPermission comes back as 403", async () => {
    const api = client(USER_AK, USER_SECRET);
    const res = await rpc(api, '2015-04-01', 'GetCallerIdentity');
    expect((res.body as Record<string, string>).IdentityType).toBe('RAMUser');
    const err = await rejection(rpc(api, '2015-05-01', 'GetUser', { UserName: 'x' }));
    expect(err).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });
});

describe('OpenAPI refusals, as the real gateway', () => {
  it.each(SCHEMES)('%s: a wrong secret is SignatureDoesNotMatch (400)', async (_name, v2) => {
    const err = await rejection(rpc(client(ROOT_AK, 'wrong-secret', v2), '2015-04-01', 'GetCallerIdentity'));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    const data = err.data as Record<string, string>;
    expect(Object.keys(data)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
    expect(data.HostId).toBe('sts.aliyuncs.com');
  });

  it('ROA HMAC-SHA1 with a wrong secret is SignatureDoesNotMatch', async () => {
    const api = client(ROOT_AK, 'wrong', true);
    const err = await rejection(roa(api, '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas'));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it.each([
    ['an unknown key', 'LTAI5tNoSuchKey00000001', 'InvalidAccessKeyId.NotFound', 404],
    ['a disabled key', INACTIVE_AK, 'InvalidAccessKeyId.Inactive', 400],
    ['a key that cannot sign (secret not derivable)', LEGACY_AK, 'SignatureDoesNotMatch', 400],
    ['a key whose network policy excludes 127.0.0.1', OFFICE_AK, 'NoPermission', 403],
  ])('%s', async (_name, ak, code, status) => {
    for (const v2 of [false, true]) {
      const err = await rejection(rpc(client(ak, ROOT_SECRET, v2), '2015-04-01', 'GetCallerIdentity'));
      expect(err).toMatchObject({ code, statusCode: status });
    }
    expect(server.backend.calls).toEqual([]);
  });

  it('a timestamp more than 15 minutes off is InvalidTimeStamp.Expired (400)', async () => {
    const skewed = await serve({ now: () => Date.now() + 16 * 60 * 1000 });
    for (const v2 of [false, true]) {
      const api = apiClient(skewed.endpoint, ROOT_AK, ROOT_SECRET, v2);
      const err = await rejection(rpc(api, '2015-04-01', 'GetCallerIdentity'));
      expect(err).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
    }
    const fine = await serve({ now: () => Date.now() - 14 * 60 * 1000 });
    await rpc(apiClient(fine.endpoint, ROOT_AK, ROOT_SECRET), '2015-04-01', 'GetCallerIdentity');
  });

  it('an unknown action or version', async () => {
    const api = client();
    expect(await rejection(rpc(api, '2015-05-01', 'DeleteEverything'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 404,
    });
    expect(await rejection(rpc(api, '1999-01-01', 'GetUser'))).toMatchObject({
      code: 'InvalidVersion',
      statusCode: 400,
    });
  });
});

describe('faults the backend asks for', () => {
  it('throttle → 429 Throttling.User, unavailable → 503 ServiceUnavailable; the call does not run', async () => {
    server.backend.faults.push('throttle', 'unavailable');
    const api = client();
    const throttled = await rejection(rpc(api, '2015-05-01', 'CreateUser', { UserName: 'a' }));
    expect(throttled).toMatchObject({ code: 'Throttling.User', statusCode: 429, name: 'ThrottlingError' });
    const unavailable = await rejection(rpc(api, '2015-05-01', 'CreateUser', { UserName: 'a' }));
    expect(unavailable).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(server.backend.users.size).toBe(0);
  });

  it('lost-response: the call takes effect, the SDK sees the connection die', async () => {
    server.backend.faults.push('lost-response');
    const err = await rejection(rpc(client(), '2015-05-01', 'CreateUser', { UserName: 'dora' }));
    expect(String(err.message)).toMatch(/socket hang up|ECONNRESET/);
    expect(err.statusCode).toBeUndefined();
    expect(server.backend.users.has('dora')).toBe(true);
    expect(server.entries.at(-1)).toMatchObject({ status: 'dropped', action: 'CreateUser' });
  });

  it('lost-response on OSS: ali-oss sees a connection error, the bucket exists', async () => {
    server.backend.faults.push('lost-response');
    const err = await rejection(ossClient(server.port, ROOT_AK, ROOT_SECRET).putBucket('lost-bucket'));
    expect(err.status).toBe(-1);
    expect(server.backend.buckets.has('lost-bucket')).toBe(true);
  });
});

const OSS_STYLES = [
  ['V1 virtual-host', { style: 'ip' }],
  ['V4 virtual-host', { style: 'ip', v4: true }],
  ['V1 path style', { style: 'path' }],
  ['V4 path style', { style: 'path', v4: true }],
] as const;

describe('OSS through ali-oss', () => {
  it.each(OSS_STYLES)('%s: PutBucket, GetBucketInfo, ListBuckets, DeleteBucket', async (_name, options) => {
    const oss = ossClient(server.port, ROOT_AK, ROOT_SECRET, { ...options, region: 'oss-cn-shanghai' });
    const put = await oss.putBucket('my-bucket', {
      acl: 'public-read',
      storageClass: 'IA',
      dataRedundancyType: 'ZRS',
    } as never);
    expect(put.res.status).toBe(200);
    expect((put.res.headers as Record<string, string>)['x-oss-request-id']).toMatch(UUID);
    const op = server.backend.calls[0];
    // Path style V1 names no region: served as the default region.
    const region = options.style === 'path' && !('v4' in options) ? 'cn-hangzhou' : 'cn-shanghai';
    expect(op).toMatchObject({ action: 'PutBucket', bucket: 'my-bucket', region, acl: 'public-read' });
    expect(op).toMatchObject({ storageClass: 'IA', redundancy: 'ZRS' });

    const info = await oss.getBucketInfo('my-bucket');
    expect(info.bucket).toMatchObject({
      Name: 'my-bucket',
      Location: `oss-${region}`,
      StorageClass: 'IA',
      DataRedundancyType: 'ZRS',
      CreationDate: '2024-05-01T08:00:00.000Z',
      ExtranetEndpoint: `oss-${region}.aliyuncs.com`,
      IntranetEndpoint: `oss-${region}-internal.aliyuncs.com`,
      Owner: { ID: ACCOUNT_ID, DisplayName: ACCOUNT_ID },
      AccessControlList: { Grant: 'public-read' },
    });
    await oss.putBucket('other-bucket');
    // @types/ali-oss says an array; the SDK resolves { buckets, owner, … }.
    const listed = (await oss.listBuckets({ prefix: 'my-' } as never)) as unknown as {
      buckets: Array<{ name: string }>;
      owner: unknown;
    };
    expect(listed.buckets.map((b) => b.name)).toEqual(['my-bucket']);
    expect(listed.owner).toEqual({ id: ACCOUNT_ID, displayName: ACCOUNT_ID });
    const deleted = (await oss.deleteBucket('my-bucket')) as unknown as {
      res: { status: number; headers: Record<string, string> };
    };
    expect(deleted.res.status).toBe(204);
    expect(deleted.res.headers['x-oss-request-id']).toMatch(UUID);
  });

  it.each(OSS_STYLES)('%s: refusals with OSS codes and statuses', async (_name, options) => {
    const missing = await rejection(
      ossClient(server.port, ROOT_AK, ROOT_SECRET, options).getBucketInfo('nope'),
    );
    // ali-oss reads the fine-grained code of the error document into ecCode.
    expect(missing).toMatchObject({ code: 'NoSuchBucket', status: 404, ecCode: '0015-00000101' });
    expect(missing.requestId).toMatch(UUID);
    const v4 = 'v4' in options;
    const cases = [
      [ROOT_AK, 'wrong', 'SignatureDoesNotMatch', v4 ? '0002-00000201' : '0002-00000040'],
      ['LTAI5tNoSuchKey00000001', ROOT_SECRET, 'InvalidAccessKeyId', '0002-00000902'],
      [INACTIVE_AK, ROOT_SECRET, 'InvalidAccessKeyId', '0002-00000904'],
      [LEGACY_AK, ROOT_SECRET, 'SignatureDoesNotMatch', v4 ? '0002-00000201' : '0002-00000040'],
      // To OSS, a key its network policy refuses here is a disabled key (EC 0002-00000904).
      [OFFICE_AK, ROOT_SECRET, 'InvalidAccessKeyId', '0002-00000904'],
    ] as const;
    for (const [ak, secret, code, ecCode] of cases) {
      const err = await rejection(ossClient(server.port, ak, secret, options).listBuckets({} as never));
      expect(err).toMatchObject({ code, status: 403, ecCode });
      expect(err.requestId).toMatch(UUID);
    }
  });

  it.each(
    OSS_STYLES,
  )('%s: a CreateBucketConfiguration in CDATA is read; one that is not well-formed is 400 MalformedXML', async (_name, options) => {
    // ali-oss writes the storage class into the body as it is given, unescaped.
    const oss = ossClient(server.port, ROOT_AK, ROOT_SECRET, options);
    await oss.putBucket('cdata-bucket', { storageClass: '<![CDATA[Archive]]>' } as never);
    expect(server.backend.calls[0]).toMatchObject({ action: 'PutBucket', storageClass: 'Archive' });
    for (const storageClass of [
      '&#x110000;',
      '&#0;',
      '&nbsp;',
      'I<A',
      'IA & more',
      'IA</StorageClass><StorageClass>Archive',
      'IA</StorageClass><X><Y/></X><StorageClass2>',
    ]) {
      const err = await rejection(oss.putBucket('bad-bucket', { storageClass } as never));
      expect(err, storageClass).toMatchObject({
        code: 'MalformedXML',
        status: 400,
        message: 'The XML you provided was not well-formed or did not validate against our published schema.',
      });
      expect(err.requestId).toMatch(UUID);
    }
    expect(server.backend.calls).toHaveLength(1);
    expect(server.errors).toEqual([]);
  });

  it('a stale date is RequestTimeTooSkewed (403)', async () => {
    const skewed = await serve({ now: () => Date.now() - 20 * 60 * 1000 });
    for (const v4 of [false, true]) {
      const err = await rejection(
        ossClient(skewed.port, ROOT_AK, ROOT_SECRET, { v4 }).listBuckets({} as never),
      );
      expect(err).toMatchObject({ code: 'RequestTimeTooSkewed', status: 403 });
    }
  });

  it('the OSS client type is the one the SDK exports', () => {
    expect(typeof OSS).toBe('function');
  });
});
