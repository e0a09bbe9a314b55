/**
 * Crash-safe file primitives. Everything here is synchronous on purpose: the
 * CLI is single-threaded, and with sync calls the order of writes on disk is
 * the order in the code, which is what makes `kill -9` at any moment safe.
 */

import fs from 'node:fs';
import path from 'node:path';
import { nodeCrypto } from '../core/builtins.js';
import { StoreError } from '../core/errors.js';
import type { MessageRef } from '../core/messages.js';

/** Modes mean nothing on Windows; checking them there would only produce noise. */
const POSIX = process.platform !== 'win32';
/** Missing on Windows; 0 keeps the flag arithmetic valid there. */
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
/** Temp files of `conf` (via `atomically`): no pid in the name, so only their age tells they are stale. */
const FOREIGN_TEMP_MAX_AGE_MS = 60_000;

/** The `code` of a Node system error, if it is one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function reasonOf(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The hint for a file that cannot be read or written: `usual`, unless the file system is mounted
 * read-only (a Node error's EROFS, or LMDB's "Read-only file system"), where ownership and modes
 * are not the problem and the way out is another config dir.
 */
function hintFor(
  file: string,
  error: unknown,
  usual: 'store.unreadableHint' | 'store.unwritableHint',
): MessageRef {
  const readOnly =
    errorCode(error) === 'EROFS' || (error instanceof Error && /read-only file system/i.test(error.message));
  return readOnly
    ? { key: 'store.readOnlyHint', params: { dir: path.dirname(file) } }
    : { key: usual, params: { file } };
}

/** `store.unwritable` for `file`, keeping the fs error as `cause`. */
export function unwritable(file: string, error: unknown): StoreError {
  const wrapped = new StoreError('store.unwritable', { file, reason: reasonOf(error) }, [
    hintFor(file, error, 'store.unwritableHint'),
  ]);
  wrapped.cause = error;
  return wrapped;
}

