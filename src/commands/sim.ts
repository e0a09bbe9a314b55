/** `onboard sim inbox | approve | reset`: controls of the simulated provider. */
import { t } from '../i18n/index.js';
import { createProvider } from '../provider/index.js';
import { EXIT } from '../wizard/errors.js';
import { confirmDestructive } from './confirm.js';
import type { Globals } from './globals.js';
import { makeOutput } from './open.js';

export async function simCommand(
  g: Globals,
  action: 'inbox' | 'approve' | 'reset',
  o: { email?: string },
): Promise<number> {
  const out = await makeOutput(g);
  const { sim } = await createProvider({ configDir: g.configDir, env: process.env });
  if (action === 'inbox') {
    const messages = await sim.inbox(o.email?.trim().toLowerCase());
    if (g.json) {
      out.jsonDoc({ schemaVersion: 1, messages });
      return EXIT.ok;
    }
    if (messages.length === 0) out.result(t('sim.inboxEmpty'));
    for (const m of messages)
      out.result(`${m.sentAt.slice(0, 19).replace('T', ' ')}  ${m.to}  ${m.subject}: ${out.c.bold(m.code)}`);
    return EXIT.ok;
  }
  if (action === 'approve') {
    const n = await sim.approvePending();
    out.result(t('sim.approved', { identities: n.identities, quotas: n.quotaApplications }));
    return EXIT.ok;
  }
  if (!(await confirmDestructive(g, { key: 'sim.confirmReset' }, { key: 'sim.resetNeedsYes' })))
    return EXIT.ok;
  await sim.reset();
  out.result(t('sim.resetDone'));
  return EXIT.ok;
}
