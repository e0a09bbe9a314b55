/**
 * OSS bucket requests: address, authenticate (V1 or V4) before anything else
 * is decided, hand the call to the backend, and answer as OSS does — XML
 * bodies, PutBucket 200 with a `Location`, DeleteBucket 204, errors as
 * `<Error>` documents with their `EC` and `RecommendDoc` (and the `x-oss-ec`
 * header), a HEAD request's error base64-encoded in the `x-oss-err` header
 * over an empty body, and an `x-oss-request-id` header on every response
 * (some SDKs read the request id only there).
 */
import {
  type OssBucketInfo,
  type OssBucketList,
  type OssOperation,
  type ServeBackend,
  ServeError,
} from './backend.js';
import { ossError } from './errors.js';
import { authenticate, type Refusals } from './guards.js';
import { header, type Incoming, queryParam, type Reply, type SignedRequest } from './http-io.js';
import { md5Base64, ossScheme, parseOssV1, parseOssV4 } from './oss-sign.js';
import { type OssAddress, type OssTarget, ossAddress, ossTarget } from './oss-target.js';
import { bucketInfoXml, bucketListXml, errorXml, parseBucketConfiguration } from './oss-xml.js';
import { hostName } from './routes.js';

/** A request that names no region (path style on a bare endpoint, V1-signed) is served here. */
export const DEFAULT_REGION = 'cn-hangzhou';

/** OSS's refusals for a signature of either version (V4's mismatch has an EC of its own). */
function refusals(scheme: 'v1' | 'v4'): Refusals {
  return {
    notFound: () => ossError('InvalidAccessKeyId'),
    inactive: () => ossError('InvalidAccessKeyId.Inactive'),
    missing: () => ossError('AccessDenied.Date'),
    badTime: () => ossError('AccessDenied.Date'),
    expired: () => ossError('RequestTimeTooSkewed'),
    signature: () => ossError(scheme === 'v4' ? 'SignatureDoesNotMatch.V4' : 'SignatureDoesNotMatch'),
    nonceUsed: () => ossError('AccessDenied'),
    // To OSS a key whose network policy refuses the caller's address is a disabled key (EC 0002-00000904).
    network: () => ossError('InvalidAccessKeyId.Inactive'),
  };
}

/** What the OSS handler needs from the server. */
export interface OssContext {
  backend: ServeBackend;
  onError: (error: unknown) => void;
}

interface Addressed {
  address?: OssAddress;
  target?: OssTarget;
  region?: string;
}

function reply(
  inc: Incoming,
  at: Addressed,
  status: number,
  body: string,
  extra: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: {
      ...(body === '' ? {} : { 'content-type': 'application/xml' }),
      'x-oss-request-id': inc.requestId,
      server: 'AliyunOSS',
      ...extra,
    },
    body,
    product: 'oss',
    action: at.target?.action ?? '-',
  };
}

/**
 * The error document, its RequestId equal to the `x-oss-request-id` header. A
 * HEAD response has no body: the document travels base64-encoded in `x-oss-err`.
 */
export function ossErrorReply(inc: Incoming, at: Addressed, error: ServeError): Reply {
  const host = hostName(inc).replace(/^\./, '');
  const name = at.target?.bucket ?? at.address?.bucket;
  const hostId = host.endsWith('.aliyuncs.com')
    ? host
    : `${name ? `${name}.` : ''}oss-${at.region ?? DEFAULT_REGION}.aliyuncs.com`;
  const ec = error.ec;
  const xml = errorXml(error.code, error.message, {
    requestId: inc.requestId,
    hostId,
    extra: error.extra,
    ...(ec ? { ec } : {}),
  });
  const headers: Record<string, string> = ec ? { 'x-oss-ec': ec } : {};
  if (inc.method === 'HEAD') {
    return {
      ...reply(inc, at, error.httpStatus, '', {
        ...headers,
        'x-oss-err': Buffer.from(xml).toString('base64'),
      }),
      code: error.code,
    };
  }
  return { ...reply(inc, at, error.httpStatus, xml, headers), code: error.code };
}

