/**
 * "The cloud", shared by every profile in the config dir and by `sim serve`:
 * an LMDB database, `simulated-cloud.lmdb` (and LMDB's `simulated-cloud.lmdb-lock`
 * beside it), both 0600, holding one record per entity (`records.ts`), plus
 * the key file `simulated-cloud.key` (the seed of derived secrets, kept out of
 * the database: `key-file.ts`).
 *
 * Every call is one transaction: a read is a snapshot that never waits for a
 * writer and never writes; a change runs in one write transaction (one writer
 * at a time across every process, begun, run and committed synchronously: see
 * {@link commit}), and writes back only the records it changed. A
 * commit is acknowledged once it is in the database file: a process killed
 * at any moment (`kill -9`) leaves every acknowledged commit in place, and
 * LMDB's copy-on-write pages mean the file always opens. The flush to the
 * disk is not waited for (it would cost a disk flush per request): it is
 * asked for within a second after a change, and when a server stops. A
 * machine that loses power within that second may lose those last changes,
 * and LMDB then cannot promise the file (`sim reset` makes a new one): a
 * simulator's trade, documented in README.
 *
 * No store is created by reading: a config dir without one reads as the
 * seeded cloud, and a change that changes nothing creates nothing either. A
 * `simulated-cloud.json` of an earlier version is read as it is until the
 * first change, which migrates it in one transaction (validated whole first;
 * a corrupt one is reported and left alone) and then keeps it as
 * `simulated-cloud.json.migrated` without its seed (the seed moves to the key
 * file). A run killed in the middle leaves either the old file in use or the
 * new store complete, and the next run finishes the renaming.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database, RootDatabase, Transaction } from 'lmdb';
import { ProviderError, StoreError } from '../../core/errors.js';
import {
  cleanStaleTemps,
  ensurePrivateDir,
  errorCode,
  giveFolderOwner,
  notAFile,
  notRegularFile,
  readTextIfExists,
  unreadable,
  unwritable,
  writeFileAtomic,
} from '../../fs/atomic.js';
import { cleanLeftovers, sleep, withMutex } from '../../fs/lock.js';
import { newSecretSeed } from './hash.js';
import { KEY_FILE, KeyFile } from './key-file.js';
import { BadRecord, CloudTx, type Key, type Kv, MemoryKv, type SeedSource, startsWith } from './records.js';
import { seedState } from './seed.js';
import { accountRecord, type CloudState, cloudSchema, type WholeAccount } from './state.js';

/** The database file in the config dir (LMDB adds `<name>-lock`). */
export const CLOUD_DB = 'simulated-cloud.lmdb';
/** The one-file cloud of earlier versions, migrated on first use. */
export const LEGACY_FILE = 'simulated-cloud.json';
/** What the one-file cloud becomes once migrated: the backup, without its seed. */
export const MIGRATED_FILE = `${LEGACY_FILE}.migrated`;

/** The LMDB package, loaded on first use (it is native: kept outside the bundle). */
export type Lmdb = typeof import('lmdb');
let loading: Promise<Lmdb> | undefined;
function loadLmdb(): Promise<Lmdb> {
  loading ??= withoutMsgpackrAcceleration(() => import('lmdb'));
  return loading;
}

/** msgpackr's own switch for its native string decoder (`msgpackr-extract`). */
const MSGPACKR_NATIVE = 'MSGPACKR_NATIVE_ACCELERATION_DISABLED';

/**
 * Loads lmdb without msgpackr's native string decoder. lmdb loads msgpackr, and msgpackr loads
 * that second native addon as it is first required, unless its switch says not to. The store
 * keeps strings (`encoding: 'string'`, keys by ordered-binary), so msgpackr never decodes here:
 * the addon was a second dlopen and resolve for nothing, a fifth of lmdb's load on Node 24.
 * The switch is set only for the load (a user's own value is left as it is), then taken back,
 * so no child process inherits it.
 */
export async function withoutMsgpackrAcceleration<T>(load: () => Promise<T>): Promise<T> {
  if (Object.hasOwn(process.env, MSGPACKR_NATIVE)) return load();
  process.env[MSGPACKR_NATIVE] = 'true';
  try {
    return await load();
  } finally {
    delete process.env[MSGPACKR_NATIVE];
  }
}

