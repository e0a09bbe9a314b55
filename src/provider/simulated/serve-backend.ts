/**
 * The simulated cloud behind `onboard sim serve` (SPEC §5.1): the wire layer
 * (`../serve/`) authenticates a request and hands it here as an operation
 * and a principal; this module authorizes it against the caller's system
 * policies, runs the operation's handler from the wire table (`wire.ts`,
 * over the same rule modules the in-process provider uses), and records the
 * key's last use. Each request is one store transaction (a change in a write
 * transaction, a read in a snapshot), so the server and wizard runs sharing
 * the cloud never lose an update and a request reads only what it is about.
 *
 * Choices where Alibaba Cloud publishes no single answer are documented next
 * to the code and in README's `onboard sim serve` section.
 */
import { ProviderError } from '../../core/errors.js';
import { byName } from '../../core/names.js';
import type {
  KeyFacts,
  NonceStore,
  Operation,
  Principal,
  ServeBackend,
  ServedApi,
  ServeFault,
} from '../serve/backend.js';
import { ServeError } from '../serve/backend.js';
import { apiError, OSS_RULE_EC, ossError } from '../serve/errors.js';
import { NONCE_TTL_MS, NonceCache } from '../serve/guards.js';
import { type RunningServer, type StartOptions, startServer } from '../serve/server.js';
import { Behaviour, type BehaviourOptions } from './behaviour.js';
import { iso, ms } from './common.js';
import { deriveSecret } from './hash.js';
import { allows, type Product, policyAllowing } from './policies.js';
import type { CloudTx } from './records.js';
import type { Call } from './serve-api.js';
import type { StoredAccessKey, StoredAccount } from './state.js';
import type { CloudStore } from './store.js';
import { SERVED, SERVED_APIS, type ServedEntry } from './wire.js';

/** What the backend needs: the config dir and the same environment options as the in-process cloud. */
export type ServeBackendOptions = BehaviourOptions;

/**
 * A key's last use is written at most once a minute: recording every
 * request would make each read a write. `keys list`
 * shows minutes, and the real cloud's "last used" is coarse too.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The rules' parameter names, as the APIs spell them (for InvalidParameter messages). */
const API_NAMES: Readonly<Record<string, string>> = byName({
  region: 'RegionId',
  instanceType: 'QuotaActionCode',
  vcpuQuota: 'DesireValue',
  reason: 'Reason',
  status: 'Status',
  billing: 'chargeType',
  storageClass: 'StorageClass',
  acl: 'x-oss-acl',
  redundancy: 'DataRedundancyType',
});

/** A rule's refusal as the wire sends it; OSS spells a bad parameter `InvalidArgument`. */
function served(error: ProviderError, product: string): ServeError {
  let message = error.message;
  const parameter = error.data.parameter;
  if (typeof parameter === 'string' && API_NAMES[parameter]) {
    message = message.replace(`"${parameter}"`, `"${API_NAMES[parameter]}"`);
  }
  const code = product === 'oss' && error.code === 'InvalidParameter' ? 'InvalidArgument' : error.code;
  return new ServeError(
    code,
    error.httpStatus,
    message,
    {},
    product === 'oss' ? OSS_RULE_EC[code] : undefined,
  );
}

/**
 * Used signature nonces, kept in the store for their window (SPEC §5.1), so a
 * restarted server still refuses a captured request. This process's memory
 * answers first (a replay racing the first request's commit); then the store
 * (a nonce used before a restart, or by another server on the same cloud).
 * Recording them is batched: a change's nonce is written in the change's own
 * transaction (a change is never acknowledged before its nonce is stored),
 * the nonces of reads together at most {@link NONCE_BATCH_MS} later, and a
 * stopping server writes what is left: a commit per read would cost more
 * than the read.
 */
