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
 * - Trust: the folder is used only when it is a real folder (not a link),
 *   owned by this user and closed to others (created 0700); anything else and
 *   the cache is simply not used.
 * - Freshness: an entry is named after the file's name, size, mtime and
 *   inode, so a rebuilt or reinstalled file never meets an old entry; V8
 *   also refuses data made by another V8 or other flags. Entries of files that
 *   are gone or rebuilt are removed when new ones are written.
 * - Writes: at exit, only for files compiled without an entry (after the
 *   first run, none), each whole (written aside, then renamed). Any failure
 *   leaves the run exactly as it would be without a cache.
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

/** FNV-1a, 32 bits, in hex: a short, stable name for an install's folder. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A folder of our own: real (not a link), owned by this user, closed to others. */
function privateDir(dir: string, uid: number): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
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

const entryName = (file: string, st: fs.Stats) =>
  `${path.basename(file)}-${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}.v8`;

/** Removes entries for files of `distDir` that are gone or were rebuilt since. */
function prune(dir: string, distDir: string, fresh: ReadonlySet<string>): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(dir)) {
    // Left aside by a run killed while writing.
    if (name.endsWith('.tmp') && fs.statSync(path.join(dir, name)).mtimeMs < hourAgo) {
      fs.rmSync(path.join(dir, name), { force: true });
      continue;
    }
    const m = /^(.+\.js)-\d+-\d+-\d+\.v8$/.exec(name);
    if (!m?.[1] || fresh.has(name)) continue;
    const base = m[1];
    const file = [path.join(distDir, base), path.join(distDir, 'chunks', base)].find((f) => fs.existsSync(f));
    if (file === undefined || entryName(file, fs.statSync(file)) !== name)
      fs.rmSync(path.join(dir, name), { force: true });
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
    if (!filename.startsWith(inside)) return original.call(this, content, filename);
    const name = entryName(filename, fs.statSync(filename));
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(path.join(dir, name));
    } catch {
      // Not cached yet.
    }
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ script, name });
    const wrapper: (...args: unknown[]) => unknown = script.runInThisContext();
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };

  // At exit: the code then includes the functions this run compiled lazily.
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    try {
      for (const { script, name } of toWrite) {
        const file = path.join(dir, name);
        const aside = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(aside, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(aside, file);
      }
      prune(dir, distDir, new Set(toWrite.map((w) => w.name)));
    } catch {
      // A cache that cannot be written is only slower.
    }
  });
}
