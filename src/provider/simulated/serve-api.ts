/**
 * The OpenAPI operations `onboard sim serve` answers (SPEC §5.1), one handler
 * each: read the request's parameters as the API names them, call the rule
 * modules the in-process provider uses, and answer in the real response
 * shape (field names as the official SDKs' models spell them: RAM, IMS and
 * STS from `@alicloud/ram20150501`, `ims20190815`, `sts20150401`; ECS, Quota
 * Center and MaxCompute from the official SDKs' published models).
 * Authorization, key lookup, faults and the store's transaction are the
 * backend's (`serve-backend.ts`).
 */
import { randomUUID } from 'node:crypto';
import { findRegion } from '../../validate/index.js';
import type { OpenApiOperation, Principal } from '../serve/backend.js';
import { apiError } from '../serve/errors.js';
import type { AccessKeyInfo, QuotaApplication } from '../types.js';
import * as keys from './access-keys.js';
import { type Ctx, iso, ms, oneOf } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { isVerified } from './identity.js';
import * as maxcompute from './maxcompute.js';
import { POLICY_DESCRIPTIONS, policyDocument } from './policies.js';
import * as quota from './quota.js';
import * as ram from './ram.js';
import type { CloudState, StoredAccount, StoredRamUser } from './state.js';

/** MaxCompute requests that name no region (an explicit endpoint, no `region`) are served here, as OSS's. */
const MAXCOMPUTE_DEFAULT_REGION = 'cn-hangzhou';

/** Quota Center's product code for the simulated ECS vCPU quotas (see {@link quotaView}). */
export const QUOTA_PRODUCT_CODE = 'ecs-spec';

/** One OpenAPI call as a handler sees it: the state, the caller's account, the clock. */
export interface Call {
  state: CloudState;
  account: StoredAccount;
  principal: Principal;
  op: OpenApiOperation;
  ctx: Ctx;
}

export interface Handler {
  /** Whether the handler changes the cloud (runs inside the store's transaction). */
  write: boolean;
  run(call: Call): object;
}

// --- parameters -------------------------------------------------------------

/** A parameter from the query/form (RPC, ROA query) or, for ROA, a JSON body's top-level field. */
function param(op: OpenApiOperation, name: string): string | undefined {
  const value = op.params[name];
  if (value !== undefined) return value;
  if (typeof op.body !== 'object' || op.body === null || Array.isArray(op.body)) return undefined;
  const field: unknown = Object.getOwnPropertyDescriptor(op.body, name)?.value;
  return typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean'
    ? String(field)
    : undefined;
}

function required(op: OpenApiOperation, name: string): string {
  const value = param(op, name);
  if (value === undefined || value === '') throw apiError('MissingParameter', { name });
  return value;
}

/** `Name.1`, `Name.2`, … (how the SDKs flatten a list into RPC parameters), in index order. */
function list(op: OpenApiOperation, name: string): string[] {
  const re = new RegExp(`^${name}\\.(\\d+)$`);
  return Object.entries(op.params)
    .flatMap(([k, v]) => {
      const m = re.exec(k);
      return m ? [[Number(m[1]), v] as const] : [];
    })
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v);
}

