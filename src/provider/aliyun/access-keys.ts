/**
 * AccessKeys of one owner — the caller's own through IMS, a RAM user's
 * through RAM — with the capability's contract kept where the real APIs
 * differ from it:
 *
 * - No client token: before the first CreateAccessKey of a clientToken the
 *   owner's key ids are noted; when the same token comes again (a retry after
 *   a lost response or a timeout) and a key not in that note has appeared, it
 *   is returned without its secret (a replay) instead of making another. The
 *   note lives in the process, as a retry does.
 * - No network access policy on creation: a non-empty `allowCidrs` is refused
 *   before anything is created (`UnsupportedParameter.AllowCidr`).
 * - Deleting an Active key: refused here (`DeleteConflict.User.AccessKey`), as
 *   the contract says, whatever the API would do.
 */
import { memberOf } from '../../core/types.js';
import type { AccessKeyCapability, AccessKeyInfo, AccessKeyStatus, CreatedAccessKey } from '../types.js';
import { localError } from './errors.js';
import { at, isoTime, list, text } from './json.js';

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
}

/** What the process remembers of one owner's creations (kept by the provider, across connects). */
export class KeyMemory {
  /** The owner's key ids before each clientToken's first create call. */
  readonly before = new Map<string, ReadonlySet<string>>();
  /** The clientToken each key of this process was created (or found) with. */
  readonly tokens = new Map<string, string>();
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

function info(key: RawKey, lastUsed: string | null, clientToken: string | undefined): AccessKeyInfo {
  return {
    id: key.id,
    status: key.status,
    created: key.created,
    lastUsed,
    // The API has no per-key network policy to report.
    allowCidrs: [],
    ...(clientToken === undefined ? {} : { clientToken }),
  };
}

/** The capability over one owner's key API; `writable` throws for a read-only provider. */
export function keyCapability(api: KeyApi, memory: KeyMemory, writable: () => void): AccessKeyCapability {
  const describe = async (key: RawKey) => info(key, await api.lastUsed(key.id), memory.tokens.get(key.id));
  return {
    async list() {
      return Promise.all((await api.list()).map(describe));
    },

    async create({ clientToken, allowCidrs }): Promise<CreatedAccessKey> {
      writable();
      if (allowCidrs.length > 0) throw localError('UnsupportedParameter.AllowCidr');
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
          return { key: info(earliest, null, clientToken), secret: null };
        }
      } else {
        memory.before.set(clientToken, new Set((await api.list()).map((k) => k.id)));
      }
      const created = await api.create();
      memory.tokens.set(created.key.id, clientToken);
      return { key: info(created.key, null, clientToken), secret: created.secret };
    },

    async update(id, status) {
      writable();
      await api.update(id, status);
      const key = (await api.list()).find((k) => k.id === id);
      // Gone between the two calls: describe what was set.
      return key ? describe(key) : info({ id, status, created: new Date(0).toISOString() }, null, undefined);
    },

    async delete(id) {
      writable();
      const key = (await api.list()).find((k) => k.id === id);
      if (key?.status === 'Active') throw localError('DeleteConflict.User.AccessKey', { accessKeyId: id });
      await api.remove(id);
      memory.tokens.delete(id);
    },
  };
}
