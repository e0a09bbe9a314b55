/**
 * RAM users of an account (SPEC §4.6): created, given system policies,
 * optionally a console logon (its password must be changed at first logon),
 * and at most two AccessKeys each. Names are per account. Identity must be
 * verified first. Like RAM's own API, CreateUser has no client token: a
 * repeated name is `EntityAlreadyExists.User`, so callers look before they create.
 *
 * RAM roles of an account (SPEC §4.9): a name, a trust policy (who may assume
 * the role) and attached system policies. CreateRole has no client token
 * either (`EntityAlreadyExists.Role`), and needs a verified identity too.
 */
import { checkRamPassword } from '../../validate/index.js';
import type { RamRole, RamUser } from '../types.js';
import { KEY_RULES, type KeyScope } from './access-keys.js';
import { iso, str } from './common.js';
import { providerError } from './errors.js';
import { hashPassword, stableDigits } from './hash.js';
import { requireVerified } from './identity.js';
import { isSystemPolicy } from './policies.js';
import { read, type Scope, within, write } from './rules.js';
import type { StoredAccount, StoredRamRole, StoredRamUser } from './state.js';

/** What a rule about the account's users and roles needs: its records and the account. */
type Account = Pick<Scope, 'db' | 'account'>;

/** At most two keys per RAM user, Active and Inactive together. */
export const MAX_RAM_USER_KEYS = 2;

/** The account's default domain: `<uid>.onaliyun.com` unless it was changed. */
export function defaultDomain({ account }: Pick<Scope, 'account'>): string {
  return account.defaultDomain ?? `${account.uid}.onaliyun.com`;
}

/**
 * The user's UserId as RAM shows it: 16 digits, stable for the account and
 * the (case-insensitive) name, so the cloud needs no field for it.
 */
export function ramUserId(account: StoredAccount, userName: string): string {
  return stableDigits(`${account.uid}:user:${userName.toLowerCase()}`, 16);
}

function view(account: StoredAccount, user: StoredRamUser): RamUser {
  return {
    name: user.name,
    principalName: `${user.name}@${defaultDomain({ account })}`,
    createdAt: user.createdAt,
    policies: [...user.policies],
    consoleAccess: user.loginProfile !== undefined,
  };
}

function validName(value: unknown): string {
  const name = str(value);
  if (name.length < 1 || name.length > 64) throw providerError('InvalidParameter.UserName.Length');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw providerError('InvalidParameter.UserName.InvalidChars');
  return name;
}

/** The user, or `EntityNotExist.User`. Names are matched as RAM does: case-insensitively. */
export function requireUser({ db, account }: Account, name: unknown): StoredRamUser {
  const user = db.user(account, str(name));
  if (!user) throw providerError('EntityNotExist.User', { userName: str(name) });
  return user;
}

/** The user, or null when the account has none of that name. */
export function getUser({ db, account }: Account, name: string): RamUser | null {
  const user = db.user(account, str(name));
  return user ? view(account, user) : null;
}

export function createUser(
  { db, account, ctx }: Scope,
  input: { name: string; displayName?: string },
): RamUser {
  const name = validName(input.name);
  requireVerified(account, ctx);
  if (db.user(account, name)) {
    throw providerError('EntityAlreadyExists.User', { userName: name });
  }
  const user: StoredRamUser = {
    name,
    ...(input.displayName ? { displayName: str(input.displayName) } : {}),
    createdAt: iso(ctx.now),
    policies: [],
    accessKeys: [],
  };
  db.addUser(account, user);
  return view(account, user);
}

/** `EntityNotExist.Policy` unless a system policy has that name. */
export function requirePolicy(name: unknown): string {
  const policy = str(name);
  if (policy.length < 1 || policy.length > 128) throw providerError('InvalidParameter.PolicyName.Length');
  if (!/^[A-Za-z0-9-]+$/.test(policy)) throw providerError('InvalidParameter.PolicyName.InvalidChars');
  if (!isSystemPolicy(policy)) throw providerError('EntityNotExist.Policy', { policyName: policy });
  return policy;
}

/** Whether a system policy of that name exists. */
export function policyExists(_scope: Account, name: string): boolean {
  return isSystemPolicy(name);
}

/** Attaches a system policy; attaching it twice is `EntityAlreadyExists.User.Policy`, as in RAM. */
export function attachPolicy(scope: Account, userName: string, policyName: string): void {
  const policy = requirePolicy(policyName);
  const user = requireUser(scope, userName);
  if (user.policies.includes(policy))
    throw providerError('EntityAlreadyExists.User.Policy', { policyName: policy });
  user.policies.push(policy);
}

export function listPolicies(scope: Account, userName: string): string[] {
  return [...requireUser(scope, userName).policies];
}

/**
 * Allows console logon with a password; unless told otherwise it must be
 * changed at the first logon (what the wizard always asks for).
 */
export function createLoginProfile(
  scope: Scope,
  userName: string,
  password: string,
  passwordResetRequired = true,
): void {
  const user = requireUser(scope, userName);
  if (user.loginProfile)
    throw providerError('EntityAlreadyExists.User.LoginProfile', { userName: user.name });
  if (checkRamPassword(str(password))) throw providerError('InvalidParameter.Password.TooWeak');
  user.loginProfile = {
    password: hashPassword(str(password)),
    passwordResetRequired: passwordResetRequired !== false,
    createdAt: iso(scope.ctx.now),
  };
}

/** Whether the user may sign in to the console (a login profile exists). */
export function hasLoginProfile(scope: Account, userName: string): boolean {
  return requireUser(scope, userName).loginProfile !== undefined;
}

