/**
 * Reading and replacing another tool's credential file safely: follow a
 * symlink to the real file (and write there, so the link stays a link),
 * refuse anything that is not a regular file before opening it, never block
 * on a FIFO, never read more than 1 MiB, and replace the file atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, errorCode, type Owner, writeFileAtomic } from '../../fs/atomic.js';

/** Larger files are refused unread. */
export const MAX_TARGET_BYTES = 1024 * 1024;

const POSIX = process.platform !== 'win32';
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** What is at a target's path. `real` is where to write: the path itself, or a link's resolved target. */
export type Inspected =
  | { state: 'missing'; real: string }
  | { state: 'present'; real: string; text: string; loose: boolean; owner: Owner }
  | {
      state: 'refused';
      problem: 'notRegularFile' | 'unparseable' | 'unwritable' | 'folderUnusable';
      detail: string;
    };

function refused(problem: Extract<Inspected, { state: 'refused' }>['problem'], detail: string): Inspected {
  return { state: 'refused', problem, detail };
}

function typeName(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why `dir` (which may not exist yet) cannot hold a new file, or undefined when it can. */
export function folderProblem(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' && path.dirname(current) !== current) continue;
      if (code === 'ENOTDIR') return 'a parent is not a directory';
      return code === 'EACCES' ? 'folder not accessible' : `folder unusable (${code ?? 'error'})`;
    }
    if (!stat.isDirectory()) return 'a parent is not a directory';
    // The nearest existing ancestor must let us create entries (the folder itself, or the folders leading to it).
    try {
      fs.accessSync(current, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      return 'folder not writable';
    }
    return undefined;
  }
}

/** Looks at `file` without ever blocking or reading more than `MAX_TARGET_BYTES`. */
export function inspectFile(file: string): Inspected {
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT')
      return refused(
        'folderUnusable',
        code === 'ENOTDIR' ? 'a parent is not a directory' : `folder unusable (${code ?? 'error'})`,
      );
    const problem = folderProblem(path.dirname(file));
    return problem === undefined ? { state: 'missing', real: file } : refused('folderUnusable', problem);
  }
  let real = file;
  if (link.isSymbolicLink()) {
    try {
      real = fs.realpathSync(file);
    } catch (error) {
      const code = errorCode(error);
      return refused('notRegularFile', code === 'ELOOP' ? 'a symlink loop' : 'a broken symlink');
    }
  }
  let stat: fs.Stats;
  try {
    stat = real === file ? link : fs.statSync(real);
  } catch (error) {
    return refused('unwritable', `cannot inspect (${errorCode(error) ?? 'error'})`);
  }
  // Checked before opening: opening a device or a FIFO can block or have side effects.
  if (!stat.isFile()) return refused('notRegularFile', typeName(stat));
  if (stat.size > MAX_TARGET_BYTES) return refused('unparseable', 'too large');
  const read = readBounded(real);
  if (typeof read !== 'string') return read;
  if (folderProblem(path.dirname(real)) !== undefined) return refused('unwritable', 'folder not writable');
  return {
    state: 'present',
    real,
    text: read,
    loose: POSIX && (stat.mode & 0o077) !== 0,
    owner: { uid: stat.uid, gid: stat.gid },
  };
}

function readBounded(real: string): string | Inspected {
  let fd: number;
  try {
    // O_NONBLOCK: something swapped in for a FIFO after the stat must not hang us; no effect on regular files.
    fd = fs.openSync(real, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    return refused('unwritable', `cannot read (${errorCode(error) ?? 'error'})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return refused('notRegularFile', typeName(stat));
    const buffer = Buffer.alloc(MAX_TARGET_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_TARGET_BYTES) return refused('unparseable', 'too large');
    }
    try {
      // ignoreBOM keeps a byte-order mark in the text: a file rewritten keeps it (the decoder drops it otherwise).
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer.subarray(0, length));
    } catch {
      return refused('unparseable', 'not UTF-8');
    }
  } catch (error) {
    return refused('unwritable', `cannot read (${errorCode(error) ?? 'error'})`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes the folder of `real` when it is missing: 0700, and (made by root in
 * another user's home) owned like the folder it is made in. An existing
 * folder is left as it is: it is not ours.
 *
 * @throws StoreError `store.unwritable` or `store.ownerNotKept` from `fs/atomic.ts`.
 */
export function ensureFolder(real: string): void {
  const dir = path.dirname(real);
  if (!fs.existsSync(dir)) ensurePrivateDir(dir);
}

/**
 * Replaces (or creates) `real` with `text`: the atomic write (0600, the
 * file's owner and group kept), its folder made first when missing.
 *
 * @throws StoreError `store.unwritable` or `store.ownerNotKept` from `fs/atomic.ts`.
 */
export function replaceFile(real: string, text: string): void {
  ensureFolder(real);
  writeFileAtomic(real, text);
}
