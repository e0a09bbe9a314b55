import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
// Errors carry English text once the catalog is loaded (every command loads it first).
import '../../src/i18n/index.js';
import {
  cleanStaleTemps,
  cleanStaleTempsIn,
  ensurePrivateDir,
  isOwnFile,
  isProcessAlive,
  readFileNoFollow,
  readTextIfExists,
  unreadable,
  unwritable,
  writeFileAtomic,
  writeFileExclusive,
} from '../../src/fs/atomic.js';
import { decodeUtf8, readFileBounded, readStdinBounded } from '../../src/fs/input.js';
import { liveAndDeadPids } from '../helpers/child.js';

const POSIX = process.platform !== 'win32';
const ROOT = POSIX && process.getuid?.() === 0;

let dir: string;

const modeOf = (p: string) => fs.lstatSync(p).mode & 0o777;

const pids = liveAndDeadPids();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-fs-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(POSIX)('ensurePrivateDir', () => {
  it('creates missing directories with mode 0700 even under a umask that strips owner bits', () => {
    const target = path.join(dir, 'a', 'config');
    let previous: number | undefined;
    try {
      previous = process.umask(0o277);
    } catch {
      // Worker threads cannot change the umask; the default one still exercises the path.
    }
    try {
      const result = ensurePrivateDir(target);
      expect(result).toEqual({ created: true, fixedFiles: [] });
    } finally {
      if (previous !== undefined) process.umask(previous);
    }
    expect(modeOf(target)).toBe(0o700);
  });

  it("tightens an existing 0755 directory that holds only onboard's files, and their loose modes", () => {
    const target = path.join(dir, 'config');
    fs.mkdirSync(target);
    fs.chmodSync(target, 0o755);
    const loose = path.join(target, 'state.json');
    const tight = path.join(target, 'simulated-cloud.json');
    fs.writeFileSync(loose, '{}');
    fs.chmodSync(loose, 0o644);
    fs.writeFileSync(tight, '{}', { mode: 0o600 });

    const result = ensurePrivateDir(target);

    expect(result).toEqual({ created: false, previousMode: 0o755, fixedFiles: [loose] });
    expect(modeOf(target)).toBe(0o700);
    expect(modeOf(loose)).toBe(0o600);
    expect(modeOf(tight)).toBe(0o600);
  });

  it('refuses (exit 5) a loose directory holding anything else, and changes no mode at all', () => {
    const target = path.join(dir, 'config');
    fs.mkdirSync(target);
    fs.chmodSync(target, 0o1777);
    const script = path.join(target, 'build.sh');
    const outside = path.join(dir, 'outside.txt');
    fs.writeFileSync(script, '#!/bin/sh\n');
    fs.chmodSync(script, 0o755);
    fs.writeFileSync(path.join(target, 'state.json'), '{}', { mode: 0o644 });
    fs.chmodSync(path.join(target, 'state.json'), 0o644);
    fs.writeFileSync(outside, 'x');
    fs.chmodSync(outside, 0o644);
    fs.symlinkSync(outside, path.join(target, 'link'));

    let error: unknown;
    try {
      ensurePrivateDir(target);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).exitCode).toBe(5);
    expect((error as StoreError).key).toBe('store.dirNotPrivate');
    expect((error as StoreError).message).toContain(target);
    expect(fs.statSync(target).mode & 0o7777).toBe(0o1777);
    expect(modeOf(script)).toBe(0o755);
    expect(modeOf(path.join(target, 'state.json'))).toBe(0o644);
    // A symlink's target lies outside the directory: never ours to chmod.
    expect(modeOf(outside)).toBe(0o644);
  });

  it("in a private directory, fixes only onboard's own files: other people's files are never touched", () => {
    const target = path.join(dir, 'config');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.chmodSync(target, 0o700);
    const mine = path.join(target, 'state.json');
    const theirs = path.join(target, 'notes.txt');
    fs.writeFileSync(mine, '{}');
    fs.chmodSync(mine, 0o644);
    fs.writeFileSync(theirs, 'x');
    fs.chmodSync(theirs, 0o644);
    expect(ensurePrivateDir(target).fixedFiles).toEqual([mine]);
    expect(modeOf(mine)).toBe(0o600);
    expect(modeOf(theirs)).toBe(0o644);
  });

  it('reports nothing for a directory that is already private', () => {
    const target = path.join(dir, 'config');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.writeFileSync(path.join(target, 'state.json'), '{}', { mode: 0o600 });
    expect(ensurePrivateDir(target)).toEqual({ created: false, fixedFiles: [] });
  });

  it('throws a StoreError when the path is a file', () => {
    const target = path.join(dir, 'config');
    fs.writeFileSync(target, '');
    expect(() => ensurePrivateDir(target)).toThrow(StoreError);
  });
});

