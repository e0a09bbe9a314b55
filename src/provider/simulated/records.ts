/**
 * The simulated cloud's records and the small repository the rules use inside
 * one transaction (`CloudTx`). Each entity is a record of its own, found by
 * the key a call has in hand, so a call reads only what it is about: an
 * account by its uid, a RAM user by account and name, a key's owner by the
 * key id, a bucket by its name, a session by its token's hash. Nothing here
 * reads "every user of the account" to find one.
 *
 * Keys (arrays of strings and numbers, ordered element by element) and values
 * (JSON text):
 *
 * | key                              | value                                        |
 * |----------------------------------|----------------------------------------------|
 * | `meta`                           | layout version, the key file's check, counters |
 * | `account` uid                    | the account: password hash, identity, root keys, quota applications, MaxCompute quotas |
 * | `email` address                  | the uid registered with that address         |
 * | `user` uid, lower-case name      | a RAM user with its policies and keys        |
 * | `role` uid, lower-case name      | a RAM role                                   |
 * | `key` AccessKey id               | its owner: `{ uid, user? }` (ids are global) |
 * | `quota` application id           | its account's uid (ids are global)           |
 * | `bucket` name                    | the bucket (names are global)                |
 * | `owns` uid, bucket name          | the bucket's region: an owner's list         |
 * | `session` sha256 of the token    | the session                                  |
 * | `expires` expiry, token hash     | (empty): sessions by expiry, to drop old ones |
 * | `mail` n                         | the n-th mail of the simulated inbox          |
 * | `mailto` address, n              | (empty): one address's mails                  |
 * | `nonce` sha256 of key id + nonce | until when it counts as used (ms)            |
 * | `nonces` until, hash             | (empty): nonces by expiry, to drop old ones  |
 *
 * A transaction loads records on demand and hands the rules plain objects;
 * the rules change them in place (as they changed the one-file state). At the
 * end, {@link CloudTx.flush} writes back exactly the records whose JSON
 * changed, and what was added or removed. A read-only transaction never flushes.
 */
import { nodeCrypto } from '../../core/builtins.js';
import type {
  StoredAccount,
  StoredBucket,
  StoredMail,
  StoredRamRole,
  StoredRamUser,
  StoredSession,
} from './state.js';

/** A record's key. */
export type Key = readonly (string | number)[];

/** The storage under a transaction: LMDB's, or a map for a cloud that has no store yet. */
export interface Kv {
  get(key: Key): string | undefined;
  /** Every record whose key starts with `prefix` (and is longer), in key order. */
  range(prefix: Key, options?: { reverse?: boolean; limit?: number }): Iterable<{ key: Key; value: string }>;
  put(key: Key, value: string): void;
  remove(key: Key): void;
}

/** The layout of the records (`meta.layout`): a later layout migrates from it. */
export const LAYOUT = 1;

/** The `meta` record. */
export interface Meta {
  layout: number;
  /** sha256 (16 hex digits) of the key file's seed when the store last used it: tells a replaced key file. */
  seedCheck?: string;
  /** The number of the next mail. */
  mailSeq: number;
  /** How many mails the inbox holds. */
  mails: number;
}

/** Who owns an AccessKey: an account's root, or one of its RAM users (by lower-case name). */
export interface KeyOwner {
  uid: string;
  user?: string;
}

/** What a transaction asks of the key file (the seed of derived secrets, kept out of the records). */
export interface SeedSource {
  /** The seed, or null when there is no key file. `check` is what the store last recorded. */
  current(check: string | undefined): string | null;
  /** The seed, made now (and its key file written) when there is none. */
  ensure(): string;
}

/** The check of a seed that the records may hold: not the seed, and nothing it can be derived from. */
export function seedCheck(seed: string): string {
  return nodeCrypto().createHash('sha256').update(`onboard-seed-check:${seed}`).digest('hex').slice(0, 16);
}

/** The longest text a key part may be: longer names cannot be stored, so they are never found. */
const MAX_PART = 512;

/** Whether a name from a request can be part of a key (no NUL, not too long): else nothing has it. */
function storable(part: string): boolean {
  return part.length <= MAX_PART && !part.includes('\u0000');
}

function keyId(key: Key): string {
  return JSON.stringify(key);
}

/** Key order as the database keeps it: element by element, numbers before strings, a prefix first. */
export function compareKeys(a: Key, b: Key): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/** Whether `key` is under `prefix` (longer, and equal element by element as far as the prefix goes). */
export function startsWith(key: Key, prefix: Key): boolean {
  return key.length > prefix.length && prefix.every((part, i) => key[i] === part);
}

/** A value read back as the type it was written with: every record is written by this module. */
function trusted<T>(value: unknown): T {
  return value as T;
}

