/** A dry run's plan: each step, what it would call, which files it would write, with which values. */
import type { Overall, Product } from '../core/types.js';
import { escapeControls, t } from '../i18n/index.js';
import type { Output } from './output.js';
import type { StepView } from './report.js';

export interface PlannedStep extends StepView {
  plan: { calls: string[]; files: string[]; values: Record<string, unknown> } | null;
}

export function jsonPlan(
  profile: string,
  product: Product,
  status: Overall,
  plan: readonly PlannedStep[],
): Record<string, unknown> {
  return {
    schemaVersion: 1,
    profile,
    product,
    dryRun: true,
    status,
    steps: plan.map((p) => ({ id: p.id, status: p.status, summary: p.summary, plan: p.plan })),
  };
}

export function printPlan(
  out: Output,
  profile: string,
  product: Product,
  plan: readonly PlannedStep[],
): void {
  out.result(out.c.bold(t('plan.heading', { profile, product })));
  for (const p of plan) {
    out.result(`  ${p.title}: ${p.summary}`);
    if (!p.plan) continue;
    if (p.plan.calls.length === 0 && p.plan.files.length === 0) out.result(`    ${t('plan.nothing')}`);
    if (p.plan.calls.length) out.result(`    ${t('plan.calls')} ${p.plan.calls.join(', ')}`);
    if (p.plan.files.length) out.result(`    ${t('plan.files')} ${p.plan.files.join(', ')}`);
    const values = Object.entries(p.plan.values).filter(([, v]) => v !== undefined && v !== null);
    if (values.length) {
      const shown = values.map(
        ([k, v]) => `${k}=${escapeControls(Array.isArray(v) ? v.join(',') : String(v))}`,
      );
      out.result(`    ${t('plan.values')} ${shown.join(' ')}`);
    }
  }
  out.result(t('plan.noChange'));
}