describe('writeFileAtomic', () => {
  it('creates a 0600 file and leaves no temp file', () => {
    const file = path.join(dir, 'state.json');
    writeFileAtomic(file, '{"a":1}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}');
    if (POSIX) expect(modeOf(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces the content of an existing 0644 file and makes it 0600', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, 'old content that is longer than the new one');
    fs.chmodSync(file, 0o644);
    writeFileAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    if (POSIX) expect(modeOf(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces a symlink rather than writing through it', () => {
    const target = path.join(dir, 'elsewhere');
    fs.writeFileSync(target, 'keep');
    const file = path.join(dir, 'state.json');
    fs.symlinkSync(target, file);
    writeFileAtomic(file, 'new');
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep');
  });

  it('fails with a StoreError naming the file and removes its temp file', () => {
    const file = path.join(dir, 'state.json');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), '');
    let caught: unknown;
    try {
      writeFileAtomic(file, 'data');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).key).toBe('store.unwritable');
    expect((caught as StoreError).params.file).toBe(file);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('fails with a StoreError when the directory is missing', () => {
    expect(() => writeFileAtomic(path.join(dir, 'nope', 'state.json'), 'x')).toThrow(StoreError);
  });
});

describe.runIf(ROOT)('ownership, run as root in another user’s folder (as sudo -E gives)', () => {
  const OTHER = 12345;
  const owner = (p: string) => `${fs.lstatSync(p).uid}:${fs.lstatSync(p).gid}`;

  it('writeFileAtomic keeps the owner and group of the file it replaces', () => {
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, 'theirs', { mode: 0o600 });
    fs.chownSync(file, OTHER, OTHER + 1);
    writeFileAtomic(file, 'new');
    expect(owner(file)).toBe(`${OTHER}:${OTHER + 1}`);
    expect(modeOf(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });

  it('a new file, a new folder and a new CSV in their folder are theirs', () => {
    fs.chownSync(dir, OTHER, OTHER);
    writeFileAtomic(path.join(dir, 'state.json'), '{}');
    expect(owner(path.join(dir, 'state.json'))).toBe(`${OTHER}:${OTHER}`);
    const made = ensurePrivateDir(path.join(dir, '.config', 'onboard', 'profiles'));
    expect(made.created).toBe(true);
    for (const folder of ['.config', '.config/onboard', '.config/onboard/profiles'])
      expect(owner(path.join(dir, folder)), folder).toBe(`${OTHER}:${OTHER}`);
    expect(modeOf(path.join(dir, '.config/onboard/profiles'))).toBe(0o700);
    writeFileExclusive(path.join(dir, 'AccessKey.csv'), 'x');
    expect(owner(path.join(dir, 'AccessKey.csv'))).toBe(`${OTHER}:${OTHER}`);
  });

  it('in its own folder, root’s files stay root’s', () => {
    writeFileAtomic(path.join(dir, 'state.json'), '{}');
    expect(owner(path.join(dir, 'state.json'))).toBe('0:0');
  });
});

describe('writeFileExclusive', () => {
  it('creates a new 0600 file', () => {
    const file = path.join(dir, 'AccessKey.csv');
    writeFileExclusive(file, 'AccessKey ID,AccessKey Secret\nid,secret\n');
    expect(fs.readFileSync(file, 'utf8')).toContain('id,secret');
    if (POSIX) expect(modeOf(file)).toBe(0o600);
  });

  const refuses = (file: string) => {
    let caught: unknown;
    try {
      writeFileExclusive(file, 'secret');
    } catch (error) {
      caught = error;
    }
    expect((caught as NodeJS.ErrnoException | undefined)?.code).toBe('EEXIST');
  };

  it('refuses an existing file and leaves it untouched', () => {
    const file = path.join(dir, 'AccessKey.csv');
    fs.writeFileSync(file, 'mine');
    fs.chmodSync(file, 0o644);
    refuses(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    if (POSIX) expect(modeOf(file)).toBe(0o644);
  });

  it.runIf(POSIX)('refuses a symlink to an existing file and leaves both untouched', () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'victim');
    const file = path.join(dir, 'AccessKey.csv');
    fs.symlinkSync(target, file);
    refuses(file);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('victim');
  });

  it.runIf(POSIX)('refuses a dangling symlink and does not create its target', () => {
    const target = path.join(dir, 'not-there');
    const file = path.join(dir, 'AccessKey.csv');
    fs.symlinkSync(target, file);
    refuses(file);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a directory', () => {
    const file = path.join(dir, 'AccessKey.csv');
    fs.mkdirSync(file);
    refuses(file);
    expect(fs.statSync(file).isDirectory()).toBe(true);
  });
});

describe('readFileNoFollow', () => {
  it('returns null for a missing file and the content of a regular one', () => {
    const file = path.join(dir, 'f');
    expect(readFileNoFollow(file)).toBeNull();
    fs.writeFileSync(file, 'hello');
    expect(readFileNoFollow(file)).toBe('hello');
  });

  it.runIf(POSIX)('refuses a symlink with ELOOP', () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'secret');
    const file = path.join(dir, 'f');
    fs.symlinkSync(target, file);
    expect(() => readFileNoFollow(file)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
  });
});

describe('the hint of a file that cannot be read or written', () => {
  const file = '/mnt/ro/onboard/simulated-cloud.lmdb';
  const erofs = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
  // LMDB says it in its message only.
  const lmdb = new Error('Read-only file system: Attempting to setup locks');

  it.each([
    ['a Node error', erofs],
    ['an LMDB error', lmdb],
  ])('on a read-only file system (%s): another config dir, not modes or owners', (_what, error) => {
    for (const made of [unreadable(file, error), unwritable(file, error)]) {
      expect(made.hints).toEqual([{ key: 'store.readOnlyHint', params: { dir: '/mnt/ro/onboard' } }]);
    }
  });

  it('otherwise: ownership and modes, or free space', () => {
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    expect(unreadable(file, denied).hints).toEqual([{ key: 'store.unreadableHint', params: { file } }]);
    expect(unwritable(file, denied).hints).toEqual([{ key: 'store.unwritableHint', params: { file } }]);
  });
});

describe('readTextIfExists', () => {
  it('returns null when missing and the text otherwise', () => {
    const file = path.join(dir, 'state.json');
    expect(readTextIfExists(file)).toBeNull();
    fs.writeFileSync(file, '{}');
    expect(readTextIfExists(file)).toBe('{}');
  });

  it('reports a directory as unreadable with the reason, never as missing', () => {
    const file = path.join(dir, 'state.json');
    fs.mkdirSync(file);
    expect(() => readTextIfExists(file)).toThrow(
      expect.objectContaining({ key: 'store.unreadable', params: { file, reason: 'EISDIR' }, exitCode: 5 }),
    );
  });

  it.runIf(POSIX)('refuses a FIFO (store.notAFile, exit 5) without waiting for a writer', () => {
    const file = path.join(dir, 'state.json');
    spawnSync('mkfifo', [file]);
    expect(fs.lstatSync(file).isFIFO()).toBe(true);
    expect(() => readTextIfExists(file)).toThrow(
      expect.objectContaining({ key: 'store.notAFile', params: { file }, exitCode: 5 }),
    );
  });

  it.runIf(POSIX)('refuses a socket and a device the same way', async () => {
    const socket = path.join(dir, 'sock');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(() => readTextIfExists(socket)).toThrow(expect.objectContaining({ key: 'store.notAFile' }));
    } finally {
      server.close();
    }
    const device = path.join(dir, 'device');
    fs.symlinkSync('/dev/null', device);
    expect(() => readTextIfExists(device)).toThrow(expect.objectContaining({ key: 'store.notAFile' }));
  });

  it.runIf(POSIX && !ROOT)('reports a file without read permission as unreadable (EACCES)', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{}');
    fs.chmodSync(file, 0o000);
    expect(() => readTextIfExists(file)).toThrow(
      expect.objectContaining({ key: 'store.unreadable', params: { file, reason: 'EACCES' } }),
    );
  });
});