/** LMDB's meta page: its magic number and data version, after the 16-byte page header and 8 bytes of address. */
const LMDB_MAGIC = 0xbeefc0de;
const LMDB_VERSION = 2;

/**
 * The address space LMDB maps for the database (not memory, not disk: the file grows as records
 * do). Fixed, as LMDB is meant to be used: lmdb-js otherwise starts at 128 KiB and remaps inside
 * write transactions as the file grows, which many processes growing one new store at once
 * (parallel journeys on a fresh config dir) met now and then as a write transaction LMDB refused
 * ("mdb_page_touch error"). 1 GiB is some two hundred times the benchmark's cloud of 1,000
 * accounts and 10,000 RAM users; a store that outgrows it is remapped as before.
 */
const MAP_BYTES = 1024 ** 3;

/** A key as LMDB takes it. */
type DbKey = (string | number)[];

/** An open store: the environment and its one database of records. */
interface Handle {
  root: RootDatabase<string, DbKey>;
  db: Database<string, DbKey>;
  /** The file's inode when it was opened. */
  ino: number | undefined;
  /** Whether the store was seen initialized (it then stays so). */
  filled: boolean;
}

/** Open databases by file, per process: LMDB must not open one environment twice in a process. */
const opened = new Map<string, Handle>();
/** Stores opened before their file was replaced under the path: still open, closed at exit too. */
const replaced: { file: string; handle: Handle }[] = [];
let closingAtExit = false;

/**
 * Closes every store this process opened, each under its mutex (`<file>.mutex`, the one its
 * opening takes): at the process's exit, before lmdb would close them on its own without it.
 *
 * Why the mutex: a process closing an LMDB environment that finds itself its last user (it can
 * lock the lock file exclusively) destroys the lock file's mutexes. Another process opening the
 * environment at that instant waits for the lock file, finds itself not first, and attaches to
 * the destroyed mutexes: its write transactions then cannot begin (lmdb reports "No transaction
 * to renew", or worse, goes on without the lock). Runs started and ended at once on one store
 * (a CI job's parallel steps, the kill loops) met this a few times in a thousand. With opening
 * and closing taking turns, a process opens either before the last one closes (which then sees
 * it and destroys nothing) or after (and sets the mutexes up again).
 */
function closeAll(): void {
  for (const [file, handle] of opened) replaced.push({ file, handle });
  opened.clear();
  for (const { file, handle } of replaced.splice(0)) closeRoot(file, handle.root, EXIT_TURN_MS);
}

/**
 * How long a process at its exit waits for its turn to close: long, because a close without the
 * turn is the very race the turns exist for; only a store hammered by many runs at once waits at
 * all (a turn lasts milliseconds).
 */
const EXIT_TURN_MS = 15_000;

/** Closes one environment under its mutex (see {@link closeAll}); never throws. */
function closeRoot(file: string, root: RootDatabase<string, DbKey>, timeoutMs = 5_000): void {
  try {
    takingTurns(file, () => root.close(), timeoutMs);
  } catch {
    // Exiting, or already failing: lmdb closes the environment itself at exit.
  }
}

/**
 * Runs `fn` (opening or closing an environment) under the store's mutex (see {@link closeAll}).
 * The mutex is held for milliseconds: one older than {@link TURN_STALE_MS} is taken over, from
 * whatever process or machine (a config dir restored from a cache). A folder where the mutex
 * cannot be made (mounted read-only, with the database files writable) still opens, as it did
 * before the mutex.
 */
function takingTurns<T>(file: string, fn: () => T, timeoutMs = 5_000): T {
  let entered = false;
  try {
    return withMutex(
      file,
      () => {
        entered = true;
        return fn();
      },
      { timeoutMs, staleAfterMs: TURN_STALE_MS },
    );
  } catch (error) {
    if (!entered && error instanceof StoreError && error.key === 'store.unwritable') return fn();
    throw error;
  }
}

/** Past this age the open/close mutex is a leftover (a killed process, another machine's cache). */
const TURN_STALE_MS = 30_000;
/** Folders whose mutex leftovers were cleaned in this process. */
const cleaned = new Set<string>();

