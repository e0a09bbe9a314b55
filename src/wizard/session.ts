/**
 * The profile's way into its account. With a password provider (the
 * simulated cloud) that is a session token kept in the profile (12 hours);
 * with a key provider it is the AccessKey found for this run (never stored).
 * Checks use `live()` (never prompts); steps use `require()`, which signs in
 * again when a session expired.
 */
import { ProviderError, UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import type { Caller, Cloud, Credential, Provider, Session } from '../provider/types.js';
import type { StateStore } from '../state/store.js';
import { refused } from './calls.js';

export interface SessionsInit {
  provider: Provider;
  store: StateStore;
  profile: string;
  /** A key provider's credential for this run, when one was found, and where it came from. */
  credential?: { credential: Credential; source: string };
  /** Renews an expired session for a step: asks for the password and signs in (with progress and retries). */
  renew?: (email: string, step: string) => Promise<Session>;
  /** Says that the session expired before renewing it. */
  warn?: (text: string) => void;
  /** The command that signs this profile in (for the hint when it never did). */
  signInCommand: string;
}

/** Where a credential came from, as a phrase for messages (`from aliyun-cli:prod`, `typed at the prompt`). */
export function sourceText(source: string): string {
  return source === 'prompt' ? t('account.sourceTyped') : t('account.sourceFrom', { source });
}

/** Codes that mean the key itself was refused (not the network, not a permission). */
const KEY_REFUSALS = /^(InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSecurityToken|IncompleteSignature)/;

export class Sessions {
  /** A session obtained during this run but not yet saved (see `hold`). */
  #held: Session | undefined;
  #liveCache: Cloud | null | undefined;
  #caller: Caller | undefined;
  /** A key provider's credential: found for this run, or typed during it (never stored). */
  #key: { credential: Credential; source: string } | undefined;

  constructor(private readonly init: SessionsInit) {
    this.#key = init.credential;
  }

  private credential(): Credential | undefined {
    if (this.#key) return this.#key.credential;
    const s = this.#held ?? this.init.store.profile(this.init.profile)?.session;
    if (!s || Date.parse(s.expiresAt) <= Date.now()) return undefined;
    return { kind: 'session', token: s.token };
  }

  /** Whether the profile has ever had a way in (a stored session or a credential). */
  get known(): boolean {
    return Boolean(this.#key || this.#held || this.init.store.profile(this.init.profile)?.session);
  }

  /** The AccessKey this run calls the provider with (a key provider), and where it came from. */
  get accessKey(): { id: string; source: string } | undefined {
    const k = this.#key;
    return k && k.credential.kind === 'access-key' ? { id: k.credential.id, source: k.source } : undefined;
  }

  /** A credential typed during the run (e.g. after the console's AccessKey page): used, never stored. */
  useCredential(credential: Credential, source: string): void {
    this.#key = { credential, source };
    this.#liveCache = undefined;
  }

  /** A stored session that expired: a step can renew it with the password. */
  get renewable(): boolean {
    return (
      !this.#key &&
      !this.#held &&
      Boolean(this.init.store.profile(this.init.profile)?.session) &&
      Boolean(this.init.renew)
    );
  }

  /** The account's cloud when the session (or credential) works right now; null otherwise. Never prompts. */
  async live(): Promise<Cloud | null> {
    if (this.#liveCache !== undefined) return this.#liveCache;
    const credential = this.credential();
    if (!credential) return null;
    const cloud = this.init.provider.connect(credential);
    try {
      this.#caller = await cloud.account.whoAmI();
      this.#liveCache = cloud;
    } catch (error) {
      if (error instanceof ProviderError && this.#key && error.code !== 'InvalidSession') {
        // A key that does not work is the person's to fix: say which key, and where it came from.
        const e = refused(error);
        const k = this.#key.credential;
        if (KEY_REFUSALS.test(error.code) && k.kind === 'access-key') {
          e.hints.push({
            key: 'account.keyRefusedHint',
            params: { id: k.id, source: sourceText(this.#key.source) },
          });
        }
        throw e;
      }
      if (!(error instanceof ProviderError) || error.code !== 'InvalidSession') throw error;
      this.#liveCache = null;
    }
    return this.#liveCache;
  }

  /** Who the working credential belongs to (after `live()` found it working). */
  get caller(): Caller | undefined {
    return this.#liveCache ? this.#caller : undefined;
  }

  /** A session from a sign-in made before anything changes; saved with `save` when the account step runs. */
  hold(session: Session): void {
    this.#held = session;
    this.#liveCache = undefined;
  }

  /** The session obtained earlier in this run, if any. */
  get held(): Session | undefined {
    return this.#held;
  }

  async save(session: Session): Promise<void> {
    this.#held = undefined;
    this.#liveCache = undefined;
    await this.init.store.update(this.init.profile, (p) => {
      p.session = {
        token: session.token,
        uid: session.uid,
        email: session.email,
        expiresAt: session.expiresAt,
      };
    });
  }

  /** The address to sign in again with, when the profile has one. */
  #email(): string | undefined {
    const p = this.init.store.profile(this.init.profile);
    return p?.session?.email ?? (typeof p?.answers.email === 'string' ? p.answers.email : undefined);
  }

  /**
   * Why `require(step)` would fail for want of an account (the profile never
   * registered or signed in), so a run can say so before it changes anything.
   */
  unreachable(step: string): UsageError | undefined {
    if (this.#key || this.#held || (this.#email() && this.init.renew)) return undefined;
    return this.#notDone(step);
  }

  #notDone(step: string): UsageError {
    return new UsageError('account.notDone', { step }, [
      { key: 'account.notDoneHint', params: { command: this.init.signInCommand } },
    ]);
  }

  /** A working cloud for a step that changes something; signs in again when the session expired. */
  async require(step: string): Promise<Cloud> {
    const live = await this.live();
    if (live) return live;
    if (this.#key) return this.init.provider.connect(this.#key.credential);
    const email = this.#email();
    const renew = this.init.renew;
    if (!email || !renew) throw this.#notDone(step);
    this.init.warn?.(t('account.sessionExpired', { email }));
    const session = await renew(email, step);
    await this.save(session);
    return this.init.provider.connect({ kind: 'session', token: session.token });
  }
}