class StoredNonces implements NonceStore {
  private readonly recent = new NonceCache();
  /** The nonces this server has written to the store: a record of one of them is its own. */
  private readonly written = new NonceCache();
  private pending: UsedNonce[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: CloudStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  async use(accessKeyId: string, nonce: string, now: number): Promise<boolean> {
    if (!this.recent.use(accessKeyId, nonce, now)) return false;
    if (await this.store.read((db) => db.nonceUsed(accessKeyId, nonce, now))) return false;
    this.pending.push({ accessKeyId, nonce, now });
    this.timer ??= setTimeout(() => {
      this.flush().catch((error: unknown) => this.onError(error));
    }, NONCE_BATCH_MS);
    return true;
  }

  /** The nonces not yet written, for a transaction that writes them (they are the caller's now). */
  take(): UsedNonce[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Nonces a transaction took but did not write (it failed): written with the next batch. */
  giveBack(nonces: UsedNonce[]): void {
    this.pending.push(...nonces);
  }

  /**
   * Records `nonces` in the transaction `db`, and remembers as this server's those no other server
   * recorded first (from within the transaction: a change checked right after the commit must find
   * them so). A nonce another server recorded first stays that server's: a change this one was
   * asked with it is then refused ({@link takenElsewhere}).
   */
  record(db: CloudTx, nonces: readonly UsedNonce[]): void {
    for (const { accessKeyId, nonce, now } of nonces) {
      if (this.written.has(accessKeyId, nonce, now) || !db.nonceUsed(accessKeyId, nonce, now))
        this.written.use(accessKeyId, nonce, now);
    }
    recordNonces(db, nonces);
  }

  /**
   * Whether another server on the same store recorded the nonce of a change since this one checked
   * it (two servers given the same captured request at once): the change is then refused, as a
   * replay, inside the transaction that would make it. A record of this server's own is not one.
   */
  takenElsewhere(db: CloudTx, principal: Principal, now: number): boolean {
    const { accessKeyId, nonce } = principal;
    if (accessKeyId === undefined || nonce === undefined) return false;
    return !this.written.has(accessKeyId, nonce, now) && db.nonceUsed(accessKeyId, nonce, now);
  }

  /** Writes the pending nonces in a transaction of their own. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.take();
    if (batch.length > 0) await this.store.write((db) => this.record(db, batch));
  }
}

interface UsedNonce {
  accessKeyId: string;
  nonce: string;
  now: number;
}

/** How long a read's nonce may wait to be written with others. */
const NONCE_BATCH_MS = 20;

function recordNonces(db: CloudTx, nonces: readonly UsedNonce[]): void {
  const first = nonces[0];
  if (first) db.pruneNonces(first.now, nonces.length + 4);
  for (const { accessKeyId, nonce, now } of nonces) db.useNonce(accessKeyId, nonce, now + NONCE_TTL_MS);
}

/** The simulated cloud as a {@link ServeBackend}. */
export class SimulatedServeBackend implements ServeBackend {
  readonly apis: readonly ServedApi[] = SERVED_APIS;
  readonly nonces: StoredNonces;
  private readonly behaviour: Behaviour;

  constructor(options: ServeBackendOptions, onError: (error: unknown) => void = () => {}) {
    this.behaviour = new Behaviour(options, false);
    this.nonces = new StoredNonces(this.store, onError);
  }

  private get store(): CloudStore {
    return this.behaviour.store;
  }

  /** The cloud's database file (for messages). */
  get file(): string {
    return this.store.file;
  }

  /**
   * Opens the store before the server starts: created (or migrated from a
   * one-file cloud) now, and a corrupt or unusable one is reported (StoreError).
   */
  async check(): Promise<void> {
    await this.store.prepare();
  }

  /** Writes the nonces still pending and waits until every commit is on disk (a server stopping). */
  async close(): Promise<void> {
    await this.nonces.flush();
    await this.store.close();
  }

  async lookupKey(accessKeyId: string): Promise<KeyFacts | undefined> {
    return this.store.read((db) => {
      const owner = db.keyOwner(accessKeyId);
      const account = owner && db.account(owner.uid);
      if (!owner || !account) return undefined;
      if (owner.user === undefined) {
        const key = account.accessKeys.find((k) => k.id === accessKeyId);
        return key && facts(db, key, { kind: 'root', accountId: account.uid, accessKeyId });
      }
      const user = db.user(account, owner.user);
      const key = user?.accessKeys.find((k) => k.id === accessKeyId);
      if (!user || !key) return undefined;
      return facts(db, key, {
        kind: 'ram-user',
        accountId: account.uid,
        userName: user.name,
        policies: [...user.policies],
        accessKeyId,
      });
    });
  }

  /** The fault the wire table names for this call, if the plan holds one for it (reads have none). */
  faultFor(op: Operation): ServeFault | undefined {
    const fault = SERVED.get(`${op.product}:${op.action}`)?.fault;
    return fault === null || fault === undefined ? undefined : this.behaviour.faults.next(fault);
  }

  async call(op: Operation, principal: Principal): Promise<unknown> {
    await this.behaviour.delay();
    authorize(op, principal);
    const entry = SERVED.get(`${op.product}:${op.action}`);
    if (!entry) throw op.product === 'oss' ? ossError('NotImplemented') : apiError('InvalidAction.NotFound');
    const run = (db: CloudTx, touch: boolean) => {
      const ctx = this.behaviour.ctx();
      const account = accountOf(db, principal, op.product);
      if (touch) touchKey(db, account, principal, ctx.now);
      return handle(entry, { db, ctx, account, principal }, op);
    };
    try {
      // One transaction per request: a change in a write transaction (with the nonces used so far),
      // a read in a snapshot.
      if (entry.access === 'write') {
        const nonces = this.nonces.take();
        const now = this.behaviour.now();
        try {
          return await this.store.write((db) => {
            if (this.nonces.takenElsewhere(db, principal, now)) throw apiError('SignatureNonceUsed');
            this.nonces.record(db, nonces);
            return run(db, true);
          });
        } catch (error) {
          // A refusal keeps what the transaction wrote, nonces included; anything else dropped them.
          if (!(error instanceof ProviderError)) this.nonces.giveBack(nonces);
          throw error;
        }
      }
      const now = this.behaviour.now();
      const { result, stale } = await this.store.read((db) => ({
        result: run(db, false),
        stale: keyStale(db, principal, now),
      }));
      if (stale) await this.touch(principal);
      return result;
    } catch (error) {
      if (error instanceof ProviderError) throw served(error, op.product);
      throw error;
    }
  }

  /** Records the key's use of a read (at most once per resolution). */
  private async touch(principal: Principal): Promise<void> {
    await this.store.write((db) => {
      const account = db.account(principal.accountId);
      if (account) touchKey(db, account, principal, this.behaviour.now());
    });
  }
}

/** Runs the entry's handler on the request, which the wire routed by the same table. */
function handle(entry: ServedEntry, scope: Omit<Call, 'op'>, op: Operation): unknown {
  if (entry.via === 'oss' && op.product === 'oss') return entry.serve({ ...scope, op });
  if (entry.via === 'api' && op.product !== 'oss') return entry.serve({ ...scope, op });
  throw new Error(`${op.product}:${op.action} reached another product's handler`);
}

/** The key's facts for the wire: a derived secret, or `null` for a key from before version 2 (or no key file). */
function facts(db: CloudTx, key: StoredAccessKey, principal: Principal): KeyFacts {
  const seed = key.derived ? db.seed() : null;
  return {
    secret: seed === null ? null : deriveSecret(seed, key.id),
    status: key.status,
    allowCidrs: [...key.allowCidrs],
    principal,
  };
}

/** The caller's account (and user) as of this transaction; gone since the key was looked up → unknown key. */
function accountOf(db: CloudTx, principal: Principal, product: Operation['product']): StoredAccount {
  const account = db.account(principal.accountId);
  const userGone = principal.kind === 'ram-user' && (!account || !db.user(account, principal.userName));
  if (!account || userGone) {
    throw product === 'oss' ? ossError('InvalidAccessKeyId') : apiError('InvalidAccessKeyId.NotFound');
  }
  return account;
}

function keyIn(db: CloudTx, account: StoredAccount, principal: Principal): StoredAccessKey | undefined {
  const holder = principal.kind === 'root' ? account : db.user(account, principal.userName);
  return holder?.accessKeys.find((k) => k.id === principal.accessKeyId);
}

/** Whether the key's recorded last use is older than the resolution (a read then records it). */
function keyStale(db: CloudTx, principal: Principal, now: number): boolean {
  const account = principal.accessKeyId === undefined ? undefined : db.account(principal.accountId);
  const key = account && keyIn(db, account, principal);
  return key !== undefined && (key.lastUsed === null || now - ms(key.lastUsed) >= LAST_USED_RESOLUTION_MS);
}

/** Records a key's last use (inside a write transaction), at most once per resolution. */
function touchKey(db: CloudTx, account: StoredAccount, principal: Principal, now: number): void {
  const key = principal.accessKeyId === undefined ? undefined : keyIn(db, account, principal);
  if (!key) return;
  if (key.lastUsed === null || now - ms(key.lastUsed) >= LAST_USED_RESOLUTION_MS) key.lastUsed = iso(now);
}

/**
 * A product's refusal of an action the caller's policies do not allow, as each product words it:
 * RAM `NoPermission` 403 (RAM's error list); IMS, RAM's own API (its actions are `ram:*`), the
 * same (its pages name no code: inferred); ECS `Forbidden.RAM` 403 with `AccessDeniedDetail`
 * ("Announcement of changes to the authentication mechanism for Alibaba Cloud ECS query-type
 * APIs"); Quota Center its own `RAM.PERMISSION.DENIED`, answered with 400 (its API metadata);
 * MaxCompute documents none, so `NoPermission` 403. OSS answers `AccessDenied` 403.
 */
const DENIALS: Readonly<Record<Exclude<Product, 'oss' | 'emr' | 'dataworks' | 'bss'>, Denial>> = {
  ram: { code: 'NoPermission', status: 403, message: 'You are not authorized to do this action.' },
  ims: { code: 'NoPermission', status: 403, message: 'You are not authorized to do this action.' },
  sts: { code: 'NoPermission', status: 403, message: 'You are not authorized to do this action.' },
  ecs: {
    code: 'Forbidden.RAM',
    status: 403,
    message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    detail: true,
  },
  quotas: {
    code: 'RAM.PERMISSION.DENIED',
    status: 400,
    message: 'You are not authorized to do this action or the API input parameter is invalid.',
  },
  maxcompute: { code: 'NoPermission', status: 403, message: 'You are not authorized to do this action.' },
};

interface Denial {
  code: string;
  status: number;
  message: string;
  /** Whether the product's refusal carries `AccessDeniedDetail`. */
  detail?: boolean;
}

/**
 * RAM users may do only what their system policies allow; the refusal names
 * the action (as RAM spells it: IMS's are `ram:*`) and a policy that would
 * allow it. An account's root may do everything.
 */
function authorize(op: Operation, principal: Principal): void {
  if (principal.kind === 'root') return;
  const product: Product = op.product;
  if (allows(principal.policies, product, op.action)) return;
  const action = `${op.product === 'ims' ? 'ram' : op.product}:${op.action}`;
  const policy = policyAllowing(product, op.action);
  const why = `${action} is allowed by the system policy ${policy}.`;
  if (op.product === 'oss') {
    throw new ServeError(
      'AccessDenied',
      403,
      `You have no right to access this resource. ${why}`,
      {},
      OSS_RULE_EC.AccessDenied,
    );
  }
  const denial = DENIALS[op.product];
  const detail = denial.detail
    ? {
        AccessDeniedDetail: {
          AuthAction: action,
          AuthPrincipalType: 'SubUser',
          AuthPrincipalOwnerId: principal.accountId,
          AuthPrincipalDisplayName: principal.userName,
          PolicyType: 'AccountLevelIdentityBasedPolicy',
          NoPermissionType: 'ImplicitDeny',
        },
      }
    : {};
  throw new ServeError(denial.code, denial.status, `${denial.message} ${why}`, detail);
}

/**
 * Starts the wire layer over this backend: what `onboard sim serve` runs.
 * The store is opened first, so a corrupt one is reported before anything listens.
 */
export async function serveCloud(
  cloud: ServeBackendOptions,
  options: Omit<StartOptions, 'backend'>,
): Promise<{ server: RunningServer; file: string }> {
  const backend = new SimulatedServeBackend(cloud, options.onError);
  await backend.check();
  const server = await startServer({ ...options, backend });
  // Stopped: the requests in flight are answered, then every commit (their nonces too) is on disk.
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= server.close().then(() => backend.close());
    return closing;
  };
  return { server: { ...server, close }, file: backend.file };
}
