/**
 * THE wire table: every operation of the simulated cloud, one entry each —
 * where `sim serve` finds it (product, API version, RPC action, ROA method
 * and path, or OSS action), its `ONBOARD_SIM_FAULTS` name when it changes the
 * cloud (reads have none and are never faulted), and its handler: how the
 * served request is read, which rule it runs and what it answers (SPEC §5.1).
 *
 * From it come the routes the wire layer serves (`SERVED_APIS`), the fault
 * names and their order (`faults.ts`: the order in which a name first
 * appears here is the order usage errors list them), and which served call
 * meets which fault (`serve-backend.ts`). Authorization, key lookup, faults
 * and the store's transaction are the backend's.
 */
import { randomUUID } from 'node:crypto';
import { findRegion, ossEndpoint } from '../../validate/index.js';
import { API_VERSIONS, type ApiProduct } from '../apis.js';
import type { OssAction, OssBucketInfo, OssBucketList, OssOperation, ServedApi } from '../serve/backend.js';
import { apiError, ossError } from '../serve/errors.js';
import { ACLS, type BucketInfo, type QuotaApplication, REDUNDANCIES, STORAGE_CLASSES } from '../types.js';
import * as keys from './access-keys.js';
import { iso, ms, oneOf } from './common.js';
import { ECS_SPEC_DIMENSIONS } from './dimensions.js';
import { invalidParameter, providerError } from './errors.js';
import { isVerified } from './identity.js';
import * as maxcompute from './maxcompute.js';
import * as oss from './oss.js';
import { POLICY_DESCRIPTIONS } from './policies.js';
import * as quota from './quota.js';
import * as ram from './ram.js';
import {
  accountSummary,
  apiTime,
  bool,
  type Call,
  callerUser,
  createKey,
  deleteKey,
  dimensions,
  getKeyPolicy,
  imsKeys,
  keyList,
  list,
  MAXCOMPUTE_DEFAULT_REGION,
  param,
  policyView,
  QUOTA_PRODUCT_CODE,
  QUOTA_STATUS,
  quotaView,
  ramKeys,
  ramRoleView,
  ramUserView,
  required,
  setKeyPolicy,
  updateKey,
} from './serve-api.js';

/** How a served call runs: only reading, or inside the store's transaction. */
export type Access = 'read' | 'write';

/** One operation of the simulated cloud. `F` is its fault name (`null`: never faulted). */
export type WireEntry<F extends string | null = string | null> =
  | {
      /** An OpenAPI operation, routed by `api`. */
      readonly via: 'api';
      readonly api: ServedApi;
      readonly fault: F;
      readonly access: Access;
      readonly serve: (call: Call) => object;
    }
  | {
      /** An OSS operation, as `serve/oss-target.ts` names it. */
      readonly via: 'oss';
      readonly action: OssAction;
      readonly fault: F;
      readonly access: Access;
      readonly serve: (call: Call<OssOperation>) => unknown;
    }
  | {
      /**
       * No API: the real cloud does it in its console, the simulated cloud in
       * process only (`sim serve` does not route it). Listed for its fault name.
       */
      readonly via: 'console';
      readonly fault: F;
    };

/** An action name (RPC, posted to `/`), or the method and path of a ROA call and the action they name. */
type Address = string | { action: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string };

/** The entries of one OpenAPI product, at the version {@link API_VERSIONS} gives it. */
function product(name: ApiProduct) {
  const api = (address: Address): ServedApi =>
    typeof address === 'string'
      ? { product: name, version: API_VERSIONS[name], action: address }
      : {
          product: name,
          version: API_VERSIONS[name],
          action: address.action,
          roa: { method: address.method, path: address.path },
        };
  return {
    read: (address: Address, serve: (call: Call) => object): WireEntry<null> => ({
      via: 'api',
      api: api(address),
      fault: null,
      access: 'read',
      serve,
    }),
    write: <F extends string>(address: Address, fault: F, serve: (call: Call) => object): WireEntry<F> => ({
      via: 'api',
      api: api(address),
      fault,
      access: 'write',
      serve,
    }),
  };
}

const OSS = {
  read: (action: OssAction, serve: (call: Call<OssOperation>) => unknown): WireEntry<null> => ({
    via: 'oss',
    action,
    fault: null,
    access: 'read',
    serve,
  }),
  write: <F extends string | null>(
    action: OssAction,
    fault: F,
    serve: (call: Call<OssOperation>) => unknown,
  ): WireEntry<F> => ({ via: 'oss', action, fault, access: 'write', serve }),
};

