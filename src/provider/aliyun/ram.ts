/**
 * RAM users and roles through RAM `2015-05-01`, users' keys' last use and the
 * account's default domain through IMS `2019-08-15`. RAM has no client token:
 * a repeated CreateUser is `EntityAlreadyExists.User`, a repeated CreateRole
 * `EntityAlreadyExists.Role`, and callers look first.
 */
import { ProviderError } from '../../core/errors.js';
import type { AccessKeyStatus, RamCapability, RamRole, RamUser } from '../types.js';
import { createdKey, type KeyApi, type KeyMemory, keyCapability, rawKeys } from './access-keys.js';
import type { OpenApi } from './api.js';
import { at, isoTime, list, text } from './json.js';

/** What the RAM capability shares with the rest of the Cloud. */
export interface RamContext {
  api: OpenApi;
  /** Throws for a read-only provider. */
  writable(): void;
  /** The account's default domain (IMS GetDefaultDomain), asked once. */
  domain(): Promise<string>;
  /** The process's memory of one owner's key creations. */
  keyMemory(owner: string): KeyMemory;
  /** IMS's key policy calls and the account's key limits (shared with the account's own keys). */
  keyPolicy: {
    policy(id: string, principalName?: string): Promise<string[]>;
    setPolicy(id: string, allowCidrs: readonly string[], principalName?: string): Promise<void>;
    quota(name: 'AccessKeysPerUserQuota'): Promise<number>;
  };
}

/**
 * A RAM user's deleted AccessKey stays in the user's recycle bin for 30 days,
 * at most three per user ("Delete an AccessKey pair of a RAM user",
 * https://www.alibabacloud.com/help/doc-detail/116808.html).
 */
const RAM_USER_RECYCLE_BIN = { days: 30, perOwner: 3 } as const;

/** `fn`'s result, or `fallback` when the cloud answers one of `codes`. */
export async function unless<T>(codes: readonly string[], fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ProviderError && codes.includes(error.code)) return fallback;
    throw error;
  }
}

/** IMS GetAccessKeyLastUsed: the time, or null when the key was never used. */
export async function lastUsed(api: OpenApi, id: string, principalName?: string): Promise<string | null> {
  const body = await unless(['EntityNotExist.User.AccessKey'], undefined, () =>
    api.rpc({
      product: 'ims',
      action: 'GetAccessKeyLastUsed',
      params: { UserAccessKeyId: id, ...(principalName ? { UserPrincipalName: principalName } : {}) },
    }),
  );
  const used = text(body, 'AccessKeyLastUsed', 'LastUsedDate');
  return used ? isoTime(used, used) : null;
}

/** A RAM user's keys: RAM's key calls with `UserName`. */
function userKeyApi(ctx: RamContext, userName: string): KeyApi {
  const call = (action: string, params: Record<string, string> = {}) =>
    ctx.api.rpc({ product: 'ram', action, params: { UserName: userName, ...params } });
  const principal = async () => `${userName}@${await ctx.domain()}`;
  return {
    list: async () => rawKeys(await call('ListAccessKeys')),
    create: async () => createdKey(await call('CreateAccessKey')),
    update: async (id: string, status: AccessKeyStatus) => {
      await call('UpdateAccessKey', { UserAccessKeyId: id, Status: status });
    },
    remove: async (id: string) => {
      await call('DeleteAccessKey', { UserAccessKeyId: id });
    },
    lastUsed: async (id: string) => lastUsed(ctx.api, id, await principal()),
    // IMS names a RAM user's key by the user's principal name.
    policy: async (id: string) => ctx.keyPolicy.policy(id, await principal()),
    setPolicy: async (id: string, allowCidrs: readonly string[]) =>
      ctx.keyPolicy.setPolicy(id, allowCidrs, await principal()),
    limit: () => ctx.keyPolicy.quota('AccessKeysPerUserQuota'),
    recycleBin: RAM_USER_RECYCLE_BIN,
  };
}