/** How a rule's call ended, so a transaction can keep or drop its changes and then report it. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; keep: boolean };

function attempt<T>(fn: (tx: CloudTx) => T, tx: CloudTx): Outcome<T> {
  try {
    return { ok: true, value: fn(tx) };
  } catch (error) {
    // A refusal keeps what the rule changed (a failed sign-in still counts); anything else drops it.
    return { ok: false, error, keep: error instanceof ProviderError };
  }
}

/** The simulated cloud's store in one config dir. */
export class CloudStore {
  /** The database file (for messages). */
  readonly file: string;
  readonly keyFile: KeyFile;
  private readonly lockFile: string;
  private readonly legacyFile: string;
  /** The view of a cloud without a store (the one-file cloud or the seed), by the text it came from. */
  private view: { text: string | null; kv: MemoryKv; seed: SeedSource } | undefined;
  private migrationDone = false;

  constructor(
    readonly configDir: string,
    private readonly readOnly: boolean,
    private lmdb?: Lmdb,
  ) {
    this.file = path.join(configDir, CLOUD_DB);
    this.lockFile = `${this.file}-lock`;
    this.legacyFile = path.join(configDir, LEGACY_FILE);
    this.keyFile = new KeyFile(path.join(configDir, KEY_FILE));
  }

  /** Opens the store once, so that a corrupt or unusable one is reported now (`sim serve` before it listens). */
  async check(): Promise<void> {
    await this.read(() => undefined);
  }

  /** Runs `fn` on a snapshot of the cloud. Nothing is ever written. */
  async read<T>(fn: (tx: CloudTx) => T): Promise<T> {
    return this.readWith(this.lmdb ?? (await this.module()), fn);
  }

  /** {@link read} with the package already loaded (tests and tools that open the store synchronously). */
  readWith<T>(lmdb: Lmdb, fn: (tx: CloudTx) => T, recheck = false): T {
    const handle = this.open(lmdb, false, recheck);
    if (handle === null) return settle(attempt(fn, this.viewTx()));
    // LMDB keeps a process's read snapshot until the next event turn; a call must see what other
    // processes committed before it (a CLI run between two reads of one synchronous stretch).
    handle.root.resetReadTxn();
    const txn = handle.db.useReadTransaction();
    try {
      const tx = new CloudTx(new LmdbKv(handle.db, txn), this.keyFile);
      // A store once filled stays filled (a reset refills it in the same transaction that empties it).
      handle.filled ||= this.guard(() => tx.meta() !== undefined);
      return settle(this.guarded(attempt(fn, handle.filled ? tx : this.viewTx())));
    } finally {
      txn.done();
    }
  }

  /**
   * Runs `fn` in one synchronous write transaction of a store opened with the
   * package in hand (tests, the benchmark's fixtures), creating the store first.
   */
  writeWith<T>(lmdb: Lmdb, fn: (tx: CloudTx) => T): T {
    this.assertWritable();
    const { db } = this.create(lmdb, true, true);
    return settle(
      this.guarded(
        commit(this.file, db, () => {
          const tx = new CloudTx(new LmdbKv(db), this.keyFile);
          const result = attempt(fn, tx);
          if (result.ok || result.keep) tx.flush();
          return result;
        }),
      ),
    );
  }

  /**
   * Replaces the whole cloud with `state`, read as a one-file cloud is (validated,
   * earlier versions' records read as they are now); its seed, if it has one,
   * goes to the key file.
   */
  replaceWith(lmdb: Lmdb, whole: CloudState): void {
    this.assertWritable();
    const state = this.validLegacy(whole);
    const { db } = this.create(lmdb, true, true);
    if (state.secretSeed !== undefined) this.keyFile.replace(state.secretSeed);
    const seed = this.keyFile.ensure();
    commit(this.file, db, () => {
      const kv = new LmdbKv(db);
      kv.clear();
      const tx = new CloudTx(kv, this.keyFile);
      importState(tx, state, seed);
      tx.flush();
    });
  }

  /** Opens (creating and migrating) the store now: `sim serve` before it listens. */
  async prepare(): Promise<void> {
    this.assertWritable();
    this.create(await this.module());
    // A corrupt key file is reported now, not as a 500 to every signed request.
    this.keyFile.read();
  }

