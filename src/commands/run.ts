/** `onboard` / `onboard run`: walk through, or resume, the setup of one profile. */
import { EXIT, errorJson } from '../core/errors.js';
import { errorCode } from '../fs/atomic.js';
import { t } from '../i18n/index.js';
import { ALL_FIELDS, STEPS } from '../steps/index.js';
import { unwritableOutput } from '../ui/output.js';
import { jsonPlan, printPlan } from '../ui/plan.js';
import { jsonReport, printChecklist, productName, type ReportInput } from '../ui/report.js';
import type { RunEnv } from '../wizard/context.js';
import { nextSteps, overall, planSteps, prepare, refuseUnused, runSteps } from '../wizard/runner.js';
import type { Globals } from './globals.js';
import { openRun } from './open.js';
import type { ParsedCommand } from './parsed.js';

/** `run`'s own options. */
export interface RunOptions {
  /** `--step <id>`: just this step, redone if done. */
  step?: string;
  dryRun?: boolean;
}

export async function runCommand(g: Globals, p: ParsedCommand<RunOptions>): Promise<number> {
  const dryRun = p.options.dryRun === true;
  const only = p.options.step;
  const { env, lock, release } = await openRun(g, {
    command: 'run',
    fields: ALL_FIELDS,
    flags: p.fields,
    argv: p.argv,
    readOnly: dryRun,
    ...(only === undefined ? {} : { only }),
  });
  try {
    // Everything is validated before the lock creates the config dir; then again under the lock.
    refuseUnused(env, STEPS);
    await prepare(env, STEPS, p.argv);
    if (dryRun) {
      const plan = await planSteps(env, STEPS, await prepare(env, STEPS, p.argv));
      if (g.json) env.out.jsonDoc(jsonPlan(g.profile, env.product, overall(plan), plan));
      else printPlan(env.out, g.profile, env.product, plan);
      return EXIT.ok;
    }
    lock();
    if (!g.json)
      env.out.say(
        env.out.c.bold(t('run.welcome', { profile: g.profile, product: productName(env.product) })),
      );
    const prepared = await prepare(env, STEPS, p.argv);
    const outcome = await runSteps(env, STEPS, prepared);
    const status = overall(outcome.reports);
    const error = outcome.error;
    const exitCode = error
      ? error.exitCode
      : status === 'waiting' || status === 'action_required'
        ? EXIT.waiting
        : EXIT.ok;
    const report: ReportInput = {
      profile: g.profile,
      product: env.product,
      status,
      steps: outcome.reports,
      next: nextSteps(env, STEPS, outcome.reports),
      ...(env.report.accessKey ? { accessKey: env.report.accessKey } : {}),
      ...(env.report.ramUser ? { ramUser: env.report.ramUser } : {}),
      ...(error ? { error: errorJson(error) } : {}),
    };
    if (g.json) await writeDocument(env, jsonReport(report));
    else {
      if (error) {
        env.out.say();
        env.out.error(t(error.key, error.params));
        for (const h of error.hints) env.out.hintRef(h);
      }
      // A run stopped before any step started needs no checklist, only the error.
      if (outcome.ran || !error) {
        env.out.say();
        printChecklist(env.out.sayLook, report, (line) => env.out.say(line, ''));
      }
    }
    return exitCode;
  } finally {
    release();
  }
}

/**
 * Writes the one JSON document; a secret inside it counts as delivered only
 * once the write succeeded. A stdout that is closed or full is a failed
 * delivery: the key is discarded and the run says so (exit 5).
 */
export async function writeDocument(env: Pick<RunEnv, 'out' | 'report'>, doc: unknown): Promise<void> {
  try {
    await env.out.jsonDocAsync(doc);
  } catch (error) {
    const lost = env.report.stdoutDeliveries.length > 0;
    for (const d of env.report.stdoutDeliveries) await d.abandon();
    // Only results, and their reader is gone (`onboard --json | head -c0`): the run keeps its own code.
    if (!lost && errorCode(error) === 'EPIPE') return;
    throw unwritableOutput(error, lost);
  }
  for (const d of env.report.stdoutDeliveries) await d.confirm();
}