const consoleOnly = <F extends string>(fault: F): WireEntry<F> => ({ via: 'console', fault });

const RAM = product('ram');
const IMS = product('ims');
const STS = product('sts');
const ECS = product('ecs');
const QUOTAS = product('quotas');
const MAXCOMPUTE = product('maxcompute');

/** The owner block of OSS answers: the account, named by its id. */
function owner(call: Call<OssOperation>) {
  return { id: call.account.uid, displayName: call.account.uid };
}

function bucketSummary(b: BucketInfo) {
  return { name: b.name, region: b.region, creationDate: b.created, storageClass: b.storageClass };
}

/**
 * A bucket is reached through its own region's endpoint: another region's is refused with
 * `AccessDenied`, naming the bucket and the endpoint to use (OSS's "HTTP 403" page).
 */
function requireOwnEndpoint(c: Call<OssOperation>, name: string): void {
  const region = oss.bucketRegion(c, name);
  if (region !== undefined && region !== c.op.region) {
    throw ossError('AccessDenied.Endpoint', { Bucket: name, Endpoint: ossEndpoint(region) });
  }
}

/** A storage class as OSS spells it, whatever the case it was sent in (OSS accepts `ia`). */
function caseOf(values: readonly string[], value: string): string {
  return values.find((v) => v.toLowerCase() === value.toLowerCase()) ?? value;
}

/** Quota Center here serves one product: the ECS quotas by instance type. */
function requireProductCode(c: Call): void {
  const productCode = required(c.op, 'ProductCode');
  if (productCode !== QUOTA_PRODUCT_CODE) {
    throw invalidParameter('ProductCode', `the simulated Quota Center serves ${QUOTA_PRODUCT_CODE} only`);
  }
}

/** An application in Quota Center's shape, with the dimensions it was filed with. */
function applicationView(c: Call, app: QuotaApplication): Record<string, unknown> {
  const stored = c.account.quotaApplications.find((a) => a.id === app.id);
  const dimension = stored ? quota.dimensionsOf(stored) : new Map([['regionId', app.region]]);
  return quotaView(app, dimension, c.account.uid);
}

/** Quota Center's paging: `MaxResults` (default 30, at most `cap`) and `NextToken` (here: an offset). */
function paged<T>(c: Call, items: readonly T[], cap: number) {
  const max = Math.min(cap, Math.max(1, Number(param(c.op, 'MaxResults') ?? 30) || 30));
  const from = Math.max(0, Number(param(c.op, 'NextToken') ?? 0) || 0);
  const next = from + max < items.length ? String(from + max) : undefined;
  return { page: items.slice(from, from + max), max, next };
}

/** MaxCompute's `marker`: opaque to clients (base64, as the SDK's examples), here an offset. */
function offsetMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function markerOffset(marker: string): number {
  const m = /^offset:(\d{1,9})$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!m) throw invalidParameter('marker', 'not a marker this API returned');
  return Number(m[1]);
}

/**
 * Every operation, grouped by product (the console's first). A fault name's
 * first place here is its place in the list usage errors give.
 */
