/**
 * The local store: one file per profile, `profiles/<name>.json` in the config
 * dir (0600, in a 0700 folder), so that a profile's write never rewrites or
 * re-validates another's.
 *
 * Each file is read once per run and kept (a `status` reads it once); our own
 * writes update what is kept. A write is atomic and durable (temp file, fsync,
 * rename, fsync of the folder: `fs/atomic.ts`), under a short mutex beside the
 * file, on a fresh read of it (so a run that does not hold the profile's run
 * lock, e.g. `keys list` renewing a session, loses nobody's update).
 *
 * Progress is saved once per finished action: a step's records and answers
 * are *staged* (`stage`) and written together by the next durable write of
 * the profile (`update`, `flush`), which the wizard makes before every
 * provider call and every prompt, and at the end of the run. A write that an
 * action needs on disk before it happens (a key's pending marker, a session)
 * uses `update`, which carries whatever is staged.
 *
 * A file that cannot be read or validated is never replaced: StoreError
 * (exit 5) naming the file and the command that fixes it. A FIFO, socket or
 * device in a file's place is refused the same way, never opened so that it
 * blocks. `state.json`, the earlier one-file store, is read where it is still
 * in place and split on the first write (`legacy.ts`).
 */

import fs from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { composed } from '../core/messages.js';
import {
  cleanStaleTempsIn,
  ensurePrivateDir,
  errorCode,
  fsyncDir,
  readTextIfExists,
  unreadable,
  unwritable,
  writeFileAtomic,
} from '../fs/atomic.js';
import { withMutex } from '../fs/lock.js';
import { LEGACY_FILE, LegacyFile, type Problems, splitLegacy } from './legacy.js';
import { decode, issueText, migrateProfile } from './migrate.js';
import { markPending } from './pending.js';
import {
  newProfile,
  PROFILE_NAME,
  PROFILE_VERSION,
  type ProfileState,
  profileFile,
  profileState,
} from './schema.js';

/** The folder of the profiles' files, in the config dir. */
export const PROFILES_DIR = 'profiles';

/** Entries of the profiles' folder that are onboard's: the files and their temp, mutex and aside variants. */
const PROFILE_ENTRY =
  /^[a-z0-9][a-z0-9_-]{0,31}\.json(\.mutex|\.takeover|\.tmp-[0-9a-f-]+|\.corrupt-[0-9TZ-]+)*$/;
const PROFILE_FILE = /^([a-z0-9][a-z0-9_-]{0,31})\.json$/;

type Change = (profile: ProfileState) => void;

/** A profile's file, relative to the config dir (what a dry run names). */
export function profileFileName(profile: string): string {
  return join(PROFILES_DIR, `${profile}.json`);
}

/** One profile as this run knows it. */
interface Entry {
  /** The text of its file as last read or written; null when there is none, undefined when read from `state.json`. */
  text: string | null | undefined;
  /** What the file holds. */
  saved: ProfileState | undefined;
  /** Changes not written yet, in order, and the profile with them applied. */
  staged: Change[];
  view: ProfileState | undefined;
}

export interface StoreOptions {
  /**
   * The command that names a profile's setup as the user pastes it
   * (`onboard --profile p --config-dir d`), for the fix a corrupt file's
   * message gives. Without it, messages use this run's own command.
   */
  commandFor?: (profile: string) => string;
}

export class StateStore {
  readonly profilesDir: string;
  /** `state.json`, the earlier one-file store. */
  readonly legacyFile: string;
  readonly #entries = new Map<string, Entry>();
  /** `state.json` as read (null: there is none); undefined until looked at. */
  #legacy: LegacyFile | null | undefined;
  /** The layout is the current one and its folder is in place (checked once, on the first write). */
  #ready = false;
  readonly #problems: Problems;

