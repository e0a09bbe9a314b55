/**
 * The local store: `state.json` in the config dir, one entry per profile.
 *
 * Reads go straight to the file (fast, no lock, never a write) so `status`
 * stays cheap and read-only. Writes go through `conf` inside a short
 * cross-process mutex, because several profiles share the one file: each
 * write re-reads the file and changes only its profile. conf's own writer
 * is replaced by `writeFileAtomic`: it (through `atomically`) ignores a short
 * write, so on a full disk it renamed a truncated file over `state.json`.
 * A file that cannot be read or validated is never replaced: StoreError
 * (exit 5) naming the file and the command that fixes it.
 */

import { join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { cleanStaleTemps, ensurePrivateDir, readTextIfExists, writeFileAtomic } from '../fs/atomic.js';
import { withMutex } from '../fs/lock.js';
import { MigrationError, migrate } from './migrate.js';
import {
  emptyState,
  newProfile,
  type ProfileState,
  profileState,
  type StateFile,
  stateEnvelope,
  stateFile,
} from './schema.js';

export const STATE_FILE = 'state.json';

/** What the store uses of conf: its atomic whole-file write. */
type ConfLike = { store: StateFile };

export class StateStore {
  readonly file: string;
  #conf: ConfLike | undefined;
  /** The last text that passed validation, and what it parsed to. */
  #valid: { text: string; state: StateFile } | undefined;
  /** Profiles validated one by one from the file's last text (a `status` reads its profile often). */
  #profiles: { text: string; checked: Map<string, ProfileState> } | undefined;

  constructor(readonly configDir: string) {
    this.file = join(configDir, STATE_FILE);
  }

  /** The whole file, migrated and validated; an empty store when it does not exist yet. */
  read(): StateFile {
    const text = readTextIfExists(this.file);
    return text === null ? emptyState() : this.parse(text);
  }

  /**
   * One profile. Only that profile is validated (the rest of the file is
   * checked on every write), so `status` stays fast with many profiles.
   */
  profile(name: string): ProfileState | undefined {
    const text = readTextIfExists(this.file);
    if (text === null) return undefined;
    if (this.#valid?.text === text) return structuredClone(this.#valid.state.profiles[name]);
    const checked = this.#profiles?.text === text ? this.#profiles.checked.get(name) : undefined;
    if (checked) return structuredClone(checked);
    const doc = this.#decode(text);
    const envelope = stateEnvelope.safeParse(doc);
    if (!envelope.success) throw this.#invalid(envelope.error.issues[0]);
    if (!Object.hasOwn(envelope.data.profiles, name)) return undefined;
    const result = profileState.safeParse(envelope.data.profiles[name]);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw this.#invalid(issue && { ...issue, path: ['profiles', name, ...issue.path] });
    }
    if (this.#profiles?.text !== text) this.#profiles = { text, checked: new Map() };
    this.#profiles.checked.set(name, structuredClone(result.data));
    return result.data;
  }

  profileNames(): string[] {
    return Object.keys(this.read().profiles).sort();
  }

  /**
   * Read-modify-write of one profile. `change` edits a copy; the result is
   * validated before it is written, so a bug cannot leave an unreadable file.
   */
  async update(name: string, change: (profile: ProfileState) => void): Promise<ProfileState> {
    const conf = await this.#open();
    return withMutex(this.file, () => {
      const state = this.read();
      const profile = structuredClone(state.profiles[name] ?? newProfile());
      change(profile);
      profile.updatedAt = new Date().toISOString();
      state.profiles[name] = profile;
      conf.store = stateFile.parse(state);
      return profile;
    });
  }

  /** Forgets a profile's local progress (cloud resources are untouched). */
  async remove(name: string): Promise<boolean> {
    const conf = await this.#open();
    return withMutex(this.file, () => {
      const state = this.read();
      if (!state.profiles[name]) return false;
      delete state.profiles[name];
      conf.store = state;
      return true;
    });
  }

  parse(text: string): StateFile {
    // Steps read their profile often; the same bytes need no second validation.
    if (this.#valid?.text === text) return structuredClone(this.#valid.state);
    const result = stateFile.safeParse(this.#decode(text));
    if (!result.success) throw this.#invalid(result.error.issues[0]);
    this.#valid = { text, state: structuredClone(result.data) };
    return result.data;
  }

  /** JSON and migrations. A syntax error names its position only: the text may hold a session token. */
  #decode(text: string): unknown {
    try {
      return migrate(JSON.parse(text));
    } catch (error) {
      if (error instanceof SyntaxError) {
        const at = /position (\d+)/.exec(error.message)?.[1];
        throw this.#corrupt(`not valid JSON${at ? ` (near character ${at})` : ''}`);
      }
      throw this.#corrupt(error instanceof MigrationError ? error.message : String(error));
    }
  }

  #invalid(issue: { path: PropertyKey[]; message: string } | undefined): StoreError {
    return this.#corrupt(`${issue?.path.map(String).join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }

  #corrupt(reason: string): StoreError {
    return new StoreError('store.stateCorrupt', { file: this.file, reason }, [
      { key: 'store.stateCorruptFix', params: { file: this.file } },
    ]);
  }

  async #open(): Promise<ConfLike> {
    if (this.#conf) return this.#conf;
    ensurePrivateDir(this.configDir);
    cleanStaleTemps(this.file);
    cleanStaleTemps(`${this.file}.mutex`); // the mutex's own link temps
    const { default: Conf } = await import('conf');
    try {
      this.#conf = new Conf<StateFile>({
        cwd: this.configDir,
        configName: 'state',
        fileExtension: 'json',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        serialize,
        // conf reads the file through this: the same validation as `read()`, so a
        // corrupt file throws instead of being loaded as an empty store.
        deserialize: (text) => this.parse(text),
      });
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw this.#corrupt(error instanceof Error ? error.message : String(error));
    }
    useSafeWrites(this.#conf, this.file);
    return this.#conf;
  }
}

function serialize(value: StateFile): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Makes conf write through `writeFileAtomic`: every byte written or an error
 * (ENOSPC, EFBIG: StoreError, exit 5, naming the file), fsync, rename, fsync
 * of the folder. conf's own writer (`atomically`) does not check that a write
 * was complete, and renames whatever reached the disk over the file. conf has
 * no option for its writer, so its one write method is replaced on this
 * instance; should a new conf rename it, this fails loudly instead of silently
 * falling back (and the disk-full test would catch it too).
 */
function useSafeWrites(conf: ConfLike, file: string): void {
  if (typeof Reflect.get(conf, '_write') !== 'function') throw new Error('conf has no _write to replace');
  Object.defineProperty(conf, '_write', {
    value: (value: StateFile) => writeFileAtomic(file, serialize(value)),
  });
}
