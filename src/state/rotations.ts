/**
 * Key rotations in flight, per key owner (`root`, `ram:<user>`): what
 * `onboard keys rotate` saves before each of its actions, so that the next
 * run finishes the rotation or rolls it back. Kept apart from the owner's key
 * record (which a key's creation rewrites whole), in the same profile file.
 */
import type { KeyOwnerRecord, RotationRecord } from './schema.js';
import type { StateStore } from './store.js';

export class Rotations {
  constructor(
    private readonly store: StateStore,
    private readonly profile: string,
  ) {}

  read(owner: string): RotationRecord | undefined {
    const all = this.store.profile(this.profile)?.rotations;
    return all && Object.hasOwn(all, owner) ? all[owner] : undefined;
  }

  /** Owners with a rotation in flight. */
  owners(): string[] {
    return Object.keys(this.store.profile(this.profile)?.rotations ?? {});
  }

  /**
   * Saves the rotation (on disk before it returns), and with it, when given,
   * the owner's key record: a change to both is one write.
   */
  async write(
    owner: string,
    rotation: RotationRecord | undefined,
    keys?: (record: KeyOwnerRecord) => KeyOwnerRecord,
  ): Promise<void> {
    await this.store.update(this.profile, (p) => {
      const all = { ...(p.rotations ?? {}) };
      if (rotation) all[owner] = rotation;
      else delete all[owner];
      if (Object.keys(all).length > 0) p.rotations = all;
      else delete p.rotations;
      if (keys)
        p.keys[owner] = keys(
          Object.hasOwn(p.keys, owner) ? (p.keys[owner] ?? { delivered: [] }) : { delivered: [] },
        );
    });
  }
}
