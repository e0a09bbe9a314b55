/**
 * How `onboard sim serve` reads an OpenAPI request and writes its answer,
 * for the handlers of the wire table (`wire.ts`): parameters as the APIs
 * name them, whose keys a call is about, and the real response shapes
 * (field names as the official SDKs' models spell them: RAM, IMS and STS
 * from `@alicloud/ram20150501`, `ims20190815`, `sts20150401`; ECS, Quota
 * Center and MaxCompute from the official SDKs' published models).
 */

import { randomUUID } from 'node:crypto';
import { MAX_CIDRS } from '../../validate/index.js';
import type { OpenApiOperation, Principal } from '../serve/backend.js';
import { apiError } from '../serve/errors.js';
import type { AccessKeyInfo, QuotaApplication } from '../types.js';
import * as keys from './access-keys.js';
import { type KeyScope, ownKeys } from './access-keys.js';
import { ms, oneOf } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { POLICY_DESCRIPTIONS, policyDocument } from './policies.js';
import * as ram from './ram.js';
import type { Scope } from './rules.js';
import type { StoredAccount, StoredRamRole, StoredRamUser } from './state.js';

/**
 * MaxCompute's endpoints are regional (`maxcompute.<region>.aliyuncs.com`): a
 * request to the bare endpoint that names no region (no regional `Host`, no
 * `x-acs-region-id` header) is served in this one, as OSS's are.
 */
export const MAXCOMPUTE_DEFAULT_REGION = 'cn-hangzhou';

/** Quota Center's product code for the simulated ECS vCPU quotas (see {@link quotaView}). */
export const QUOTA_PRODUCT_CODE = 'ecs-spec';

/** One served call as a handler sees it: the records, the caller's account and principal, the request, the clock. */
export interface Call<Op = OpenApiOperation> extends Scope {
  principal: Principal;
  op: Op;
}

// --- parameters -------------------------------------------------------------

/** A parameter from the query/form (RPC, ROA query) or, for ROA, a JSON body's top-level field. */
export function param(op: OpenApiOperation, name: string): string | undefined {
  const value = op.params[name];
  if (value !== undefined) return value;
  if (typeof op.body !== 'object' || op.body === null || Array.isArray(op.body)) return undefined;
  const field: unknown = Object.getOwnPropertyDescriptor(op.body, name)?.value;
  return typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean'
    ? String(field)
    : undefined;
}

export function required(op: OpenApiOperation, name: string): string {
  const value = param(op, name);
  if (value === undefined || value === '') throw apiError('MissingParameter', { name });
  return value;
}

