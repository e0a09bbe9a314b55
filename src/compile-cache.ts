/**
 * A compile cache for dist/: V8's code for each bundled file, kept between
 * runs, so a command does not parse and compile the same ~250 KB at every
 * start (about a third of a short `status`). Node 22 has this built in
 * (`module.enableCompileCache`); Node 20 does not, so this is the same idea
 * for the CommonJS files of dist/ only.
 *
 * - Where: `$NODE_COMPILE_CACHE`, else `<tmpdir>/onboard-compile-cache-<uid>`,
 *   a folder per install inside; `NODE_DISABLE_COMPILE_CACHE=1` turns it off
 *   (Node's own names). It holds only compiled code of onboard's own files:
 *   never input, state or secrets.
 * - Trust: the folders are used only when they are real folders (not links),
 *   owned by this user and closed to others (created 0700); anything else and
 *   the cache is simply not used.
 * - Which code: V8 checks only that a source has the same length as the one
 *   its data was made from, so an entry is named after the file's content:
 *   the build writes a hash of each file at its end (`/*onboard:<hash>*\/`),
 *   and the name adds the file's mtime and ctime (a hand edit, a reinstall).
 *   A file without that hash is compiled as usual.
 * - Damage: V8 trusts its data (one flipped bit can crash it), so each entry
 *   holds it twice, compared before V8 sees it; a damaged or refused entry
 *   is replaced.
 * - Writes: at exit, only for files compiled without a usable entry (after
 *   the first run, none), each whole (written aside, then renamed); entries
 *   of files gone or changed are removed then. Any failure leaves the run
 *   exactly as it would be without a cache.
 */
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** The one part of Node's CommonJS module object this needs. */
interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** What scripts/build.mjs appends to each file of dist/: a hash of the file's code. */
const BUILD_HASH = /\/\*onboard:([0-9a-f]{20})\*\/\n(?:\/\/# sourceMappingURL=[^\n]*\n?)?$/;

/** FNV-1a, 32 bits, in hex: a short, stable name for an install's folder. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A folder of our own: real (not a link), owned by this user, closed to others. */
function privateDir(dir: string, uid: number): boolean {
  try {
    // Not `recursive`: Node 20's loops forever where mkdir says ENOENT under an existing parent (/proc).
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) return false;
  }
  const st = fs.lstatSync(dir);
  return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
}

/**
 * This install's cache folder (one per dist/, so two installs never evict
 * each other's entries), or undefined when it cannot be trusted or made.
 */
function cacheDir(distDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const root = env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), `onboard-compile-cache-${uid}`);
  const dir = path.join(root, fnv1a(distDir));
  try {
    return privateDir(root, uid) && privateDir(dir, uid) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The entry for a file with this content, or undefined for a file the build did not hash. */
function entryName(file: string, content: string): string | undefined {
  const hash = BUILD_HASH.exec(content.slice(-200))?.[1];
  if (hash === undefined) return undefined;
  const st = fs.statSync(file);
  return `${path.basename(file)}-${hash}-${Math.trunc(st.mtimeMs)}-${Math.trunc(st.ctimeMs)}.v8`;
}

/** Removes entries for files of `distDir` that are gone or have changed. */
function prune(dir: string, distDir: string, fresh: ReadonlySet<string>): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    // Left aside by a run killed while writing.
    if (name.endsWith('.tmp') && fs.statSync(entry).mtimeMs < hourAgo) {
      fs.rmSync(entry, { force: true });
      continue;
    }
    if (fresh.has(name)) continue;
    const base = /^(.+\.js)-[0-9a-f]{20}-\d+-\d+\.v8$/.exec(name)?.[1];
    if (base === undefined) {
      if (name.endsWith('.v8')) fs.rmSync(entry, { force: true }); // named another way: never read
      continue;
    }
    const file = [path.join(distDir, base), path.join(distDir, 'chunks', base)].find((f) => fs.existsSync(f));
    if (file === undefined || entryName(file, fs.readFileSync(file, 'utf8')) !== name)
      fs.rmSync(entry, { force: true });
  }
}

/**
 * The entry's V8 data, when it is there and whole. An entry holds its data
 * twice, compared (natively) before V8 sees it: a flipped bit or a lost block
 * in either copy is caught for a few microseconds, where a checksum computed
 * in JavaScript cost a start more than a millisecond.
 */
function readEntry(file: string): Buffer | undefined {
  let entry: Buffer;
  try {
    entry = fs.readFileSync(file);
  } catch {
    return undefined; // not cached yet
  }
  const half = entry.length / 2;
  if (half === 0 || !Number.isInteger(half)) return undefined;
  const data = entry.subarray(0, half);
  return data.equals(entry.subarray(half)) ? data : undefined;
}

function writeEntry(file: string, data: Buffer): void {
  const aside = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(aside, Buffer.concat([data, data]), { mode: 0o600 });
    fs.renameSync(aside, file);
  } catch (error) {
    fs.rmSync(aside, { force: true });
    throw error;
  }
}

/**
 * Compiles the files under `distDir` through the cache from now on. Call once,
 * before the first of them is required.
 */
export function enableCompileCache(distDir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_DISABLE_COMPILE_CACHE) return;
  const dir = cacheDir(distDir, env);
  if (dir === undefined) return;
  const inside = distDir.endsWith(path.sep) ? distDir : distDir + path.sep;
  // Node's types leave `_compile` out: read the prototype untyped, then type it.
  const key: string = 'prototype';
  const proto: CompilingModule = Reflect.get(Module, key);
  const original = proto._compile;
  const toWrite: Array<{ script: vm.Script; name: string }> = [];

  proto._compile = function compile(this: CompilingModule, content: string, filename: string): unknown {
    const name = filename.startsWith(inside) ? entryName(filename, content) : undefined;
    if (name === undefined) return original.call(this, content, filename);
    const cachedData = readEntry(path.join(dir, name));
    // The wrapper on a line of its own (lineOffset -1): stack traces keep the file's own columns.
    const script = new vm.Script(Module.wrap(`\n${content}`), {
      filename,
      lineOffset: -1,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ script, name });
    const wrapper: (...args: unknown[]) => unknown = script.runInThisContext();
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };

  // At exit: the code then includes the functions this run compiled lazily.
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    try {
      for (const { script, name } of toWrite) writeEntry(path.join(dir, name), script.createCachedData());
      prune(dir, distDir, new Set(toWrite.map((w) => w.name)));
    } catch {
      // A cache that cannot be written is only slower.
    }
  });
}
