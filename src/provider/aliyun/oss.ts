/**
 * OSS buckets through `ali-oss` (imported on first use), V4-signed. A bucket
 * lives in one region and its requests go to that region's endpoint; the
 * account's list (ListBuckets, which any region answers) tells where an owned
 * bucket is. With `--endpoint` every request goes there: to an IP endpoint
 * ali-oss sends the real virtual-host `Host` header, which names the region;
 * to a host name it sends path-style requests, and the V4 signature's scope
 * names the region (`sim serve` reads it from either).
 */
import { ProviderError } from '../../core/errors.js';
import { memberOf } from '../../core/types.js';
import { checkBucketName, ossEndpoint } from '../../validate/index.js';
import { ACLS, type BucketCapability, type BucketInfo, REDUNDANCIES, STORAGE_CLASSES } from '../types.js';
import { type AccessKeyCredential, TIMEOUTS } from './api.js';
import { type Endpoint, ossTarget } from './endpoints.js';
import { ossFailure } from './errors.js';
import { at, isoTime, list, text } from './json.js';

/** Where account-wide requests go (ListBuckets; the owner of a name not in the account's list). */
const OSS_HOME_REGION = 'cn-hangzhou';

/** The part of ali-oss's client this module uses. */
interface OssClient {
  putBucket(
    name: string,
    options?: { storageClass: string; dataRedundancyType: string; acl: string; timeout: number },
  ): Promise<unknown>;
  getBucketInfo(name: string): Promise<unknown>;
  listBuckets(query: { prefix?: string; marker?: string; 'max-keys'?: number } | null): Promise<unknown>;
}

/** GetBucketInfo's `Bucket` as BucketInfo. */
export function bucketInfo(b: unknown, fallbackName: string): BucketInfo {
  const region = (text(b, 'Location') ?? `oss-${OSS_HOME_REGION}`).replace(/^oss-/, '');
  return {
    name: text(b, 'Name') ?? fallbackName,
    region,
    storageClass: memberOf(STORAGE_CLASSES, text(b, 'StorageClass')) ?? 'Standard',
    acl: memberOf(ACLS, text(b, 'AccessControlList', 'Grant')) ?? 'private',
    redundancy: memberOf(REDUNDANCIES, text(b, 'DataRedundancyType')) ?? 'LRS',
    created: isoTime(text(b, 'CreationDate'), new Date().toISOString()),
    endpoint: ossEndpoint(region),
  };
}

function invalidName(): ProviderError {
  return new ProviderError('InvalidBucketName', 400, 'The specified bucket is not valid.', '-');
}

/** OSS with one AccessKey, one client per region. */
export class Oss {
  private readonly clients = new Map<string, Promise<OssClient>>();

  constructor(
    private readonly credential: AccessKeyCredential,
    private readonly endpoint?: Endpoint,
  ) {}

  /** Runs `fn` with the region's client; every failure a ProviderError. */
  async call<T>(region: string, fn: (client: OssClient) => Promise<T>): Promise<T> {
    const host = this.endpoint?.host ?? ossEndpoint(region);
    try {
      return await fn(await this.client(region));
    } catch (error) {
      throw ossFailure(error, { host });
    }
  }

  private client(region: string): Promise<OssClient> {
    let client = this.clients.get(region);
    if (!client) {
      const { id, secret, securityToken } = this.credential;
      const options = {
        accessKeyId: id,
        accessKeySecret: secret,
        // A refresh interval keeps ali-oss from warning on stderr about a token it cannot refresh.
        ...(securityToken ? { stsToken: securityToken, refreshSTSTokenInterval: 3_600_000 } : {}),
        ...ossTarget(region, this.endpoint),
        authorizationV4: true,
        timeout: TIMEOUTS.readMs,
        retryMax: 0,
      };
      client = import('ali-oss').then((mod): OssClient => new mod.default(options));
      this.clients.set(region, client);
    }
    return client;
  }

  /** The bucket's information from its region, as the account sees it. */
  async info(name: string, region: string): Promise<BucketInfo> {
    return bucketInfo(at(await this.call(region, (c) => c.getBucketInfo(name)), 'bucket'), name);
  }

  /** The account's buckets (name and region), optionally only those whose names start with `prefix`. */
  async owned(prefix?: string): Promise<Array<{ name: string; region: string }>> {
    const out: Array<{ name: string; region: string }> = [];
    let marker: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await this.call(OSS_HOME_REGION, (c) =>
        c.listBuckets({ ...(prefix ? { prefix } : {}), ...(marker ? { marker } : {}), 'max-keys': 1000 }),
      );
      for (const b of list(res, 'buckets')) {
        const name = text(b, 'name');
        if (name) out.push({ name, region: (text(b, 'region') ?? '').replace(/^oss-/, '') });
      }
      marker = at(res, 'isTruncated') === true ? text(res, 'nextMarker') : undefined;
      if (!marker) break;
    }
    return out;
  }

  /**
   * Whether nobody holds the name: NoSuchBucket. The account's own bucket, or
   * another account's (AccessDenied), is taken.
   */
  async isFree(name: string): Promise<boolean> {
    if (checkBucketName(name) !== null) return false;
    try {
      await this.info(name, OSS_HOME_REGION);
      return false;
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'NoSuchBucket') return true;
      if (error instanceof ProviderError && error.code === 'AccessDenied') return false;
      throw error;
    }
  }
}

export function bucketCapability(oss: Oss, writable: () => void): BucketCapability {
  async function get(name: string): Promise<BucketInfo | null> {
    if (checkBucketName(name) !== null) return null;
    const mine = (await oss.owned(name)).find((b) => b.name === name);
    try {
      return await oss.info(name, mine?.region || OSS_HOME_REGION);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'NoSuchBucket') return null;
      throw error;
    }
  }

  return {
    get,

    async put(spec) {
      writable();
      if (checkBucketName(spec.name) !== null) throw invalidName();
      try {
        await oss.call(spec.region, (c) =>
          c.putBucket(spec.name, {
            storageClass: spec.storageClass,
            dataRedundancyType: spec.redundancy,
            acl: spec.acl,
            timeout: TIMEOUTS.readMs,
          }),
        );
      } catch (error) {
        // Idempotent for a bucket the account owns with the same settings, whatever OSS answers.
        if (!(error instanceof ProviderError && error.code === 'BucketAlreadyExists')) throw error;
        const mine = await get(spec.name).catch(() => null);
        const same =
          mine?.region === spec.region &&
          mine.storageClass === spec.storageClass &&
          mine.redundancy === spec.redundancy;
        if (!same) throw error;
        return mine;
      }
      return oss.info(spec.name, spec.region);
    },

    async list() {
      const owned = await oss.owned();
      return Promise.all(owned.map((b) => oss.info(b.name, b.region || OSS_HOME_REGION)));
    },
  };
}
