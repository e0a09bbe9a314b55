/**
 * `ACS3-HMAC-SHA256`, the official SDKs' default OpenAPI signature (RPC and
 * ROA alike):
 *
 *   Authorization: ACS3-HMAC-SHA256 Credential=<ak>,SignedHeaders=<h1;h2>,Signature=<hex>
 *
 * The canonical request is rebuilt from the `SignedHeaders` the client sent,
 * never from a fixed set: the Node SDK signs `host`, `content-type` and every
 * `x-acs-*` header, other official SDKs also `user-agent` and `accept`.
 */
import { createHmac } from 'node:crypto';
import { apiError } from './errors.js';
import {
  header,
  type Incoming,
  percentEncode,
  type SignedRequest,
  sameSignature,
  sha256Hex,
} from './http-io.js';

const ALGORITHM = 'ACS3-HMAC-SHA256';

/**
 * Headers that decide what a request does or when it was made: when present
 * they must be signed, or a captured request could be re-aimed or re-timed.
 */
const MUST_SIGN = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
];

/** The canonical URI: the path as sent, normalised the way the SDKs normalise it before signing. */
function canonicalUri(rawPath: string): string {
  return rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/gi, '~');
}

/** Sorted `key=value` pairs, both percent-encoded; an empty value keeps its `=`. */
function canonicalQuery(pairs: ReadonlyArray<[string, string]>): string {
  return pairs
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `name:v1,v2\n` per signed header; repeated values trimmed and sorted, as the SDKs join them. */
function canonicalHeaders(inc: Incoming, names: readonly string[]): string {
  return names
    .map((name) => {
      const values = (inc.headers[name] ?? []).map((v) => v.trim()).sort();
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
}

/** The canonical request of SPEC'd ACS3 (note the empty line after the headers). */
export function acs3CanonicalRequest(
  inc: Incoming,
  signedHeaders: readonly string[],
  payload: string,
): string {
  return [
    inc.method,
    canonicalUri(inc.rawPath),
    canonicalQuery(inc.query),
    canonicalHeaders(inc, signedHeaders),
    signedHeaders.join(';'),
    payload,
  ].join('\n');
}

/** Whether the request carries an ACS3 `Authorization` header. */
export function isAcs3(inc: Incoming): boolean {
  return /^ACS3-/.test(header(inc, 'authorization') ?? '');
}

/**
 * Reads an ACS3 request, or throws `InvalidSignatureMethod` (another ACS3
 * algorithm) or `IncompleteSignature` (a malformed header, or a deciding
 * header left unsigned).
 */
export function parseAcs3(inc: Incoming): SignedRequest {
  const auth = header(inc, 'authorization') ?? '';
  const space = auth.indexOf(' ');
  const algorithm = space < 0 ? auth : auth.slice(0, space);
  if (algorithm !== ALGORITHM) throw apiError('InvalidSignatureMethod');
  const fields = new Map<string, string>();
  for (const part of auth.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signature = fields.get('Signature');
  const signedList = fields.get('SignedHeaders');
  if (!accessKeyId || !signature || !signedList) throw apiError('IncompleteSignature');
  const signed = signedList.split(';').map((h) => h.trim().toLowerCase());
  if (signed.some((h) => h === '') || MUST_SIGN.some((h) => inc.headers[h] && !signed.includes(h))) {
    throw apiError('IncompleteSignature');
  }
  return {
    accessKeyId,
    time: header(inc, 'x-acs-date'),
    timeName: 'x-acs-date',
    nonce: header(inc, 'x-acs-signature-nonce'),
    nonceName: 'x-acs-signature-nonce',
    verify(secret: string): boolean {
      const declared = header(inc, 'x-acs-content-sha256');
      const actual = sha256Hex(inc.body);
      // The declared hash is what was signed; it must also be the body's.
      if (declared !== undefined && declared !== 'UNSIGNED-PAYLOAD' && declared.toLowerCase() !== actual) {
        return false;
      }
      const canonical = acs3CanonicalRequest(inc, signed, declared ?? actual);
      const stringToSign = `${ALGORITHM}\n${sha256Hex(canonical)}`;
      const expected = createHmac('sha256', secret).update(stringToSign).digest('hex');
      return sameSignature(expected, signature.toLowerCase());
    },
  };
}