interface Loaded {
  key: Key;
  value: unknown;
  /** The JSON it was read as; undefined for a record added in this transaction. */
  text: string | undefined;
}

/** A record that cannot be parsed: the store reports the database as corrupt. */
export class BadRecord extends Error {
  constructor(readonly key: Key) {
    super(`unreadable record ${keyId(key)}`);
  }
}

/**
 * One transaction's view of the cloud. Records are loaded once and the same
 * object is handed out again (a change made through one lookup is seen by the
 * next); what a rule changes is written back by {@link flush}.
 */
export class CloudTx {
  private readonly loaded = new Map<string, Loaded>();
  private readonly removed = new Map<string, Key>();
  private metaRecord: Meta | undefined;

  constructor(
    private readonly kv: Kv,
    private readonly seeds: SeedSource,
  ) {}

  // --- records ---------------------------------------------------------------------

  private load<T>(key: Key): T | undefined {
    const id = keyId(key);
    if (this.removed.has(id)) return undefined;
    const hit = this.loaded.get(id);
    if (hit) return trusted<T>(hit.value);
    const text = this.kv.get(key);
    if (text === undefined) return undefined;
    const value = parse(key, text);
    this.loaded.set(id, { key, value, text });
    return trusted<T>(value);
  }

  private has(key: Key): boolean {
    return this.load<unknown>(key) !== undefined;
  }

  private insert(key: Key, value: unknown): void {
    const id = keyId(key);
    this.removed.delete(id);
    this.loaded.set(id, { key, value, text: undefined });
  }

  private drop(key: Key): void {
    const id = keyId(key);
    this.loaded.delete(id);
    this.removed.set(id, key);
  }

  /** The records under `prefix`, in key order, as this transaction sees them. */
  private list<T>(
    prefix: Key,
    options: { reverse?: boolean; limit?: number } = {},
  ): { key: Key; value: T }[] {
    const out = new Map<string, { key: Key; value: unknown }>();
    for (const { key, value: text } of this.kv.range(prefix, options)) {
      const id = keyId(key);
      if (this.removed.has(id)) continue;
      const hit = this.loaded.get(id);
      if (hit) out.set(id, hit);
      else {
        const value = parse(key, text);
        this.loaded.set(id, { key, value, text });
        out.set(id, { key, value });
      }
    }
    for (const [id, entry] of this.loaded) {
      if (entry.text === undefined && !out.has(id) && startsWith(entry.key, prefix)) out.set(id, entry);
    }
    const sorted = [...out.values()].sort((a, b) => compareKeys(a.key, b.key) * (options.reverse ? -1 : 1));
    const limited = options.limit === undefined ? sorted : sorted.slice(0, options.limit);
    return limited.map(({ key, value }) => ({ key, value: trusted<T>(value) }));
  }

  /**
   * Writes what changed: records whose JSON differs from what was read, the
   * records added, the ones removed. Returns whether anything was written.
   */
  flush(): boolean {
    let changed = false;
    for (const entry of this.loaded.values()) {
      const text = JSON.stringify(entry.value);
      if (text === entry.text) continue;
      this.kv.put(entry.key, text);
      entry.text = text;
      changed = true;
    }
    for (const key of this.removed.values()) {
      this.kv.remove(key);
      changed = true;
    }
    this.removed.clear();
    return changed;
  }

  /** Whether this transaction changed anything (what {@link flush} would write). */
  changed(): boolean {
    if (this.removed.size > 0) return true;
    for (const entry of this.loaded.values()) if (JSON.stringify(entry.value) !== entry.text) return true;
    return false;
  }

  // --- meta ------------------------------------------------------------------------

  /** The `meta` record; undefined in a store that was never initialized. */
  meta(): Meta | undefined {
    this.metaRecord ??= this.load<Meta>(['meta']);
    return this.metaRecord;
  }

  private writableMeta(): Meta {
    const meta = this.meta();
    if (meta) return meta;
    const fresh: Meta = { layout: LAYOUT, mailSeq: 1, mails: 0 };
    this.insert(['meta'], fresh);
    this.metaRecord = fresh;
    return fresh;
  }

  /** Records the store as initialized at the current layout (a new store, a migration, a reset). */
  initialize(seed: string | null): void {
    const meta = this.writableMeta();
    meta.layout = LAYOUT;
    if (seed === null) delete meta.seedCheck;
    else meta.seedCheck = seedCheck(seed);
  }

  // --- accounts --------------------------------------------------------------------

  account(uid: string): StoredAccount | undefined {
    return typeof uid === 'string' && storable(uid) ? this.load<StoredAccount>(['account', uid]) : undefined;
  }

  /** The account registered with the (normalized) address. */
  accountByEmail(email: string): StoredAccount | undefined {
    if (!storable(email)) return undefined;
    const uid = this.load<string>(['email', email]);
    return uid === undefined ? undefined : this.account(uid);
  }

