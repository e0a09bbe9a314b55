/**
 * The run lock (one run at a time acts on a profile) and short cross-process
 * mutexes (around a read-modify-write of a file several runs share).
 *
 * Both are a small file holding `{ pid, startedAt, command, host }`, created
 * with complete content in one step: the JSON goes to a temp file which is
 * then hard-linked to the lock path — `link` fails with EEXIST when the lock
 * is held, and a reader never sees a half-written lock. A lock whose process
 * is gone is taken over at once (no age-based staleness: the run right after
 * a `kill -9` must not wait or fail). Synchronous, like the rest of `src/fs`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreError } from '../core/errors.js';
import {
  adoptFolderOwner,
  cleanStaleTemps,
  errorCode,
  isProcessAlive,
  openStoreFile,
  readTextIfExists,
  tempPathFor,
  unreadable,
  unwritable,
} from './atomic.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  /** ISO 8601. */
  startedAt: string;
  command: string;
  /** `os.hostname()` of the holder: a pid is only meaningful on its own host. */
  host: string;
}

/** A held run lock. */
export interface RunLock {
  /** Absolute path of the lock file. */
  path: string;
  /** Removes the lock file if it is still ours. Idempotent; never throws. */
  release(): void;
}

/**
 * A lock file that cannot be parsed is normally a leftover of a crash of the
 * whole machine (the link trick makes it impossible otherwise), but on file
 * systems without hard links it can be a lock being written right now; after
 * this long it is certainly not.
 */
const GARBAGE_STALE_MS = 5_000;
/** The takeover guard is held for a few syscalls; waiting longer than this means something odd, give up this round. */
const GUARD_WAIT_MS = 1_000;
/** Errors of `link` on file systems that have no hard links (some FUSE, SMB, FAT). */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);
const HOST = os.hostname();

/** Lock files this process holds (absolute path → what we wrote, and how many holders nest). */
const held = new Map<string, { content: string; count: number }>();

type Holder =
  | { state: 'missing' }
  | { state: 'garbage'; ageMs: number }
  | { state: 'held'; info: LockInfo; ageMs: number };

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Synchronous sleep: nothing else can run in between anyway, and it keeps the callers synchronous. */
export function sleep(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function lockContent(command: string): string {
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), command, host: HOST };
  return `${JSON.stringify(info)}\n`;
}

function parseInfo(text: string): LockInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, startedAt, command, host }: Record<string, unknown> = { ...value };
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (typeof startedAt !== 'string' || typeof command !== 'string' || typeof host !== 'string')
    return undefined;
  return { pid, startedAt, command, host };
}

/**
 * Reads who holds `file`. Content and age come from the same open file, so they
 * describe one lock. A FIFO, socket or device there is refused, never waited on.
 */
function inspect(file: string): Holder {
  const fd = openStoreFile(file);
  if (fd === null) return { state: 'missing' };
  try {
    const ageMs = Date.now() - fs.fstatSync(fd).mtimeMs;
    const info = parseInfo(fs.readFileSync(fd, 'utf8'));
    return info ? { state: 'held', info, ageMs } : { state: 'garbage', ageMs };
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether the lock can be taken over. A pid on another host cannot be
 * checked, so such a lock counts as live. Our own pid in a lock we do not
 * hold was left by an earlier process that had the same pid (containers).
 */
function isStale(file: string, holder: Holder, staleAfterMs?: number): boolean {
  if (holder.state === 'missing') return false;
  if (holder.state === 'garbage') return holder.ageMs > GARBAGE_STALE_MS;
  // A mutex held for milliseconds at a time is stale past its bound, whoever wrote it, wherever.
  if (staleAfterMs !== undefined && holder.ageMs > staleAfterMs) return true;
  const { pid, host } = holder.info;
  if (host !== HOST) return false;
  if (pid === process.pid) return !held.has(file);
  return !isProcessAlive(pid);
}

function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Cleanup only; a missing file is the expected case.
  }
}

/** Creates `file` with `content` only if nothing is there. @returns false when it exists. */
function createComplete(file: string, content: string): boolean {
  const temp = tempPathFor(file);
  try {
    // No fsync: after a machine crash every holder is dead anyway, and an empty or
    // half-written lock with an old mtime is taken over as garbage.
    fs.writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
    adoptFolderOwner(temp);
  } catch (error) {
    // EEXIST would be another writer's temp (a random collision): not ours to remove.
    if (errorCode(error) !== 'EEXIST') unlinkQuietly(temp);
    throw unwritable(file, error);
  }
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = errorCode(error) ?? '';
    if (code === 'EEXIST') return false;
    if (LINK_UNSUPPORTED.has(code)) return createByOpen(file, content);
    throw unwritable(file, error);
  } finally {
    unlinkQuietly(temp);
  }
}