export const WIRE = [
  // --- the console: registration, sign-in and real-name verification ----------
  consoleOnly('registerAccount'),
  consoleOnly('signIn'),
  consoleOnly('submitIdentity'),

  // --- IMS 2019-08-15: the caller's keys, or a RAM user's by UserPrincipalName --
  IMS.write('CreateAccessKey', 'createAccessKey', (c) => createKey(imsKeys(c))),
  IMS.write('UpdateAccessKey', 'updateAccessKey', (c) => updateKey(c, imsKeys(c))),
  IMS.write('DeleteAccessKey', 'deleteAccessKey', (c) => deleteKey(c, imsKeys(c))),
  IMS.read('ListAccessKeys', (c) => keyList(keys.listAccessKeys(imsKeys(c)), true)),
  IMS.read('GetAccessKeyLastUsed', (c) => {
    const id = required(c.op, 'UserAccessKeyId');
    const key = keys.listAccessKeys(imsKeys(c)).find((k) => k.id === id);
    if (!key) throw providerError('EntityNotExist.User.AccessKey', { accessKeyId: id });
    return { AccessKeyLastUsed: key.lastUsed ? { LastUsedDate: apiTime(key.lastUsed) } : {} };
  }),
  IMS.read('GetDefaultDomain', (c) => ({ DefaultDomainName: ram.defaultDomain(c) })),
  // A key's network policy (SPEC §4.3), as IMS's policy document; the caller's key or a RAM user's.
  IMS.write('SetAccessKeyPolicy', 'setAccessKeyPolicy', (c) => setKeyPolicy(c, imsKeys(c))),
  IMS.read('GetAccessKeyPolicy', (c) => getKeyPolicy(c, imsKeys(c))),
  IMS.read('GetAccountSummary', (c) => accountSummary(c)),

  // --- OSS -------------------------------------------------------------------
  OSS.write('PutBucket', 'putBucket', (c) => {
    oss.putBucket(c, {
      // The wire always names a bucket; an empty name is InvalidBucketName by the rules.
      name: c.op.bucket ?? '',
      region: c.op.region,
      // OSS's defaults for what a PutBucket leaves out; the rules check the values.
      storageClass: oneOf(
        'storageClass',
        caseOf(STORAGE_CLASSES, c.op.storageClass ?? 'Standard'),
        STORAGE_CLASSES,
      ),
      acl: oneOf('acl', c.op.acl ?? 'private', ACLS),
      redundancy: oneOf('redundancy', c.op.redundancy ?? 'LRS', REDUNDANCIES),
    });
    return undefined;
  }),
  // SPEC §5 names no fault for DeleteBucket.
  OSS.write('DeleteBucket', null, (c) => {
    requireOwnEndpoint(c, c.op.bucket ?? '');
    oss.deleteBucket(c, c.op.bucket ?? '');
    return undefined;
  }),
  OSS.read('GetBucketInfo', (c): OssBucketInfo => {
    const name = c.op.bucket ?? '';
    requireOwnEndpoint(c, name);
    const bucket = oss.getBucket(c, name);
    if (!bucket) throw providerError('NoSuchBucket', { bucket: name });
    return { ...bucketSummary(bucket), acl: bucket.acl, redundancy: bucket.redundancy, owner: owner(c) };
  }),
  OSS.read(
    'ListBuckets',
    (c): OssBucketList => ({ owner: owner(c), buckets: oss.listBuckets(c).map(bucketSummary) }),
  ),

  // --- Quota Center 2020-05-10 (RPC; the SDK sends every parameter in the form body) --
  QUOTAS.write('CreateQuotaApplication', 'submitQuotaApplication', (c) => {
    requireProductCode(c);
    const app = quota.fileQuotaApplication(c, {
      dimensions: dimensions(c.op),
      instanceType: required(c.op, 'QuotaActionCode'),
      vcpuQuota: Number(required(c.op, 'DesireValue')),
      reason: required(c.op, 'Reason'),
      // Quota Center has no client token: each call is a new application.
      clientToken: randomUUID(),
    });
    return applicationView(c, app);
  }),
  QUOTAS.read('GetQuotaApplication', (c) => ({
    QuotaApplication: applicationView(c, quota.getQuotaApplication(c, required(c.op, 'ApplicationId'))),
  })),
  QUOTAS.read('ListQuotaApplications', (c) => {
    const productCode = param(c.op, 'ProductCode');
    const code = param(c.op, 'QuotaActionCode');
    const status = param(c.op, 'Status');
    if (status !== undefined && !Object.values(QUOTA_STATUS).some((s) => s === status)) {
      throw providerError('InvalidStatus', { status });
    }
    const wanted = dimensions(c.op);
    const keyword = param(c.op, 'KeyWord');
    const all = c.account.quotaApplications.filter((stored) => {
      const a = quota.quotaView(stored, c.ctx);
      const filed = quota.dimensionsOf(stored);
      return (
        (productCode === undefined || productCode === QUOTA_PRODUCT_CODE) &&
        (code === undefined || a.instanceType === code) &&
        (status === undefined || QUOTA_STATUS[a.status] === status) &&
        [...wanted].every(([key, value]) => filed.get(key) === value) &&
        (keyword === undefined || a.instanceType.includes(keyword) || a.reason.includes(keyword))
      );
    });
    const { page, max, next } = paged(c, all, 200);
    return {
      TotalCount: all.length,
      MaxResults: max,
      ...(next === undefined ? {} : { NextToken: next }),
      QuotaApplications: page.map((stored) =>
        quotaView(quota.quotaView(stored, c.ctx), quota.dimensionsOf(stored), c.account.uid),
      ),
    };
  }),
  QUOTAS.read('ListProductQuotaDimensions', (c) => {
    requireProductCode(c);
    const { page, max, next } = paged(c, ECS_SPEC_DIMENSIONS, 200);
    return {
      TotalCount: ECS_SPEC_DIMENSIONS.length,
      MaxResults: max,
      ...(next === undefined ? {} : { NextToken: next }),
      QuotaDimensions: page.map((d) => ({
        DimensionKey: d.key,
        Name: d.name,
        Requisite: d.requisite,
        DimensionValues: [...d.values],
        DependentDimensions: [...d.dependsOn],
        DimensionValueDetail: (d.details ?? d.values.map((value) => ({ value, dependsOn: {} }))).map((v) => ({
          Name: v.value,
          Value: v.value,
          DependentDimensions: Object.entries(v.dependsOn).map(([Key, Value]) => ({ Key, Value })),
        })),
      })),
    };
  }),

  // --- RAM 2015-05-01 ------------------------------------------------------------
  RAM.write('CreateUser', 'createUser', (c) => {
    const name = required(c.op, 'UserName');
    const displayName = param(c.op, 'DisplayName');
    ram.createUser(c, { name, ...(displayName ? { displayName } : {}) });
    return { User: ramUserView(c.account, ram.requireUser(c, name), false) };
  }),
  RAM.read('GetUser', (c) => ({
    User: ramUserView(c.account, ram.requireUser(c, required(c.op, 'UserName')), true),
  })),
  RAM.write('AttachPolicyToUser', 'attachPolicy', (c) => {
    const policyName = required(c.op, 'PolicyName');
    // The simulated cloud has system policies only: a custom one never exists.
    if (required(c.op, 'PolicyType') !== 'System')
      throw providerError('EntityNotExist.Policy', { policyName });
    ram.attachPolicy(c, required(c.op, 'UserName'), policyName);
    return {};
  }),
  RAM.read('ListPoliciesForUser', (c) => {
    const user = ram.requireUser(c, required(c.op, 'UserName'));
    return {
      Policies: {
        Policy: user.policies.map((name) => ({
          PolicyName: name,
          PolicyType: 'System',
          Description: POLICY_DESCRIPTIONS[name] ?? '',
          DefaultVersion: 'v1',
          // The cloud keeps no attach time; the user's creation is the earliest it can be.
          AttachDate: apiTime(user.createdAt),
        })),
      },
    };
  }),
  RAM.read('GetPolicy', (c) => {
    const name = ram.requirePolicy(required(c.op, 'PolicyName'));
    const type = param(c.op, 'PolicyType');
    if (type !== undefined && type !== 'System')
      throw providerError('EntityNotExist.Policy', { policyName: name });
    const policy = policyView(name, c);
    return {
      Policy: policy,
      DefaultPolicyVersion: {
        VersionId: 'v1',
        IsDefaultVersion: true,
        CreateDate: policy.CreateDate,
        PolicyDocument: policy.PolicyDocument,
      },
    };
  }),
  RAM.write('CreateLoginProfile', 'createLoginProfile', (c) => {
    const name = required(c.op, 'UserName');
    const passwordResetRequired = bool(c.op, 'PasswordResetRequired', false);
    const mfa = bool(c.op, 'MFABindRequired', false);
    ram.createLoginProfile(c, name, required(c.op, 'Password'), passwordResetRequired);
    return {
      LoginProfile: {
        UserName: ram.requireUser(c, name).name,
        PasswordResetRequired: passwordResetRequired,
        MFABindRequired: mfa,
        CreateDate: apiTime(iso(c.ctx.now)),
      },
    };
  }),
  RAM.read('GetLoginProfile', (c) => {
    const user = ram.requireUser(c, required(c.op, 'UserName'));
    const profile = user.loginProfile;
    if (!profile) throw providerError('EntityNotExist.User.LoginProfile', { userName: user.name });
    return {
      LoginProfile: {
        UserName: user.name,
        PasswordResetRequired: profile.passwordResetRequired,
        MFABindRequired: false,
        CreateDate: apiTime(profile.createdAt),
      },
    };
  }),
  // RAM roles (SPEC §4.9): the trust policy is kept as sent; only system policies exist here.
  RAM.write('CreateRole', 'createRole', (c) => {
    const description = param(c.op, 'Description');
    const made = ram.createRole(c, {
      name: required(c.op, 'RoleName'),
      trustPolicy: required(c.op, 'AssumeRolePolicyDocument'),
      ...(description ? { description } : {}),
    });
    return { Role: ramRoleView(c.account, ram.requireRole(c, made.name), false) };
  }),
  RAM.read('GetRole', (c) => ({
    Role: ramRoleView(c.account, ram.requireRole(c, required(c.op, 'RoleName')), true),
  })),
  RAM.write('UpdateRole', 'updateRole', (c) => {
    const trustPolicy = param(c.op, 'NewAssumeRolePolicyDocument');
    const description = param(c.op, 'NewDescription');
    const role = ram.updateRole(c, required(c.op, 'RoleName'), {
      ...(trustPolicy === undefined ? {} : { trustPolicy }),
      ...(description === undefined ? {} : { description }),
    });
    return { Role: ramRoleView(c.account, ram.requireRole(c, role.name), true) };
  }),
  RAM.write('AttachPolicyToRole', 'attachPolicyToRole', (c) => {
    const policyName = required(c.op, 'PolicyName');
    // The simulated cloud has system policies only: a custom one never exists.
    if (required(c.op, 'PolicyType') !== 'System')
      throw providerError('EntityNotExist.Policy', { policyName });
    ram.attachPolicyToRole(c, required(c.op, 'RoleName'), policyName);
    return {};
  }),
  RAM.read('ListPoliciesForRole', (c) => {
    const role = ram.requireRole(c, required(c.op, 'RoleName'));
    return {
      Policies: {
        Policy: role.policies.map((name) => ({
          PolicyName: name,
          PolicyType: 'System',
          Description: POLICY_DESCRIPTIONS[name] ?? '',
          DefaultVersion: 'v1',
          // The cloud keeps no attach time; the role's creation is the earliest it can be.
          AttachDate: apiTime(role.createdAt),
        })),
      },
    };
  }),
  // RAM's key calls: a RAM user's keys by UserName, else the caller's own.
  RAM.write('CreateAccessKey', 'createAccessKey', (c) => createKey(ramKeys(c))),
  RAM.read('ListAccessKeys', (c) => keyList(keys.listAccessKeys(ramKeys(c)), false)),
  RAM.write('UpdateAccessKey', 'updateAccessKey', (c) => updateKey(c, ramKeys(c))),
  RAM.write('DeleteAccessKey', 'deleteAccessKey', (c) => deleteKey(c, ramKeys(c))),

  // --- MaxCompute 2022-01-04 (ROA; parameters in the query; the endpoint is regional) --
  MAXCOMPUTE.write(
    { action: 'CreateQuota', method: 'POST', path: '/api/v1/quotas' },
    'activateMaxCompute',
    (c) => {
      const billing = oneOf('chargeType', required(c.op, 'chargeType'), [
        'payasyougo',
        'subscription',
      ] as const);
      const commodity = required(c.op, 'commodityCode');
      // odps / odps_intl: pay-as-you-go on the cn / intl site; odpsplus / odpsplus_intl: subscription.
      const expected = billing === 'subscription' ? /^odpsplus(_intl)?$/ : /^odps(_intl)?$/;
      if (!expected.test(commodity)) {
        throw invalidParameter('commodityCode', `${commodity} does not match chargeType ${billing}`);
      }
      // CreateQuota names no region: the endpoint's is the quota's.
      const region = c.op.region ?? MAXCOMPUTE_DEFAULT_REGION;
      if (billing === 'payasyougo') {
        // CreateQuota has no client token; activating an activated region returns it unchanged.
        const activation = maxcompute.activate(c, { region, clientToken: randomUUID() });
        const first = activation.quotas.find((q) => q.billing === 'payasyougo') ?? activation.quotas[0];
        return { data: { nickName: first?.nickname ?? '' } };
      }
      // A subscription is bought at once, paid from the balance (as the API documents).
      const bought = maxcompute.subscribe(c, {
        region,
        commodityData: required(c.op, 'commodityData'),
        nickname: required(c.op, 'partNickName'),
      });
      return { data: { nickName: bought.quotaNickname } };
    },
  ),
  MAXCOMPUTE.read({ action: 'ListQuotas', method: 'GET', path: '/api/v1/quotas' }, (c) => {
    const region = c.op.region ?? MAXCOMPUTE_DEFAULT_REGION;
    const billingType = param(c.op, 'billingType');
    const billing =
      billingType === undefined
        ? undefined
        : oneOf('billingType', billingType, ['payasyougo', 'subscription']);
    const quotas = maxcompute
      .quotasIn(c.account, region)
      .filter((q) => billing === undefined || q.billing === billing);
    // The simulation's page: 10 by default (the SDK's example), at most 100.
    const maxItem = Math.min(100, Math.max(1, Number(param(c.op, 'maxItem') ?? 10) || 10));
    const marker = param(c.op, 'marker') ?? '';
    const from = marker === '' ? 0 : markerOffset(marker);
    const page = quotas.slice(from, from + maxItem);
    const next = from + maxItem < quotas.length ? offsetMarker(from + maxItem) : '';
    const list = {
      quotaInfoList: page.map((q) => ({
        id: q.quotaNickname,
        name: q.quotaNickname,
        nickName: q.quotaNickname,
        regionId: q.region,
        status: 'ON',
        type: 'FUXI_OFFLINE',
        creatorId: c.account.uid,
        tenantId: c.account.uid,
        // The SDK types it int64 (milliseconds); the docs' example is an ISO string.
        createTime: ms(q.activatedAt ?? q.createdAt),
        billingPolicy: { billingMethod: q.billing, ...(q.orderId ? { orderId: q.orderId } : {}) },
      })),
      // The marker this page begins after, and the one that continues it (empty: the last page).
      marker,
      maxItem,
      NextToken: next,
    };
    // The SDK's model carries the list twice: at the top (the doc page's `PopCompatibleResult`) and in `data`.
    return { ...list, data: list };
  }),

  // --- STS 2015-04-01: allowed to every identity --------------------------------
  STS.read('GetCallerIdentity', (c) => {
    const uid = c.account.uid;
    if (c.principal.kind === 'root') {
      return {
        IdentityType: 'Account',
        AccountId: uid,
        UserId: uid,
        PrincipalId: uid,
        Arn: `acs:ram::${uid}:root`,
      };
    }
    const user = callerUser(c);
    const userId = ram.ramUserId(c.account, user.name);
    return {
      IdentityType: 'RAMUser',
      AccountId: uid,
      UserId: userId,
      PrincipalId: userId,
      Arn: `acs:ram::${uid}:user/${user.name}`,
    };
  }),

  // --- ECS 2014-05-26 -----------------------------------------------------------
  ECS.read('DescribeAccountAttributes', (c) => {
    const region = c.op.region;
    // ECS's own answer for a missing RegionId (its API metadata): 403, not the gateway's MissingParameter.
    if (region === undefined || region === '') throw apiError('Invalid.Parameter', { name: 'regionId' });
    if (!findRegion(region)) throw invalidParameter('RegionId', `${region} is not a region`);
    const names = list(c.op, 'AttributeName');
    const wanted =
      names.length > 0 ? names : ['real-name-authentication', 'max-postpaid-instance-vcpu-count'];
    const values: Record<string, string> = {
      // The real API's values: yes, none or unnecessary (the ECS SDK model documents them).
      'real-name-authentication': isVerified(c.account, c.ctx) ? 'yes' : 'none',
      'max-postpaid-instance-vcpu-count': String(quota.postpaidVcpuQuota(c.account, region, c.ctx)),
    };
    return {
      AccountAttributeItems: {
        AccountAttributeItem: wanted.flatMap((name) => {
          // An attribute name comes from the request: only the table's own names answer.
          const value = Object.hasOwn(values, name) ? values[name] : undefined;
          if (value === undefined) return [];
          return [{ AttributeName: name, AttributeValues: { ValueItem: [{ Value: value, Count: 1 }] } }];
        }),
      },
    };
  }),
] as const;

/** An entry `sim serve` answers (not a console one). */
export type ServedEntry = Extract<(typeof WIRE)[number], { via: 'api' | 'oss' }>;

/** The OpenAPI operations `sim serve` routes. */
export const SERVED_APIS: readonly ServedApi[] = WIRE.flatMap((entry) =>
  entry.via === 'api' ? [entry.api] : [],
);

/** The served entries by `<product>:<action>` (`ram:CreateUser`, `oss:PutBucket`). */
export const SERVED: ReadonlyMap<string, ServedEntry> = new Map(
  WIRE.filter((entry): entry is ServedEntry => entry.via !== 'console').map((entry) => [
    entry.via === 'api' ? `${entry.api.product}:${entry.api.action}` : `oss:${entry.action}`,
    entry,
  ]),
);
