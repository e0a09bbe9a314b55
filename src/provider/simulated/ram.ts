/**
 * RAM users of an account (SPEC §4.6): created, given system policies,
 * optionally a console logon (its password must be changed at first logon),
 * and at most two AccessKeys each. Names are per account. Identity must be
 * verified first. Like RAM's own API, CreateUser has no client token: a
 * repeated name is `EntityAlreadyExists.User`, so callers look before they create.
 */
import { checkRamPassword } from '../../validate/index.js';
import type { RamUser } from '../types.js';
import { type Ctx, iso, str } from './common.js';
import { providerError } from './errors.js';
import { hashPassword, stableDigits } from './hash.js';
import { requireVerified } from './identity.js';
import { isSystemPolicy } from './policies.js';
import type { StoredAccount, StoredRamUser } from './state.js';

/** At most two keys per RAM user, Active and Inactive together. */
export const MAX_RAM_USER_KEYS = 2;

/** The account's default domain: `<uid>.onaliyun.com` unless it was changed. */
export function defaultDomain(account: StoredAccount): string {
  return account.defaultDomain ?? `${account.uid}.onaliyun.com`;
}

/**
 * The user's UserId as RAM shows it: 16 digits, stable for the account and
 * the (case-insensitive) name, so the cloud file needs no field for it.
 */
export function ramUserId(account: StoredAccount, userName: string): string {
  return stableDigits(`${account.uid}:user:${userName.toLowerCase()}`, 16);
}

function view(account: StoredAccount, user: StoredRamUser): RamUser {
  return {
    name: user.name,
    principalName: `${user.name}@${defaultDomain(account)}`,
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
export function requireUser(account: StoredAccount, name: unknown): StoredRamUser {
  const wanted = str(name).toLowerCase();
  const user = account.ramUsers.find((u) => u.name.toLowerCase() === wanted);
  if (!user) throw providerError('EntityNotExist.User', { userName: str(name) });
  return user;
}

export function getUser(account: StoredAccount, name: string): RamUser | null {
  const wanted = str(name).toLowerCase();
  const user = account.ramUsers.find((u) => u.name.toLowerCase() === wanted);
  return user ? view(account, user) : null;
}

export function listUsers(account: StoredAccount): RamUser[] {
  return account.ramUsers.map((u) => view(account, u));
}

export function createUser(
  account: StoredAccount,
  input: { name: string; displayName?: string },
  ctx: Ctx,
): RamUser {
  const name = validName(input.name);
  requireVerified(account, ctx);
  if (account.ramUsers.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
    throw providerError('EntityAlreadyExists.User', { userName: name });
  }
  const user: StoredRamUser = {
    name,
    ...(input.displayName ? { displayName: str(input.displayName) } : {}),
    createdAt: iso(ctx.now),
    policies: [],
    accessKeys: [],
  };
  account.ramUsers.push(user);
  return view(account, user);
}

/** `EntityNotExist.Policy` unless a system policy has that name. */
export function requirePolicy(name: unknown): string {
  const policy = str(name);
  if (!/^[A-Za-z0-9-]{1,128}$/.test(policy)) throw providerError('InvalidParameter.PolicyName');
  if (!isSystemPolicy(policy)) throw providerError('EntityNotExist.Policy', { policyName: policy });
  return policy;
}

/** Attaches a system policy; attaching it twice is `EntityAlreadyExists.User.Policy`, as in RAM. */
export function attachPolicy(account: StoredAccount, userName: string, policyName: string): void {
  const policy = requirePolicy(policyName);
  const user = requireUser(account, userName);
  if (user.policies.includes(policy))
    throw providerError('EntityAlreadyExists.User.Policy', { policyName: policy });
  user.policies.push(policy);
}

export function listPolicies(account: StoredAccount, userName: string): string[] {
  return [...requireUser(account, userName).policies];
}

/** Allows console logon with a password that must be changed at the first logon. */
export function createLoginProfile(
  account: StoredAccount,
  userName: string,
  input: { password: string; passwordResetRequired: boolean },
  ctx: Ctx,
): void {
  const user = requireUser(account, userName);
  if (user.loginProfile)
    throw providerError('EntityAlreadyExists.User.LoginProfile', { userName: user.name });
  if (checkRamPassword(str(input.password))) throw providerError('InvalidParameter.Password');
  user.loginProfile = {
    password: hashPassword(str(input.password)),
    passwordResetRequired: input.passwordResetRequired !== false,
    createdAt: iso(ctx.now),
  };
}

export function getLoginProfile(
  account: StoredAccount,
  userName: string,
): { passwordResetRequired: boolean } | null {
  const profile = requireUser(account, userName).loginProfile;
  return profile ? { passwordResetRequired: profile.passwordResetRequired } : null;
}