describe('cleanStaleTemps', () => {
  it("removes temp files of dead writers (and of an earlier process with our pid), keeps live writers' ones", () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{}');
    const names = {
      dead: `state.json.tmp-${pids.dead}-0a1b2c`,
      ours: `state.json.tmp-${process.pid}-ffee01`,
      alive: `state.json.tmp-${pids.live}-123abc`,
      otherFile: `simulated-cloud.json.tmp-${pids.dead}-0a1b2c`,
      confOld: 'state.json.tmp-1712345678abcdef',
      confYoung: 'state.json.tmp-1712345679abcdef',
      unrelated: 'state.json.bak',
    };
    for (const name of Object.values(names)) fs.writeFileSync(path.join(dir, name), 'partial');
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(path.join(dir, names.confOld), old, old);

    expect(cleanStaleTemps(file)).toBe(3);

    expect(fs.readdirSync(dir).sort()).toEqual(
      ['state.json', names.alive, names.otherFile, names.confYoung, names.unrelated].sort(),
    );
  });

  it('returns 0 when the directory does not exist', () => {
    expect(cleanStaleTemps(path.join(dir, 'nope', 'state.json'))).toBe(0);
  });
});

describe('cleanStaleTempsIn', () => {
  it("removes every dead writer's temp file in the folder, whatever it was for; keeps the rest", () => {
    const names = {
      dead: `a.json.tmp-${pids.dead}-0a1b2c`,
      deadMutex: `b.json.mutex.tmp-${pids.dead}-0a1b2d`,
      ours: `c.json.tmp-${process.pid}-ffee01`,
      alive: `d.json.tmp-${pids.live}-123abc`,
      file: 'a.json',
      unrelated: 'a.json.bak',
    };
    for (const name of Object.values(names)) fs.writeFileSync(path.join(dir, name), 'partial');
    expect(cleanStaleTempsIn(dir)).toBe(3);
    expect(fs.readdirSync(dir).sort()).toEqual([names.alive, names.file, names.unrelated].sort());
    expect(cleanStaleTempsIn(path.join(dir, 'nope'))).toBe(0);
  });
});