/** Fallback without hard links: O_EXCL still decides who wins, only the content appears a moment later. */
function createByOpen(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw unwritable(file, error);
  }
  try {
    fs.writeFileSync(fd, content);
  } catch (error) {
    fs.closeSync(fd);
    unlinkQuietly(file);
    throw unwritable(file, error);
  }
  fs.closeSync(fd);
  return true;
}

/**
 * Removes a stale lock. Two runs may find the same dead holder at once; if
 * both simply unlinked and re-linked, the slower one could delete the lock
 * the faster one had just taken and both would run. So the decision is made
 * again under a guard file that only one taker holds at a time; fresh
 * acquirers never need the guard, their `link` is exclusive on its own.
 */
function takeOver(file: string, staleAfterMs?: number): void {
  const guard = `${file}.takeover`;
  const content = lockContent('takeover');
  const deadline = Date.now() + GUARD_WAIT_MS;
  while (!createComplete(guard, content)) {
    const holder = inspect(guard);
    if (holder.state === 'missing') continue;
    // A taker killed inside these few syscalls: its guard is dead too.
    if (isStale(guard, holder)) unlinkQuietly(guard);
    else if (Date.now() > deadline) return;
    else sleep(1 + Math.random() * 4);
  }
  try {
    if (isStale(file, inspect(file), staleAfterMs)) {
      try {
        fs.unlinkSync(file);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw unwritable(file, error);
      }
    }
  } finally {
    unlinkQuietly(guard);
  }
}

/** One round of taking `file`. @returns null when taken, else what holds it now (live, young garbage or contended). */
function tryAcquire(file: string, content: string, staleAfterMs?: number): Holder | null {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createComplete(file, content)) return null;
    const holder = inspect(file);
    if (holder.state === 'missing') continue; // released between our link and our read
    if (!isStale(file, holder, staleAfterMs)) return holder;
    takeOver(file, staleAfterMs);
  }
  return inspect(file);
}

/** Removes `file` if it still holds exactly what we wrote (so never a lock someone else took). */
function removeIfOurs(file: string, content: string): void {
  try {
    if (readTextIfExists(file) === content) fs.unlinkSync(file);
  } catch {
    // Gone or unreadable: either way there is nothing of ours to remove, and release must not throw.
  }
}

function releaseOne(file: string): void {
  const entry = held.get(file);
  if (!entry) return;
  entry.count--;
  if (entry.count > 0) return;
  held.delete(file);
  removeIfOurs(file, entry.content);
}