  /**
   * Runs `fn` in one write transaction and writes back what it changed. A
   * {@link ProviderError} thrown by `fn` is rethrown after its changes are
   * kept (a failed sign-in still counts); any other error drops them.
   */
  async write<T>(fn: (tx: CloudTx) => T): Promise<T> {
    this.assertWritable();
    const lmdb = await this.module();
    let handle = this.open(lmdb, false);
    if (handle === null || !this.initialized(handle)) {
      // No store yet: try the change on the cloud as it reads; create the store only if it changes something.
      const trial = this.viewTx(true);
      const outcome = attempt(fn, trial);
      if (!trial.changed() || (!outcome.ok && !outcome.keep)) return settle(this.guarded(outcome));
      handle = this.create(lmdb);
    } else if (!this.migrationDone) {
      // A run killed between a migration's commit and its renaming left the old file: finish that.
      this.finishMigration();
    }
    const { db } = handle;
    const outcome = commit(this.file, db, () => {
      const tx = new CloudTx(new LmdbKv(db), this.keyFile);
      const result = attempt(fn, tx);
      if (result.ok || result.keep) tx.flush();
      return result;
    });
    syncSoon(this.file);
    return settle(this.guarded(outcome));
  }

  /** `sim reset`: the seeded cloud, a new seed, whatever was there before (corrupt or not). */
  async reset(): Promise<void> {
    this.assertWritable();
    const lmdb = await this.module();
    let handle: Handle;
    try {
      handle = this.create(lmdb, false, true);
    } catch (error) {
      if (!(error instanceof StoreError) || error.key !== 'provider.cloudCorrupt') throw error;
      // A database file LMDB cannot open is replaced whole.
      takingTurns(this.file, () => {
        for (const file of [this.file, this.lockFile]) removeIfThere(file);
      });
      handle = this.create(lmdb, false, true);
    }
    const seed = newSecretSeed();
    this.keyFile.replace(seed);
    const { db } = handle;
    commit(this.file, db, () => {
      const kv = new LmdbKv(db);
      kv.clear();
      const tx = new CloudTx(kv, this.keyFile);
      importState(tx, seedState(), seed);
      tx.flush();
    });
    removeIfThere(this.legacyFile);
    this.view = undefined;
  }

  /** Waits for the commits in flight and flushes them to the disk (a server stopping). */
  async close(): Promise<void> {
    const handle = opened.get(this.file);
    if (!handle) return;
    await handle.db.committed;
    await syncNow(this.file);
  }

  private async module(): Promise<Lmdb> {
    this.lmdb ??= await loadLmdb();
    return this.lmdb;
  }

  private assertWritable(): void {
    if (this.readOnly) throw new Error('read-only provider');
  }