/** A RAM user's keys: at most {@link MAX_RAM_USER_KEYS}. */
export function userKeys(scope: Scope, userName: string): KeyScope {
  const user = requireUser(scope, userName);
  return {
    ...scope,
    holder: user,
    owner: { uid: scope.account.uid, user: user.name.toLowerCase() },
    limit: MAX_RAM_USER_KEYS,
  };
}

// --- roles ------------------------------------------------------------------------

/** The longest trust policy RAM accepts (characters). */
export const MAX_TRUST_POLICY = 2048;

/** The role's RoleId as RAM shows it: 19 digits, stable for the account and the (case-insensitive) name. */
export function ramRoleId(account: StoredAccount, roleName: string): string {
  return stableDigits(`${account.uid}:role:${roleName.toLowerCase()}`, 19);
}

/** `acs:ram::<uid>:role/<name>`: RAM writes the name in lower case in a role's ARN. */
export function roleArn(account: StoredAccount, roleName: string): string {
  return `acs:ram::${account.uid}:role/${roleName.toLowerCase()}`;
}

function roleView(account: StoredAccount, role: StoredRamRole): RamRole {
  return {
    name: role.name,
    arn: roleArn(account, role.name),
    trustPolicy: role.trustPolicy,
    description: role.description ?? '',
    createdAt: role.createdAt,
  };
}

function validRoleName(value: unknown): string {
  const name = str(value);
  if (name.length < 1 || name.length > 64) throw providerError('InvalidParameter.RoleName.Length');
  if (!/^[A-Za-z0-9.-]+$/.test(name)) throw providerError('InvalidParameter.RoleName.InvalidChars');
  return name;
}

/**
 * A trust policy RAM would keep: at most {@link MAX_TRUST_POLICY} characters,
 * a JSON object with a `Statement` (one, or a list). Kept as it was sent.
 */
function validTrustPolicy(
  value: unknown,
  parameter: 'AssumeRolePolicyDocument' | 'NewAssumeRolePolicyDocument',
): string {
  const text = str(value);
  if (text.length > MAX_TRUST_POLICY) throw providerError(`InvalidParameter.${parameter}.Length`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw providerError('MalformedPolicyDocument', { reason: 'not JSON' });
  }
  const statement =
    typeof parsed === 'object' && parsed !== null
      ? Object.getOwnPropertyDescriptor(parsed, 'Statement')?.value
      : undefined;
  if (typeof statement !== 'object' || statement === null) {
    throw providerError('MalformedPolicyDocument', { reason: 'no Statement' });
  }
  return text;
}

/** The role, or `EntityNotExist.Role`. Names are matched as RAM does: case-insensitively. */
export function requireRole({ db, account }: Account, name: unknown): StoredRamRole {
  const role = db.role(account, str(name));
  if (!role) throw providerError('EntityNotExist.Role', { roleName: str(name) });
  return role;
}

/** The role, or null when the account has none of that name. */
export function getRole({ db, account }: Account, name: string): RamRole | null {
  const role = db.role(account, str(name));
  return role ? roleView(account, role) : null;
}

export function createRole(
  { db, account, ctx }: Scope,
  input: { name: string; trustPolicy: string; description?: string },
): RamRole {
  const name = validRoleName(input.name);
  const trustPolicy = validTrustPolicy(input.trustPolicy, 'AssumeRolePolicyDocument');
  requireVerified(account, ctx);
  if (db.role(account, name)) throw providerError('EntityAlreadyExists.Role', { roleName: name });
  const now = iso(ctx.now);
  const role: StoredRamRole = {
    name,
    ...(input.description ? { description: str(input.description) } : {}),
    trustPolicy,
    maxSessionDuration: 3600,
    createdAt: now,
    updatedAt: now,
    policies: [],
  };
  db.addRole(account, role);
  return roleView(account, role);
}

/** A new trust policy (or description) for the role; what the change leaves out stays. */
export function updateRole(
  scope: Scope,
  name: string,
  change: { trustPolicy?: string; description?: string },
): RamRole {
  const { account, ctx } = scope;
  const role = requireRole(scope, name);
  const trustPolicy =
    change.trustPolicy === undefined
      ? undefined
      : validTrustPolicy(change.trustPolicy, 'NewAssumeRolePolicyDocument');
  if (trustPolicy !== undefined) role.trustPolicy = trustPolicy;
  if (change.description !== undefined) role.description = str(change.description);
  role.updatedAt = iso(ctx.now);
  return roleView(account, role);
}

/** Attaches a system policy; attaching it twice is `EntityAlreadyExists.Role.Policy`. */
export function attachPolicyToRole(scope: Account, roleName: string, policyName: string): void {
  const policy = requirePolicy(policyName);
  const role = requireRole(scope, roleName);
  if (role.policies.includes(policy))
    throw providerError('EntityAlreadyExists.Role.Policy', { policyName: policy, roleName: role.name });
  role.policies.push(policy);
}

export function listPoliciesForRole(scope: Account, roleName: string): string[] {
  return [...requireRole(scope, roleName).policies];
}

/** The `ram` capability. */
export const RAM_RULES = {
  getUser: read(getUser),
  createUser: write('createUser', createUser),
  policyExists: read(policyExists),
  listPolicies: read(listPolicies),
  attachPolicy: write('attachPolicy', attachPolicy),
  hasLoginProfile: read(hasLoginProfile),
  createLoginProfile: write('createLoginProfile', createLoginProfile),
  userKeys: within(userKeys, KEY_RULES),
  defaultDomain: read(defaultDomain),
  getRole: read(getRole),
  createRole: write('createRole', createRole),
  updateRole: write('updateRole', updateRole),
  listPoliciesForRole: read(listPoliciesForRole),
  attachPolicyToRole: write('attachPolicyToRole', attachPolicyToRole),
};
