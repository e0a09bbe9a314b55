/**
 * AccessKeys of an account (SPEC §4.3): at most five, the secret returned
 * once and kept only as a salted hash, Inactive before deletion.
 */
import { checkCidrList } from '../../validate/index.js';
import type { AccessKeyInfo, AccessKeyStatus, CreatedAccessKey } from '../types.js';
import { type Ctx, check, clientToken, iso, oneOf } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { hashSecret, newAccessKeyId, newAccessKeySecret } from './hash.js';
import type { CloudState, StoredAccessKey, StoredAccount } from './state.js';

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
  return out;
}

/** The account's keys, oldest first. */
export function listAccessKeys(account: StoredAccount): AccessKeyInfo[] {
  return account.accessKeys.map(info);
}

/**
 * Creates a key. When a key created with the same clientToken still exists it
 * is returned without its secret (which is gone): the caller lost the first
 * response and must dispose of that key. Only then is the five-key limit checked.
 */
export function createAccessKey(
  state: CloudState,
  account: StoredAccount,
  input: { clientToken: string; allowCidrs: string[] },
  ctx: Ctx,
): CreatedAccessKey {
  const token = clientToken(input.clientToken);
  const earlier = account.accessKeys.find((k) => k.clientToken === token);
  if (earlier) return { key: info(earlier), secret: null };

  const allowCidrs = input.allowCidrs ?? [];
  if (!Array.isArray(allowCidrs) || allowCidrs.some((c) => typeof c !== 'string')) {
    throw invalidParameter('allowCidrs', 'must be a list of CIDR blocks');
  }
  check('allowCidrs', checkCidrList(allowCidrs));
  if (account.accessKeys.length >= MAX_ACCESS_KEYS) {
    throw providerError('LimitExceeded.User.AccessKey', { limit: MAX_ACCESS_KEYS });
  }

  // Ids are global in Alibaba Cloud; a collision is astronomically unlikely but costs one line.
  const taken = new Set(state.accounts.flatMap((a) => a.accessKeys.map((k) => k.id)));
  let id = newAccessKeyId();
  while (taken.has(id)) id = newAccessKeyId();
  const secret = newAccessKeySecret();
  const key: StoredAccessKey = {
    id,
    secret: hashSecret(secret),
    status: 'Active',
    created: iso(ctx.now),
    lastUsed: null,
    allowCidrs: [...allowCidrs],
    clientToken: token,
  };
  account.accessKeys.push(key);
  return { key: info(key), secret };
}

function findKey(account: StoredAccount, id: string): StoredAccessKey {
  const key = account.accessKeys.find((k) => k.id === id);
  if (!key) throw providerError('EntityNotExist.User.AccessKey', { accessKeyId: String(id) });
  return key;
}

/** Enables or disables a key; setting the status it already has changes nothing. */
export function updateAccessKey(account: StoredAccount, id: string, status: AccessKeyStatus): AccessKeyInfo {
  const wanted = oneOf('status', status, ['Active', 'Inactive'] as const);
  const key = findKey(account, id);
  key.status = wanted;
  return info(key);
}

/** Deletes a key, which must be Inactive first. */
export function deleteAccessKey(account: StoredAccount, id: string): void {
  const key = findKey(account, id);
  if (key.status === 'Active') throw providerError('DeleteConflict.User.AccessKey', { accessKeyId: key.id });
  account.accessKeys = account.accessKeys.filter((k) => k !== key);
}
