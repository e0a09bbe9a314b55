/**
 * OSS request signatures.
 *
 * V1: `Authorization: OSS <ak>:<base64 HMAC-SHA1>` over the method,
 * `Content-MD5`, `Content-Type`, the date (`x-oss-date` when the request has
 * one, else `Date`), the `x-oss-*` headers (names lower-cased, sorted) and the
 * canonical resource `/<bucket>/<object>` plus its sub-resources.
 *
 * V4: `OSS4-HMAC-SHA256 Credential=<ak>/<yyyymmdd>/<region>/oss/aliyun_v4_request,
 * AdditionalHeaders=<h1;h2>,Signature=<hex>`, the scope carrying the bare region, and an
 * `x-oss-content-sha256` header (`UNSIGNED-PAYLOAD` or the body's hash) that is signed.
 */
import { createHash, createHmac } from 'node:crypto';
import { ossError } from './errors.js';
import {
  header,
  type Incoming,
  percentEncode,
  type SignedRequest,
  sameSignature,
  sha256Hex,
} from './http-io.js';
import { SUBRESOURCES } from './oss-target.js';

/** What the resource paths of both versions are built from. */
export interface OssResource {
  bucket?: string;
  object?: string;
}

/** Which scheme a request is signed with; `undefined` when it carries no OSS signature. */
export function ossScheme(inc: Incoming): 'v1' | 'v4' | undefined {
  const auth = header(inc, 'authorization') ?? '';
  if (auth.startsWith('OSS4-HMAC-SHA256')) return 'v4';
  if (auth.startsWith('OSS ')) return 'v1';
  return undefined;
}

/** `x-oss-*` headers, lower-cased and sorted, as `name:value`. */
function ossHeaderLines(inc: Incoming): string[] {
  return Object.keys(inc.headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(inc.headers[name] ?? []).map((v) => v.trim()).join(',')}`);
}

/** `/<bucket>/<object>?<sub-resources>`, sub-resources sorted, `key` alone when empty. */
function v1Resource(inc: Incoming, target: OssResource): string {
  const path = target.bucket === undefined ? '/' : `/${target.bucket}/${target.object ?? ''}`;
  const subs = inc.query
    .filter(([k]) => SUBRESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  return subs.length === 0 ? path : `${path}?${subs.join('&')}`;
}

/** Reads a V1 request, or throws `InvalidArgument` for a malformed header. */
export function parseOssV1(inc: Incoming, target: OssResource): SignedRequest {
  const m = /^OSS ([^:\s]+):(\S+)$/.exec(header(inc, 'authorization') ?? '');
  if (!m) throw ossError('InvalidArgument');
  const [, accessKeyId = '', signature = ''] = m;
  const date = header(inc, 'x-oss-date') ?? header(inc, 'date');
  return {
    accessKeyId,
    time: date,
    timeName: 'Date',
    verify(secret: string): boolean {
      const stringToSign = [
        inc.method,
        header(inc, 'content-md5') ?? '',
        header(inc, 'content-type') ?? '',
        date ?? '',
        ...ossHeaderLines(inc),
        v1Resource(inc, target),
      ].join('\n');
      const expected = createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
      return sameSignature(expected, signature);
    },
  };
}

/** A V4 request's credential scope. */
export interface V4Scope {
  date: string;
  region: string;
}

const V4_CREDENTIAL = /^([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/oss\/aliyun_v4_request$/;

/** V4's canonical query: every parameter, encoded and sorted; an empty value is the key alone. */
function v4Query(inc: Incoming): string {
  return inc.query
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
}

/** Reads a V4 request and its scope, or throws `InvalidArgument` for a malformed header or payload hash. */
export function parseOssV4(inc: Incoming, target: OssResource): SignedRequest & { scope: V4Scope } {
  const auth = header(inc, 'authorization') ?? '';
  const fields = new Map<string, string>();
  for (const part of auth.slice('OSS4-HMAC-SHA256'.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = V4_CREDENTIAL.exec(fields.get('Credential') ?? '');
  const signature = fields.get('Signature');
  if (!credential || !signature) throw ossError('InvalidArgument');
  const [, accessKeyId = '', scopeDate = '', region = ''] = credential;
  const additional = (fields.get('AdditionalHeaders') ?? '')
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const timestamp = header(inc, 'x-oss-date');
  // V4 signs the payload's hash, which the request must state: its SHA-256, or UNSIGNED-PAYLOAD.
  const payload = header(inc, 'x-oss-content-sha256');
  if (payload === undefined || !(payload === 'UNSIGNED-PAYLOAD' || /^[0-9a-f]{64}$/i.test(payload))) {
    throw ossError('InvalidArgument.ContentSha256');
  }
  return {
    accessKeyId,
    scope: { date: scopeDate, region },
    time: timestamp,
    timeName: 'x-oss-date',
    verify(secret: string): boolean {
      if (payload !== 'UNSIGNED-PAYLOAD' && payload.toLowerCase() !== sha256Hex(inc.body)) return false;
      const names = new Set(additional);
      for (const name of Object.keys(inc.headers)) {
        if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')) names.add(name);
      }
      const headers = [...names]
        .sort()
        .map((name) => `${name}:${(inc.headers[name] ?? []).map((v) => v.trim()).join(',')}\n`)
        .join('');
      const path = `/${target.bucket === undefined ? '' : `${target.bucket}/`}${target.object ?? ''}`;
      const canonical = [
        inc.method,
        percentEncode(path).replace(/%2F/g, '/'),
        v4Query(inc),
        headers,
        additional.join(';'),
        payload,
      ].join('\n');
      const scope = `${scopeDate}/${region}/oss/aliyun_v4_request`;
      const stringToSign = ['OSS4-HMAC-SHA256', timestamp ?? '', scope, sha256Hex(canonical)].join('\n');
      let key = createHmac('sha256', `aliyun_v4${secret}`).update(scopeDate).digest();
      for (const part of [region, 'oss', 'aliyun_v4_request'])
        key = createHmac('sha256', key).update(part).digest();
      const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
      return sameSignature(expected, signature.toLowerCase());
    },
  };
}

/** Base64 MD5 of a body, for `Content-MD5` checks. */
export function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}
