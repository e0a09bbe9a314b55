/**
 * `simulated-cloud.json`: "the cloud", shared by every profile in the config
 * dir. Reads take no lock (every write is an atomic rename, so a reader sees
 * the old or the new file, never half of one) and never write anything, not
 * even the seed: a missing file reads as the seeded state. Changes run under a
 * short cross-process mutex (`<file>.mutex`) as read → apply → write, and write only when the
 * state actually changed.
 */

import path from 'node:path';
import { ProviderError, StoreError } from '../../core/errors.js';
import { cleanStaleTemps, ensurePrivateDir, readTextIfExists, writeFileAtomic } from '../../fs/atomic.js';
import { withMutex } from '../../fs/lock.js';
import { seedState } from './seed.js';
import { type CloudState, cloudSchema } from './state.js';

/** The file name of the simulated cloud inside the config dir. */
export const CLOUD_FILE = 'simulated-cloud.json';

/** The simulated cloud on disk. */
export class CloudStore {
  readonly file: string;
  private cleaned = false;
  /** The last text that passed validation, and what it parsed to: the same bytes need no second look. */
  private valid: { text: string; state: CloudState } | undefined;

  constructor(
    private readonly configDir: string,
    private readonly readOnly: boolean,
  ) {
    this.file = path.join(configDir, CLOUD_FILE);
  }

  /** The current state (the seed when there is no file yet). Throws StoreError when the file is corrupt. */
  read(): CloudState {
    const text = readTextIfExists(this.file);
    return text === null ? seedState() : this.parse(text);
  }

  /**
   * Applies `change` to the current state under the mutex and writes the
   * result when it differs. A {@link ProviderError} thrown by `change` is
   * rethrown after its changes are kept: a failed sign-in still counts.
   * Any other error discards the changes.
   */
  transact<T>(change: (state: CloudState) => T): T {
    this.assertWritable();
    // The lock file lives in the config dir, so the dir must exist before the mutex.
    ensurePrivateDir(this.configDir);
    return withMutex(this.file, () => {
      this.cleanOnce();
      const state = this.read();
      const before = JSON.stringify(state);
      // A version 1 cloud is written back as version 2 (the new fields have their defaults).
      state.version = 2;
      let result: T;
      try {
        result = change(state);
      } catch (error) {
        if (error instanceof ProviderError) this.writeIfChanged(state, before);
        throw error;
      }
      this.writeIfChanged(state, before);
      return result;
    });
  }

  /** Replaces whatever is there, corrupt or not, with a fresh seed (`onboard sim reset`). */
  reset(): void {
    this.assertWritable();
    ensurePrivateDir(this.configDir);
    withMutex(this.file, () => {
      this.cleanOnce();
      writeFileAtomic(this.file, serialize(seedState()));
    });
  }

  /** Temp files of writers killed mid-write: removed once per process, before its first write. */
  private cleanOnce(): void {
    if (this.cleaned) return;
    cleanStaleTemps(this.file);
    cleanStaleTemps(`${this.file}.mutex`); // the mutex's own link temps
    this.cleaned = true;
  }

  private writeIfChanged(state: CloudState, before: string): void {
    if (JSON.stringify(state) !== before) writeFileAtomic(this.file, serialize(state));
  }

  private assertWritable(): void {
    if (this.readOnly) throw new Error('read-only provider');
  }

  private parse(text: string): CloudState {
    if (text === this.valid?.text) return structuredClone(this.valid.state);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      // Only where it broke: the parser's message quotes the file's text (mail with codes in it).
      const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      throw this.corrupt(`not valid JSON${at ? ` (near character ${at})` : ''}`);
    }
    const parsed = cloudSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw this.corrupt(`${where}${issue?.message ?? 'invalid'}`);
    }
    this.valid = { text, state: structuredClone(parsed.data) };
    return parsed.data;
  }

  private corrupt(reason: string): StoreError {
    return new StoreError('provider.cloudCorrupt', { file: this.file, reason }, [
      { key: 'provider.cloudCorruptFix', params: { file: this.file } },
    ]);
  }
}

function serialize(state: CloudState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
