/**
 * `simulated-cloud.key`: the seed every simulated AccessKey secret is derived
 * from (SPEC §5: secret-equivalent, so it is not in the database). One small
 * 0600 file beside the store, written whole: created only where none exists
 * (a temp file hard-linked into place, so a reader never sees half of it and
 * two processes agree on one seed), replaced by `sim reset` and by the
 * migration of a one-file cloud (which brings its own seed). A cache of the
 * config dir that leaves this file out leaves every simulated key unable to
 * sign (README: In CI).
 */
import fs from 'node:fs';
import { StoreError } from '../../core/errors.js';
import {
  errorCode,
  giveFolderOwner,
  readTextIfExists,
  tempPathFor,
  unwritable,
  writeFileAtomic,
} from '../../fs/atomic.js';
import { newSecretSeed } from './hash.js';
import { type SeedSource, seedCheck } from './records.js';

/** The key file's name in the config dir. */
export const KEY_FILE = 'simulated-cloud.key';

/** The key file of one store. */
export class KeyFile implements SeedSource {
  private cached: { seed: string; check: string } | undefined;

  constructor(readonly file: string) {}

  /** The seed: from memory while the store's check agrees, else read again. */
  current(check: string | undefined): string | null {
    if (this.cached && (check === undefined || check === this.cached.check)) return this.cached.seed;
    return this.read();
  }

  /** The seed, created now (exclusively: a concurrent creator's wins) when there is no key file. */
  ensure(): string {
    const seed = this.read();
    if (seed !== null) return seed;
    // Whoever links first wins; both then read the one file.
    this.create(newSecretSeed());
    return this.read() ?? this.missing();
  }

  /** Writes `seed` over whatever key file there is (reset, migration). */
  replace(seed: string): void {
    writeFileAtomic(this.file, content(seed));
    this.remember(seed);
  }

  /** Reads the key file; null when there is none. A FIFO or device there is refused, never waited on. */
  read(): string | null {
    const text = readTextIfExists(this.file);
    if (text === null) {
      this.cached = undefined;
      return null;
    }
    let seed: unknown;
    try {
      seed = Object.getOwnPropertyDescriptor(JSON.parse(text), 'seed')?.value;
    } catch {
      seed = undefined;
    }
    if (typeof seed !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(seed)) throw this.corrupt();
    this.remember(seed);
    return seed;
  }

  private remember(seed: string): void {
    this.cached = { seed, check: seedCheck(seed) };
  }

  /** Links a complete temp file into place; false when a key file appeared first. */
  private create(seed: string): boolean {
    const temp = tempPathFor(this.file);
    try {
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.fchmodSync(fd, 0o600);
        fs.writeFileSync(fd, content(seed));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      giveFolderOwner(temp);
      fs.linkSync(temp, this.file);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      throw unwritable(this.file, error);
    } finally {
      try {
        fs.unlinkSync(temp);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }

  private missing(): never {
    throw unwritable(this.file, new Error('the key file vanished while it was written'));
  }

  private corrupt(): StoreError {
    return new StoreError('provider.cloudCorrupt', { file: this.file, reason: 'not a key file' }, [
      { key: 'provider.cloudCorruptFix', params: { file: this.file } },
    ]);
  }
}

function content(seed: string): string {
  return `${JSON.stringify({ seed })}\n`;
}
