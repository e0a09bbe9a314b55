/**
 * The simulated Alibaba Cloud: every rule of SPEC §4–5 against a local file,
 * so the whole journey works offline. Each call waits the configured latency,
 * then (mutating calls only) meets its injected fault, then reads or changes
 * the cloud file. The rules live in one module per concern; this class only
 * wires them to the store, the clock and the faults.
 */
import { ProviderError } from '../../core/errors.js';
import type { RunningServer, StartOptions } from '../serve/server.js';
import type {
  AccessKeyInfo,
  AccessKeyStatus,
  AccountInfo,
  BucketInfo,
  BucketSpec,
  CreatedAccessKey,
  IdentityInfo,
  IdentitySubmission,
  InboxMessage,
  MaxComputeActivation,
  MaxComputeBilling,
  QuotaApplication,
  QuotaApplicationSpec,
  RamUser,
  Session,
  SimulationControls,
} from '../types.js';
import * as keys from './access-keys.js';
import * as accounts from './accounts.js';
import { Behaviour, type BehaviourOptions } from './behaviour.js';
import type { Ctx } from './common.js';
import { providerError } from './errors.js';
import type { MutatingOperation } from './faults.js';
import * as identity from './identity.js';
import * as maxcompute from './maxcompute.js';
import * as oss from './oss.js';
import { isSystemPolicy } from './policies.js';
import * as quota from './quota.js';
import * as ram from './ram.js';
import type { CloudState } from './state.js';
import type { CloudStore } from './store.js';

/** How the simulated provider behaves (parsed from the environment by `createProvider`). */
export interface SimulatedOptions extends BehaviourOptions {
  /** Dry runs: reads work, every change throws, nothing is ever written. */
  readOnly?: boolean;
}

/**
 * The simulated cloud's API as the rules see it: every call names the
 * session it acts for. `index.ts` turns it into the provider's capabilities.
 */
export class SimulatedCloud implements SimulationControls {
  private readonly behaviour: Behaviour;
  private readonly readOnly: boolean;
  private readonly options: SimulatedOptions;

  constructor(options: SimulatedOptions) {
    this.options = options;
    this.readOnly = options.readOnly ?? false;
    this.behaviour = new Behaviour(options, this.readOnly);
  }

  /** The cloud file (for messages and tests). */
  get file(): string {
    return this.store.file;
  }

  private get store(): CloudStore {
    return this.behaviour.store;
  }

  private ctx(): Ctx {
    return this.behaviour.ctx();
  }

  private delay(): Promise<void> {
    return this.behaviour.delay();
  }

  /** A read: never faulted, never written, no lock (writes are atomic renames). */
  private async read<T>(fn: (state: CloudState, ctx: Ctx) => T): Promise<T> {
    await this.delay();
    return fn(this.store.read(), this.ctx());
  }

  /**
   * A change. `throttle`/`unavailable` fail before anything happens;
   * `lost-response` lets the call take effect (or fail) and then hides the
   * outcome behind a timeout, as a dropped connection would.
   */
  private async write<T>(
    operation: MutatingOperation | null,
    fn: (state: CloudState, ctx: Ctx) => T,
  ): Promise<T> {
    if (this.readOnly) throw new Error('read-only provider');
    await this.delay();
    const fault = operation === null ? undefined : this.behaviour.faults.next(operation);
    if (fault === 'throttle') throw providerError('Throttling.User', { injected: true });
    if (fault === 'unavailable') throw providerError('ServiceUnavailable', { injected: true });
    let result: T;
    try {
      // The clock is read inside the mutex, so times follow the order of the writes.
      result = this.store.transact((state) => fn(state, this.ctx()));
    } catch (error) {
      if (fault === 'lost-response' && error instanceof ProviderError) throw lostResponse();
      throw error;
    }
    if (fault === 'lost-response') throw lostResponse();
    return result;
  }

  // --- accounts ---------------------------------------------------------------

  sendVerificationCode(email: string): Promise<{ email: string; expiresAt: string }> {
    return this.write(null, (state, ctx) => accounts.sendVerificationCode(state, email, ctx));
  }

  registerAccount(input: {
    email: string;
    password: string;
    verificationCode: string;
    clientToken: string;
  }): Promise<Session> {
    return this.write('registerAccount', (state, ctx) => accounts.registerAccount(state, input, ctx));
  }

  signIn(input: { email: string; password: string }): Promise<Session> {
    return this.write('signIn', (state, ctx) => accounts.signIn(state, input, ctx));
  }

