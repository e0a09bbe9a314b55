/**
 * Authentication as the gateways do it, around each scheme's signature check.
 *
 * Replay protection: a signed time within 15 minutes of the server's clock,
 * and (OpenAPI only) a nonce that may be used once. Where used nonces are
 * kept is the backend's choice ({@link NonceStore}): the simulated cloud keeps
 * them in its store for their window, so a restarted server still refuses a
 * captured request; without one they live in the server's memory.
 *
 * An AccessKey's network policy (SPEC §4.3) is checked against the socket's
 * peer address, never a header a client could forge such as X-Forwarded-For.
 */
import { BlockList, isIP } from 'node:net';
import { networkOf } from '../../validate/network.js';
import type { NonceStore, Principal, ServeBackend, ServeError } from './backend.js';
import type { Incoming, SignedRequest } from './http-io.js';

/** How far a request's signed time may be from the server's clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** A nonce is remembered while a request carrying it could still pass the time check. */
export const NONCE_TTL_MS = 2 * MAX_SKEW_MS;

/** Memory bound: beyond this many live nonces the oldest are forgotten first. */
export const DEFAULT_MAX_NONCES = 100_000;

/** Whether a parsed time (ms) is within {@link MAX_SKEW_MS} of `now`. */
export function withinSkew(time: number, now: number): boolean {
  return Math.abs(now - time) <= MAX_SKEW_MS;
}

/**
 * Parses `yyyyMMdd'T'HHmmss'Z'` (OSS V4's `x-oss-date`), which `Date.parse`
 * does not read. Other forms (ISO 8601, RFC 1123) go to `Date.parse`.
 * NaN when the text is no time at all.
 */
export function parseSignedTime(text: string): number {
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact.map(Number) as [number, ...number[]];
    return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  }
  // Date.parse accepts a bare number or a date without time; a signed time has both parts.
  if (!/\d{1,2}:\d{2}/.test(text)) return Number.NaN;
  return Date.parse(text);
}

/** The nonces seen recently, per AccessKey, bounded in time and count: in memory. */
export class NonceCache implements NonceStore {
  /** Insertion order is arrival order, so the first entries are the oldest. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly max = DEFAULT_MAX_NONCES) {}

  /**
   * Records `nonce` for `accessKeyId`; false when it was already used.
   * Called only after the signature checked out, so forged requests cannot
   * burn another client's nonces.
   */
  use(accessKeyId: string, nonce: string, now: number): boolean {
    this.expire(now);
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + NONCE_TTL_MS);
    // Over the bound, the oldest go even if still live: memory wins over a
    // replay window that the time check still limits to 15 minutes.
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  /** Whether `nonce` is remembered for `accessKeyId` (and still within its window); records nothing. */
  has(accessKeyId: string, nonce: string, now: number): boolean {
    const until = this.seen.get(`${accessKeyId}\n${nonce}`);
    return until !== undefined && until > now;
  }

  /** How many nonces are remembered (for tests of the bound). */
  get size(): number {
    return this.seen.size;
  }

  private expire(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }
}

/**
 * Whether `address` may use a key whose policy lists `cidrs`. An empty list
 * means no policy (any address). A block that is not valid CIDR allows
 * nothing rather than everything: a damaged policy must not open the key up.
 * IPv4-mapped IPv6 peers match IPv4 blocks and vice versa.
 */
export function allowedByPolicy(address: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    let network: string;
    try {
      network = networkOf(cidr);
    } catch {
      continue;
    }
    const slash = network.lastIndexOf('/');
    const base = network.slice(0, slash);
    list.addSubnet(base, Number(network.slice(slash + 1)), isIP(base) === 6 ? 'ipv6' : 'ipv4');
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The refusals of one gateway (OpenAPI's JSON codes or OSS's XML ones), in check order. */
export interface Refusals {
  notFound(): ServeError;
  inactive(): ServeError;
  missing(name: string): ServeError;
  badTime(): ServeError;
  expired(): ServeError;
  signature(): ServeError;
  nonceUsed(): ServeError;
  network(): ServeError;
}

/**
 * Authenticates a signed request as the real gateways do, in their order:
 * the key must exist and be active, the signed time be within 15 minutes, the
 * signature match (a key without a usable secret never matches), the nonce
 * be new (when `nonces` is given: OpenAPI), and the caller's address be
 * allowed by the key's network policy.
 */
export async function authenticate(
  signed: SignedRequest,
  inc: Incoming,
  backend: ServeBackend,
  nonces: NonceStore | undefined,
  refuse: Refusals,
): Promise<Principal> {
  const facts = await backend.lookupKey(signed.accessKeyId);
  if (facts === undefined) throw refuse.notFound();
  if (facts.status !== 'Active') throw refuse.inactive();
  if (signed.time === undefined) throw refuse.missing(signed.timeName);
  const time = parseSignedTime(signed.time);
  if (Number.isNaN(time)) throw refuse.badTime();
  if (!withinSkew(time, inc.now)) throw refuse.expired();
  if (nonces && !signed.nonce) throw refuse.missing(signed.nonceName ?? 'SignatureNonce');
  if (facts.secret === null || !signed.verify(facts.secret)) throw refuse.signature();
  if (nonces && !(await nonces.use(signed.accessKeyId, signed.nonce ?? '', inc.now)))
    throw refuse.nonceUsed();
  if (!allowedByPolicy(inc.sourceIp, facts.allowCidrs)) throw refuse.network();
  return nonces && signed.nonce ? { ...facts.principal, nonce: signed.nonce } : facts.principal;
}