  /** Refuses a FIFO, socket or device where one of the store's files should be; never opens one. */
  private refuseSpecial(): void {
    for (const file of [this.file, this.lockFile, this.keyFile.file, this.legacyFile]) {
      let stat: fs.Stats;
      try {
        // lstat: a symbolic link (even a dangling one) is refused, never followed out of the config dir.
        stat = fs.lstatSync(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue;
        throw unreadable(file, error);
      }
      // LMDB crashes the process on a directory where its lock file should be: only regular files pass.
      if (stat.isDirectory() || stat.isSymbolicLink()) throw notRegularFile(file);
      if (!stat.isFile()) throw notAFile(file);
    }
  }

  /**
   * The open store, or null when there is none and `create` is false. Once
   * open, a store is used as it is (a request pays no look at the files);
   * `recheck` looks again, for callers that may find the file replaced under
   * the path since (tools and tests that open it from outside the commands).
   */
  private open(lmdb: Lmdb, create: boolean, recheck = false): Handle | null {
    const known = opened.get(this.file);
    if (known && !recheck) return known;
    this.refuseSpecial();
    const ino = inodeOf(this.file);
    // The same file as before: its open handle. (A file replaced under the path is opened anew.)
    if (known && known.ino === ino) return known;
    if (!create && ino === undefined) return null;
    if (create) ensurePrivateDir(this.configDir);
    // A reader tidies too: a run that only checks (everything done) still removes what killed writers left.
    this.cleanOnce();
    const existed = [this.file, this.lockFile].map((file) => fs.existsSync(file));
    let root: RootDatabase<string, DbKey>;
    try {
      // `permissionsMode`: the mode of the files LMDB creates (the package's native option, not in its
      // typings); the chmod below makes it exact whatever the umask.
      // noSync: a commit is in the file (the kernel's) when it returns, which is all a process killed at
      // any moment needs; the flush to the disk is asked for within a second after (`syncSoon`).
      const options = {
        path: this.file,
        permissionsMode: 0o600,
        maxDbs: 2,
        encoding: 'string' as const,
        noSync: true,
        mapSize: MAP_BYTES,
      };
      root = takingTurns(this.file, () => {
        // Looked at with the turn held: no other process is creating the file meanwhile.
        this.checkHeader();
        return openRetrying(lmdb, options);
      });
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (/MDB_INVALID|MDB_CORRUPTED|MDB_VERSION_MISMATCH|MDB_PAGE_NOTFOUND/.test(message)) {
        throw this.corrupt(message);
      }
      throw unreadable(this.file, error);
    }
    for (const [i, file] of [this.file, this.lockFile].entries()) {
      try {
        if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
        // Root with another user's HOME (`sudo -E`): the files it made are that user's, like the folder.
        if (!existed[i]) giveFolderOwner(file);
      } catch (error) {
        if (error instanceof StoreError) {
          closeRoot(this.file, root);
          throw error;
        }
        if (errorCode(error) !== 'ENOENT') throw unwritable(file, error);
      }
    }
    // lmdb opens a database in a write transaction of its own: in its turn, as every write is.
    const db = takingTurns(this.file, () =>
      root.openDB<string, DbKey>({ name: 'cloud', encoding: 'string' }),
    );
    const handle = {
      root,
      db,
      ino: inodeOf(this.file),
      filled: false,
    };
    if (!closingAtExit) {
      closingAtExit = true;
      process.once('exit', closeAll);
    }
    if (known) replaced.push({ file: this.file, handle: known });
    opened.set(this.file, handle);
    return handle;
  }

  /**
   * LMDB trusts its file: one that is not an LMDB file can crash the process
   * that maps it. So the first meta page is checked before (LMDB's magic
   * number and data version at their place after the page header); an empty
   * file is a store being created.
   */
  private checkHeader(): void {
    // An empty file is a store being created, or one whose records are gone: LMDB writes its meta
    // pages as it creates the file (while this process waits its turn to open it), and the key
    // file only once they are there; so an empty file beside a key file lost what it held.
    if (statOf(this.file)?.size === 0 && fs.existsSync(this.keyFile.file)) {
      throw this.corrupt('empty: its records are gone');
    }
    // A meta page another process was writing at that instant can read torn: a file that looks
    // truncated is looked at once more before it is called so.
    if (this.looksTruncated()) {
      sleep(50);
      if (this.looksTruncated()) throw this.corrupt('shorter than its own pages say (truncated)');
    }
  }

  /** Whether the database file is cut short; @throws when it is no LMDB file at all. */
  private looksTruncated(): boolean {
    let header: Buffer;
    let size: number;
    try {
      const fd = fs.openSync(this.file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      try {
        header = Buffer.alloc(2 * 4096);
        fs.readSync(fd, header, 0, header.length, 0);
        // The size after the meta pages: a commit writes its pages before the meta page that
        // points at them, so a meta read first never points past the size read after it.
        size = fs.fstatSync(fd).size;
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw unreadable(this.file, error);
    }
    if (size === 0) return false;
    if (
      size < 2 * 4096 ||
      header.readUInt32LE(24) !== LMDB_MAGIC ||
      header.readUInt32LE(28) !== LMDB_VERSION
    ) {
      throw this.corrupt('not an LMDB database file');
    }
    return truncated(header, size);
  }

  /** Opens (creating) the store and, when it is new, fills it: from the one-file cloud, else the seed. */
  private create(lmdb: Lmdb, initialize = true, recheck = false): Handle {
    const handle = this.open(lmdb, true, recheck);
    if (handle === null) throw unwritable(this.file, new Error('not created'));
    if (initialize && !this.initialized(handle)) this.initialize(handle);
    if (initialize && !this.migrationDone) this.finishMigration();
    return handle;
  }

  private initialized(handle: Handle): boolean {
    if (handle.filled) return true;
    const txn = handle.db.useReadTransaction();
    try {
      handle.filled = this.guard(
        () => new CloudTx(new LmdbKv(handle.db, txn), this.keyFile).meta() !== undefined,
      );
      return handle.filled;
    } finally {
      txn.done();
    }
  }

  /**
   * Fills a new store in one transaction: the one-file cloud when there is
   * one (validated whole first: a corrupt one is reported and left alone), else
   * the seed. Another process may have done it meanwhile: then nothing is done.
   */
  private initialize(handle: Handle): void {
    const legacy = this.legacy();
    // The seed is on disk before the records that need it; a kill in between leaves the old state in use.
    const kept = legacy?.secretSeed;
    if (kept !== undefined && this.keyFile.read() !== kept) this.keyFile.replace(kept);
    const seed = kept ?? this.keyFile.ensure();
    commit(this.file, handle.db, () => {
      const tx = new CloudTx(new LmdbKv(handle.db), this.keyFile);
      if (tx.meta() !== undefined) return;
      importState(tx, legacy ?? seedState(), seed);
      tx.flush();
    });
    this.view = undefined;
  }

  /** After a migration: the one-file cloud kept as `.migrated`, without its seed, and out of use. */
  private finishMigration(): void {
    this.migrationDone = true;
    const text = readTextIfExists(this.legacyFile);
    if (text === null) return;
    let backup = text;
    try {
      const { secretSeed: _seed, ...rest } = JSON.parse(text);
      backup = `${JSON.stringify(rest, null, 2)}\n`;
    } catch {
      // Not JSON: the store was made from the seed (sim reset ran since); the file is kept as it was.
    }
    writeFileAtomic(this.backupFile(backup), backup);
    removeIfThere(this.legacyFile);
  }

  /**
   * Where a migrated one-file cloud is kept: `simulated-cloud.json.migrated`, or, when that holds
   * another cloud already (an earlier version run again after the migration wrote a new file), the
   * first free `.migrated-2`, `-3`… so that no backup is ever replaced.
   */
  private backupFile(backup: string): string {
    for (let n = 1; ; n++) {
      const file = path.join(this.configDir, n === 1 ? MIGRATED_FILE : `${MIGRATED_FILE}-${n}`);
      const there = readTextIfExists(file);
      if (there === null || there === backup) return file;
    }
  }

  /** The one-file cloud, validated, or null when there is none. */
  private legacy(): CloudState | null {
    const text = readTextIfExists(this.legacyFile);
    return text === null ? null : this.parseLegacy(text);
  }

  /**
   * A transaction over the cloud as it reads without a store: the one-file
   * cloud as it is (with its seed, so its keys still sign), or the seed.
   * `fresh`: a copy a change may be tried on.
   */
  private viewTx(fresh = false): CloudTx {
    const text = readTextIfExists(this.legacyFile);
    if (!fresh && this.view && this.view.text === text) return new CloudTx(this.view.kv, this.view.seed);
    const state = text === null ? seedState() : this.parseLegacy(text);
    const kept = state.secretSeed;
    const seed: SeedSource = { current: () => kept ?? null, ensure: () => kept ?? newSecretSeed() };
    const kv = new MemoryKv();
    const tx = new CloudTx(kv, seed);
    importState(tx, state, null);
    tx.flush();
    if (!fresh) this.view = { text, kv, seed };
    return new CloudTx(kv, seed);
  }

  private parseLegacy(text: string): CloudState {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      // Only where it broke: the parser's message quotes the file's text (mail with codes in it).
      const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      throw this.corrupt(`not valid JSON${at ? ` (near character ${at})` : ''}`, this.legacyFile);
    }
    return this.validLegacy(data);
  }

  private validLegacy(data: unknown): CloudState {
    const parsed = cloudSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw this.corrupt(`${where}${issue?.message ?? 'invalid'}`, this.legacyFile);
    }
    return parsed.data;
  }

  /** Leftovers of the one-file store's writers (its `.mutex` of a killed server, temp files): once per process. */
  private cleanOnce(): void {
    if (cleaned.has(this.configDir)) return;
    cleaned.add(this.configDir);
    cleanLeftovers(this.legacyFile);
    cleanLeftovers(this.file);
    cleanStaleTemps(this.keyFile.file);
  }

  /** Runs `fn`, reporting an unreadable record as a corrupt store. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof BadRecord) throw this.corrupt(error.message);
      throw error;
    }
  }

  /** An unreadable record is a corrupt store. */
  private guarded<T>(outcome: Outcome<T>): Outcome<T> {
    if (outcome.ok || !(outcome.error instanceof BadRecord)) return outcome;
    return { ok: false, keep: false, error: this.corrupt(outcome.error.message) };
  }

  private corrupt(reason: string, file = this.file): StoreError {
    return new StoreError('provider.cloudCorrupt', { file, reason }, [
      { key: 'provider.cloudCorruptFix', params: { file } },
    ]);
  }
}

/** How soon after a commit it is flushed to the disk. */
const SYNC_AFTER_MS = 1000;
/** Database files with a flush asked for. */
const syncing = new Set<string>();

/** Flushes the commits to the disk within {@link SYNC_AFTER_MS} (once for all the commits until then). */
function syncSoon(file: string): void {
  if (syncing.has(file)) return;
  syncing.add(file);
  // A command that is done does not wait for it: the kernel flushes the file by itself.
  setTimeout(() => {
    syncing.delete(file);
    void syncNow(file);
  }, SYNC_AFTER_MS).unref();
}

/**
 * Flushes the database file to the disk, off the main thread: `fdatasync` on a descriptor of our
 * own, which flushes the file whichever descriptor wrote it (what LMDB's `mdb_env_sync` does for
 * a store opened without its own syncing). Being ours, it never holds the environment: a process
 * that exits meanwhile still closes every store in its turn (see {@link closeAll}). A flush that
 * fails (the file replaced or gone meanwhile) is left to the kernel, which flushes by itself.
 */
function syncNow(file: string): Promise<void> {
  return new Promise((resolve) => {
    fs.open(file, 'r', (openError, fd) => {
      if (openError) return resolve();
      fs.fdatasync(fd, () => fs.close(fd, () => resolve()));
    });
  });
}

/**
 * Whether a database file ends before pages its newest meta page points at: LMDB maps the file
 * and would crash the process (SIGBUS) reading past its end. A meta page (pages 0 and 1, each
 * after a 24-byte page header) holds the page size (`mm_dbs[0].md_pad`), the roots of the free
 * and main trees, and its transaction id; the newer of the two is the one in use. A commit writes
 * its trees' new roots, so a file cut short loses them first. A page size this check cannot
 * read (other than 4096, whose two metas it reads) is left to LMDB.
 */
function truncated(header: Buffer, size: number): boolean {
  const meta = (at: number) => ({
    pageSize: header.readUInt32LE(at + 48),
    roots: [header.readBigUInt64LE(at + 88), header.readBigUInt64LE(at + 136)],
    txnId: header.readBigUInt64LE(at + 152),
  });
  const first = meta(0);
  if (first.pageSize !== 4096) return false;
  const second = meta(4096);
  const current = second.txnId > first.txnId ? second : first;
  if (size % current.pageSize !== 0) return true;
  const pages = BigInt(size / current.pageSize);
  // An empty tree's root is P_INVALID (all ones).
  return current.roots.some((root) => root !== 0xffffffffffffffffn && root >= pages);
}

/**
 * `lmdb.open`, tried up to three times when LMDB reports no read transaction to renew: lmdb-js
 * opens its databases inside a transaction of their own, and while other processes are started
 * and killed at once on the same store (the kill loops of `npm run stress`), that first
 * transaction was seen to fail once in a few thousand opens, and to succeed when tried again.
 * Most of those failures were a process attaching to a lock file whose mutexes a closing process
 * had just reset; opening and closing now take turns (see {@link closeAll}), and the retry stays
 * for a first transaction that meets a writer killed inside its own.
 */
function openRetrying(lmdb: Lmdb, options: Parameters<Lmdb['open']>[0]): RootDatabase<string, DbKey> {
  for (let attempt = 1; ; attempt++) {
    try {
      return lmdb.open<string, DbKey>(options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/No transaction to renew|No current read transaction/.test(message)) throw error;
      sleep(10 * attempt);
    }
  }
}

/**
 * One write transaction, synchronous (lmdb's `transactionSync`): it begins, runs `fn` and commits
 * on this thread, between two turns of the event loop. lmdb's batched `transaction` runs `fn` on
 * this thread while a worker thread holds the database's write lock across processes; a process
 * that exits meanwhile (SIGTERM during a call) waits forever for that worker, which waits forever
 * for `fn`, and every other process waits on the lock it holds. A commit LMDB cannot make (a full
 * disk) is reported as the database not writable, and the process goes on.
 *
 * The transaction runs in the store's turn (see {@link closeAll}), the one opening and closing
 * take: with lmdb 3.5, a process opening the environment while another process is in a write
 * transaction can make that transaction's commit vanish (a later writer starts from the tree as
 * it was before it, and the process that made it reads its own change undone). Processes
 * writing at once lost a change in about one round in two of a harness of 16 processes writing
 * 50 transactions each, all of which held once opening and writing took turns; writers wait
 * for each other in any case, so the turn costs a file made and removed per change.
 */
function commit<T>(file: string, db: Database<string, DbKey>, fn: () => T): T {
  return takingTurns(
    file,
    () => {
      try {
        return db.transactionSync(fn);
      } catch (error) {
        throw unwritable(file, error);
      }
    },
    WRITE_TURN_MS,
  );
}

/** How long a change waits for its turn: changes by many runs at once queue for it. */
const WRITE_TURN_MS = 15_000;

function settle<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

/** The file's stat, or undefined when there is none. */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw unreadable(file, error);
  }
}

