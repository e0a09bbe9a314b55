/**
 * The wire layer's pure parts: time and nonce checks, network policies,
 * routing by version / action / host, OSS addressing and the XML both ways.
 */
import { describe, expect, it } from 'vitest';
import { ServeError } from '../../src/provider/serve/backend.js';
import {
  allowedByPolicy,
  MAX_SKEW_MS,
  NonceCache,
  parseSignedTime,
  withinSkew,
} from '../../src/provider/serve/guards.js';
import { clientAddress, type Incoming, parseQuery, percentEncode } from '../../src/provider/serve/http-io.js';
import { ossTarget } from '../../src/provider/serve/oss-target.js';
import { bucketListXml, parseBucketConfiguration } from '../../src/provider/serve/oss-xml.js';
import { isOssRequest, routeOpenApi } from '../../src/provider/serve/routes.js';
import { SERVED_APIS } from '../../src/provider/simulated/wire.js';

function inc(method: string, url: string, headers: Record<string, string> = {}): Incoming {
  const q = url.indexOf('?');
  return {
    method,
    rawPath: q < 0 ? url : url.slice(0, q),
    query: parseQuery(q < 0 ? '' : url.slice(q + 1)),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    requestId: 'ID',
    now: Date.now(),
  };
}

function refusal(fn: () => unknown): { code: string; httpStatus: number } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServeError) return { code: error.code, httpStatus: error.httpStatus };
    throw error;
  }
  throw new Error('expected a ServeError');
}

describe('signed times and nonces', () => {
  it('reads ISO 8601, RFC 1123 and OSS V4 compact times; anything else is NaN', () => {
    const t = Date.UTC(2024, 4, 1, 8, 0, 0);
    expect(parseSignedTime('2024-05-01T08:00:00Z')).toBe(t);
    expect(parseSignedTime('Wed, 01 May 2024 08:00:00 GMT')).toBe(t);
    expect(parseSignedTime('20240501T080000Z')).toBe(t);
    for (const bad of ['', '12345', '2024-05-01', 'yesterday']) expect(parseSignedTime(bad)).toBeNaN();
  });

  it('allows exactly 15 minutes either way', () => {
    const now = 1_000_000_000;
    expect(withinSkew(now - MAX_SKEW_MS, now)).toBe(true);
    expect(withinSkew(now + MAX_SKEW_MS, now)).toBe(true);
    expect(withinSkew(now - MAX_SKEW_MS - 1000, now)).toBe(false);
    expect(withinSkew(now + MAX_SKEW_MS + 1000, now)).toBe(false);
  });

  it('a nonce works once per key while it could be replayed, and the cache is bounded', () => {
    const cache = new NonceCache(3);
    expect(cache.use('AK1', 'n', 0)).toBe(true);
    expect(cache.use('AK1', 'n', 1000)).toBe(false);
    expect(cache.use('AK2', 'n', 1000)).toBe(true);
    // Past twice the skew window the request carrying it is stale anyway.
    expect(cache.use('AK1', 'n', 2 * MAX_SKEW_MS + 1)).toBe(true);
    for (let i = 0; i < 10; i++) cache.use('AK3', `x${i}`, 2 * MAX_SKEW_MS + 2);
    expect(cache.size).toBe(3);
  });
});

describe('network policies', () => {
  it.each([
    ['127.0.0.1', [], true],
    ['127.0.0.1', ['127.0.0.0/8'], true],
    ['127.0.0.1', ['10.0.0.0/8', '192.168.0.0/16'], false],
    ['10.1.2.3', ['10.1.2.3/8'], true],
    ['::ffff:127.0.0.1', ['127.0.0.1/32'], true],
    ['127.0.0.1', ['::ffff:0:0/96'], true],
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['127.0.0.1', ['not-a-cidr'], false],
    ['garbage', ['0.0.0.0/0'], false],
  ] as const)('%s with %j → %s', (address, cidrs, allowed) => {
    expect(allowedByPolicy(address, cidrs)).toBe(allowed);
  });

  it('IPv4-mapped peers are unwrapped, others kept', () => {
    expect(clientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientAddress('::1')).toBe('::1');
    expect(clientAddress(undefined)).toBe('');
  });

  it('percent-encodes as Alibaba Cloud signs', () => {
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });
});