function isFields(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isOwner(x: unknown): boolean {
  return isFields(x) && typeof x.id === 'string' && typeof x.displayName === 'string';
}

function isSummary(x: unknown): boolean {
  return (
    isFields(x) && ['name', 'region', 'creationDate', 'storageClass'].every((k) => typeof x[k] === 'string')
  );
}

/** Checks a backend's answer before rendering it: a broken backend is a 500, not broken XML. */
function checked<T>(value: unknown, ok: boolean, what: string): T {
  if (!ok) throw new TypeError(`backend returned an invalid ${what}`);
  return value as T;
}

function operation(inc: Incoming, target: OssTarget, region: string): OssOperation {
  const op: OssOperation = { product: 'oss', action: target.action, region, sourceIp: inc.sourceIp };
  if (target.bucket !== undefined) op.bucket = target.bucket;
  if (target.action === 'PutBucket') {
    const acl = header(inc, 'x-oss-acl');
    if (acl !== undefined) op.acl = acl;
    Object.assign(op, parseBucketConfiguration(inc.body));
  }
  const prefix = queryParam(inc, 'prefix');
  if (target.action === 'ListBuckets' && prefix !== undefined) op.prefix = prefix;
  return op;
}

async function serve(inc: Incoming, ctx: OssContext, at: Addressed): Promise<Reply> {
  // Who signed comes first: what the request asks for is decided only for an authenticated caller,
  // so an operation this server lacks, signed wrongly, is refused as the signature, not as the operation.
  const address = ossAddress(inc);
  at.address = address;
  at.region = address.hostRegion;
  const scheme = ossScheme(inc);
  if (scheme === undefined) throw ossError('AccessDenied.Anonymous');
  let signed: SignedRequest;
  if (scheme === 'v4') {
    const v4 = parseOssV4(inc, address);
    if (at.region !== undefined && at.region !== v4.scope.region) throw ossError('InvalidArgument.Region');
    at.region = v4.scope.region;
    signed = v4;
  } else {
    signed = parseOssV1(inc, address);
  }
  const region = at.region ?? DEFAULT_REGION;
  const principal = await authenticate(signed, inc, ctx.backend, undefined, refusals(scheme));
  const md5 = header(inc, 'content-md5');
  if (md5 !== undefined && md5 !== md5Base64(inc.body)) throw ossError('InvalidDigest');
  const target = ossTarget(inc, address);
  at.target = target;
  const op = operation(inc, target, region);
  const fault = ctx.backend.faultFor?.(op, principal);
  if (fault === 'throttle') throw ossError('Throttling.User');
  if (fault === 'unavailable') throw ossError('ServiceUnavailable');
  if (fault === 'lost-response') {
    await ctx.backend.call(op, principal).catch((error: unknown) => {
      if (!(error instanceof ServeError)) ctx.onError(error);
    });
    return { ...reply(inc, at, 200, ''), drop: true };
  }
  const result = await ctx.backend.call(op, principal);
  switch (target.action) {
    case 'PutBucket':
      return reply(inc, at, 200, '', { location: `/${target.bucket ?? ''}` });
    case 'DeleteBucket':
      return reply(inc, at, 204, '');
    case 'GetBucketInfo': {
      const info = result as OssBucketInfo;
      const ok =
        isSummary(result) &&
        isOwner(info.owner) &&
        [info.acl, info.redundancy].every((v) => typeof v === 'string');
      return reply(inc, at, 200, bucketInfoXml(checked(result, ok, 'GetBucketInfo result')));
    }
    case 'ListBuckets': {
      const list = result as OssBucketList;
      const ok = isOwner(list?.owner) && Array.isArray(list.buckets) && list.buckets.every(isSummary);
      return reply(inc, at, 200, bucketListXml(checked(result, ok, 'ListBuckets result'), op.prefix));
    }
  }
}

/** Serves one OSS request. Never throws: every failure becomes an `<Error>` document. */
export async function handleOss(inc: Incoming, ctx: OssContext): Promise<Reply> {
  const at: Addressed = {};
  try {
    return await serve(inc, ctx, at);
  } catch (error) {
    if (error instanceof ServeError) return ossErrorReply(inc, at, error);
    ctx.onError(error);
    return ossErrorReply(inc, at, ossError('InternalError'));
  }
}
