/**
 * `state.json`, the earlier one-file store (every profile in one file), read
 * where it is still in place and split into one file per profile on the first
 * write.
 *
 * The split is crash-safe: every profile's file is written (atomically) while
 * `state.json` stays where it is, and only then is `state.json` renamed to
 * `state.json.migrated`, which is the moment the new layout takes over. A kill
 * before that rename leaves `state.json` in use (the next write splits it
 * again, finding the files already written identical); after it, the new
 * layout is complete. `state.json.migrated` stays as a backup and is never
 * read again.
 */
import fs from 'node:fs';
import { join } from 'node:path';
import type { StoreError } from '../core/errors.js';
import {
  cleanStaleTemps,
  cleanStaleTempsIn,
  fsyncDir,
  readTextIfExists,
  unwritable,
  writeFileAtomic,
} from '../fs/atomic.js';
import { withMutex } from '../fs/lock.js';
import { decode, issueText, migrate } from './migrate.js';
import { PROFILE_NAME, type ProfileState, profileState, stateFile } from './schema.js';

export const LEGACY_FILE = 'state.json';
/** What `state.json` is renamed to once split: the split is done, and a copy of the old store stays. */
export const LEGACY_BACKUP = 'state.json.migrated';

/** How the store reports a file it cannot use (see StateStore). */
export interface Problems {
  corrupt(file: string, reason: string, profile?: string): StoreError;
  conflict(file: string, other: string, profile: string): StoreError;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `state.json` as read: its profiles validated one at a time, as they are asked for. */
export class LegacyFile {
  /** Each profile's raw entry, by name (a Map: names are data). */
  readonly #raw: Map<string, unknown>;
  readonly #checked = new Map<string, ProfileState>();

  constructor(
    readonly file: string,
    text: string,
    private readonly problems: Problems,
  ) {
    const decoded = decode(text, migrate);
    if ('reason' in decoded) throw problems.corrupt(file, decoded.reason);
    const doc = decoded.doc;
    if (!isObject(doc) || !isObject(doc.profiles)) {
      throw problems.corrupt(file, 'profiles: expected an object');
    }
    this.#raw = new Map(Object.entries(doc.profiles));
    for (const name of this.#raw.keys()) {
      if (!PROFILE_NAME.test(name))
        throw problems.corrupt(file, `profiles: ${JSON.stringify(name)} is not a profile name`);
    }
  }

  names(): string[] {
    return [...this.#raw.keys()];
  }

  /** One profile, validated (the others are not looked at). */
  profile(name: string): ProfileState | undefined {
    const done = this.#checked.get(name);
    if (done) return done;
    if (!this.#raw.has(name)) return undefined;
    const result = profileState.safeParse(this.#raw.get(name));
    if (!result.success) {
      throw this.problems.corrupt(this.file, issueText(result.error.issues[0], ['profiles', name]), name);
    }
    this.#checked.set(name, result.data);
    return result.data;
  }
}

/**
 * Splits `state.json` into `profilesDir/<name>.json`, one file per profile,
 * then renames it to `state.json.migrated`. Under a mutex beside
 * `state.json`, so that two runs starting at once split it once. Does nothing
 * when `state.json` is gone (another run finished the job). A profile's file
 * already there with the same contents (left by a split killed before its
 * rename) is kept as it is.
 *
 * @throws StoreError when `state.json` is corrupt (nothing is written), or a
 *   profile's file already exists with other contents (both left as they are).
 */
export function splitLegacy(o: {
  configDir: string;
  problems: Problems;
  profilesDir: string;
  makeProfilesDir: () => void;
  serialize: (profile: ProfileState) => string;
  fileOf: (name: string) => string;
}): void {
  const file = join(o.configDir, LEGACY_FILE);
  // Temp files of earlier writers of state.json (conf's too) and of its mutex.
  cleanStaleTemps(file);
  cleanStaleTemps(`${file}.mutex`);
  withMutex(file, () => {
    const text = readTextIfExists(file);
    if (text === null) return;
    const decoded = decode(text, migrate);
    if ('reason' in decoded) throw o.problems.corrupt(file, decoded.reason);
    // The whole file is validated before anything is written.
    const result = stateFile.safeParse(decoded.doc);
    if (!result.success) throw o.problems.corrupt(file, issueText(result.error.issues[0]));
    o.makeProfilesDir();
    // What a split killed before this one left half-written.
    cleanStaleTempsIn(o.profilesDir);
    const wanted = Object.entries(result.data.profiles).map(([name, profile]) => ({
      name,
      path: o.fileOf(name),
      text: o.serialize(profile),
    }));
    // Every file is checked before any is written: a conflict leaves the folder as it was.
    const missing = wanted.filter((w) => {
      const have = readTextIfExists(w.path);
      if (have === null) return true;
      if (have !== w.text) throw o.problems.conflict(file, w.path, w.name);
      return false;
    });
    for (const w of missing) writeFileAtomic(w.path, w.text);
    // The moment the new layout takes over.
    try {
      fs.renameSync(file, join(o.configDir, LEGACY_BACKUP));
      fsyncDir(o.configDir);
    } catch (error) {
      throw unwritable(file, error);
    }
  });
}
