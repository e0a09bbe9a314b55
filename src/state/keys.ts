/**
 * The keys a profile created, per owner (`root` for the account's own keys,
 * `ram:<user>` for a RAM user's): which were delivered, and the creation in
 * flight if a run stopped in the middle of one. Shared by every step and
 * command that creates a key.
 */
import { type KeyOwnerRecord, keyOwnerRecord } from './schema.js';
import type { StateStore } from './store.js';

export class KeyRecords {
  constructor(
    private readonly store: StateStore,
    private readonly profile: string,
  ) {}

  read(owner: string): KeyOwnerRecord {
    const keys = this.store.profile(this.profile)?.keys;
    const raw = keys && Object.hasOwn(keys, owner) ? keys[owner] : undefined;
    return raw ? keyOwnerRecord.parse(raw) : { delivered: [] };
  }

  /** On disk before it returns (with what the step staged): a key's record comes before the action it guards. */
  async write(owner: string, record: KeyOwnerRecord): Promise<void> {
    await this.store.update(this.profile, (p) => {
      p.keys[owner] = record;
    });
  }

  /** Every owner with a record. */
  owners(): string[] {
    return Object.keys(this.store.profile(this.profile)?.keys ?? {});
  }
}
