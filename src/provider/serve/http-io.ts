/**
 * The request as the wire layer sees it, and the small pieces of HTTP every
 * handler needs: bounded body reading, the client's address, header access
 * that does not care about case or repetition, RFC 3986 encoding.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** One request, read and normalised once by the server. */
export interface Incoming {
  method: string;
  /** The path exactly as sent (still percent-encoded), `/` when empty. */
  rawPath: string;
  /** Decoded query pairs in the order sent; a bare `?bucketInfo` is `['bucketInfo', '']`. */
  query: Array<[string, string]>;
  /** Header values by lower-case name, repeated headers kept apart. */
  headers: Record<string, string[]>;
  body: Buffer;
  /** The socket's peer address, IPv4-mapped IPv6 unwrapped (`::ffff:127.0.0.1` → `127.0.0.1`). */
  sourceIp: string;
  /** Upper-case UUID, also sent back as `x-acs-request-id` / `x-oss-request-id`. */
  requestId: string;
  /** The server's clock for this request (ms since the epoch). */
  now: number;
}

/** What a handler answers: a response, or `drop` to destroy the socket without one. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `lost-response`: the call ran, the client must see the connection die instead. */
  drop?: boolean;
  /** For the log line. */
  product: string;
  action: string;
  code?: string;
}

/**
 * What a signature scheme found in a request: who claims to sign, the signed
 * time and nonce (checked by the caller in the gateway's order), and how to
 * check the signature once the key's secret is known.
 */
export interface SignedRequest {
  accessKeyId: string;
  /** The signed time as sent, and where it was (for `MissingParameter`). */
  time: string | undefined;
  timeName: string;
  /** OpenAPI only; OSS has no nonce. */
  nonce?: string | undefined;
  nonceName?: string;
  /** True when the request was signed with `secret` (and its body is the one signed). */
  verify(secret: string): boolean;
}

/** The first value of a header (names are matched case-insensitively by Node already). */
export function header(inc: Incoming, name: string): string | undefined {
  return inc.headers[name]?.[0];
}

/** The first value of a query parameter. */
export function queryParam(inc: Incoming, name: string): string | undefined {
  return inc.query.find(([k]) => k === name)?.[1];
}

/** RFC 3986 percent-encoding as Alibaba Cloud signs it: `encodeURIComponent` plus `!'()*`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parses a raw query string; `+` is a space, as every form encoder means it. */
export function parseQuery(raw: string): Array<[string, string]> {
  return [...new URLSearchParams(raw).entries()];
}

/** A fresh request id: an upper-case UUID, as Alibaba Cloud's. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** The peer address with the IPv4-mapped prefix removed, so `127.0.0.1/32` policies match. */
export function clientAddress(remote: string | undefined): string {
  const address = remote ?? '';
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** Hex SHA-256 of a body or string. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Compares two signatures without leaking where they differ. */
export function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Reads the whole body, chunked or not, up to `limit` bytes. Past the limit it
 * resolves `null` at once and keeps nothing more, so the caller can answer 413
 * (and close the connection) without holding an unbounded body in memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    // A client announcing too much is refused without waiting for the bytes.
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      } else {
        // Answer at once: a chunked upload may never end. The rest is drained
        // and dropped until the server closes the connection after the 413.
        chunks.length = 0;
        resolve(null);
      }
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
  });
}
