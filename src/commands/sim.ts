/** `onboard sim inbox | approve | cancel | reset`: controls of the simulated provider (only with it: else exit 2). */
import { EXIT, UsageError } from '../core/errors.js';
import { composed, escapeControls, providerText, t } from '../i18n/index.js';
import { createProvider } from '../provider/index.js';
import type { SimulationControls } from '../provider/types.js';
import { fitTo } from '../ui/output.js';
import { localTime } from '../ui/time.js';
import { confirmDestructive } from './confirm.js';
import type { Globals } from './globals.js';
import { makeOutput } from './open.js';
import type { ParsedCommand } from './parsed.js';

/** The simulated cloud's controls; a usage error with any other provider. */
export async function simulation(g: Globals, readOnly = false): Promise<SimulationControls> {
  if (g.provider !== 'simulated') throw new UsageError('sim.onlySimulated', { provider: g.provider });
  const provider = await createProvider({
    kind: g.provider,
    configDir: g.configDir,
    env: process.env,
    readOnly,
  });
  if (!provider.simulation) throw new UsageError('sim.onlySimulated', { provider: g.provider });
  return provider.simulation;
}

/** The `sim` subcommands this module runs (`sim serve` is `serve.ts`'s). */
export type SimAction = 'inbox' | 'approve' | 'cancel' | 'reset';

export async function simCommand(
  g: Globals,
  p: ParsedCommand<{ email?: string }>,
  action: SimAction,
): Promise<number> {
  const sim = await simulation(g, action === 'inbox');
  const out = await makeOutput(g);
  if (action === 'inbox') {
    const email = p.options.email?.trim().toLowerCase();
    const messages = await sim.inbox(email);
    if (g.json) {
      out.jsonDoc({ schemaVersion: 1, ok: true, messages });
      return EXIT.ok;
    }
    if (messages.length === 0)
      out.result(t(email ? 'sim.inboxEmptyFor' : 'sim.inboxEmpty', { email: email ?? '' }));
    for (const m of messages) {
      const line = t('sim.inboxLine', {
        time: localTime(m.sentAt, true),
        to: m.to,
        subject: providerText(m.subject),
        code: composed(out.rc.bold(escapeControls(m.code))),
      });
      out.result(fitTo(out.resultLook, line, '  '));
    }
    return EXIT.ok;
  }
  if (action === 'approve') {
    const n = await sim.approvePending();
    if (g.json) out.jsonDoc({ schemaVersion: 1, ok: true, decided: n });
    else
      out.result(
        t('sim.approved', {
          identities: n.identities,
          quotas: n.quotaApplications,
          subscriptions: n.subscriptions,
        }),
      );
    return EXIT.ok;
  }
  if (action === 'cancel') {
    const n = await sim.cancelPending();
    if (g.json) out.jsonDoc({ schemaVersion: 1, ok: true, cancelled: n });
    else out.result(t('sim.cancelled', { quotas: n.quotaApplications }));
    return EXIT.ok;
  }
  if (!(await confirmDestructive(g, { key: 'sim.confirmReset' }, { key: 'sim.resetNeedsYes' }))) {
    if (g.json) out.jsonDoc({ schemaVersion: 1, ok: true, reset: false });
    return EXIT.ok;
  }
  await sim.reset();
  if (g.json) out.jsonDoc({ schemaVersion: 1, ok: true, reset: true });
  else out.result(t('sim.resetDone'));
  return EXIT.ok;
}
