/**
 * AccessKeys of an account (SPEC §4.3) or a RAM user (§4.6): at most five
 * (two for a RAM user), the secret returned once and never stored (it is
 * derived from the id and the cloud's seed), Inactive before deletion.
 */
import { checkCidrList } from '../../validate/index.js';
import type { AccessKeyInfo, AccessKeyStatus, CreatedAccessKey } from '../types.js';
import { check, clientToken, iso, oneOf } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { deriveSecret, newAccessKeyId } from './hash.js';
import type { KeyOwner } from './records.js';
import { read, type Scope, type World, write } from './rules.js';
import type { StoredAccessKey } from './state.js';

/** Active and Inactive keys together, as Alibaba Cloud counts them. */
export const MAX_ACCESS_KEYS = 5;

function info(key: StoredAccessKey): AccessKeyInfo {
  const out: AccessKeyInfo = {
    id: key.id,
    status: key.status,
    created: key.created,
    lastUsed: key.lastUsed,
    allowCidrs: [...key.allowCidrs],
  };
  if (key.clientToken !== undefined) out.clientToken = key.clientToken;
  if (!key.derived) out.cannotSign = true;
  return out;
}

/** Whatever holds keys: an account (its root keys) or one of its RAM users. */
export interface KeyHolder {
  accessKeys: StoredAccessKey[];
}

/** A call about one holder's keys, who that is (key ids are global: each records its owner), and how many it may have. */
export interface KeyScope extends World {
  holder: KeyHolder;
  owner: KeyOwner;
  limit: number;
}

/** The account's own (root) keys. */
export function ownKeys(scope: Scope): KeyScope {
  return { ...scope, holder: scope.account, owner: { uid: scope.account.uid }, limit: MAX_ACCESS_KEYS };
}

/** The holder's keys, oldest first. */
export function listAccessKeys({ holder }: Pick<KeyScope, 'holder'>): AccessKeyInfo[] {
  return holder.accessKeys.map(info);
}

/**
 * Creates a key. When a key created with the same clientToken still exists it
 * is returned without its secret (which is gone): the caller lost the first
 * response and must dispose of that key. Only then is the five-key limit checked.
 */
export function createAccessKey(
  { db, ctx, holder, owner, limit }: KeyScope,
  input: { clientToken: string; allowCidrs: string[] },
): CreatedAccessKey {
  const token = clientToken(input.clientToken);
  const earlier = holder.accessKeys.find((k) => k.clientToken === token);
  if (earlier) return { key: info(earlier), secret: null };

  const allowCidrs = input.allowCidrs ?? [];
  if (!Array.isArray(allowCidrs) || allowCidrs.some((c) => typeof c !== 'string')) {
    throw invalidParameter('allowCidrs', 'must be a list of CIDR blocks');
  }
  check('allowCidrs', checkCidrList(allowCidrs));
  if (holder.accessKeys.length >= limit) throw providerError('LimitExceeded.User.AccessKey', { limit });

  // Ids are global in Alibaba Cloud; a collision is astronomically unlikely but costs one line.
  let id = newAccessKeyId();
  while (db.keyIdTaken(id)) id = newAccessKeyId();
  const key: StoredAccessKey = {
    id,
    derived: true,
    status: 'Active',
    created: iso(ctx.now),
    lastUsed: null,
    allowCidrs: [...allowCidrs],
    clientToken: token,
  };
  holder.accessKeys.push(key);
  db.addKeyOwner(id, owner);
  return { key: info(key), secret: deriveSecret(db.seedForNewKey(), id) };
}

function findKey(holder: KeyHolder, id: string): StoredAccessKey {
  const key = holder.accessKeys.find((k) => k.id === id);
  if (!key) throw providerError('EntityNotExist.User.AccessKey', { accessKeyId: String(id) });
  return key;
}

/** Enables or disables a key; setting the status it already has changes nothing. */
export function updateAccessKey(
  { holder }: Pick<KeyScope, 'holder'>,
  id: string,
  status: AccessKeyStatus,
): AccessKeyInfo {
  const wanted = oneOf('status', status, ['Active', 'Inactive'] as const);
  const key = findKey(holder, id);
  key.status = wanted;
  return info(key);
}

/**
 * Deletes a key, which must be Inactive first: the simulated cloud's rule (SPEC §4.3), under a
 * code of its own, since RAM and IMS document none for deleting an Active key.
 */
export function deleteAccessKey({ db, holder }: Pick<KeyScope, 'db' | 'holder'>, id: string): void {
  const key = findKey(holder, id);
  if (key.status === 'Active')
    throw providerError('DeleteConflict.AccessKey.Active', { accessKeyId: key.id });
  holder.accessKeys = holder.accessKeys.filter((k) => k !== key);
  db.removeKeyOwner(key.id);
}

/**
 * Replaces a key's network policy (IMS SetAccessKeyPolicy): the CIDR blocks it may be used
 * from, empty for anywhere. The same checks as a policy given at creation.
 */
export function setAccessKeyPolicy(
  { holder }: Pick<KeyScope, 'holder'>,
  id: string,
  allowCidrs: string[],
): AccessKeyInfo {
  if (!Array.isArray(allowCidrs) || allowCidrs.some((c) => typeof c !== 'string')) {
    throw invalidParameter('allowCidrs', 'must be a list of CIDR blocks');
  }
  check('allowCidrs', checkCidrList(allowCidrs));
  const key = findKey(holder, id);
  key.allowCidrs = [...allowCidrs];
  return info(key);
}

/** How many keys the holder may have, Active and Inactive together (IMS GetAccountSummary's quotas). */
export function accessKeyLimit({ limit }: Pick<KeyScope, 'limit'>): number {
  return limit;
}

/** The capability of one holder's keys (the account's `accessKeys`, a RAM user's `userKeys`). */
export const KEY_RULES = {
  list: read(listAccessKeys),
  create: write('createAccessKey', createAccessKey),
  update: write('updateAccessKey', updateAccessKey),
  delete: write('deleteAccessKey', deleteAccessKey),
  limit: read(accessKeyLimit),
};
