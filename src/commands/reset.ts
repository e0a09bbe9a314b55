/** `onboard reset`: forget the profile's local progress. Cloud resources are untouched. */
import { join } from 'node:path';
import { EXIT, StoreError } from '../core/errors.js';
import { acquireRunLock } from '../fs/lock.js';
import { t } from '../i18n/index.js';
import { confirmDestructive } from './confirm.js';
import type { Globals } from './globals.js';
import { makeOutput, openStore } from './open.js';

export async function resetCommand(g: Globals): Promise<number> {
  const out = await makeOutput(g);
  const store = openStore(g);
  let corrupt = false;
  let known = false;
  try {
    known = store.profile(g.profile) !== undefined;
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== 'StoreUnusable') throw error;
    corrupt = true;
  }
  // With --json, one document says what happened (SPEC §7); otherwise one line for people.
  const done = (reset: boolean, line: () => void, extra: Record<string, string> = {}) => {
    if (g.json) out.jsonDoc({ schemaVersion: 1, ok: true, profile: g.profile, reset, ...extra });
    else line();
    return EXIT.ok;
  };
  if (!corrupt && !known) {
    // Nothing stored for this profile: nothing to confirm, lock or write.
    return done(false, () => out.success(t('reset.nothing', { profile: g.profile })));
  }
  // The earlier one-file store holds every profile: moving it aside starts them all afresh.
  const file = store.sourceOf(g.profile);
  const whole = file === store.legacyFile;
  const ok = await confirmDestructive(
    g,
    {
      key: corrupt ? (whole ? 'reset.confirmCorrupt' : 'reset.confirmCorruptProfile') : 'reset.confirm',
      params: { profile: g.profile, file },
    },
    { key: 'reset.needsYes', params: { profile: g.profile } },
  );
  if (!ok) return done(false, () => out.say(t('reset.cancelled')));
  const lock = acquireRunLock(join(g.configDir, `${g.profile}.lock`), { command: 'reset' });
  try {
    if (corrupt) {
      // The documented fix for an unusable file: keep it aside, start afresh.
      const moved = store.moveAside(g.profile);
      const key = whole ? 'reset.movedAside' : 'reset.movedAsideProfile';
      return done(true, () => out.warn(t(key, { ...moved, profile: g.profile })), {
        movedAside: moved.aside,
      });
    }
    const removed = await store.remove(g.profile);
    return done(removed, () =>
      out.success(t(removed ? 'reset.done' : 'reset.nothing', { profile: g.profile })),
    );
  } finally {
    lock.release();
  }
}
