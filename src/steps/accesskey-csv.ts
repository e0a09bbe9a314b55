/**
 * The AccessKey CSV, exactly as the console downloads it: UTF-8 without BOM,
 * LF line ends, a header and one row; created with mode 0600 and exclusively,
 * so an existing file or link is never overwritten.
 */
import { accessSync, constants, existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readFileNoFollow, writeFileExclusive } from '../fs/atomic.js';

export const CSV_HEADER = 'AccessKey ID,AccessKey Secret';

export function csvContent(id: string, secret: string): string {
  return `${CSV_HEADER}\n${id},${secret}\n`;
}

/** Absolute path of a CSV the user named (relative to where they ran the command). */
export function csvPath(path: string): string {
  return resolve(path);
}

/** Whether anything (file, directory, link, even a dangling one) is at the path. */
export function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return existsSync(path);
  }
}

/** Why a CSV cannot be created at the path, before any key exists: taken, or no writable folder. */
export function csvPathProblem(path: string): 'taken' | 'noFolder' | null {
  if (pathTaken(path)) return 'taken';
  try {
    if (!statSync(dirname(path)).isDirectory()) return 'noFolder';
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return 'noFolder';
  }
  return null;
}

export function writeCsv(path: string, id: string, secret: string): void {
  writeFileExclusive(path, csvContent(id, secret));
}

/**
 * Whether the file is a CSV this tool wrote for that key: used after a crash,
 * when the CSV exists but the store never recorded that it was written.
 */
export function csvHoldsKey(path: string, id: string): boolean {
  try {
    const text = readFileNoFollow(path);
    if (text === null) return false;
    const lines = text.split('\n');
    return (
      lines[0] === CSV_HEADER &&
      new RegExp(`^${id},[A-Za-z0-9]{30}$`).test(lines[1] ?? '') &&
      (lines[2] ?? '') === ''
    );
  } catch {
    return false;
  }
}
