/**
 * AccessKeys of one owner — the caller's own through IMS, a RAM user's
 * through RAM (their network policies through IMS) — with the capability's
 * contract kept where the real APIs differ from it:
 *
 * - No client token: before the first CreateAccessKey of a clientToken the
 *   owner's key ids are noted; when the same token comes again (a retry after
 *   a lost response or a timeout) and a key not in that note has appeared, it
 *   is returned without its secret (a replay) instead of making another. The
 *   note lives in the process, as a retry does.
 * - A network policy at creation: IMS SetAccessKeyPolicy right after
 *   CreateAccessKey, before the secret is returned. When it fails the key is
 *   not returned: the caller's repair finds it by its clientToken and
 *   discards it, unless a retry with the same clientToken sets the policy
 *   first — the process keeps that one key's secret until then, so a throttled
 *   policy call costs no key.
 * - Deleting an Active key: refused here (`DeleteConflict.AccessKey.Active`),
 *   as the contract says; RAM and IMS document no code for it.
 */
import { ProviderError } from '../../core/errors.js';
import { memberOf } from '../../core/types.js';
import type { AccessKeyCapability, AccessKeyInfo, AccessKeyStatus, CreatedAccessKey } from '../types.js';
import { localError } from './errors.js';
import { at, isoTime, isRecord, list, text } from './json.js';

const STATUSES = ['Active', 'Inactive'] as const;

/** A key as the list and create calls give it. */
export interface RawKey {
  id: string;
  status: AccessKeyStatus;
  created: string;
}

/** One owner's keys as API calls. */
export interface KeyApi {
  list(): Promise<RawKey[]>;
  create(): Promise<{ key: RawKey; secret: string }>;
  update(id: string, status: AccessKeyStatus): Promise<void>;
  remove(id: string): Promise<void>;
  lastUsed(id: string): Promise<string | null>;
  /** IMS GetAccessKeyPolicy: the blocks the key may be used from (empty: anywhere). */
  policy(id: string): Promise<string[]>;
  /** IMS SetAccessKeyPolicy. */
  setPolicy(id: string, allowCidrs: readonly string[]): Promise<void>;
  /** IMS GetAccountSummary: the owner's limit. */
  limit(): Promise<number>;
  /** Where deleted keys are kept (a RAM user's: the recycle bin). */
  recycleBin?: { days: number; perOwner: number };
}

/** What the process remembers of one owner's creations (kept by the provider, across connects). */
export class KeyMemory {
  /** The owner's key ids before each clientToken's first create call. */
  readonly before = new Map<string, ReadonlySet<string>>();
  /** The clientToken each key of this process was created (or found) with. */
  readonly tokens = new Map<string, string>();
  /** A key created whose network policy could not be set yet, by clientToken (its secret until then). */
  readonly unpoliced = new Map<string, { key: RawKey; secret: string; allowCidrs: string[] }>();
}

/** `AccessKeys.AccessKey[]` of ListAccessKeys (RAM and IMS). */
export function rawKeys(body: unknown): RawKey[] {
  return list(body, 'AccessKeys', 'AccessKey').flatMap((k) => {
    const id = text(k, 'AccessKeyId');
    return id === undefined ? [] : [rawKey(k, id)];
  });
}

/** `AccessKey` of CreateAccessKey (RAM and IMS). */
export function createdKey(body: unknown): { key: RawKey; secret: string } {
  const key = at(body, 'AccessKey');
  const id = text(key, 'AccessKeyId');
  const secret = text(key, 'AccessKeySecret');
  if (id === undefined || secret === undefined || secret === '') {
    throw new Error('CreateAccessKey answered without a key id and secret');
  }
  return { key: rawKey(key, id), secret };
}

function rawKey(k: unknown, id: string): RawKey {
  return {
    id,
    status: memberOf(STATUSES, text(k, 'Status')) ?? 'Inactive',
    created: isoTime(text(k, 'CreateDate'), new Date(0).toISOString()),
  };
}

/**
 * IMS's policy document (SetAccessKeyPolicy's `AccessKeyPolicy`, a JSON
 * string): the blocks as one `ClassicWhiteList` statement, Active; no blocks
 * is the document IMS documents as "no policy", Inactive and empty.
 */
export function policyDocument(allowCidrs: readonly string[]): string {
  return JSON.stringify(
    allowCidrs.length === 0
      ? { Version: 1, Status: 'Inactive', Statements: [] }
      : { Version: 1, Status: 'Active', Statements: [{ Type: 'ClassicWhiteList', IPList: [...allowCidrs] }] },
  );
}