function inodeOf(file: string): number | undefined {
  return statOf(file)?.ino;
}

function removeIfThere(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw unwritable(file, error);
  }
}

/** LMDB under a transaction: a read snapshot, or (no `txn`) the write transaction the call runs in. */
class LmdbKv implements Kv {
  constructor(
    private readonly db: Database<string, DbKey>,
    private readonly txn?: Transaction,
  ) {}

  get(key: Key): string | undefined {
    return this.db.get([...key], this.txn ? { transaction: this.txn } : undefined);
  }

  range(prefix: Key, options: { reverse?: boolean; limit?: number } = {}): { key: Key; value: string }[] {
    const low = [...prefix];
    const high = [...prefix, '\uffff'];
    const found: { key: Key; value: string }[] = [];
    for (const { key, value } of this.db.getRange({
      start: options.reverse ? high : low,
      end: options.reverse ? low : high,
      reverse: options.reverse ?? false,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(this.txn ? { transaction: this.txn } : {}),
    })) {
      if (Array.isArray(key) && startsWith(key, prefix)) found.push({ key, value });
    }
    return found;
  }

  put(key: Key, value: string): void {
    this.db.putSync([...key], value);
  }

  remove(key: Key): void {
    this.db.removeSync([...key]);
  }

  /** Removes every record (inside the write transaction). */
  clear(): void {
    const keys = [...this.db.getKeys({})];
    for (const key of keys) this.db.removeSync(key);
  }
}