/** A Node-style error with a `code`, for callers that branch on `err.code` like on any fs error. */
function codeError(code: string, message: string, file: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${message}, '${file}'`);
  error.code = code;
  error.path = file;
  return error;
}

/** Unlink that is fine with the file being gone already (cleanup paths must not mask the real error). */
function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Best effort: the original failure is what the caller needs to see.
  }
}

/** `${path}.tmp-<pid>-<random>`: the pid lets a later run tell a dead writer's leftovers from a live one's. */
export function tempPathFor(file: string): string {
  return `${file}.tmp-${process.pid}-${nodeCrypto().randomBytes(6).toString('hex')}`;
}

/** Who owns a file: what a replaced file keeps, and what a new one gets in someone else's folder. */
export interface Owner {
  uid: number;
  gid: number;
}

/** Our effective uid, or undefined where there is none (Windows). */
function euid(): number | undefined {
  return POSIX ? process.geteuid?.() : undefined;
}

function ownerOf(stat: fs.Stats): Owner {
  return { uid: stat.uid, gid: stat.gid };
}

/**
 * Whether this process can give a file it writes `owner`: root can give any;
 * anyone else only their own uid, with one of their own groups.
 */
export function canGiveOwner(owner: Owner): boolean {
  const uid = euid();
  if (uid === undefined || uid === 0) return true;
  if (owner.uid !== uid) return false;
  return owner.gid === process.getegid?.() || (process.getgroups?.() ?? []).includes(owner.gid);
}

/**
 * The owner a file written at `file` must have: the file's own when it
 * exists (a rename would otherwise hand it to whoever ran onboard), else,
 * when onboard runs as root, the owner of its folder (a run as root with
 * another user's HOME, as `sudo -E` gives, must leave that user's files
 * theirs). Undefined: whatever the system gives a new file is right.
 */
export function wantedOwner(file: string): Owner | undefined {
  const uid = euid();
  if (uid === undefined) return undefined;
  try {
    return ownerOf(fs.lstatSync(file));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  return uid === 0 ? ownerOf(fs.statSync(path.dirname(file))) : undefined;
}

/**
 * Best effort, for short-lived files (locks): made by root in another user's
 * folder, `file` gets the folder's owner, so that one left by a killed run
 * can still be read and taken over by that user.
 */
export function adoptFolderOwner(file: string): void {
  if (euid() !== 0) return;
  try {
    const folder = fs.statSync(path.dirname(file));
    if (folder.uid !== 0 || folder.gid !== 0) fs.chownSync(file, folder.uid, folder.gid);
  } catch {
    // A lock that stays root's is still removed by the run that made it.
  }
}

/**
 * For a file onboard has just created (one it does not write through {@link writeFileAtomic},
 * such as a database's): made by root in another user's folder, it gets the folder's owner, so
 * that the user can still open it as themselves. @throws `store.ownerNotKept` when it cannot.
 */
export function giveFolderOwner(file: string): void {
  if (euid() !== 0) return;
  const folder = ownerOf(fs.statSync(path.dirname(file)));
  const stat = fs.lstatSync(file);
  if (stat.uid === folder.uid && stat.gid === folder.gid) return;
  try {
    fs.chownSync(file, folder.uid, folder.gid);
  } catch (error) {
    throw ownerNotKept(file, folder, error);
  }
}

/** `store.ownerNotKept`: `file` would change hands, and the run refuses rather than take someone's file. */
export function ownerNotKept(file: string, owner: Owner, error?: unknown): StoreError {
  const wrapped = new StoreError(
    'store.ownerNotKept',
    { file, owner: `${owner.uid}:${owner.gid}` },
    [{ key: 'store.ownerNotKeptHint', params: { file } }],
    'OwnerNotKept',
  );
  if (error !== undefined) wrapped.cause = error;
  return wrapped;
}

/** Gives the open file `owner` when it differs from what it has. @throws the fs error of `fchown`. */
function giveOwner(fd: number, owner: Owner): void {
  const stat = fs.fstatSync(fd);
  if (stat.uid !== owner.uid || stat.gid !== owner.gid) fs.fchownSync(fd, owner.uid, owner.gid);
}

/**
 * Makes a rename or a new directory entry durable. Some platforms and file
 * systems refuse to open or fsync a directory; there is nothing more to do then.
 */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    const code = errorCode(error);
    if (
      code !== 'EINVAL' &&
      code !== 'EISDIR' &&
      code !== 'EPERM' &&
      code !== 'EACCES' &&
      code !== 'ENOTSUP'
    ) {
      throw error;
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What `ensurePrivateDir` found and changed, so the caller can tell the user. */
export interface PrivateDirResult {
  /** The directory did not exist and was created (0700). */
  created: boolean;
  /** The mode (permission bits) the existing directory had, when it was looser than 0700 and was tightened. */
  previousMode?: number;
  /** Full paths of regular files directly inside whose mode was looser than 0600 and was set to 0600. */
  fixedFiles: string[];
}

/**
 * Names of what onboard keeps in a config dir (and their temp, lock and aside
 * variants): the profiles' folder, the earlier one-file store and its backup,
 * the simulated cloud (its database, LMDB's lock file, its key file, the one-file cloud
 * of earlier versions), the run locks.
 */
const OWN_FILE =
  /^(profiles|state\.json|simulated-cloud\.(?:json|lmdb|lmdb-lock|key)|[a-z0-9][a-z0-9_-]{0,31}\.lock)(\.migrated|\.mutex|\.takeover|\.tmp-[0-9a-f-]+|\.corrupt-[0-9TZ-]+)*$/;

/** Whether a file in a config dir is one of onboard's own. */
export function isOwnFile(name: string): boolean {
  return OWN_FILE.test(name);
}

/**
 * `mkdir -p` with mode 0700, then makes sure the directory and onboard's own
 * files directly in it are private (0700 / 0600). `conf` on its own creates
 * 0755 / 0644, and `mkdir`'s mode is filtered by the umask, hence the chmods.
 * onboard changes the mode only of what it created: an existing directory
 * with a looser mode is tightened only when it holds nothing but onboard's
 * files; otherwise it is refused (SPEC §8), and other files are never touched.
 * Symlinks inside are left alone (chmod would follow them out of the dir).
 * `isOwn` tells onboard's files from others' (by default those of a config dir).
 *
 * @throws StoreError `store.unwritable` when the directory cannot be created or
 *   fixed, `store.dirNotPrivate` when it is shared with other files.
 */
export function ensurePrivateDir(
  dir: string,
  isOwn: (name: string) => boolean = isOwnFile,
): PrivateDirResult {
  const result: PrivateDirResult = { created: false, fixedFiles: [] };
  try {
    let stat: fs.Stats | undefined;
    try {
      // stat, not lstat: a config dir that is a symlink to a directory is the user's choice.
      stat = fs.statSync(dir);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    if (stat === undefined) {
      const owner = euid() === 0 ? ownerOf(fs.statSync(nearestExisting(dir))) : undefined;
      const first = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (POSIX) fs.chmodSync(dir, 0o700);
      if (owner !== undefined && first !== undefined) giveFoldersOwner(dir, first, owner);
      result.created = true;
      return result;
    }
    if (!stat.isDirectory()) throw codeError('ENOTDIR', 'not a directory', dir);
    if (!POSIX) return result;
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if ((stat.mode & 0o077) !== 0) {
      const foreign = entries.find((e) => !isOwn(e.name));
      if (foreign) {
        throw new StoreError(
          'store.dirNotPrivate',
          // With the sticky and set-id bits (a shared /tmp-like folder shows as 1777).
          { file: dir, mode: (stat.mode & 0o7777).toString(8).padStart(4, '0') },
          [{ key: 'store.dirNotPrivateHint', params: { file: dir } }],
        );
      }
      // Tighten the directory first: once it is 0700 nobody else can swap entries under us.
      fs.chmodSync(dir, 0o700);
      result.previousMode = stat.mode & 0o777;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !isOwn(entry.name)) continue;
      const file = path.join(dir, entry.name);
      let mode: number;
      try {
        mode = fs.lstatSync(file).mode;
      } catch (error) {
        // Another run's temp file or lock, gone since the listing: nothing to fix.
        if (errorCode(error) === 'ENOENT') continue;
        throw error;
      }
      if ((mode & 0o077) !== 0) {
        try {
          fs.chmodSync(file, 0o600);
          result.fixedFiles.push(file);
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
        }
      }
    }
    return result;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw unwritable(dir, error);
  }
}

/** The nearest folder of `dir` (itself or an ancestor) that exists. */
function nearestExisting(dir: string): string {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    try {
      fs.statSync(current);
      return current;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || path.dirname(current) === current) return current;
    }
  }
}

/**
 * Gives the folders `mkdir -p` just made (`first` down to `dir`) the owner
 * of the folder they were made in: root making `~/.config/onboard` in
 * another user's home makes it theirs.
 */
function giveFoldersOwner(dir: string, first: string, owner: Owner): void {
  const made: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    made.push(current);
    if (current === first || path.dirname(current) === current) break;
  }
  for (const folder of made.reverse()) {
    const stat = fs.lstatSync(folder);
    if (stat.uid === owner.uid && stat.gid === owner.gid) continue;
    try {
      fs.chownSync(folder, owner.uid, owner.gid);
    } catch (error) {
      throw ownerNotKept(folder, owner, error);
    }
  }
}

/**
 * Replaces `file` atomically: a reader (or the run after a `kill -9`) sees
 * either the old content or the new one, never a mix. Writes a unique temp
 * file next to it (`wx`, 0600), fsyncs it, renames it over `file` and fsyncs
 * the directory so the rename itself survives a power cut. The result is
 * 0600 whatever the old file's mode was (a rename brings the temp's mode),
 * and keeps the old file's owner and group (a new file made by root gets
 * its folder's: see `wantedOwner`).
 *
 * @throws StoreError `store.ownerNotKept` when the owner cannot be kept (nothing
 *   was changed), `store.unwritable` for any other failure (the temp file is removed first).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temp = tempPathFor(file);
  let fd: number | undefined;
  let owner: Owner | undefined;
  try {
    owner = wantedOwner(file);
    fd = fs.openSync(temp, 'wx', 0o600);
    // The umask can only remove bits, but be exact: the contract is 0600.
    if (POSIX) fs.fchmodSync(fd, 0o600);
    if (owner !== undefined) {
      try {
        giveOwner(fd, owner);
      } catch (error) {
        throw ownerNotKept(file, owner, error);
      }
    }
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; closing is only to let the unlink below work on Windows.
      }
    }
    unlinkQuietly(temp);
    if (error instanceof StoreError) throw error;
    throw unwritable(file, error);
  }
  try {
    fsyncDir(path.dirname(file));
  } catch (error) {
    throw unwritable(file, error);
  }
}

/**
 * Creates a new file that must not exist yet (user files such as the
 * AccessKey CSV): never overwrites, never follows a symlink, mode 0600; made
 * by root, it belongs to its folder's owner (another user's home stays theirs).
 * A partial file left by a failed write is removed (it was ours).
 *
 * @throws a Node error with code `EEXIST` when anything is at `file` — a file,
 *   a directory, a symlink, even a dangling one — which is left untouched.
 *   Other fs errors are thrown as they are.
 */
export function writeFileExclusive(file: string, data: string | Uint8Array): void {
  // O_EXCL with O_CREAT refuses any existing entry, symlinks included (dangling ones too);
  // O_NOFOLLOW is belt and braces for file systems with odd O_EXCL semantics.
  const fd = fs.openSync(
    file,
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW,
    0o600,
  );
  try {
    if (POSIX) fs.fchmodSync(fd, 0o600);
    // Root writing in another user's folder (`sudo -E`): the file is theirs, like the folder.
    if (euid() === 0) giveOwner(fd, ownerOf(fs.statSync(path.dirname(file))));
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    unlinkQuietly(file);
    throw error;
  }
  fs.closeSync(fd);
  fsyncDir(path.dirname(file));
}

/**
 * Reads a file without following a symlink at its last component (so a
 * planted link cannot make us read — and echo — someone else's file).
 *
 * @returns the content, or null when nothing is at `file`.
 * @throws a Node error with code `ELOOP` when `file` is a symlink; other fs errors as they are.
 */
export function readFileNoFollow(file: string): string | null {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted at the path must not hang the CLI; no effect on regular files.
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    // BSDs report EMLINK / EFTYPE for O_NOFOLLOW on a link; give callers one code to test.
    if (code !== 'ELOOP' && isSymlink(file)) throw codeError('ELOOP', 'refusing to follow a symlink', file);
    throw error;
  }
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `store.notAFile` for `file`: a FIFO, socket or device where a store file should be. */
export function notAFile(file: string): StoreError {
  return new StoreError('store.notAFile', { file }, [{ key: 'store.notAFileHint', params: { file } }]);
}

/** A folder or a symbolic link where a file of onboard's own must be: refused, never opened or followed. */
export function notRegularFile(file: string): StoreError {
  return new StoreError('store.notRegularFile', { file }, [{ key: 'store.notAFileHint', params: { file } }]);
}

/** A FIFO, socket or device: neither a file nor a folder. */
function isSpecial(stat: fs.Stats): boolean {
  return !stat.isFile() && !stat.isDirectory();
}

/**
 * Opens a file of the config dir for reading, refusing a FIFO, socket or
 * device. A FIFO opened for reading would block until a writer comes (and a
 * synchronous open cannot be interrupted, not even by SIGINT), so the path is
 * checked first and opened non-blocking, and what was opened is checked again.
 * A folder is opened (reading it then fails with EISDIR, reported as unreadable).
 *
 * @returns the open descriptor, or null when nothing is at `file`.
 * @throws StoreError `store.notAFile`, or `store.unreadable` for any other failure.
 */
export function openStoreFile(file: string): number | null {
  try {
    if (isSpecial(fs.statSync(file))) throw notAFile(file);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (errorCode(error) === 'ENOENT') return null;
    throw unreadable(file, error);
  }
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    // A socket put there since the check above.
    if (code === 'ENXIO' || code === 'EOPNOTSUPP') throw notAFile(file);
    throw unreadable(file, error);
  }
  try {
    if (isSpecial(fs.fstatSync(fd))) throw notAFile(file);
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof StoreError) throw error;
    throw unreadable(file, error);
  }
  return fd;
}

/**
 * Reads a text file of the config dir.
 *
 * @returns the content, or null when the file does not exist.
 * @throws StoreError `store.notAFile` for a FIFO, socket or device (never opened
 *   so that it blocks); `store.unreadable` for any other failure (EACCES, EISDIR…),
 *   so that an unreadable file is reported, never treated as missing and replaced.
 */
export function readTextIfExists(file: string): string | null {
  const fd = openStoreFile(file);
  if (fd === null) return null;
  try {
    return fs.readFileSync(fd, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** `store.unreadable` for `file`, keeping the fs error as `cause`. */
export function unreadable(file: string, error: unknown): StoreError {
  const wrapped = new StoreError('store.unreadable', { file, reason: reasonOf(error) }, [
    hintFor(file, error, 'store.unreadableHint'),
  ]);
  wrapped.cause = error;
  return wrapped;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes temp files left next to `file` by writers that died mid-write:
 * `${name}.tmp-<pid>-<random>` whose pid is not alive, and `conf`'s own
 * `${name}.tmp-<timestamp><hex>` (no pid; written by earlier versions) once
 * older than a minute. A temp with our own pid is stale too: every write here
 * is synchronous, so none of ours can be in flight while this runs — it was
 * left by an earlier process that had the same pid (common in containers).
 *
 * @returns how many files were removed.
 */
export function cleanStaleTemps(file: string): number {
  const base = escapeRegExp(path.basename(file));
  return sweep(
    path.dirname(file),
    new RegExp(`^${base}\\.tmp-(\\d+)-[0-9a-f]+$`),
    new RegExp(`^${base}\\.tmp-\\d{10}[0-9a-f]{6}$`),
  );
}

/**
 * Removes every temp file that writers which died mid-write left in `dir`
 * (`<anything>.tmp-<pid>-<random>` whose pid is not alive): for a folder that
 * holds only onboard's files, swept once instead of file by file.
 *
 * @returns how many files were removed.
 */
export function cleanStaleTempsIn(dir: string): number {
  return sweep(dir, /^.+\.tmp-(\d+)-[0-9a-f]+$/);
}

function sweep(dir: string, ours: RegExp, confs?: RegExp): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    const match = ours.exec(entry.name);
    let stale = false;
    if (match) {
      const pid = Number(match[1]);
      stale = pid === process.pid || !isProcessAlive(pid);
    } else if (confs?.test(entry.name)) {
      try {
        stale = Date.now() - fs.lstatSync(full).mtimeMs > FOREIGN_TEMP_MAX_AGE_MS;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      fs.unlinkSync(full);
      removed++;
    } catch (error) {
      // Another run cleaning at the same moment got there first: fine.
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  return removed;
}

/**
 * Whether a process with this pid exists. EPERM means it exists but belongs
 * to someone else. Non-positive pids are never "alive": `kill(0)` and
 * `kill(-1)` address process groups, not a process.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