/**
 * The blocks of GetAccessKeyPolicy's `AccessKeyPolicy`: every statement's
 * `IPList` of an Active policy (a VPC statement's too: the key is not usable
 * from anywhere); nothing for an Inactive one or none at all.
 */
export function policyCidrs(body: unknown): string[] {
  const document = text(body, 'AccessKeyPolicy');
  if (document === undefined || document.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw localError('InvalidResponse', { endpoint: 'GetAccessKeyPolicy' });
  }
  if (!isRecord(parsed) || text(parsed, 'Status') !== 'Active') return [];
  return list(parsed, 'Statements').flatMap((statement) =>
    list(statement, 'IPList').filter((ip): ip is string => typeof ip === 'string'),
  );
}

function info(
  key: RawKey,
  lastUsed: string | null,
  clientToken: string | undefined,
  allowCidrs: string[],
): AccessKeyInfo {
  return {
    id: key.id,
    status: key.status,
    created: key.created,
    lastUsed,
    allowCidrs,
    ...(clientToken === undefined ? {} : { clientToken }),
  };
}

/** The capability over one owner's key API; `writable` throws for a read-only provider. */
export function keyCapability(api: KeyApi, memory: KeyMemory, writable: () => void): AccessKeyCapability {
  const describe = async (key: RawKey) => {
    const [used, cidrs] = await Promise.all([api.lastUsed(key.id), policyOf(key.id)]);
    return info(key, used, memory.tokens.get(key.id), cidrs);
  };
  /** The key's blocks; none for a key deleted meanwhile. */
  const policyOf = async (id: string): Promise<string[]> => {
    try {
      return await api.policy(id);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'EntityNotExist.User.AccessKey') return [];
      throw error;
    }
  };
  /** Sets the policy of a key made for `clientToken`; until it is set, the key is kept back. */
  const withPolicy = async (
    clientToken: string,
    created: { key: RawKey; secret: string },
    allowCidrs: string[],
  ): Promise<CreatedAccessKey> => {
    if (allowCidrs.length > 0) {
      memory.unpoliced.set(clientToken, { ...created, allowCidrs });
      await api.setPolicy(created.key.id, allowCidrs);
      memory.unpoliced.delete(clientToken);
    }
    return { key: info(created.key, null, clientToken, [...allowCidrs]), secret: created.secret };
  };
  const capability: AccessKeyCapability = {
    async list() {
      return Promise.all((await api.list()).map(describe));
    },

    async create({ clientToken, allowCidrs }): Promise<CreatedAccessKey> {
      writable();
      const waiting = memory.unpoliced.get(clientToken);
      // The same intent again after its policy call failed: set it now, then the key is delivered.
      if (waiting) return withPolicy(clientToken, waiting, waiting.allowCidrs);
      const before = memory.before.get(clientToken);
      if (before) {
        // The same intent again: a key that appeared since its first call is that call's key.
        const appeared = (await api.list()).filter((k) => {
          const token = memory.tokens.get(k.id);
          return !before.has(k.id) && (token === undefined || token === clientToken);
        });
        const earliest = appeared.sort((a, b) => a.created.localeCompare(b.created))[0];
        if (earliest) {
          memory.tokens.set(earliest.id, clientToken);
          return { key: info(earliest, null, clientToken, await policyOf(earliest.id)), secret: null };
        }
      } else {
        memory.before.set(clientToken, new Set((await api.list()).map((k) => k.id)));
      }
      const created = await api.create();
      memory.tokens.set(created.key.id, clientToken);
      return withPolicy(clientToken, created, allowCidrs);
    },

    async update(id, status) {
      writable();
      await api.update(id, status);
      const key = (await api.list()).find((k) => k.id === id);
      // Gone between the two calls: describe what was set.
      return key
        ? describe(key)
        : info({ id, status, created: new Date(0).toISOString() }, null, undefined, []);
    },

    async delete(id) {
      writable();
      const key = (await api.list()).find((k) => k.id === id);
      if (key?.status === 'Active') throw localError('DeleteConflict.AccessKey.Active', { accessKeyId: id });
      await api.remove(id);
      memory.tokens.delete(id);
      for (const [token, kept] of memory.unpoliced) if (kept.key.id === id) memory.unpoliced.delete(token);
    },

    limit: () => api.limit(),
  };
  return api.recycleBin ? { ...capability, recycleBin: api.recycleBin } : capability;
}