/** `Dimensions.N.Key` / `Dimensions.N.Value` pairs. */
function dimensions(op: OpenApiOperation): Map<string, string> {
  const keysByIndex = new Map<string, string>();
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(op.params)) {
    const m = /^Dimensions\.(\d+)\.Key$/.exec(k);
    if (m?.[1]) keysByIndex.set(m[1], v);
  }
  for (const [index, key] of keysByIndex) {
    const value = op.params[`Dimensions.${index}.Value`];
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

function bool(op: OpenApiOperation, name: string, fallback: boolean): boolean {
  const value = param(op, name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameter(name, 'must be true or false');
}

/** ISO time without milliseconds, as Alibaba Cloud's JSON APIs write it (`2024-05-01T08:00:00Z`). */
function apiTime(isoTime: string): string {
  return new Date(ms(isoTime)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// --- key holders --------------------------------------------------------------

interface Holder {
  holder: keys.KeyHolder;
  limit: number;
}

/** The caller's own keys: the account's for its root, the user's own for a RAM user. */
function ownKeys(call: Call): Holder {
  if (call.principal.kind === 'root') return { holder: call.account, limit: keys.MAX_ACCESS_KEYS };
  return { holder: callerUser(call), limit: ram.MAX_RAM_USER_KEYS };
}

function callerUser(call: Call): StoredRamUser {
  if (call.principal.kind !== 'ram-user') throw new Error('not a RAM user');
  return ram.requireUser(call.account, call.principal.userName);
}

/** RAM: `UserName` names a RAM user of the account; without it, the caller's own keys. */
function ramKeys(call: Call): Holder {
  const name = param(call.op, 'UserName');
  if (name === undefined || name === '') return ownKeys(call);
  return { holder: ram.requireUser(call.account, name), limit: ram.MAX_RAM_USER_KEYS };
}

/** IMS: `UserPrincipalName` (`<name>@<default domain>`); without it, the caller's own keys. */
function imsKeys(call: Call): Holder {
  const principalName = param(call.op, 'UserPrincipalName');
  if (principalName === undefined || principalName === '') return ownKeys(call);
  const at = principalName.lastIndexOf('@');
  const name = at < 0 ? principalName : principalName.slice(0, at);
  const domain = at < 0 ? '' : principalName.slice(at + 1).toLowerCase();
  if (domain !== ram.defaultDomain(call.account).toLowerCase()) {
    throw providerError('EntityNotExist.User', { userName: principalName });
  }
  return { holder: ram.requireUser(call.account, name), limit: ram.MAX_RAM_USER_KEYS };
}

function createKey(call: Call, { holder, limit }: Holder): object {
  // RAM and IMS have no client token: every call is a new key, as on the real cloud.
  const created = keys.createAccessKey(
    call.state,
    holder,
    { clientToken: randomUUID(), allowCidrs: [] },
    call.ctx,
    limit,
  );
  return {
    AccessKey: {
      AccessKeyId: created.key.id,
      AccessKeySecret: created.secret ?? '',
      Status: created.key.status,
      CreateDate: apiTime(created.key.created),
    },
  };
}

function keyList(found: readonly AccessKeyInfo[], withUpdate: boolean): object {
  return {
    AccessKeys: {
      AccessKey: found.map((k) => ({
        AccessKeyId: k.id,
        Status: k.status,
        CreateDate: apiTime(k.created),
        // The cloud file keeps no update time; a key's creation is its last known change.
        ...(withUpdate ? { UpdateDate: apiTime(k.created) } : {}),
      })),
    },
  };
}

function updateKey(call: Call, { holder }: Holder): object {
  const status = oneOf('Status', required(call.op, 'Status'), ['Active', 'Inactive'] as const);
  keys.updateAccessKey(holder, required(call.op, 'UserAccessKeyId'), status);
  return {};
}

function deleteKey(call: Call, { holder }: Holder): object {
  keys.deleteAccessKey(holder, required(call.op, 'UserAccessKeyId'));
  return {};
}

// --- views ---------------------------------------------------------------------

function ramUserView(account: StoredAccount, user: StoredRamUser): Record<string, string> {
  return {
    UserId: ram.ramUserId(account, user.name),
    UserName: user.name,
    DisplayName: user.displayName ?? user.name,
    CreateDate: apiTime(user.createdAt),
    UpdateDate: apiTime(user.loginProfile?.createdAt ?? user.createdAt),
  };
}

const QUOTA_STATUS = { under_review: 'Process', approved: 'Agree', rejected: 'Disagree' } as const;

/**
 * A simulated quota application in Quota Center's shape. The mapping (ours:
 * Alibaba Cloud publishes no quota id for "pay-as-you-go vCPUs of one
 * instance type"): ProductCode `ecs-spec` (ECS quotas by instance type), QuotaActionCode = the instance type
 * (`ecs.g7.2xlarge`, as Quota Center's per-instance-type quotas are named),
 * dimension `regionId`, DesireValue = the vCPUs wanted in the region.
 */
function quotaView(app: QuotaApplication, uid: string): Record<string, unknown> {
  const status = QUOTA_STATUS[app.status];
  return {
    ApplicationId: app.id,
    ProductCode: QUOTA_PRODUCT_CODE,
    QuotaActionCode: app.instanceType,
    QuotaName: `Pay-as-you-go vCPUs of ${app.instanceType}`,
    QuotaDescription: `The total vCPUs of pay-as-you-go ${app.instanceType} instances in the region.`,
    QuotaUnit: 'vCPU',
    QuotaArn: `acs:quotas:${app.region}:${uid}:quota/${QUOTA_PRODUCT_CODE}/${app.instanceType}`,
    DesireValue: app.vcpuQuota,
    ...(app.status === 'approved' ? { ApproveValue: app.vcpuQuota } : {}),
    Reason: app.reason,
    ...(app.status === 'rejected' ? { AuditReason: app.rejectReason ?? '' } : {}),
    ...(app.status === 'approved' ? { AuditReason: 'The application was approved.' } : {}),
    Status: status,
    ApplyTime: apiTime(app.submittedAt),
    ...(app.status === 'approved' && app.decidedAt ? { EffectiveTime: apiTime(app.decidedAt) } : {}),
    Dimension: { regionId: app.region },
    NoticeType: 0,
  };
}

function policyView(name: string, account: StoredAccount): Record<string, unknown> {
  return {
    PolicyName: name,
    PolicyType: 'System',
    Description: POLICY_DESCRIPTIONS[name] ?? '',
    DefaultVersion: 'v1',
    CreateDate: '2015-04-28T16:00:00Z',
    UpdateDate: '2015-04-28T16:00:00Z',
    AttachmentCount: account.ramUsers.filter((u) => u.policies.includes(name)).length,
    PolicyDocument: policyDocument(name),
  };
}

// --- the operations ------------------------------------------------------------

const read = (run: Handler['run']): Handler => ({ write: false, run });
const write = (run: Handler['run']): Handler => ({ write: true, run });

export const OPENAPI: Readonly<Record<string, Handler>> = {
  // RAM 2015-05-01
  'ram:CreateUser': write((c) => {
    const name = required(c.op, 'UserName');
    const displayName = param(c.op, 'DisplayName');
    ram.createUser(c.account, { name, ...(displayName ? { displayName } : {}) }, c.ctx);
    return { User: ramUserView(c.account, ram.requireUser(c.account, name)) };
  }),
  'ram:GetUser': read((c) => ({
    User: ramUserView(c.account, ram.requireUser(c.account, required(c.op, 'UserName'))),
  })),
  'ram:CreateLoginProfile': write((c) => {
    const name = required(c.op, 'UserName');
    const passwordResetRequired = bool(c.op, 'PasswordResetRequired', false);
    const mfa = bool(c.op, 'MFABindRequired', false);
    ram.createLoginProfile(
      c.account,
      name,
      { password: required(c.op, 'Password'), passwordResetRequired },
      c.ctx,
    );
    return {
      LoginProfile: {
        UserName: ram.requireUser(c.account, name).name,
        PasswordResetRequired: passwordResetRequired,
        MFABindRequired: mfa,
        CreateDate: apiTime(iso(c.ctx.now)),
      },
    };
  }),
  'ram:GetLoginProfile': read((c) => {
    const user = ram.requireUser(c.account, required(c.op, 'UserName'));
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
  'ram:AttachPolicyToUser': write((c) => {
    const policyName = required(c.op, 'PolicyName');
    // The simulated cloud has system policies only: a custom one never exists.
    if (required(c.op, 'PolicyType') !== 'System')
      throw providerError('EntityNotExist.Policy', { policyName });
    ram.attachPolicy(c.account, required(c.op, 'UserName'), policyName);
    return {};
  }),
  'ram:ListPoliciesForUser': read((c) => {
    const user = ram.requireUser(c.account, required(c.op, 'UserName'));
    return {
      Policies: {
        Policy: user.policies.map((name) => ({
          PolicyName: name,
          PolicyType: 'System',
          Description: POLICY_DESCRIPTIONS[name] ?? '',
          DefaultVersion: 'v1',
          // The cloud file keeps no attach time; the user's creation is the earliest it can be.
          AttachDate: apiTime(user.createdAt),
        })),
      },
    };
  }),
  'ram:GetPolicy': read((c) => {
    const name = ram.requirePolicy(required(c.op, 'PolicyName'));
    const type = param(c.op, 'PolicyType');
    if (type !== undefined && type !== 'System')
      throw providerError('EntityNotExist.Policy', { policyName: name });
    const policy = policyView(name, c.account);
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
  'ram:CreateAccessKey': write((c) => createKey(c, ramKeys(c))),
  'ram:ListAccessKeys': read((c) => keyList(keys.listAccessKeys(ramKeys(c).holder), false)),
  'ram:UpdateAccessKey': write((c) => updateKey(c, ramKeys(c))),
  'ram:DeleteAccessKey': write((c) => deleteKey(c, ramKeys(c))),

  // IMS 2019-08-15
  'ims:CreateAccessKey': write((c) => createKey(c, imsKeys(c))),
  'ims:ListAccessKeys': read((c) => keyList(keys.listAccessKeys(imsKeys(c).holder), true)),
  'ims:UpdateAccessKey': write((c) => updateKey(c, imsKeys(c))),
  'ims:DeleteAccessKey': write((c) => deleteKey(c, imsKeys(c))),
  'ims:GetAccessKeyLastUsed': read((c) => {
    const id = required(c.op, 'UserAccessKeyId');
    const key = keys.listAccessKeys(imsKeys(c).holder).find((k) => k.id === id);
    if (!key) throw providerError('EntityNotExist.User.AccessKey', { accessKeyId: id });
    return { AccessKeyLastUsed: key.lastUsed ? { LastUsedDate: apiTime(key.lastUsed) } : {} };
  }),
  'ims:GetDefaultDomain': read((c) => ({ DefaultDomainName: ram.defaultDomain(c.account) })),

  // STS 2015-04-01: allowed to every identity.
  'sts:GetCallerIdentity': read((c) => {
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

  // ECS 2014-05-26
  'ecs:DescribeAccountAttributes': read((c) => {
    const region = c.op.region;
    if (region === undefined || region === '') throw apiError('MissingParameter', { name: 'RegionId' });
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
          const value = values[name];
          if (value === undefined) return [];
          return [{ AttributeName: name, AttributeValues: { ValueItem: [{ Value: value, Count: 1 }] } }];
        }),
      },
    };
  }),

  // Quota Center 2020-05-10
  'quotas:CreateQuotaApplication': write((c) => {
    const product = required(c.op, 'ProductCode');
    if (product !== QUOTA_PRODUCT_CODE) {
      throw invalidParameter('ProductCode', `the simulated Quota Center serves ${QUOTA_PRODUCT_CODE} only`);
    }
    const desired = Number(required(c.op, 'DesireValue'));
    const region = dimensions(c.op).get('regionId') ?? c.op.region;
    if (region === undefined) throw apiError('MissingParameter', { name: 'Dimensions.1.Key=regionId' });
    const app = quota.submitQuotaApplication(
      c.state,
      c.account,
      {
        region,
        instanceType: required(c.op, 'QuotaActionCode'),
        vcpuQuota: desired,
        reason: required(c.op, 'Reason'),
        // Quota Center has no client token: each call is a new application.
        clientToken: randomUUID(),
      },
      c.ctx,
    );
    return quotaView(app, c.account.uid);
  }),
  'quotas:GetQuotaApplication': read((c) => ({
    QuotaApplication: quotaView(
      quota.getQuotaApplication(c.account, required(c.op, 'ApplicationId'), c.ctx),
      c.account.uid,
    ),
  })),
  'quotas:ListQuotaApplications': read((c) => {
    const product = param(c.op, 'ProductCode');
    const code = param(c.op, 'QuotaActionCode');
    const status = param(c.op, 'Status');
    const region = dimensions(c.op).get('regionId');
    const keyword = param(c.op, 'KeyWord');
    const all = quota
      .listQuotaApplications(c.account, c.ctx)
      .filter(
        (a) =>
          (product === undefined || product === QUOTA_PRODUCT_CODE) &&
          (code === undefined || a.instanceType === code) &&
          (status === undefined || QUOTA_STATUS[a.status] === status) &&
          (region === undefined || a.region === region) &&
          (keyword === undefined || a.instanceType.includes(keyword) || a.reason.includes(keyword)),
      );
    const max = Math.min(200, Math.max(1, Number(param(c.op, 'MaxResults') ?? 30) || 30));
    const from = Math.max(0, Number(param(c.op, 'NextToken') ?? 0) || 0);
    const page = all.slice(from, from + max);
    return {
      TotalCount: all.length,
      MaxResults: max,
      ...(from + max < all.length ? { NextToken: String(from + max) } : {}),
      QuotaApplications: page.map((a) => quotaView(a, c.account.uid)),
    };
  }),

  // MaxCompute 2022-01-04 (ROA; parameters in the query or a JSON body)
  'maxcompute:CreateQuota': write((c) => {
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
    const region = c.op.region ?? MAXCOMPUTE_DEFAULT_REGION;
    // CreateQuota has no client token; activating an active region returns it unchanged.
    const activation = maxcompute.activate(c.account, { region, billing, clientToken: randomUUID() }, c.ctx);
    return { data: { nickName: activation.quotaNickname } };
  }),
  'maxcompute:ListQuotas': read((c) => {
    const region = c.op.region ?? MAXCOMPUTE_DEFAULT_REGION;
    const billing = param(c.op, 'billingType');
    const quotas = maxcompute
      .listActivations(c.account)
      // An unpaid subscription order has no quota yet.
      .filter(
        (a) =>
          a.region === region && a.status === 'active' && (billing === undefined || a.billing === billing),
      )
      .map((a) => ({
        id: a.quotaNickname,
        name: a.quotaNickname,
        nickName: a.quotaNickname,
        regionId: a.region,
        status: 'ON',
        creatorId: c.account.uid,
        createTime: a.activatedAt ? ms(a.activatedAt) : c.ctx.now,
        billingPolicy: { billingMethod: a.billing, ...(a.orderId ? { orderId: a.orderId } : {}) },
      }));
    return { data: { quotaInfoList: quotas, maxItem: quotas.length } };
  }),
};