  constructor(
    readonly configDir: string,
    private readonly options: StoreOptions = {},
  ) {
    this.profilesDir = join(configDir, PROFILES_DIR);
    this.legacyFile = join(configDir, LEGACY_FILE);
    this.#problems = {
      corrupt: (file, reason, profile) => this.#corrupt(file, reason, profile),
      conflict: (file, other, profile) =>
        new StoreError('store.migrateConflict', { file, other, profile }, [
          { key: 'store.migrateConflictHint', params: { file, other } },
        ]),
    };
  }

  /** The file of a profile in the current layout. */
  fileOf(name: string): string {
    checkName(name);
    return join(this.profilesDir, `${name}.json`);
  }

  /** The file a profile is read from now: `state.json` while the earlier layout is in place. */
  sourceOf(name: string): string {
    return exists(this.legacyFile) ? this.legacyFile : this.fileOf(name);
  }

  /** One profile as stored, with what this run staged; undefined when it never ran here. */
  profile(name: string): ProfileState | undefined {
    const entry = this.#entry(name);
    const current = entry.view ?? entry.saved;
    return current && structuredClone(current);
  }

  /** Every profile in the config dir, sorted. Reads the folder, not the files. */
  profileNames(): string[] {
    const legacy = this.#legacyFile();
    if (legacy) return legacy.names().sort();
    let names: string[];
    try {
      names = fs.readdirSync(this.profilesDir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw unreadable(this.profilesDir, error);
    }
    return names.flatMap((n) => PROFILE_FILE.exec(n)?.[1] ?? []).sort();
  }

  /**
   * Changes a profile in memory; the next durable write of the profile saves
   * it (see the top of this file). Validated now, so a bug shows where it is made.
   */
  stage(name: string, change: Change): ProfileState {
    const entry = this.#entry(name);
    const next = structuredClone(entry.view ?? entry.saved ?? newProfile());
    change(next);
    next.updatedAt = new Date().toISOString();
    entry.view = profileState.parse(next);
    entry.staged.push(change);
    markPending(this, true);
    return structuredClone(entry.view);
  }

  /**
   * Read-modify-write of one profile, on disk before it returns, with what
   * was staged for it. `change` edits a copy; the result is validated before
   * it is written, so a bug cannot leave an unreadable file.
   */
  async update(name: string, change: Change): Promise<ProfileState> {
    return this.#write(name, [...this.#entry(name).staged, change]);
  }

  /** Writes what is staged for `name` (every profile when omitted); nothing when nothing is. */
  flush(name?: string): void {
    for (const [profile, entry] of this.#entries) {
      if ((name === undefined || name === profile) && entry.staged.length > 0)
        this.#write(profile, entry.staged);
    }
    markPending(
      this,
      [...this.#entries.values()].some((e) => e.staged.length > 0),
    );
  }

  /** Forgets a profile's local progress (cloud resources are untouched): its file goes. */
  async remove(name: string): Promise<boolean> {
    const file = this.fileOf(name);
    this.#prepareWrite();
    return withMutex(file, () => {
      const entry = this.#reread(name);
      entry.staged = [];
      entry.view = undefined;
      if (entry.text === null) return false;
      try {
        fs.unlinkSync(file);
        fsyncDir(this.profilesDir);
      } catch (error) {
        throw unwritable(file, error);
      }
      entry.text = null;
      entry.saved = undefined;
      return true;
    });
  }

  /**
   * Moves the file a profile is read from aside (`<file>.corrupt-<time>`):
   * the documented fix for a file that cannot be used. In the earlier layout
   * that is `state.json`, with every profile in it.
   */
  moveAside(name: string): { file: string; aside: string } {
    const legacy = exists(this.legacyFile);
    const file = legacy ? this.legacyFile : this.fileOf(name);
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      fs.renameSync(file, aside);
      fsyncDir(legacy ? this.configDir : this.profilesDir);
    } catch (error) {
      throw unwritable(file, error);
    }
    this.#legacy = undefined;
    // state.json held every profile read so far.
    if (legacy) this.#entries.clear();
    else this.#entries.delete(name);
    return { file, aside };
  }

  /**
   * Makes the profiles' folder (0700) and this profile's file (0600) private
   * again where they were loosened (onboard made both). For the run that is
   * about to act on the profile; the other profiles' files are not looked at.
   *
   * @returns what was changed, and its mode before, for the run to say so.
   */
  tighten(name: string): Array<{ file: string; from: string; to: string }> {
    if (process.platform === 'win32') return [];
    const fixed: Array<{ file: string; from: string; to: string }> = [];
    const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
    const dir = statIfExists(this.profilesDir, fs.statSync);
    if (dir?.isDirectory() && (dir.mode & 0o077) !== 0) {
      const made = ensurePrivateDir(this.profilesDir, (entry) => PROFILE_ENTRY.test(entry));
      fixed.push({ file: this.profilesDir, from: octal(dir.mode), to: '0700' });
      for (const file of made.fixedFiles) fixed.push({ file, from: 'group/other', to: '0600' });
    }
    const file = this.fileOf(name);
    const own = statIfExists(file, fs.lstatSync);
    if (own?.isFile() && (own.mode & 0o077) !== 0) {
      try {
        fs.chmodSync(file, 0o600);
      } catch (error) {
        throw unwritable(file, error);
      }
      fixed.push({ file, from: octal(own.mode), to: '0600' });
    }
    return fixed;
  }

  /** StoreError (exit 5) for a profile whose data does not fit: names its file and the fix. */
  invalid(name: string, reason: string): StoreError {
    return this.#corrupt(this.sourceOf(name), reason, name);
  }

  #entry(name: string): Entry {
    let entry = this.#entries.get(name);
    if (entry) return entry;
    const file = this.fileOf(name);
    const legacy = this.#legacyFile();
    if (legacy) {
      entry = { text: undefined, saved: legacy.profile(name), staged: [], view: undefined };
    } else {
      const text = readTextIfExists(file);
      entry = {
        text,
        saved: text === null ? undefined : this.#parse(name, text),
        staged: [],
        view: undefined,
      };
    }
    this.#entries.set(name, entry);
    return entry;
  }

  #legacyFile(): LegacyFile | null {
    if (this.#legacy === undefined) {
      const text = readTextIfExists(this.legacyFile);
      this.#legacy = text === null ? null : new LegacyFile(this.legacyFile, text, this.#problems);
    }
    return this.#legacy;
  }

  #parse(name: string, text: string): ProfileState {
    const file = this.fileOf(name);
    const decoded = decode(text, migrateProfile);
    if ('reason' in decoded) throw this.#corrupt(file, decoded.reason, name);
    const result = profileFile.safeParse(decoded.doc);
    if (!result.success) throw this.#corrupt(file, issueText(result.error.issues[0]), name);
    const { version: _, ...profile } = result.data;
    return profile;
  }

  /** The profile's file read again (under its mutex, before a write): another process may have written it. */
  #reread(name: string): Entry {
    const entry = this.#entry(name);
    const text = readTextIfExists(this.fileOf(name));
    if (text !== entry.text) {
      entry.saved = text === null ? undefined : this.#parse(name, text);
      entry.text = text;
    }
    return entry;
  }

  #write(name: string, changes: readonly Change[]): ProfileState {
    const file = this.fileOf(name);
    this.#prepareWrite();
    return withMutex(file, () => {
      const entry = this.#reread(name);
      const next = structuredClone(entry.saved ?? newProfile());
      for (const change of changes) change(next);
      next.updatedAt = new Date().toISOString();
      const valid = profileState.parse(next);
      // Nothing changed but the time: nothing to write.
      if (!entry.saved || !sameExceptTime(entry.saved, valid)) {
        const text = serialize(valid);
        writeFileAtomic(file, text);
        entry.text = text;
        entry.saved = valid;
      }
      entry.staged = [];
      entry.view = undefined;
      return structuredClone(entry.saved);
    });
  }

  /**
   * Before the first write: the config dir private, the earlier layout split,
   * the profiles' folder in place, leftovers of killed writers swept.
   */
  #prepareWrite(): void {
    if (!this.#ready) {
      ensurePrivateDir(this.configDir);
      if (exists(this.legacyFile)) {
        splitLegacy({
          configDir: this.configDir,
          problems: this.#problems,
          profilesDir: this.profilesDir,
          makeProfilesDir: () => this.#makeProfilesDir(),
          serialize,
          fileOf: (n) => this.fileOf(n),
        });
        // What was read from state.json is in the profiles' files now.
        for (const entry of this.#entries.values()) entry.text = undefined;
      }
      this.#legacy = null;
      this.#makeProfilesDir();
      // Temp files of writers killed mid-write (this folder holds only the store's files).
      cleanStaleTempsIn(this.profilesDir);
      this.#ready = true;
    }
  }

  /** The profiles' folder, 0700; its entries are looked at only when its mode needs fixing. */
  #makeProfilesDir(): void {
    const stat = statIfExists(this.profilesDir, fs.statSync);
    if (stat?.isDirectory() && (process.platform === 'win32' || (stat.mode & 0o077) === 0)) return;
    const made = ensurePrivateDir(this.profilesDir, (entry) => PROFILE_ENTRY.test(entry));
    // The new folder's own entry, durable before a file in it counts on it.
    if (made.created) fsyncDir(this.configDir);
  }

  #corrupt(file: string, reason: string, profile?: string): StoreError {
    const command = profile === undefined ? undefined : this.options.commandFor?.(profile);
    return new StoreError('store.stateCorrupt', { file, reason }, [
      {
        key: 'store.stateCorruptFix',
        params: { file, ...(command === undefined ? {} : { onboard: composed(command) }) },
      },
    ]);
  }
}

/** Profile names come from the user: one that is not a name never becomes a path. */
function checkName(name: string): void {
  if (!PROFILE_NAME.test(name)) throw new Error(`not a profile name: ${JSON.stringify(name)}`);
}

function statIfExists(file: string, stat: (file: string) => fs.Stats): fs.Stats | undefined {
  try {
    return stat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw unreadable(file, error);
  }
}

function exists(file: string): boolean {
  return statIfExists(file, fs.lstatSync) !== undefined;
}

function sameExceptTime(a: ProfileState, b: ProfileState): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

function serialize(profile: ProfileState): string {
  return `${JSON.stringify({ version: PROFILE_VERSION, ...profile }, null, 2)}\n`;
}
