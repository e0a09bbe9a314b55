/**
 * `onboard status`: where a setup stands, checked live against the provider.
 * Read-only: no lock, no prompt, nothing written. With an expired session it
 * answers from the local store and says that it could not check live.
 */
import { EXIT } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { ALL_FIELDS, STEPS } from '../steps/index.js';
import { jsonReport, printChecklist } from '../ui/report.js';
import { checkAll, nextSteps, overall } from '../wizard/runner.js';
import type { Globals } from './globals.js';
import { openRun } from './open.js';
import type { ParsedCommand } from './parsed.js';

export async function statusCommand(g: Globals, p: ParsedCommand): Promise<number> {
  const { env } = await openRun(g, {
    command: 'status',
    fields: ALL_FIELDS,
    flags: p.fields,
    argv: p.argv,
    readOnly: true,
    // Only these matter here: unrelated ONBOARD_* values must not stop a status check.
    resolve: ['product', 'site', 'accessKeyId', 'accessKeySecretStdin'],
  });
  const stored = env.store.profile(g.profile);
  if (!stored && !g.json) {
    // A typo in --profile should not look like an empty setup.
    const known = env.store.profileNames();
    env.out.warn(
      t(known.length ? 'status.unknownProfile' : 'status.noProfiles', {
        profile: g.profile,
        known: known.join(', '),
      }),
    );
  }
  const cloud = await env.sessions.live();
  const steps = await checkAll(env, STEPS, cloud);
  const report = {
    profile: g.profile,
    product: env.product,
    status: overall(steps),
    steps,
    next: nextSteps(env, STEPS, steps),
  };
  if (g.json) {
    env.out.jsonDoc({
      ...jsonReport(report),
      live: cloud !== null || !env.sessions.known,
      known: stored !== undefined,
    });
    return EXIT.ok;
  }
  printChecklist(env.out.resultLook, report, (line) => env.out.result(line));
  if (env.sessions.known && !cloud) env.out.warn(t('status.notLive'));
  return EXIT.ok;
}