  getAccount(token: string): Promise<AccountInfo> {
    return this.read((state, ctx) => accounts.accountInfo(accounts.requireSession(state, token, ctx), ctx));
  }

  // --- identity ---------------------------------------------------------------

  submitIdentity(token: string, input: IdentitySubmission & { clientToken: string }): Promise<IdentityInfo> {
    return this.write('submitIdentity', (state, ctx) =>
      identity.submitIdentity(accounts.requireSession(state, token, ctx), input, ctx),
    );
  }

  getIdentity(token: string): Promise<IdentityInfo> {
    return this.read((state, ctx) =>
      identity.identityView(accounts.requireSession(state, token, ctx).identity, ctx),
    );
  }

  // --- AccessKeys -------------------------------------------------------------

  listAccessKeys(token: string): Promise<AccessKeyInfo[]> {
    return this.read((state, ctx) => keys.listAccessKeys(accounts.requireSession(state, token, ctx)));
  }

  createAccessKey(
    token: string,
    input: { clientToken: string; allowCidrs: string[] },
  ): Promise<CreatedAccessKey> {
    return this.write('createAccessKey', (state, ctx) =>
      keys.createAccessKey(state, accounts.requireSession(state, token, ctx), input, ctx),
    );
  }

  updateAccessKey(token: string, id: string, status: AccessKeyStatus): Promise<AccessKeyInfo> {
    return this.write('updateAccessKey', (state, ctx) =>
      keys.updateAccessKey(accounts.requireSession(state, token, ctx), id, status),
    );
  }

  deleteAccessKey(token: string, id: string): Promise<void> {
    return this.write('deleteAccessKey', (state, ctx) =>
      keys.deleteAccessKey(accounts.requireSession(state, token, ctx), id),
    );
  }

  // --- RAM users --------------------------------------------------------------

  getRamUser(token: string, name: string): Promise<RamUser | null> {
    return this.read((state, ctx) => ram.getUser(accounts.requireSession(state, token, ctx), name));
  }

  createRamUser(token: string, input: { name: string; displayName?: string }): Promise<RamUser> {
    return this.write('createUser', (state, ctx) =>
      ram.createUser(accounts.requireSession(state, token, ctx), input, ctx),
    );
  }

  policyExists(name: string): Promise<boolean> {
    return this.read(() => isSystemPolicy(name));
  }

  listRamUserPolicies(token: string, userName: string): Promise<string[]> {
    return this.read((state, ctx) => ram.listPolicies(accounts.requireSession(state, token, ctx), userName));
  }

  attachPolicy(token: string, userName: string, policyName: string): Promise<void> {
    return this.write('attachPolicy', (state, ctx) =>
      ram.attachPolicy(accounts.requireSession(state, token, ctx), userName, policyName),
    );
  }

  getLoginProfile(token: string, userName: string): Promise<{ passwordResetRequired: boolean } | null> {
    return this.read((state, ctx) =>
      ram.getLoginProfile(accounts.requireSession(state, token, ctx), userName),
    );
  }

  createLoginProfile(token: string, userName: string, password: string): Promise<void> {
    return this.write('createLoginProfile', (state, ctx) =>
      ram.createLoginProfile(
        accounts.requireSession(state, token, ctx),
        userName,
        { password, passwordResetRequired: true },
        ctx,
      ),
    );
  }

  listRamUserKeys(token: string, userName: string): Promise<AccessKeyInfo[]> {
    return this.read((state, ctx) =>
      keys.listAccessKeys(ram.requireUser(accounts.requireSession(state, token, ctx), userName)),
    );
  }

  createRamUserKey(
    token: string,
    userName: string,
    input: { clientToken: string; allowCidrs: string[] },
  ): Promise<CreatedAccessKey> {
    return this.write('createAccessKey', (state, ctx) =>
      keys.createAccessKey(
        state,
        ram.requireUser(accounts.requireSession(state, token, ctx), userName),
        input,
        ctx,
        ram.MAX_RAM_USER_KEYS,
      ),
    );
  }

  updateRamUserKey(
    token: string,
    userName: string,
    id: string,
    status: AccessKeyStatus,
  ): Promise<AccessKeyInfo> {
    return this.write('updateAccessKey', (state, ctx) =>
      keys.updateAccessKey(ram.requireUser(accounts.requireSession(state, token, ctx), userName), id, status),
    );
  }