export function ramCapability(ctx: RamContext): RamCapability {
  const rpc = (action: string, params: Record<string, string>, secrets?: string[]) =>
    ctx.api.rpc({ product: 'ram', action, params, ...(secrets ? { secrets } : {}) });

  const listPolicies = async (userName: string) =>
    list(await rpc('ListPoliciesForUser', { UserName: userName }), 'Policies', 'Policy').flatMap((p) => {
      const name = text(p, 'PolicyName');
      return name === undefined ? [] : [name];
    });

  const hasLoginProfile = (userName: string) =>
    unless(['EntityNotExist.User.LoginProfile'], false, async () => {
      await rpc('GetLoginProfile', { UserName: userName });
      return true;
    });

  const view = async (
    user: unknown,
    fallbackName: string,
    extra: Pick<RamUser, 'policies' | 'consoleAccess'>,
  ): Promise<RamUser> => {
    const name = text(user, 'UserName') ?? fallbackName;
    return {
      name,
      principalName: `${name}@${await ctx.domain()}`,
      createdAt: isoTime(text(user, 'CreateDate'), new Date().toISOString()),
      ...extra,
    };
  };

  /** A role as GetRole, CreateRole and UpdateRole return it (`Role`). */
  const roleView = (role: unknown, fallbackName: string): RamRole => {
    const name = text(role, 'RoleName') ?? fallbackName;
    return {
      name,
      arn: text(role, 'Arn') ?? '',
      trustPolicy: text(role, 'AssumeRolePolicyDocument') ?? '',
      description: text(role, 'Description') ?? '',
      createdAt: isoTime(text(role, 'CreateDate'), new Date().toISOString()),
    };
  };

  return {
    async getUser(name) {
      const body = await unless(['EntityNotExist.User'], undefined, () => rpc('GetUser', { UserName: name }));
      if (body === undefined) return null;
      const user = at(body, 'User');
      const realName = text(user, 'UserName') ?? name;
      const [policies, consoleAccess] = await Promise.all([
        listPolicies(realName),
        hasLoginProfile(realName),
      ]);
      return view(user, name, { policies, consoleAccess });
    },

    async createUser({ name, displayName }) {
      ctx.writable();
      const body = await rpc('CreateUser', {
        UserName: name,
        ...(displayName ? { DisplayName: displayName } : {}),
      });
      return view(at(body, 'User'), name, { policies: [], consoleAccess: false });
    },

    // A name RAM refuses (its characters, its length) names no policy either.
    policyExists: (name) =>
      unless(
        [
          'EntityNotExist.Policy',
          'InvalidParameter.PolicyName.InvalidChars',
          'InvalidParameter.PolicyName.Length',
        ],
        false,
        async () => {
          await rpc('GetPolicy', { PolicyName: name, PolicyType: 'System' });
          return true;
        },
      ),

    listPolicies,

    async attachPolicy(userName, policyName) {
      ctx.writable();
      await rpc('AttachPolicyToUser', { PolicyType: 'System', PolicyName: policyName, UserName: userName });
    },

    hasLoginProfile,

    async createLoginProfile(userName, password) {
      ctx.writable();
      await rpc(
        'CreateLoginProfile',
        { UserName: userName, Password: password, PasswordResetRequired: 'true' },
        [password],
      );
    },

    userKeys: (userName) =>
      keyCapability(userKeyApi(ctx, userName), ctx.keyMemory(`user:${userName.toLowerCase()}`), ctx.writable),

    defaultDomain: () => ctx.domain(),

    async getRole(name) {
      const body = await unless(['EntityNotExist.Role'], undefined, () => rpc('GetRole', { RoleName: name }));
      return body === undefined ? null : roleView(at(body, 'Role'), name);
    },

    async createRole({ name, trustPolicy, description }) {
      ctx.writable();
      const body = await rpc('CreateRole', {
        RoleName: name,
        AssumeRolePolicyDocument: trustPolicy,
        ...(description ? { Description: description } : {}),
      });
      return roleView(at(body, 'Role'), name);
    },

    async updateRole(name, { trustPolicy }) {
      ctx.writable();
      const body = await rpc('UpdateRole', { RoleName: name, NewAssumeRolePolicyDocument: trustPolicy });
      return roleView(at(body, 'Role'), name);
    },

    listPoliciesForRole: async (roleName) =>
      list(await rpc('ListPoliciesForRole', { RoleName: roleName }), 'Policies', 'Policy').flatMap((p) => {
        const name = text(p, 'PolicyName');
        return name === undefined ? [] : [name];
      }),

    async attachPolicyToRole(roleName, policyName) {
      ctx.writable();
      await rpc('AttachPolicyToRole', { PolicyType: 'System', PolicyName: policyName, RoleName: roleName });
    },
  };
}
