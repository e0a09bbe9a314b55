/**
 * The older HMAC-SHA1 OpenAPI signatures (`signatureAlgorithm: 'v2'` in the
 * SDKs, "signature version 1.0" on the wire):
 *
 * - RPC: `Signature`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`,
 *   `SignatureNonce`, `Timestamp`, `AccessKeyId` among the parameters, which may sit in the
 *   query, in a form body, or (POST) all in the query with an empty body.
 * - ROA: `Authorization: acs <ak>:<signature>` over the method, `Accept`,
 *   `Content-MD5`, `Content-Type`, `Date`, the `x-acs-*` headers and the
 *   path with its sorted query.
 */
import { createHash, createHmac } from 'node:crypto';
import { apiError } from './errors.js';
import { header, type Incoming, percentEncode, type SignedRequest, sameSignature } from './http-io.js';

/** RPC parameters of query and form body merged; the body wins, as the SDKs merge them to sign. */
export function rpcParams(inc: Incoming, form: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(inc.query), ...form };
}

/** Whether an RPC request is signed with the v1 parameters. */
export function isRpcV1(params: Record<string, string>): boolean {
  return params.Signature !== undefined;
}

/** Whether the request carries `Authorization: acs ak:sig`. */
export function isRoaV1(inc: Incoming): boolean {
  return /^acs /.test(header(inc, 'authorization') ?? '');
}

/**
 * Reads a v1 RPC request, or throws the gateway's refusal for what is missing
 * or not this scheme: `SignatureMethod` must be `HMAC-SHA1` and
 * `SignatureVersion` `1.0`, as the SDKs send them ("Request syntax and
 * signature method V2 for RPC APIs").
 */
export function parseRpcV1(inc: Incoming, params: Record<string, string>): SignedRequest {
  const method = params.SignatureMethod;
  if (method === undefined) throw apiError('MissingParameter', { name: 'SignatureMethod' });
  if (method !== 'HMAC-SHA1') throw apiError('InvalidSignatureMethod');
  const version = params.SignatureVersion;
  if (version === undefined) throw apiError('MissingParameter', { name: 'SignatureVersion' });
  if (version !== '1.0') throw apiError('InvalidSignatureVersion');
  const accessKeyId = params.AccessKeyId;
  if (!accessKeyId) throw apiError('MissingParameter', { name: 'AccessKeyId' });
  const signature = params.Signature ?? '';
  return {
    accessKeyId,
    time: params.Timestamp,
    timeName: 'Timestamp',
    nonce: params.SignatureNonce,
    nonceName: 'SignatureNonce',
    verify(secret: string): boolean {
      const canonical = Object.keys(params)
        .filter((k) => k !== 'Signature')
        .sort()
        .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
        .join('&');
      const stringToSign = `${inc.method}&${percentEncode('/')}&${percentEncode(canonical)}`;
      const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
      return sameSignature(expected, signature);
    },
  };
}

/** `x-acs-*` headers, sorted, `name:value\n` with line breaks and tabs flattened as the SDKs do. */
function canonicalAcsHeaders(inc: Incoming): string {
  return Object.keys(inc.headers)
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${(header(inc, name) ?? '').replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
}

/**
 * The path and its query sorted by key, values as sent (not encoded). For
 * an empty value the Node SDK signs `key=`, others `key`: both are accepted.
 */
function canonicalResources(inc: Incoming): string[] {
  if (inc.query.length === 0) return [inc.rawPath];
  const sorted = [...inc.query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const withEquals = sorted.map(([k, v]) => `${k}=${v}`).join('&');
  const bare = sorted.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&');
  const forms = [`${inc.rawPath}?${withEquals}`];
  if (bare !== withEquals) forms.push(`${inc.rawPath}?${bare}`);
  return forms;
}

/** Reads a v1 ROA request, or throws `IncompleteSignature` / `InvalidSignatureMethod` / `ContentMD5NotMatched`. */
export function parseRoaV1(inc: Incoming): SignedRequest {
  const auth = header(inc, 'authorization') ?? '';
  const m = /^acs ([^:\s]+):(\S+)$/.exec(auth);
  if (!m) throw apiError('IncompleteSignature');
  const method = header(inc, 'x-acs-signature-method');
  if (method !== undefined && method !== 'HMAC-SHA1') throw apiError('InvalidSignatureMethod');
  const md5 = header(inc, 'content-md5');
  if (md5 !== undefined && createHash('md5').update(inc.body).digest('base64') !== md5) {
    throw apiError('ContentMD5NotMatched');
  }
  const [, accessKeyId = '', signature = ''] = m;
  return {
    accessKeyId,
    time: header(inc, 'date'),
    timeName: 'Date',
    nonce: header(inc, 'x-acs-signature-nonce'),
    nonceName: 'x-acs-signature-nonce',
    verify(secret: string): boolean {
      const head = [
        inc.method,
        header(inc, 'accept') ?? '',
        md5 ?? '',
        header(inc, 'content-type') ?? '',
        header(inc, 'date') ?? '',
      ].join('\n');
      return canonicalResources(inc).some((resource) => {
        const stringToSign = `${head}\n${canonicalAcsHeaders(inc)}${resource}`;
        const expected = createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
        return sameSignature(expected, signature);
      });
    },
  };
}