  uidTaken(uid: string): boolean {
    return this.has(['account', uid]);
  }

  addAccount(account: StoredAccount): void {
    this.insert(['account', account.uid], account);
    this.insert(['email', account.email], account.uid);
  }

  /** Every account (`sim approve`, `sim cancel`, exports): the one walk over the whole cloud. */
  accounts(): StoredAccount[] {
    return this.list<StoredAccount>(['account']).map((e) => e.value);
  }

  // --- RAM users and roles -------------------------------------------------------------

  /** The account's RAM user of that name; names are matched as RAM does, case-insensitively. */
  user(account: Pick<StoredAccount, 'uid'>, name: string): StoredRamUser | undefined {
    const lower = String(name).toLowerCase();
    return storable(lower) ? this.load<StoredRamUser>(['user', account.uid, lower]) : undefined;
  }

  addUser(account: Pick<StoredAccount, 'uid'>, user: StoredRamUser): void {
    this.insert(['user', account.uid, user.name.toLowerCase()], user);
  }

  /** Every RAM user of the account, by lower-case name. */
  users(account: Pick<StoredAccount, 'uid'>): StoredRamUser[] {
    return this.list<StoredRamUser>(['user', account.uid]).map((e) => e.value);
  }

  /** The account's RAM role of that name (case-insensitively). */
  role(account: Pick<StoredAccount, 'uid'>, name: string): StoredRamRole | undefined {
    const lower = String(name).toLowerCase();
    return storable(lower) ? this.load<StoredRamRole>(['role', account.uid, lower]) : undefined;
  }

  addRole(account: Pick<StoredAccount, 'uid'>, role: StoredRamRole): void {
    this.insert(['role', account.uid, role.name.toLowerCase()], role);
  }

  roles(account: Pick<StoredAccount, 'uid'>): StoredRamRole[] {
    return this.list<StoredRamRole>(['role', account.uid]).map((e) => e.value);
  }

  // --- AccessKeys ------------------------------------------------------------------------

  /** Who owns the key, or undefined for an id no key has. */
  keyOwner(id: string): KeyOwner | undefined {
    return typeof id === 'string' && storable(id) ? this.load<KeyOwner>(['key', id]) : undefined;
  }

  keyIdTaken(id: string): boolean {
    return this.has(['key', id]);
  }

  addKeyOwner(id: string, owner: KeyOwner): void {
    this.insert(['key', id], owner.user === undefined ? { uid: owner.uid } : owner);
  }

  removeKeyOwner(id: string): void {
    this.drop(['key', id]);
  }

  /**
   * The secret of a derived key: re-derived from the key file's seed, or null
   * when there is no key file (then no key can sign).
   */
  seed(): string | null {
    return this.seeds.current(this.meta()?.seedCheck);
  }

  /** The seed a new key's secret is derived from: made now (with its key file) when there is none. */
  seedForNewKey(): string {
    const seed = this.seeds.ensure();
    const check = seedCheck(seed);
    const meta = this.writableMeta();
    if (meta.seedCheck !== check) meta.seedCheck = check;
    return seed;
  }

  // --- quota applications ------------------------------------------------------------------

  quotaIdTaken(id: string): boolean {
    return this.has(['quota', id]);
  }

  addQuotaId(id: string, uid: string): void {
    this.insert(['quota', id], uid);
  }

  // --- buckets ---------------------------------------------------------------------------------

  bucket(name: string): StoredBucket | undefined {
    return typeof name === 'string' && storable(name) ? this.load<StoredBucket>(['bucket', name]) : undefined;
  }

  addBucket(bucket: StoredBucket): void {
    this.insert(['bucket', bucket.name], bucket);
    this.insert(['owns', bucket.owner, bucket.name], bucket.region);
  }

  removeBucket(bucket: StoredBucket): void {
    this.drop(['bucket', bucket.name]);
    this.drop(['owns', bucket.owner, bucket.name]);
  }

  /** The owner's buckets, by name. */
  bucketsOf(uid: string): StoredBucket[] {
    return this.list<string>(['owns', uid]).flatMap(({ key }) => {
      const bucket = this.bucket(String(key[2]));
      return bucket ? [bucket] : [];
    });
  }

  /** How many buckets the owner has in the region. */
  bucketCount(uid: string, region: string): number {
    return this.list<string>(['owns', uid]).filter((e) => e.value === region).length;
  }

  /** Every bucket, by name. */
  buckets(): StoredBucket[] {
    return this.list<StoredBucket>(['bucket']).map((e) => e.value);
  }

  // --- sessions ------------------------------------------------------------------------------

  /** Every session kept (exports). */
  sessions(): StoredSession[] {
    return this.list<StoredSession>(['session']).map((e) => e.value);
  }

