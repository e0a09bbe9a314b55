/**
 * The simulated cloud behind `onboard sim serve` (SPEC §5.1): the wire layer
 * (`../serve/`) authenticates a request and hands it here as an operation
 * and a principal; this module authorizes it against the caller's system
 * policies, runs the operation's handler from the wire table (`wire.ts`,
 * over the same rule modules the in-process provider uses), and records the
 * key's last use. Every change goes through the store's transaction, so the
 * server and wizard runs sharing the cloud file never lose an update.
 *
 * Choices where Alibaba Cloud publishes no single answer are documented next
 * to the code and in README's `onboard sim serve` section.
 */
import { ProviderError } from '../../core/errors.js';
import { byName } from '../../core/names.js';
import type {
  KeyFacts,
  Operation,
  Principal,
  ServeBackend,
  ServedApi,
  ServeFault,
} from '../serve/backend.js';
import { ServeError } from '../serve/backend.js';
import { apiError, OSS_RULE_EC, ossError } from '../serve/errors.js';
import { type RunningServer, type StartOptions, startServer } from '../serve/server.js';
import { Behaviour, type BehaviourOptions } from './behaviour.js';
import { iso, ms } from './common.js';
import { deriveSecret } from './hash.js';
import { allows, type Product, policyAllowing } from './policies.js';
import type { Call } from './serve-api.js';
import type { CloudState, StoredAccessKey, StoredAccount } from './state.js';
import type { CloudStore } from './store.js';
import { SERVED, SERVED_APIS, type ServedEntry } from './wire.js';

/** What the backend needs: the cloud file and the same environment options as the in-process cloud. */
export type ServeBackendOptions = BehaviourOptions;

/**
 * A key's last use is written at most once a minute: recording every
 * request would make each read a write of the shared file. `keys list`
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

/** The simulated cloud as a {@link ServeBackend}. */
export class SimulatedServeBackend implements ServeBackend {
  readonly apis: readonly ServedApi[] = SERVED_APIS;
  private readonly behaviour: Behaviour;

  constructor(options: ServeBackendOptions) {
    this.behaviour = new Behaviour(options, false);
  }

  private get store(): CloudStore {
    return this.behaviour.store;
  }

  /** The cloud file (for messages). */
  get file(): string {
    return this.store.file;
  }

  /** Reads the cloud file once: a corrupt file is reported (StoreError) before the server starts. */
  check(): void {
    this.store.read();
  }

  async lookupKey(accessKeyId: string): Promise<KeyFacts | undefined> {
    const state = this.store.read();
    for (const account of state.accounts) {
      const root = account.accessKeys.find((k) => k.id === accessKeyId);
      if (root) return facts(state, root, { kind: 'root', accountId: account.uid, accessKeyId });
      for (const user of account.ramUsers) {
        const key = user.accessKeys.find((k) => k.id === accessKeyId);
        if (key) {
          return facts(state, key, {
            kind: 'ram-user',
            accountId: account.uid,
            userName: user.name,
            policies: [...user.policies],
            accessKeyId,
          });
        }
      }
    }
    return undefined;
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
    const run = (state: CloudState, touch: boolean) => {
      const ctx = this.behaviour.ctx();
      const account = accountOf(state, principal, op.product);
      if (touch) touchKey(account, principal, ctx.now);
      return handle(entry, { state, ctx, account, principal }, op);
    };
    try {
      if (entry.access === 'write') return this.store.transact((state) => run(state, true));
      this.touchIfStale(principal);
      return run(this.store.read(), false);
    } catch (error) {
      if (error instanceof ProviderError) throw served(error, op.product);
      throw error;
    }
  }

  /** Records the key's use of a read, when the stored time is older than the resolution. */
  private touchIfStale(principal: Principal): void {
    const now = this.behaviour.now();
    const key = principal.accessKeyId === undefined ? undefined : findKey(this.store.read(), principal);
    if (!key || (key.lastUsed !== null && now - ms(key.lastUsed) < LAST_USED_RESOLUTION_MS)) return;
    this.store.transact((state) => {
      const account = state.accounts.find((a) => a.uid === principal.accountId);
      if (account) touchKey(account, principal, this.behaviour.now());
    });
  }
}

/** Runs the entry's handler on the request, which the wire routed by the same table. */
function handle(entry: ServedEntry, scope: Omit<Call, 'op'>, op: Operation): unknown {
  if (entry.via === 'oss' && op.product === 'oss') return entry.serve({ ...scope, op });
  if (entry.via === 'api' && op.product !== 'oss') return entry.serve({ ...scope, op });
  throw new Error(`${op.product}:${op.action} reached another product's handler`);
}

/** The key's facts for the wire: a derived secret, or `null` for a key from before version 2. */
function facts(state: CloudState, key: StoredAccessKey, principal: Principal): KeyFacts {
  return {
    secret: key.derived && state.secretSeed ? deriveSecret(state.secretSeed, key.id) : null,
    status: key.status,
    allowCidrs: [...key.allowCidrs],
    principal,
  };
}

/** The caller's account (and user) as of this state; gone since the key was looked up → unknown key. */
function accountOf(state: CloudState, principal: Principal, product: Operation['product']): StoredAccount {
  const account = state.accounts.find((a) => a.uid === principal.accountId);
  const userGone =
    principal.kind === 'ram-user' &&
    !account?.ramUsers.some((u) => u.name.toLowerCase() === principal.userName.toLowerCase());
  if (!account || userGone) {
    throw product === 'oss' ? ossError('InvalidAccessKeyId') : apiError('InvalidAccessKeyId.NotFound');
  }
  return account;
}

function findKey(state: CloudState, principal: Principal): StoredAccessKey | undefined {
  const account = state.accounts.find((a) => a.uid === principal.accountId);
  if (!account) return undefined;
  return keyIn(account, principal);
}

function keyIn(account: StoredAccount, principal: Principal): StoredAccessKey | undefined {
  const holders =
    principal.kind === 'root'
      ? [account]
      : account.ramUsers.filter((u) => u.name.toLowerCase() === principal.userName.toLowerCase());
  return holders.flatMap((h) => h.accessKeys).find((k) => k.id === principal.accessKeyId);
}

/** Records a key's last use (inside a transaction), at most once per resolution. */
function touchKey(account: StoredAccount, principal: Principal, now: number): void {
  const key = principal.accessKeyId === undefined ? undefined : keyIn(account, principal);
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
 * The cloud file is read first, so a corrupt one is reported before anything listens.
 */
export async function serveCloud(
  cloud: ServeBackendOptions,
  options: Omit<StartOptions, 'backend'>,
): Promise<{ server: RunningServer; file: string }> {
  const backend = new SimulatedServeBackend(cloud);
  backend.check();
  const server = await startServer({ ...options, backend });
  return { server, file: backend.file };
}
