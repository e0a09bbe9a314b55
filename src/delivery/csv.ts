/**
 * The AccessKey CSV, exactly as the console downloads it: UTF-8 without BOM,
 * LF line ends, a header and one row; created with mode 0600 and exclusively,
 * so an existing file or link is never overwritten. The account's own key
 * uses the AccessKey page's format, a RAM user's key the RAM console's
 * (`UserPrincipalName,AccessKeyId,AccessKeySecret`).
 */
import { accessSync, constants, lstatSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { readFileNoFollow, writeFileExclusive } from '../fs/atomic.js';

export const CSV_HEADER = 'AccessKey ID,AccessKey Secret';
export const RAM_CSV_HEADER = 'UserPrincipalName,AccessKeyId,AccessKeySecret';

/** Which CSV format: the account's own key, or a RAM user's (with its principal name). */
export type CsvFormat = { kind: 'root' } | { kind: 'ram-user'; principalName: string };

export function csvContent(format: CsvFormat, id: string, secret: string): string {
  return format.kind === 'root'
    ? `${CSV_HEADER}\n${id},${secret}\n`
    : `${RAM_CSV_HEADER}\n${format.principalName},${id},${secret}\n`;
}

/** A leading `~/` is the home directory (the certain fix SPEC §4 asks for). */
export function expandHome(path: string, home = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** Absolute path of a CSV the user named (relative to where they ran the command). */
export function csvPath(path: string): string {
  const expanded = expandHome(path);
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

/** Whether anything (file, directory, link, even a dangling one) is at the path. */
export function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

// Linux's limits (NAME_MAX, PATH_MAX); a longer name fails at open() with ENAMETOOLONG.
const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4095;

export type CsvPathProblem = 'taken' | 'noFolder' | 'badName';

/**
 * Why a CSV cannot be created at the path, checked before any key exists:
 * something is there, the folder is missing or not writable, or the name
 * itself cannot exist (a NUL byte, a name or path longer than the system
 * allows) or is refused (control characters, which would reach the terminal
 * each time the path is printed).
 */
export function csvPathProblem(path: string): CsvPathProblem | null {
  if (/\p{Cc}/u.test(path)) return 'badName';
  if (Buffer.byteLength(basename(path)) > NAME_MAX_BYTES || Buffer.byteLength(path) > PATH_MAX_BYTES)
    return 'badName';
  if (basename(path) === '' || path.endsWith('/')) return 'badName';
  if (pathTaken(path)) return 'taken';
  try {
    if (!statSync(dirname(path)).isDirectory()) return 'noFolder';
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return 'noFolder';
  }
  return null;
}

export function writeCsv(path: string, format: CsvFormat, id: string, secret: string): void {
  writeFileExclusive(path, csvContent(format, id, secret));
}

const SECRET = '[A-Za-z0-9]{30}';

/** What is at a CSV path for a key being delivered: its complete CSV, a file a crash left incomplete, or something else. */
export function csvFor(
  path: string,
  format: CsvFormat,
  id: string,
): 'complete' | 'incomplete' | 'other' | 'missing' {
  let text: string | null;
  try {
    text = readFileNoFollow(path);
  } catch {
    return 'other';
  }
  if (text === null) return 'missing';
  const head = format.kind === 'root' ? CSV_HEADER : RAM_CSV_HEADER;
  const row = format.kind === 'root' ? `${id},${SECRET}` : `[^,\\n]+,${id},${SECRET}`;
  if (new RegExp(`^${head}\\n${row}\\n$`).test(text)) return 'complete';
  // What writeCsv produces, cut short by a crash: an empty file or a prefix of the expected lines.
  const full = `${head}\n${format.kind === 'root' ? '' : `${format.principalName},`}${id},`;
  if (text.length < full.length ? full.startsWith(text) : text.startsWith(full) && !text.endsWith('\n')) {
    try {
      if ((lstatSync(path).mode & 0o077) === 0) return 'incomplete';
    } catch {
      return 'other';
    }
  }
  return 'other';
}

/** Removes a CSV this tool left incomplete (checked with `csvFor` first). */
export function removeIncompleteCsv(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already: nothing to repair.
  }
}