  session(tokenHash: string): StoredSession | undefined {
    return storable(tokenHash) ? this.load<StoredSession>(['session', tokenHash]) : undefined;
  }

  addSession(session: StoredSession): void {
    this.insert(['session', session.tokenHash], session);
    this.insert(['expires', session.expiresAt, session.tokenHash], '');
  }

  /** Drops a few sessions that expired before `before` (ISO): each new session clears more than it adds. */
  pruneSessions(before: string): void {
    for (const { key } of this.list<string>(['expires'], { limit: 4 })) {
      const [, expiresAt, tokenHash] = key;
      if (typeof expiresAt !== 'string' || expiresAt >= before) break;
      this.drop(key);
      this.drop(['session', String(tokenHash)]);
    }
  }

  // --- the simulated inbox ---------------------------------------------------------------------

  /** Adds a mail; beyond `max` mails the oldest go. */
  addMail(mail: StoredMail, max: number): void {
    const meta = this.writableMeta();
    const n = meta.mailSeq++;
    this.insert(['mail', n], mail);
    this.insert(['mailto', mail.to, n], '');
    meta.mails++;
    if (meta.mails <= max) return;
    for (const { key, value } of this.list<StoredMail>(['mail'], { limit: meta.mails - max })) {
      this.drop(key);
      this.drop(['mailto', value.to, key[1]!]);
      meta.mails--;
    }
  }

  /** The newest mail to the address (the only one whose code counts). */
  newestMail(to: string): StoredMail | undefined {
    if (!storable(to)) return undefined;
    const [last] = this.list<string>(['mailto', to], { reverse: true, limit: 1 });
    return last === undefined ? undefined : this.load<StoredMail>(['mail', last.key[2]!]);
  }

  /** The mails, newest first, to one address or to all. */
  mails(to?: string): StoredMail[] {
    if (to === undefined) return this.list<StoredMail>(['mail'], { reverse: true }).map((e) => e.value);
    if (!storable(to)) return [];
    return this.list<string>(['mailto', to], { reverse: true }).flatMap(({ key }) => {
      const mail = this.load<StoredMail>(['mail', key[2]!]);
      return mail ? [mail] : [];
    });
  }

  // --- signature nonces ------------------------------------------------------------------------

  /** Whether the key's nonce is used and still within its window at `now`. */
  nonceUsed(accessKeyId: string, nonce: string, now: number): boolean {
    const until = this.load<number>(['nonce', nonceHash(accessKeyId, nonce)]);
    return until !== undefined && until > now;
  }

  /**
   * Drops at most `max` nonces whose window has passed at `now`, oldest first: called once per
   * batch of nonces recorded (with a few more than the batch holds, so the table never grows
   * beyond what the window keeps), not per nonce, which would scan the batch once per nonce.
   */
  pruneNonces(now: number, max: number): void {
    for (const { key } of this.list<string>(['nonces'], { limit: max })) {
      const [, expires, hash] = key;
      if (typeof expires !== 'number' || expires > now) break;
      this.drop(key);
      this.drop(['nonce', String(hash)]);
    }
  }

  /** Records the nonce as used until `until`. */
  useNonce(accessKeyId: string, nonce: string, until: number): void {
    const hash = nonceHash(accessKeyId, nonce);
    const earlier = this.load<number>(['nonce', hash]);
    if (earlier !== undefined) this.drop(['nonces', earlier, hash]);
    this.insert(['nonce', hash], until);
    this.insert(['nonces', until, hash], '');
  }
}

/**
 * A nonce's key: a hash, so that whatever a client sends fits a key and is
 * stored only as a hash. Node's crypto: only a server uses nonces, and it has
 * loaded it already to check signatures.
 */
function nonceHash(accessKeyId: string, nonce: string): string {
  return nodeCrypto().createHash('sha256').update(`${accessKeyId}\n${nonce}`).digest('hex');
}

function parse(key: Key, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRecord(key);
  }
}

/** Records in memory, in key order: a cloud that has no store yet, read without creating one. */
export class MemoryKv implements Kv {
  private readonly records = new Map<string, { key: Key; value: string }>();

  get(key: Key): string | undefined {
    return this.records.get(keyId(key))?.value;
  }

  range(prefix: Key, options: { reverse?: boolean; limit?: number } = {}): { key: Key; value: string }[] {
    const found = [...this.records.values()]
      .filter((entry) => startsWith(entry.key, prefix))
      .sort((a, b) => compareKeys(a.key, b.key) * (options.reverse ? -1 : 1));
    return options.limit === undefined ? found : found.slice(0, options.limit);
  }

  put(key: Key, value: string): void {
    this.records.set(keyId(key), { key, value });
  }

  remove(key: Key): void {
    this.records.delete(keyId(key));
  }
}
