/**
 * `onboard status`: where a setup stands, checked live against the provider.
 * Read-only: no lock, no prompt, nothing written. With an expired session it
 * answers from the local store and says that it could not check live.
 */
import { t } from '../i18n/index.js';
import { createProvider } from '../provider/index.js';
import { StateStore } from '../state/store.js';
import type { Product } from '../steps/ids.js';
import { jsonReport, printChecklist } from '../ui/report.js';
import { Answers, loadAnswersFile } from '../wizard/answers.js';
import { EXIT } from '../wizard/errors.js';
import { checkAll, liveToken, overall } from '../wizard/runner.js';
import type { Globals } from './globals.js';
import { makeOutput, readStdinOnce } from './open.js';

export async function statusCommand(g: Globals, flags: { product?: string }): Promise<number> {
  const store = new StateStore(g.configDir);
  const profile = store.profile(g.profile);
  // Only --product matters here: unrelated ONBOARD_* values must not stop a status check.
  const file = g.answersPath ? loadAnswersFile(g.answersPath, readStdinOnce) : {};
  const answers = new Answers(
    { flags: { product: flags.product }, env: process.env, file, stored: profile?.answers ?? {} },
    ['product'],
  );
  const product = (answers.value('product') as Product | undefined) ?? 'emr';
  const { provider } = await createProvider({ configDir: g.configDir, env: process.env, readOnly: true });
  const out = await makeOutput(g);
  const token = await liveToken({ provider }, profile);
  const steps = await checkAll(
    {
      provider,
      product,
      answers,
      store,
      profileState: () => profile ?? { createdAt: '', updatedAt: '', answers: {}, steps: {} },
    },
    token,
  );
  const report = { profile: g.profile, product, status: overall(steps), steps };
  if (g.json) {
    out.jsonDoc({ ...jsonReport(report), live: token !== null || !profile?.session });
    return EXIT.ok;
  }
  printChecklist(out, report, (line) => out.result(line));
  if (profile?.session && !token) out.warn(t('status.notLive'));
  return EXIT.ok;
}
