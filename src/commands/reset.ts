/** `onboard reset`: forget the profile's local progress. Cloud resources are untouched. */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { acquireRunLock } from '../fs/lock.js';
import { t } from '../i18n/index.js';
import { StateStore } from '../state/store.js';
import { InquirerPrompter } from '../ui/prompter.js';
import { EXIT, StoreError, UsageError } from '../wizard/errors.js';
import type { Globals } from './globals.js';
import { makeOutput } from './open.js';

export async function resetCommand(g: Globals): Promise<number> {
  const out = makeOutput(g);
  const store = new StateStore(g.configDir);
  let corrupt = false;
  try {
    store.read();
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== 'StoreUnusable') throw error;
    corrupt = true;
  }
  if (!g.yes) {
    if (!g.interactive)
      throw new UsageError('reset.needsYes', { profile: g.profile }, [], 'ConfirmationNeeded');
    const ok = await new InquirerPrompter().prompt('yes', {
      kind: 'confirm',
      message: t(corrupt ? 'reset.confirmCorrupt' : 'reset.confirm', {
        profile: g.profile,
        file: store.file,
      }),
      default: false,
    });
    if (!ok) {
      out.say(t('reset.cancelled'));
      return EXIT.ok;
    }
  }
  const lock = acquireRunLock(join(g.configDir, `${g.profile}.lock`), { command: 'reset' });
  try {
    if (corrupt) {
      // The documented fix for an unusable store: keep the old file aside, start afresh.
      const aside = `${store.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(store.file, aside);
      out.warn(t('reset.movedAside', { file: store.file, aside }));
      return EXIT.ok;
    }
    const removed = await store.remove(g.profile);
    out.success(t(removed ? 'reset.done' : 'reset.nothing', { profile: g.profile }));
    return EXIT.ok;
  } finally {
    lock.release();
  }
}
