/** `onboard reset`: forget the profile's local progress. Cloud resources are untouched. */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, StoreError } from '../core/errors.js';
import { acquireRunLock } from '../fs/lock.js';
import { t } from '../i18n/index.js';
import { StateStore } from '../state/store.js';
import { confirmDestructive } from './confirm.js';
import type { Globals } from './globals.js';
import { makeOutput } from './open.js';

export async function resetCommand(g: Globals): Promise<number> {
  const out = await makeOutput(g);
  const store = new StateStore(g.configDir);
  let corrupt = false;
  try {
    store.read();
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
  if (!corrupt && !store.read().profiles[g.profile]) {
    // Nothing stored for this profile: nothing to confirm, lock or write.
    return done(false, () => out.success(t('reset.nothing', { profile: g.profile })));
  }
  const ok = await confirmDestructive(
    g,
    {
      key: corrupt ? 'reset.confirmCorrupt' : 'reset.confirm',
      params: { profile: g.profile, file: store.file },
    },
    { key: 'reset.needsYes', params: { profile: g.profile } },
  );
  if (!ok) return done(false, () => out.say(t('reset.cancelled')));
  const lock = acquireRunLock(join(g.configDir, `${g.profile}.lock`), { command: 'reset' });
  try {
    if (corrupt) {
      // The documented fix for an unusable store: keep the old file aside, start afresh.
      const aside = `${store.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(store.file, aside);
      return done(true, () => out.warn(t('reset.movedAside', { file: store.file, aside })), {
        movedAside: aside,
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
