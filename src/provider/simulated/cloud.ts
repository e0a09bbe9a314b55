/**
 * The simulated Alibaba Cloud: every rule of SPEC §4–5 against a local
 * database, so the whole journey works offline. Each call waits the configured
 * latency, then (changes only) meets its injected fault, then reads or changes
 * the cloud in one store transaction (`store.ts`). The rules live in one module per concern, each listing them
 * under its capability's method names (`rules.ts`); this class only wraps
 * every rule once — in {@link SimulatedCloud.run} — with the store, the clock
 * and the faults.
 */
import { ProviderError } from '../../core/errors.js';
import type { RunningServer, StartOptions } from '../serve/server.js';
import type { InboxMessage, SimulationControls } from '../types.js';
import { KEY_RULES, ownKeys } from './access-keys.js';
import { ACCOUNT_RULES, inbox, latestCode, PASSWORD_ACCOUNT_RULES, requireSession } from './accounts.js';
import { Behaviour, type BehaviourOptions } from './behaviour.js';
import type { Ctx } from './common.js';
import { providerError } from './errors.js';
import { expediteIdentity, IDENTITY_RULES } from './identity.js';
import { buyWaitingSubscriptions, MAXCOMPUTE_RULES } from './maxcompute.js';
import { BUCKET_NAME_RULES, BUCKET_RULES } from './oss.js';
import { cancelQuotaApplications, expediteQuotaApplications, QUOTA_RULES } from './quota.js';
import { RAM_RULES } from './ram.js';
import { type Bound, bind, type RuleMode, type Runner, type Scope, under, type World } from './rules.js';
import type { CloudStore } from './store.js';

/** An account's cloud: the capabilities of `Cloud` (`../types.ts`), each a table of rules. */
const CLOUD_RULES = {
  account: ACCOUNT_RULES,
  identity: IDENTITY_RULES,
  accessKeys: under(ownKeys, KEY_RULES),
  ram: RAM_RULES,
  buckets: BUCKET_RULES,
  quotas: QUOTA_RULES,
  maxcompute: MAXCOMPUTE_RULES,
};

/** How the simulated provider behaves (parsed from the environment by `createProvider`). */
export interface SimulatedOptions extends BehaviourOptions {
  /** Dry runs: reads work, every change throws, nothing is ever written. */
  readOnly?: boolean;
}

/**
 * The simulated cloud: its capabilities, reached by a session token
 * (`as`), and the controls only a simulation has. `index.ts` makes it a provider.
 */
export class SimulatedCloud implements SimulationControls {
  private readonly behaviour: Behaviour;
  private readonly readOnly: boolean;
  private readonly options: SimulatedOptions;
  /** Registering and signing in (`PasswordAccounts`). */
  readonly accounts: Bound<typeof PASSWORD_ACCOUNT_RULES>;
  /** Whether a bucket name is free: needs no account. */
  readonly isBucketNameAvailable: Bound<typeof BUCKET_NAME_RULES>['isBucketNameAvailable'];

  constructor(options: SimulatedOptions) {
    this.options = options;
    this.readOnly = options.readOnly ?? false;
    this.behaviour = new Behaviour(options, this.readOnly);
    this.accounts = bind(PASSWORD_ACCOUNT_RULES, world, this.run);
    this.isBucketNameAvailable = bind(BUCKET_NAME_RULES, world, this.run).isBucketNameAvailable;
  }

  /** The cloud's database file (for messages and tests). */
  get file(): string {
    return this.store.file;
  }

  /** The capabilities of the account a session token belongs to (checked at each call: `InvalidSession`). */
  as(token: string): Bound<typeof CLOUD_RULES> {
    const session = (w: World): Scope => ({ ...w, account: requireSession(w.db, token, w.ctx) });
    return bind(CLOUD_RULES, session, this.run);
  }

  private get store(): CloudStore {
    return this.behaviour.store;
  }

  private ctx(): Ctx {
    return this.behaviour.ctx();
  }

  /**
   * Every call of every capability. A read is never faulted, never written
   * and reads a snapshot that waits for no writer. A change is refused by a
   * read-only cloud, then `throttle`/`unavailable` fail it before anything
   * happens; `lost-response` lets it take effect (or fail) and then hides
   * the outcome behind a timeout, as a dropped connection would.
   */
  private readonly run: Runner = async <R>(rule: RuleMode, call: (world: World) => R) => {
    if (rule.kind === 'read') {
      await this.behaviour.delay();
      return this.store.read((db) => call({ db, ctx: this.ctx() }));
    }
    if (this.readOnly) throw new Error('read-only provider');
    await this.behaviour.delay();
    const fault = rule.fault === null ? undefined : this.behaviour.faults.next(rule.fault);
    if (fault === 'throttle') throw providerError('Throttling.User', { injected: true });
    if (fault === 'unavailable') throw providerError('ServiceUnavailable', { injected: true });
    let result: R;
    try {
      // The clock is read inside the transaction, so times follow the order of the writes.
      result = await this.store.write((db) => call({ db, ctx: this.ctx() }));
    } catch (error) {
      if (fault === 'lost-response' && error instanceof ProviderError) throw lostResponse();
      throw error;
    }
    if (fault === 'lost-response') throw lostResponse();
    return result;
  };

  // --- simulation controls ----------------------------------------------------
  // Local administration, not cloud API calls: no latency and no faults.

  async inbox(email?: string): Promise<InboxMessage[]> {
    return this.store.read((db) => inbox(db, email));
  }

  async latestCode(email: string): Promise<string | null> {
    return this.store.read((db) => latestCode(db, email, this.ctx()));
  }

  async approvePending(): Promise<{ identities: number; quotaApplications: number; subscriptions: number }> {
    if (this.readOnly) throw new Error('read-only provider');
    return this.store.write((db) => {
      const ctx = this.ctx();
      let identities = 0;
      let quotaApplications = 0;
      let subscriptions = 0;
      for (const account of db.accounts()) {
        if (expediteIdentity(account, ctx)) identities++;
        quotaApplications += expediteQuotaApplications(account, ctx);
        subscriptions += buyWaitingSubscriptions(account, ctx);
      }
      return { identities, quotaApplications, subscriptions };
    });
  }

  async cancelPending(): Promise<{ quotaApplications: number }> {
    if (this.readOnly) throw new Error('read-only provider');
    return this.store.write((db) => {
      const ctx = this.ctx();
      let quotaApplications = 0;
      for (const account of db.accounts()) quotaApplications += cancelQuotaApplications(account, ctx);
      return { quotaApplications };
    });
  }

  async reset(): Promise<void> {
    await this.store.reset();
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

/** The rules that need no account see the world as it is. */
function world(w: World): World {
  return w;
}

function lostResponse(): ProviderError {
  return providerError('RequestTimeout', { lostResponse: true });
}
