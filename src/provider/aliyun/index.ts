/**
 * The real Alibaba Cloud provider (SPEC §5.2): the capabilities of
 * `../types.ts` through the official SDKs — the generic OpenAPI client for
 * STS, ECS, IMS, RAM, Quota Center and MaxCompute, ali-oss for OSS — each
 * imported on first use, so choosing this provider costs nothing until a
 * call is made. A credential here is an AccessKey (found by
 * `credentials.ts`); there is no password sign-in and no simulation.
 */
import type { Cloud, Credential, Provider } from '../types.js';
import { createdKey, KeyMemory, keyCapability, policyCidrs, policyDocument, rawKeys } from './access-keys.js';
import { accountCapability, identityCapability } from './account.js';
import { type AccessKeyCredential, OpenApi } from './api.js';
import { num, text } from './json.js';
import { maxComputeCapability, type Site } from './maxcompute.js';
import { bucketCapability, Oss } from './oss.js';
import { quotaCapability } from './quotas.js';
import { lastUsed, ramCapability } from './ram.js';

export interface AliyunOptions {
  /** `--endpoint`: every API call (OpenAPI and OSS) goes here instead of the public endpoints. */
  endpoint?: { protocol: 'http' | 'https'; host: string /* host:port */ };
  /** The profile's site, read when a call needs it (it may be settled during the run). */
  site: () => Site;
  /** The environment (not read yet: credentials are found by `findCredential`). */
  env: NodeJS.ProcessEnv;
  /** Dry runs and `status`: reads work, every change throws (see how simulated does readOnly). */
  readOnly?: boolean;
}

function accessKey(credential: Credential): AccessKeyCredential {
  if (credential.kind !== 'access-key') {
    throw new Error('the aliyun provider takes an AccessKey credential');
  }
  if (credential.id === '' || credential.secret === '') {
    // An empty key would make the SDK fall back to its own credential chain.
    throw new Error('the aliyun provider needs an AccessKey id and secret');
  }
  return credential;
}

export function createAliyunProvider(o: AliyunOptions): Provider {
  const readOnly = o.readOnly ?? false;
  const writable = () => {
    if (readOnly) throw new Error('read-only provider');
  };
  /** The OSS access of the latest credential connected, for name checks that need an account. */
  let latestOss: Oss | undefined;
  /**
   * What this process remembers of its own calls where the API has no client
   * token, per AccessKey: kept here, not in a Cloud, so that a retry through
   * a Cloud connected again still finds it.
   */
  const memories = new Map<string, CloudMemory>();

  return {
    kind: 'aliyun',
    connect(credential) {
      const key = accessKey(credential);
      let memory = memories.get(key.id);
      if (!memory) {
        memory = new CloudMemory();
        memories.set(key.id, memory);
      }
      const cloud = connect(key, o, writable, memory);
      latestOss = cloud.oss;
      return cloud.cloud;
    },
    /**
     * Whether nobody holds the name. OSS answers that only to a signed
     * request (NoSuchBucket: free; the account's own or another's: taken), so
     * it is asked with the latest credential this provider was connected
     * with; before any connection it cannot tell and says free — the put
     * itself stays the authority (BucketAlreadyExists).
     */
    async isBucketNameAvailable(name) {
      return latestOss ? latestOss.isFree(name) : true;
    },
  };
}

/** One credential's memory of calls made without a client token (see each capability). */
class CloudMemory {
  private readonly keys = new Map<string, KeyMemory>();
  /** Quota application ids by the clientToken that filed or found them. */
  readonly quotaTokens = new Map<string, string>();

  keyMemory(owner: string): KeyMemory {
    let memory = this.keys.get(owner);
    if (!memory) {
      memory = new KeyMemory();
      this.keys.set(owner, memory);
    }
    return memory;
  }
}

function connect(
  credential: AccessKeyCredential,
  o: AliyunOptions,
  writable: () => void,
  memory: CloudMemory,
): { cloud: Cloud; oss: Oss } {
  const api = new OpenApi(credential, o.endpoint);
  const oss = new Oss(credential, o.endpoint);
  const keyMemory = (owner: string) => memory.keyMemory(owner);
  let domain: Promise<string> | undefined;
  const defaultDomain = () => {
    domain ??= api.rpc({ product: 'ims', action: 'GetDefaultDomain' }).then(
      (body) => textOf(body, 'DefaultDomainName'),
      (error: unknown) => {
        domain = undefined;
        throw error;
      },
    );
    return domain;
  };
  const ims = (action: string, params: Record<string, string> = {}) =>
    api.rpc({ product: 'ims', action, params });
  let summary: Promise<unknown> | undefined;
  /** IMS GetAccountSummary's `SummaryMap` value, asked once per connection. */
  const quota = async (name: KeyQuota): Promise<number> => {
    summary ??= ims('GetAccountSummary').catch((error: unknown) => {
      summary = undefined;
      throw error;
    });
    return num(await summary, 'SummaryMap', name) ?? KEY_QUOTA_FALLBACK[name];
  };
  const keyPolicy = {
    policy: async (id: string, principalName?: string) =>
      policyCidrs(
        await ims('GetAccessKeyPolicy', {
          UserAccessKeyId: id,
          ...(principalName ? { UserPrincipalName: principalName } : {}),
        }),
      ),
    setPolicy: async (id: string, allowCidrs: readonly string[], principalName?: string) => {
      await ims('SetAccessKeyPolicy', {
        UserAccessKeyId: id,
        AccessKeyPolicy: policyDocument(allowCidrs),
        ...(principalName ? { UserPrincipalName: principalName } : {}),
      });
    },
    quota,
  };

  const cloud: Cloud = {
    account: accountCapability(api),
    identity: identityCapability(api),
    accessKeys: keyCapability(
      {
        list: async () => rawKeys(await ims('ListAccessKeys')),
        create: async () => createdKey(await ims('CreateAccessKey')),
        update: async (id, status) => {
          await ims('UpdateAccessKey', { UserAccessKeyId: id, Status: status });
        },
        remove: async (id) => {
          await ims('DeleteAccessKey', { UserAccessKeyId: id });
        },
        lastUsed: (id) => lastUsed(api, id),
        policy: (id) => keyPolicy.policy(id),
        setPolicy: (id, allowCidrs) => keyPolicy.setPolicy(id, allowCidrs),
        limit: () => quota('AccountAccessKeysPerAccountQuota'),
      },
      keyMemory('self'),
      writable,
    ),
    ram: ramCapability({ api, writable, domain: defaultDomain, keyMemory, keyPolicy }),
    buckets: bucketCapability(oss, writable),
    quotas: quotaCapability(api, { writable, byToken: memory.quotaTokens }),
    maxcompute: maxComputeCapability(api, {
      get site() {
        return o.site();
      },
      writable,
    }),
  };
  return { cloud, oss };
}

/** The key limits of GetAccountSummary's `SummaryMap`. */
export type KeyQuota = 'AccountAccessKeysPerAccountQuota' | 'AccessKeysPerUserQuota';

/**
 * Used only when GetAccountSummary answers without the field (the API always
 * sends it): the limits SPEC §4.3 and §4.6 give — RAM's limits page says two
 * per RAM user; no page found gives the account's own.
 */
const KEY_QUOTA_FALLBACK: Readonly<Record<KeyQuota, number>> = {
  AccountAccessKeysPerAccountQuota: 5,
  AccessKeysPerUserQuota: 2,
};

function textOf(body: unknown, key: string): string {
  const value = text(body, key);
  if (value === undefined || value === '') throw new Error(`the answer has no ${key}`);
  return value;
}