  deleteRamUserKey(token: string, userName: string, id: string): Promise<void> {
    return this.write('deleteAccessKey', (state, ctx) =>
      keys.deleteAccessKey(ram.requireUser(accounts.requireSession(state, token, ctx), userName), id),
    );
  }

  defaultDomain(token: string): Promise<string> {
    return this.read((state, ctx) => ram.defaultDomain(accounts.requireSession(state, token, ctx)));
  }

  // --- MaxCompute -------------------------------------------------------------

  getMaxCompute(token: string, region: string): Promise<MaxComputeActivation | null> {
    return this.read((state, ctx) =>
      maxcompute.getActivation(accounts.requireSession(state, token, ctx), region),
    );
  }

  activateMaxCompute(
    token: string,
    input: { region: string; billing: MaxComputeBilling; clientToken: string },
  ): Promise<MaxComputeActivation> {
    return this.write('activateMaxCompute', (state, ctx) =>
      maxcompute.activate(accounts.requireSession(state, token, ctx), input, ctx),
    );
  }

  // --- OSS --------------------------------------------------------------------

  putBucket(token: string, spec: BucketSpec): Promise<BucketInfo> {
    return this.write('putBucket', (state, ctx) =>
      oss.putBucket(state, accounts.requireSession(state, token, ctx), spec, ctx),
    );
  }

  getBucket(token: string, name: string): Promise<BucketInfo | null> {
    return this.read((state, ctx) => oss.getBucket(state, accounts.requireSession(state, token, ctx), name));
  }

  isBucketNameAvailable(name: string): Promise<boolean> {
    return this.read((state) => oss.isBucketNameAvailable(state, name));
  }

  listBuckets(token: string): Promise<BucketInfo[]> {
    return this.read((state, ctx) => oss.listBuckets(state, accounts.requireSession(state, token, ctx)));
  }

  // --- quota applications -----------------------------------------------------

  submitQuotaApplication(
    token: string,
    input: QuotaApplicationSpec & { clientToken: string },
  ): Promise<QuotaApplication> {
    return this.write('submitQuotaApplication', (state, ctx) =>
      quota.submitQuotaApplication(state, accounts.requireSession(state, token, ctx), input, ctx),
    );
  }

  getQuotaApplication(token: string, id: string): Promise<QuotaApplication> {
    return this.read((state, ctx) =>
      quota.getQuotaApplication(accounts.requireSession(state, token, ctx), id, ctx),
    );
  }

  listQuotaApplications(token: string): Promise<QuotaApplication[]> {
    return this.read((state, ctx) =>
      quota.listQuotaApplications(accounts.requireSession(state, token, ctx), ctx),
    );
  }

  // --- simulation controls ----------------------------------------------------
  // Local administration, not cloud API calls: no latency and no faults.

  async inbox(email?: string): Promise<InboxMessage[]> {
    return accounts.inbox(this.store.read(), email);
  }

  async latestCode(email: string): Promise<string | null> {
    return accounts.latestCode(this.store.read(), email, this.ctx());
  }

  async approvePending(): Promise<{ identities: number; quotaApplications: number; orders: number }> {
    if (this.readOnly) throw new Error('read-only provider');
    return this.store.transact((state) => {
      const ctx = this.ctx();
      let identities = 0;
      let quotaApplications = 0;
      let orders = 0;
      for (const account of state.accounts) {
        if (identity.expediteIdentity(account, ctx)) identities++;
        quotaApplications += quota.expediteQuotaApplications(account, ctx);
        orders += maxcompute.payOrders(account, ctx);
      }
      return { identities, quotaApplications, orders };
    });
  }

  async reset(): Promise<void> {
    this.store.reset();
  }

  /**
   * Serves the same cloud over the wire (`onboard sim serve`), reached by
   * AccessKey instead of session. Loaded only for that command: the wire and
   * the backend are one chunk. The backend keeps its own fault plan: served
   * calls consume `ONBOARD_SIM_FAULTS` in the server's process.
   */
  async serve(options: Omit<StartOptions, 'backend'>): Promise<{ server: RunningServer; file: string }> {
    if (this.readOnly) throw new Error('read-only provider');
    const { serveCloud } = await import('./serve-backend.js');
    // The server's backend acts on the same options (it is never read-only).
    return serveCloud(this.options, options);
  }
}

function lostResponse(): ProviderError {
  return providerError('RequestTimeout', { lostResponse: true });
}