describe('routing', () => {
  // The operations the simulated cloud serves: the wire routes only what its backend lists.
  const served = (request: Incoming, form: Record<string, string>) =>
    routeOpenApi(request, form, SERVED_APIS);
  const acs = (version: string, action: string, extra: Record<string, string> = {}) => ({
    'x-acs-version': version,
    'x-acs-action': action,
    ...extra,
  });

  it('the version decides between products that share an action name', () => {
    expect(served(inc('POST', '/', acs('2015-05-01', 'CreateAccessKey')), {}).product).toBe('ram');
    expect(served(inc('POST', '/', acs('2019-08-15', 'CreateAccessKey')), {}).product).toBe('ims');
    const form = { Version: '2020-05-10', Action: 'ListQuotaApplications' };
    expect(served(inc('POST', '/'), form)).toMatchObject({ product: 'quotas', style: 'RPC' });
  });

  it('ROA routes by method and path; a regional host gives the region and HostId', () => {
    const route = served(
      inc('POST', '/api/v1/quotas', {
        host: 'maxcompute.cn-shanghai.aliyuncs.com',
        'x-acs-version': '2022-01-04',
      }),
      {},
    );
    expect(route).toMatchObject({
      product: 'maxcompute',
      action: 'CreateQuota',
      style: 'ROA',
      region: 'cn-shanghai',
      hostId: 'maxcompute.cn-shanghai.aliyuncs.com',
    });
    const ecs = served(
      inc('POST', '/', {
        host: 'ecs-cn-beijing.aliyuncs.com',
        ...acs('2014-05-26', 'DescribeAccountAttributes'),
      }),
      {},
    );
    expect(ecs).toMatchObject({ product: 'ecs', region: 'cn-beijing' });
  });

  it("refuses what it cannot route with the gateway's codes", () => {
    const cases: Array<[Incoming, string, number]> = [
      [inc('DELETE', '/api/v1/quotas', acs('2022-01-04', 'CreateQuota')), 'InvalidAction.NotFound', 404],
      [inc('POST', '/', acs('2015-05-01', 'RunInstances')), 'InvalidAction.NotFound', 404],
      [inc('POST', '/', acs('2030-01-01', 'GetUser')), 'InvalidVersion', 400],
      [
        inc('POST', '/', { host: 'ims.aliyuncs.com', ...acs('2015-05-01', 'GetUser') }),
        'InvalidVersion',
        400,
      ],
      [
        inc('POST', '/', { host: 'cs.aliyuncs.com', ...acs('2015-12-15', 'X') }),
        'InvalidProduct.NotFound',
        404,
      ],
      [inc('POST', '/', { 'x-acs-action': 'GetUser' }), 'MissingParameter', 400],
    ];
    for (const [request, code, httpStatus] of cases) {
      expect(refusal(() => served(request, {}))).toEqual({ code, httpStatus });
    }
  });

  it('tells OSS from OpenAPI by scheme, host, markers and body type', () => {
    expect(isOssRequest(inc('GET', '/', { authorization: 'OSS ak:sig' }))).toBe(true);
    expect(isOssRequest(inc('GET', '/', { authorization: 'OSS4-HMAC-SHA256 Credential=x' }))).toBe(true);
    expect(isOssRequest(inc('GET', '/', { host: 'b.oss-cn-hangzhou.aliyuncs.com' }))).toBe(true);
    expect(isOssRequest(inc('PUT', '/bucket/'))).toBe(true);
    expect(isOssRequest(inc('POST', '/', { authorization: 'ACS3-HMAC-SHA256 Credential=x' }))).toBe(false);
    expect(isOssRequest(inc('GET', '/?Action=GetUser&Version=2015-05-01'))).toBe(false);
    expect(isOssRequest(inc('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }))).toBe(
      false,
    );
  });
});

describe('OSS addressing', () => {
  it("virtual-host, path style, and ali-oss's empty bucket label for ListBuckets", () => {
    expect(ossTarget(inc('PUT', '/', { host: 'data-1.oss-cn-shanghai.aliyuncs.com' }))).toEqual({
      bucket: 'data-1',
      hostRegion: 'cn-shanghai',
      action: 'PutBucket',
    });
    expect(ossTarget(inc('GET', '/data-1/?bucketInfo', { host: '127.0.0.1:1' }))).toEqual({
      bucket: 'data-1',
      action: 'GetBucketInfo',
    });
    expect(ossTarget(inc('GET', '/?prefix=a', { host: '.oss-cn-hangzhou-internal.aliyuncs.com' }))).toEqual({
      hostRegion: 'cn-hangzhou',
      action: 'ListBuckets',
    });
    expect(ossTarget(inc('DELETE', '/data-1'))).toEqual({ bucket: 'data-1', action: 'DeleteBucket' });
  });

  it('objects and other sub-resources are not served', () => {
    expect(refusal(() => ossTarget(inc('GET', '/b/key.txt')))).toEqual({
      code: 'NotImplemented',
      httpStatus: 501,
    });
    expect(refusal(() => ossTarget(inc('PUT', '/b/?acl')))).toEqual({
      code: 'NotImplemented',
      httpStatus: 501,
    });
    expect(refusal(() => ossTarget(inc('POST', '/')))).toEqual({ code: 'MethodNotAllowed', httpStatus: 405 });
  });
});

describe('OSS XML', () => {
  it('reads CreateBucketConfiguration', () => {
    const doc = (inner: string) =>
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<CreateBucketConfiguration>${inner}</CreateBucketConfiguration>`,
      );
    expect(parseBucketConfiguration(Buffer.alloc(0))).toEqual({});
    expect(
      parseBucketConfiguration(
        doc('<StorageClass>IA</StorageClass>\n<DataRedundancyType>ZRS</DataRedundancyType>'),
      ),
    ).toEqual({
      storageClass: 'IA',
      redundancy: 'ZRS',
    });
    expect(parseBucketConfiguration(doc('<StorageClass> Cold&#65;rchive </StorageClass><Other/>'))).toEqual({
      storageClass: 'ColdArchive',
    });
    expect(
      parseBucketConfiguration(doc('<StorageClass a="&amp;">&lt;<![CDATA[&#x110000;]]></StorageClass>')),
    ).toEqual({ storageClass: '<&#x110000;' });
    expect(parseBucketConfiguration(Buffer.from('<CreateBucketConfiguration/>'))).toEqual({});
    for (const bad of [
      '<Bucket/>',
      '<CreateBucketConfiguration><StorageClass>&#x110000;</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><StorageClass>&#xD800;</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><StorageClass>&#;</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><StorageClass>&copy;</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration a="&#0;"><StorageClass>IA</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><StorageClass>IA</StorageClass><StorageClass>IA</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><StorageClass><X/></StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><![CDATA[IA]]></CreateBucketConfiguration>',
      '<CreateBucketConfiguration/>junk<!-- c -->',
      '<CreateBucketConfiguration></CreateBucketConfiguration><!DOCTYPE x>',
      '<CreateBucketConfiguration><StorageClass>IA</StorageClass>',
      '<!DOCTYPE x [<!ENTITY e "IA">]><CreateBucketConfiguration><StorageClass>&e;</StorageClass></CreateBucketConfiguration>',
      '<CreateBucketConfiguration><A><B>x</B></A></CreateBucketConfiguration>',
      '<CreateBucketConfiguration>text</CreateBucketConfiguration>',
    ]) {
      expect(refusal(() => parseBucketConfiguration(Buffer.from(bad)))).toEqual({
        code: 'MalformedXML',
        httpStatus: 400,
      });
    }
  });

  it('ListBuckets honours prefix and escapes names', () => {
    const bucket = (name: string) => ({
      name,
      region: 'cn-hangzhou',
      creationDate: '2024-05-01T08:00:00Z',
      storageClass: 'Standard',
    });
    const xml = bucketListXml(
      { owner: { id: '1', displayName: 'a&b' }, buckets: [bucket('logs-1'), bucket('data')] },
      'logs',
    );
    expect(xml).toContain('<Prefix>logs</Prefix>');
    expect(xml).toContain('<Name>logs-1</Name>');
    expect(xml).not.toContain('<Name>data</Name>');
    expect(xml).toContain('<DisplayName>a&#38;b</DisplayName>');
    expect(xml).toContain('<CreationDate>2024-05-01T08:00:00.000Z</CreationDate>');
  });
});
