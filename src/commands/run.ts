/** `onboard` / `onboard run`: walk through, or resume, the setup of one profile. */
import { t } from '../i18n/index.js';
import { STEP_IDS, type StepId } from '../steps/ids.js';
import { jsonPlan, printPlan } from '../ui/plan.js';
import { jsonReport, printChecklist } from '../ui/report.js';
import { EXIT, errorJson, UsageError } from '../wizard/errors.js';
import { overall, planWizard, runWizard } from '../wizard/runner.js';
import type { Globals } from './globals.js';
import { openContext } from './open.js';

export interface RunFlags {
  step?: string;
  dryRun?: boolean;
  fields: Record<string, string | string[] | boolean | undefined>;
  argv: string[];
}

export async function runCommand(g: Globals, f: RunFlags): Promise<number> {
  if (f.step !== undefined && !(STEP_IDS as readonly string[]).includes(f.step)) {
    throw new UsageError(
      'answers.invalid',
      { where: '--step', rule: t('validation.enum', { values: STEP_IDS.join(', ') }) },
      [],
      'InvalidValue',
    );
  }
  const only = f.step as StepId | undefined;
  const { ctx, lock, release } = await openContext(g, {
    command: 'run',
    flags: f.fields,
    argv: f.argv,
    readOnly: f.dryRun === true,
  });
  try {
    if (f.dryRun) {
      const plan = await planWizard(ctx, only);
      if (g.json) ctx.out.jsonDoc(jsonPlan(g.profile, ctx.product, plan));
      else printPlan(ctx.out, g.profile, ctx.product, plan);
      return EXIT.ok;
    }
    if (!g.json) ctx.out.say(ctx.out.c.bold(t('run.welcome', { profile: g.profile, product: ctx.product })));
    const outcome = await runWizard(ctx, only, lock);
    const status = overall(outcome.reports);
    const error = outcome.error;
    const exitCode = error ? error.exitCode : status === 'waiting' ? EXIT.waiting : EXIT.ok;
    const report = {
      profile: g.profile,
      product: ctx.product,
      status,
      steps: outcome.reports,
      ...(ctx.report.accessKey ? { accessKey: ctx.report.accessKey } : {}),
      ...(error ? { error: errorJson(error) } : {}),
    };
    if (g.json) ctx.out.jsonDoc(jsonReport(report));
    else {
      if (error) {
        ctx.out.say();
        ctx.out.error(t(error.key, error.params));
        for (const h of error.hints) ctx.out.hint(t(h.key, h.params ?? {}));
      }
      // A run stopped before any step started needs no checklist, only the error.
      if (outcome.ran || !error) {
        ctx.out.say();
        printChecklist(ctx.out, report, (line) => ctx.out.say(line, ''));
      }
    }
    for (const after of ctx.report.afterOutput) await after();
    return exitCode;
  } finally {
    release();
  }
}