function handle(file: string): RunLock {
  let released = false;
  return {
    path: file,
    release() {
      if (released) return;
      released = true;
      releaseOne(file);
    },
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local `HH:MM:SS`, with the date in front when it is not today. */
function formatSince(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return day === today ? time : `${day} ${time}`;
}

function busy(file: string): StoreError {
  return new StoreError('store.busy', { file }, [{ key: 'store.busyHint', params: { file } }], 'LockBusy');
}

/** POSIX single quoting, for a command the person pastes. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A lock written on another machine: its pid cannot be checked from here, so
 * it is never taken over; the message says where it came from (a config dir
 * restored from a CI cache, or copied) and how to clear it once no run there
 * uses the folder. Code `LockHeld`, like any live holder.
 */
function heldElsewhere(file: string, info: LockInfo): StoreError {
  return new StoreError(
    'store.lockedElsewhere',
    { file, host: info.host, pid: info.pid, command: info.command, since: formatSince(info.startedAt) },
    [
      {
        key: 'store.lockedElsewhereHint',
        params: { host: info.host, file, remove: `rm -- ${shellQuote(file)}` },
      },
    ],
    'LockHeld',
  );
}

/**
 * Takes the run lock of a profile at `lockPath` (its directory must exist).
 * A lock left by a process that is gone, or an unparsable one older than 5 s,
 * is taken over silently. Taking a lock this process already holds nests:
 * the file goes when the last handle is released.
 *
 * Nothing is registered for process exit: the caller releases it, and calls
 * `releaseAllLocks()` from its signal handlers.
 *
 * @throws StoreError `store.locked` (code `LockHeld`) naming the live holder's pid,
 *   command and start time; `store.unreadable` / `store.unwritable` for fs failures.
 */
export function acquireRunLock(lockPath: string, info: { command: string }): RunLock {
  const file = path.resolve(lockPath);
  const entry = held.get(file);
  if (entry) {
    entry.count++;
    return handle(file);
  }
  try {
    cleanStaleTemps(file);
  } catch {
    // Tidying only; failing to list the directory will surface below with a proper error.
  }
  const content = lockContent(info.command);
  // Only young garbage or a contended takeover make us wait, and never much longer than the garbage limit.
  const deadline = Date.now() + GARBAGE_STALE_MS + 1_000;
  for (;;) {
    const holder = tryAcquire(file, content);
    if (holder === null) break;
    if (holder.state === 'held' && !isStale(file, holder)) {
      const { pid, command, startedAt } = holder.info;
      if (holder.info.host !== HOST) throw heldElsewhere(file, holder.info);
      throw new StoreError(
        'store.locked',
        { file, pid, command, since: formatSince(startedAt) },
        [{ key: 'store.lockedHint', params: { pid, file } }],
        'LockHeld',
      );
    }
    if (Date.now() > deadline) throw busy(file);
    sleep(20 + Math.random() * 30);
  }
  held.set(file, { content, count: 1 });
  return handle(file);
}

/**
 * Who holds the run lock at `lockPath`, for `status`-like reports.
 *
 * @returns null when there is no (parsable) lock; `alive` is false when it would be taken over.
 */
export function readRunLock(lockPath: string): (LockInfo & { alive: boolean }) | null {
  const file = path.resolve(lockPath);
  const holder = inspect(file);
  if (holder.state !== 'held') return null;
  return { ...holder.info, alive: !isStale(file, holder) };
}

/** The mutex file that `withMutex(file, …)` uses: `${file}.mutex`, next to the shared file. */
export function mutexPathFor(file: string): string {
  return path.resolve(`${file}.mutex`);
}

/**
 * Runs `fn` while holding a short cross-process mutex for the shared `file`
 * (the simulated cloud's file, `state.json`): the mutex file is
 * `${file}.mutex`, never `file` itself. A live holder is waited for (2–20 ms
 * jittered sleeps) up to `timeoutMs`; a dead one is taken over at once.
 * Re-entrant within this process, so nested calls do not deadlock.
 *
 * `fn` must be synchronous: the mutex is released as soon as it returns.
 * `staleAfterMs`: for a mutex that is only ever held that briefly, one older
 * is taken over whoever holds it, a process on another machine included (a
 * config dir restored from a cache with a mutex in it would otherwise stop
 * every run).
 *
 * @throws StoreError `store.busy` (code `LockBusy`) naming the mutex file after `timeoutMs` (default 10 000).
 */
export function withMutex<T>(
  file: string,
  fn: () => T,
  opts: { timeoutMs?: number; staleAfterMs?: number } = {},
): T {
  const lockFile = mutexPathFor(file);
  const entry = held.get(lockFile);
  if (entry) {
    entry.count++;
  } else {
    const content = lockContent('mutex');
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const holder = tryAcquire(lockFile, content, opts.staleAfterMs);
      if (holder === null) break;
      if (Date.now() >= deadline) {
        // Held all along by a run on another machine (a restored cache): say so, not just "busy".
        if (holder.state === 'held' && holder.info.host !== HOST) throw heldElsewhere(lockFile, holder.info);
        throw busy(lockFile);
      }
      sleep(2 + Math.random() * 18);
    }
    held.set(lockFile, { content, count: 1 });
  }
  try {
    const result = fn();
    if (result instanceof Promise) {
      // An async fn would run its awaits after the mutex is gone: a bug to catch in development.
      throw new TypeError('withMutex: fn must be synchronous');
    }
    return result;
  } finally {
    releaseOne(lockFile);
  }
}

/**
 * Removes what writers that died left beside a shared `file` (one that
 * `withMutex` guards, such as another tool's config file, in a folder that is
 * not onboard's): the temp files of the file, of its mutex and of the
 * takeover guard, and a mutex or guard whose holder is gone. A live holder's
 * files are left alone. Never throws: tidying must not fail a run.
 */
export function cleanLeftovers(file: string): void {
  const lockFile = mutexPathFor(file);
  const guard = `${lockFile}.takeover`;
  for (const each of [file, lockFile, guard]) {
    try {
      cleanStaleTemps(each);
    } catch {
      // Untidy, not broken.
    }
  }
  try {
    if (!held.has(lockFile) && isStale(lockFile, inspect(lockFile))) takeOver(lockFile);
    if (isStale(guard, inspect(guard))) unlinkQuietly(guard);
  } catch {
    // A FIFO or an unreadable file there is refused when the mutex is taken, with its message.
  }
}

/**
 * Releases every run lock and mutex this process holds (for the caller's
 * SIGINT/SIGTERM handler, just before exiting). Never throws.
 */
export function releaseAllLocks(): void {
  for (const [file, entry] of held) removeIfOurs(file, entry.content);
  held.clear();
}