describe('isOwnFile', () => {
  it("knows the config dir's files: the profiles' folder, the earlier state.json and its backup, locks", () => {
    for (const own of [
      'profiles',
      'state.json',
      'state.json.migrated',
      'state.json.mutex',
      'simulated-cloud.json',
      'default.lock',
      'constructor.lock',
      'state.json.corrupt-2030-01-01T00-00-00-000Z',
    ])
      expect(isOwnFile(own), own).toBe(true);
    for (const other of ['notes.txt', 'profiles2', 'Default.lock', 'state.json.bak', 'config.json'])
      expect(isOwnFile(other), other).toBe(false);
  });
});

describe('isProcessAlive', () => {
  it('tells live from dead pids and never treats 0 or negatives as a process', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(pids.live)).toBe(true);
    expect(isProcessAlive(pids.dead)).toBe(false);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(1.5)).toBe(false);
  });

  it.runIf(POSIX && !ROOT)('counts a process of another user as alive (EPERM)', () => {
    expect(isProcessAlive(1)).toBe(true);
  });
});

describe('input that is not UTF-8', () => {
  it('readStdinBounded refuses it naming where it came from; UTF-8 split across chunks is read whole', async () => {
    await expect(
      readStdinBounded('--password-stdin', 1024, Readable.from([Buffer.from([0x50, 0xff, 0x0a])])),
    ).rejects.toMatchObject({ key: 'input.notUtf8', exitCode: 2, params: { where: '--password-stdin' } });
    const e = Buffer.from('é');
    await expect(
      readStdinBounded('--answers -', 1024, Readable.from([e.subarray(0, 1), e.subarray(1)])),
    ).resolves.toBe('é');
  });

  it('readFileBounded refuses it; decodeUtf8 keeps a byte-order mark for the reader to judge', () => {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, Buffer.from([0xc3, 0x28]));
    expect(() => readFileBounded(file, '--answers a.json')).toThrow(
      expect.objectContaining({ key: 'input.notUtf8', params: { where: '--answers a.json' } }),
    );
    expect(decodeUtf8(Buffer.from('\uFEFF{}'), 'x')).toBe('\uFEFF{}');
  });
});