// --- the whole cloud as one object: migration, reset, tests, the benchmark's fixtures ------------

/** Writes a whole cloud (the one-file shape) as records, and marks the store initialized with `seed`. */
export function importState(tx: CloudTx, state: CloudState, seed: string | null): void {
  for (const whole of state.accounts) {
    const account = accountRecord(whole);
    tx.addAccount(account);
    for (const key of account.accessKeys) tx.addKeyOwner(key.id, { uid: account.uid });
    for (const app of account.quotaApplications) tx.addQuotaId(app.id, account.uid);
    for (const user of whole.ramUsers) {
      tx.addUser(account, user);
      for (const key of user.accessKeys)
        tx.addKeyOwner(key.id, { uid: account.uid, user: user.name.toLowerCase() });
    }
    for (const role of whole.ramRoles) tx.addRole(account, role);
  }
  for (const session of state.sessions) tx.addSession(session);
  for (const mail of state.inbox) tx.addMail(mail, Number.MAX_SAFE_INTEGER);
  for (const bucket of state.buckets) tx.addBucket(bucket);
  tx.initialize(seed);
}

/** The whole cloud in the one-file shape (version 2, without its seed). */
export function exportState(tx: CloudTx): CloudState {
  // Records are kept by key; the one-file shape listed things in the order they were made.
  const accounts: WholeAccount[] = byTime(tx.accounts(), (a) => a.createdAt).map((account) => ({
    ...account,
    ramUsers: byTime(tx.users(account), (u) => u.createdAt),
    ramRoles: byTime(tx.roles(account), (r) => r.createdAt),
  }));
  return {
    version: 2,
    accounts,
    sessions: byTime(tx.sessions(), (s) => s.issuedAt),
    inbox: tx.mails().reverse(),
    buckets: byTime(tx.buckets(), (b) => b.created),
  };
}

/** Sorted by an ISO time, oldest first (stable: records of one moment keep their key order). */
function byTime<T>(items: T[], time: (item: T) => string): T[] {
  return items.sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0));
}