/** `Name.1`, `Name.2`, … (how the SDKs flatten a list into RPC parameters), in index order. */
export function list(op: OpenApiOperation, name: string): string[] {
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
export function dimensions(op: OpenApiOperation): Map<string, string> {
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

export function bool(op: OpenApiOperation, name: string, fallback: boolean): boolean {
  const value = param(op, name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameter(name, 'must be true or false');
}

/** ISO time without milliseconds, as Alibaba Cloud's JSON APIs write it (`2024-05-01T08:00:00Z`). */
export function apiTime(isoTime: string): string {
  return new Date(ms(isoTime)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// --- key holders --------------------------------------------------------------

/** The caller's own keys: the account's for its root, the user's own for a RAM user. */
function callerKeys(call: Call): KeyScope {
  if (call.principal.kind === 'root') return ownKeys(call);
  return ram.userKeys(call, call.principal.userName);
}

export function callerUser(call: Call): StoredRamUser {
  if (call.principal.kind !== 'ram-user') throw new Error('not a RAM user');
  return ram.requireUser(call, call.principal.userName);
}

/** RAM: `UserName` names a RAM user of the account; without it, the caller's own keys. */
export function ramKeys(call: Call): KeyScope {
  const name = param(call.op, 'UserName');
  if (name === undefined || name === '') return callerKeys(call);
  return ram.userKeys(call, name);
}

/** IMS: `UserPrincipalName` (`<name>@<default domain>`); without it, the caller's own keys. */
export function imsKeys(call: Call): KeyScope {
  const principalName = param(call.op, 'UserPrincipalName');
  if (principalName === undefined || principalName === '') return callerKeys(call);
  const at = principalName.lastIndexOf('@');
  const name = at < 0 ? principalName : principalName.slice(0, at);
  const domain = at < 0 ? '' : principalName.slice(at + 1).toLowerCase();
  if (domain !== ram.defaultDomain(call).toLowerCase()) {
    throw providerError('EntityNotExist.User', { userName: principalName });
  }
  return ram.userKeys(call, name);
}

export function createKey(scope: KeyScope): object {
  // RAM and IMS have no client token: every call is a new key, as on the real cloud.
  const created = keys.createAccessKey(scope, { clientToken: randomUUID(), allowCidrs: [] });
  return {
    AccessKey: {
      AccessKeyId: created.key.id,
      AccessKeySecret: created.secret ?? '',
      Status: created.key.status,
      CreateDate: apiTime(created.key.created),
    },
  };
}

export function keyList(found: readonly AccessKeyInfo[], withUpdate: boolean): object {
  return {
    AccessKeys: {
      AccessKey: found.map((k) => ({
        AccessKeyId: k.id,
        Status: k.status,
        CreateDate: apiTime(k.created),
        // The cloud keeps no update time; a key's creation is its last known change.
        ...(withUpdate ? { UpdateDate: apiTime(k.created) } : {}),
      })),
    },
  };
}

export function updateKey(call: Call, scope: KeyScope): object {
  const status = oneOf('Status', required(call.op, 'Status'), ['Active', 'Inactive'] as const);
  keys.updateAccessKey(scope, required(call.op, 'UserAccessKeyId'), status);
  return {};
}

/**
 * IMS's AccessKey network policy document, as SetAccessKeyPolicy takes it and
 * GetAccessKeyPolicy answers it — a JSON *string* (the doc page of
 * SetAccessKeyPolicy; field names as the SDK model's example spells them):
 * `{"Version":1,"Status":"Active"|"Inactive","Statements":[{"Type":"ClassicWhiteList","IPList":[…]},
 * {"Type":"VPCWhiteList","Value":"vpc-…","IPList":[…]}]}`. The simulated cloud's keys are
 * reached from public addresses only and keep one list of blocks: an Active policy's
 * ClassicWhiteList addresses are that list (a bare address is its /32 or /128); an Inactive
 * policy, or none, is an empty list (the document answered back then has no statements). A
 * VPCWhiteList statement is refused: there is no VPC here to match it against.
 */
export function policyCidrs(document: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    throw invalidParameter('AccessKeyPolicy', 'not a JSON document');
  }
  if (!isObject(doc)) throw invalidParameter('AccessKeyPolicy', 'not a JSON object');
  if (doc.Version !== undefined && String(doc.Version) !== '1') {
    throw invalidParameter('AccessKeyPolicy', 'Version must be 1');
  }
  const status = oneOf('AccessKeyPolicy', doc.Status, ['Active', 'Inactive'] as const);
  if (!Array.isArray(doc.Statements)) throw invalidParameter('AccessKeyPolicy', 'Statements must be a list');
  const cidrs: string[] = [];
  for (const statement of doc.Statements) {
    if (!isObject(statement)) throw invalidParameter('AccessKeyPolicy', 'a statement is not an object');
    if (statement.Type === 'VPCWhiteList') {
      throw invalidParameter('AccessKeyPolicy', 'VPCWhiteList: the simulated cloud has no VPC');
    }
    if (statement.Type !== 'ClassicWhiteList') {
      throw invalidParameter('AccessKeyPolicy', 'unknown statement Type');
    }
    if (!Array.isArray(statement.IPList)) throw invalidParameter('AccessKeyPolicy', 'IPList must be a list');
    for (const ip of statement.IPList) {
      if (typeof ip !== 'string') throw invalidParameter('AccessKeyPolicy', 'IPList must hold addresses');
      cidrs.push(ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 128 : 32}`);
    }
  }
  return status === 'Active' ? cidrs : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The policy document of a key's blocks: one ClassicWhiteList statement, or an Inactive empty policy. */
export function keyPolicyDocument(allowCidrs: readonly string[]): string {
  return JSON.stringify(
    allowCidrs.length === 0
      ? { Version: 1, Status: 'Inactive', Statements: [] }
      : { Version: 1, Status: 'Active', Statements: [{ Type: 'ClassicWhiteList', IPList: [...allowCidrs] }] },
  );
}

/** The key a policy call names (`UserAccessKeyId`), among the scope's keys. */
function keyNamed(call: Call, scope: KeyScope): AccessKeyInfo {
  const id = required(call.op, 'UserAccessKeyId');
  const key = keys.listAccessKeys(scope).find((k) => k.id === id);
  if (!key) throw providerError('EntityNotExist.User.AccessKey', { accessKeyId: id });
  return key;
}

/** IMS SetAccessKeyPolicy: the key's network policy replaced, answered as GetAccessKeyPolicy would. */
export function setKeyPolicy(call: Call, scope: KeyScope): object {
  const id = keyNamed(call, scope).id;
  const key = keys.setAccessKeyPolicy(scope, id, policyCidrs(required(call.op, 'AccessKeyPolicy')));
  return { AccessKeyId: key.id, AccessKeyPolicy: keyPolicyDocument(key.allowCidrs) };
}

/** IMS GetAccessKeyPolicy. */
export function getKeyPolicy(call: Call, scope: KeyScope): object {
  const key = keyNamed(call, scope);
  return { AccessKeyId: key.id, AccessKeyPolicy: keyPolicyDocument(key.allowCidrs) };
}

/**
 * IMS GetAccountSummary: the simulated cloud's key limits (SPEC §4.3 and §4.6: five for the
 * account, two per RAM user), the blocks a key's policy may list, and what the account holds.
 * Only what the simulation keeps is answered; the SDK model's other quotas are left out.
 */
export function accountSummary(call: Call): object {
  return {
    SummaryMap: {
      AccountAccessKeysPerAccountQuota: keys.MAX_ACCESS_KEYS,
      AccessKeysPerUserQuota: ram.MAX_RAM_USER_KEYS,
      IPItemsPerAKPolicyQuota: MAX_CIDRS,
      Users: call.db.users(call.account).length,
      Roles: call.db.roles(call.account).length,
    },
  };
}

export function deleteKey(call: Call, scope: KeyScope): object {
  keys.deleteAccessKey(scope, required(call.op, 'UserAccessKeyId'));
  return {};
}

// --- views ---------------------------------------------------------------------

/** A user in RAM's shape (`@alicloud/ram20150501`): CreateUser's `User` has no UpdateDate, GetUser's has it. */
export function ramUserView(
  account: StoredAccount,
  user: StoredRamUser,
  withUpdate: boolean,
): Record<string, string> {
  return {
    UserId: ram.ramUserId(account, user.name),
    UserName: user.name,
    DisplayName: user.displayName ?? user.name,
    CreateDate: apiTime(user.createdAt),
    ...(withUpdate ? { UpdateDate: apiTime(user.loginProfile?.createdAt ?? user.createdAt) } : {}),
  };
}

/**
 * A role in RAM's shape (`@alicloud/ram20150501`'s `Role`): CreateRole's has
 * no UpdateDate, GetRole's and UpdateRole's have it.
 */
export function ramRoleView(
  account: StoredAccount,
  role: StoredRamRole,
  withUpdate: boolean,
): Record<string, string | number> {
  return {
    RoleId: ram.ramRoleId(account, role.name),
    RoleName: role.name,
    Arn: ram.roleArn(account, role.name),
    Description: role.description ?? '',
    AssumeRolePolicyDocument: role.trustPolicy,
    MaxSessionDuration: role.maxSessionDuration,
    CreateDate: apiTime(role.createdAt),
    ...(withUpdate ? { UpdateDate: apiTime(role.updatedAt) } : {}),
  };
}

export const QUOTA_STATUS = {
  under_review: 'Process',
  approved: 'Agree',
  rejected: 'Disagree',
  cancelled: 'Cancel',
} as const;

/**
 * A simulated quota application in Quota Center's shape. The mapping (ours:
 * Alibaba Cloud publishes no quota id for "pay-as-you-go vCPUs of one
 * instance type"): ProductCode `ecs-spec` (ECS quotas by instance type),
 * QuotaActionCode = the instance type (`ecs.g7.2xlarge`, as Quota Center's
 * per-instance-type quotas are named), the dimensions it was filed with
 * (`regionId`, `zoneId`, `chargeType`, `networkType`: see `dimensions.ts`),
 * DesireValue = the vCPUs wanted in the region.
 */
export function quotaView(
  app: QuotaApplication,
  dimension: ReadonlyMap<string, string>,
  uid: string,
): Record<string, unknown> {
  const status = QUOTA_STATUS[app.status];
  const item = ['chargeType', 'networkType', 'regionId', 'zoneId'].flatMap((key) => {
    const value = dimension.get(key);
    return value === undefined ? [] : [value.toLowerCase()];
  });
  return {
    ApplicationId: app.id,
    ProductCode: QUOTA_PRODUCT_CODE,
    QuotaActionCode: app.instanceType,
    QuotaName: `Pay-as-you-go vCPUs of ${app.instanceType}`,
    QuotaDescription: `The total vCPUs of pay-as-you-go ${app.instanceType} instances in the region.`,
    QuotaUnit: 'vCPU',
    QuotaArn: `acs:quotas:${app.region}:${uid}:quota/${[QUOTA_PRODUCT_CODE, app.instanceType, ...item].join('/')}`,
    DesireValue: app.vcpuQuota,
    ...(app.status === 'approved' ? { ApproveValue: app.vcpuQuota } : {}),
    Reason: app.reason,
    ...(app.status === 'rejected' ? { AuditReason: app.rejectReason ?? '' } : {}),
    ...(app.status === 'approved' ? { AuditReason: 'The application was approved.' } : {}),
    ...(app.status === 'cancelled' ? { AuditReason: 'The application was cancelled.' } : {}),
    Status: status,
    ApplyTime: apiTime(app.submittedAt),
    ...(app.status === 'approved' && app.decidedAt ? { EffectiveTime: apiTime(app.decidedAt) } : {}),
    Dimension: Object.fromEntries(dimension),
    NoticeType: 0,
  };
}

export function policyView(
  name: string,
  { db, account }: Pick<Scope, 'db' | 'account'>,
): Record<string, unknown> {
  return {
    PolicyName: name,
    PolicyType: 'System',
    Description: POLICY_DESCRIPTIONS[name] ?? '',
    DefaultVersion: 'v1',
    CreateDate: '2015-04-28T16:00:00Z',
    UpdateDate: '2015-04-28T16:00:00Z',
    // A count across the account's users and roles: the one call that reads them all.
    AttachmentCount:
      db.users(account).filter((u) => u.policies.includes(name)).length +
      db.roles(account).filter((r) => r.policies.includes(name)).length,
    PolicyDocument: policyDocument(name),
  };
}
