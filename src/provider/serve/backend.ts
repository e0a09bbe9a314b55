/**
 * The seam between `onboard sim serve`'s wire layer and a cloud. The wire
 * layer (everything else in this folder) parses requests, checks signatures,
 * time, nonces and network policies, and renders Alibaba Cloud's JSON and
 * OSS's XML; the cloud behind this interface owns every rule (permissions,
 * names, quotas, faults). The simulated cloud implements it; tests use a fake.
 */
import type { ApiProduct } from '../apis.js';

/**
 * Who signed a request, as the key's owner sees it. `accessKeyId` is the key
 * that signed, for backends that record a key's last use (the wire passes the
 * principal from {@link KeyFacts} through, adding only `nonce`). `nonce` is
 * the request's signature nonce (OpenAPI), for a backend that checks it once
 * more where it records a change: another server on the same store may have
 * taken it since it was checked.
 */
export type Principal =
  | { kind: 'root'; accountId: string; accessKeyId?: string; nonce?: string }
  | {
      kind: 'ram-user';
      accountId: string;
      userName: string;
      policies: string[];
      accessKeyId?: string;
      nonce?: string;
    };

/** The OpenAPI products the server routes, by the name used in logs and {@link Operation}. */
export type OpenApiProduct = ApiProduct;

/**
 * One OpenAPI operation a backend serves, as the wire recognizes it: the
 * product and its version, the action, and for ROA the method and path that
 * name it (RPC actions are posted to `/`). The server routes only these.
 */
export interface ServedApi {
  product: OpenApiProduct;
  version: string;
  action: string;
  roa?: { method: string; path: string };
}

/** The OSS operations the server understands. */
export type OssAction = 'PutBucket' | 'GetBucketInfo' | 'ListBuckets' | 'DeleteBucket';

/** An OpenAPI (RPC or ROA) call, after authentication. */
export interface OpenApiOperation {
  product: OpenApiProduct;
  version: string;
  action: string;
  /**
   * Business parameters: for RPC the query and form body merged (the body
   * wins), without the protocol's own (`Action`, `Version`, `Signature`,
   * `SignatureNonce`, `Timestamp`, `AccessKeyId`, `Format`, `Signature*`);
   * for ROA the query.
   */
  params: Record<string, string>;
  /** A parsed JSON body (ROA, or RPC sent as JSON), when there is one. */
  body?: unknown;
  /**
   * The region the request names: a regional `Host`
   * (`maxcompute.cn-shanghai.aliyuncs.com`); else the `x-acs-region-id`
   * header for ROA (MaxCompute's calls name no region: its endpoint does), or
   * the `RegionId` parameter for RPC. Undefined when the request names none
   * (an SDK given an explicit endpoint sends no region at all): the backend
   * decides.
   */
  region?: string;
  /** The client's address (IPv4-mapped IPv6 already unwrapped). */
  sourceIp: string;
}

/** An OSS bucket call, after authentication. */
export interface OssOperation {
  product: 'oss';
  action: OssAction;
  bucket?: string;
  /** The bare region (`cn-hangzhou`): from the host, else the V4 scope, else `cn-hangzhou`. */
  region: string;
  /** PutBucket: `x-oss-acl`, when sent. */
  acl?: string;
  /** PutBucket: `CreateBucketConfiguration/StorageClass`, when sent. */
  storageClass?: string;
  /** PutBucket: `CreateBucketConfiguration/DataRedundancyType`, when sent. */
  redundancy?: string;
  /** ListBuckets: the `prefix` parameter, when sent. */
  prefix?: string;
  sourceIp: string;
}

/** One authenticated call handed to the backend. */
export type Operation = OpenApiOperation | OssOperation;

/** The owner block of OSS answers. */
export interface OssOwner {
  id: string;
  displayName: string;
}

/** One bucket in a ListBuckets answer. */
export interface OssBucketSummary {
  name: string;
  /** Bare region, e.g. `cn-hangzhou` (the wire adds `oss-` for `Location`). */
  region: string;
  /** ISO 8601 / RFC 3339 time, e.g. `2024-05-01T08:00:00.000Z`. */
  creationDate: string;
  /** `Standard`, `IA`, `Archive`, `ColdArchive` or `DeepColdArchive`. */
  storageClass: string;
}

/** What `call` returns for GetBucketInfo. */
export interface OssBucketInfo extends OssBucketSummary {
  /** `private`, `public-read` or `public-read-write`. */
  acl: string;
  /** `LRS` or `ZRS`. */
  redundancy: string;
  owner: OssOwner;
}

/** What `call` returns for ListBuckets (every bucket of the owner; the wire applies `prefix` again). */
export interface OssBucketList {
  owner: OssOwner;
  buckets: OssBucketSummary[];
}

/**
 * What `call` returns per OSS action: PutBucket and DeleteBucket return
 * nothing (any value is ignored).
 */
export interface OssResults {
  PutBucket: undefined;
  GetBucketInfo: OssBucketInfo;
  ListBuckets: OssBucketList;
  DeleteBucket: undefined;
}

/** What the backend says about a key; `undefined` from `lookupKey` means no such key. */
export interface KeyFacts {
  /** `null`: the key exists but cannot sign (created before secrets were derivable). */
  secret: string | null;
  status: 'Active' | 'Inactive';
  /** The key's network policy; empty means any address. */
  allowCidrs: string[];
  principal: Principal;
}

/**
 * A fault the backend wants injected into one call: `throttle` → 429
 * `Throttling.User` and `unavailable` → 503 `ServiceUnavailable` (the call is
 * not run); `lost-response` → the call runs, then the connection is dropped
 * without an answer.
 */
export type ServeFault = 'throttle' | 'unavailable' | 'lost-response';

/**
 * Where the signature nonces used so far are kept. `use` records `nonce` for
 * `accessKeyId` and says false when it was already used within its window.
 * It is called only for requests whose signature checked out.
 */
export interface NonceStore {
  use(accessKeyId: string, nonce: string, now: number): boolean | Promise<boolean>;
}

/** What the wire layer needs from a cloud. The simulated cloud implements it. */
export interface ServeBackend {
  /** Where used nonces are kept; without it, in the server's memory (forgotten on restart). */
  readonly nonces?: NonceStore;
  /** The OpenAPI operations it serves; anything else is refused by the wire (`InvalidAction.NotFound`, …). */
  readonly apis: readonly ServedApi[];
  /** The key's facts for authentication, or undefined when no such key exists. */
  lookupKey(accessKeyId: string): Promise<KeyFacts | undefined>;
  /**
   * Runs one authenticated operation; throws a {@link ServeError} for
   * refusals (NoPermission, NoSuchBucket, …). OpenAPI results are plain
   * objects in the real response shape of that API without the request id
   * (the wire adds `RequestId`, or `requestId` for MaxCompute); OSS results
   * follow {@link OssResults} and are rendered as XML by the wire.
   */
  call(op: Operation, principal: Principal): Promise<unknown>;
  /**
   * Asked once per authenticated call, before `call`; returning a fault uses
   * it up. Latency is the backend's own business (sleep inside `call`).
   */
  faultFor?(op: Operation, principal: Principal): ServeFault | undefined;
}

/**
 * A refusal in Alibaba Cloud's terms: the code, HTTP status and message the
 * client sees, and what else the real error body carries for it — `extra`
 * fields (ECS's `AccessDeniedDetail`; OSS's `Bucket` and `Endpoint` of a
 * bucket addressed through another region) and, for OSS, its `EC`.
 */
export class ServeError extends Error {
  override readonly name = 'ServeError';
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly ec?: string,
  ) {
    super(message);
  }
}
