/** A dry run's plan: each step, what it would call, which files it would write, with which values. */
import type { Overall, Product } from '../core/types.js';
import { escapeControls, t } from '../i18n/index.js';
import { fitTo, type Output } from './output.js';
import { productName, type StepView } from './report.js';
import { displayWidth } from './width.js';

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

/** A label and the space after it (a full-width colon carries its own). */
const labelled = (label: string) => (label.endsWith('：') ? label : `${label} `);

/**
 * The plan on stdout, one value a line: on a terminal each line wraps between
 * words under its label (lists break after their commas); in a file or a
 * pipe nothing is wrapped.
 */
export function printPlan(
  out: Output,
  profile: string,
  product: Product,
  plan: readonly PlannedStep[],
): void {
  const look = out.resultLook;
  const put = (line: string, indent: string) => out.result(fitTo(look, line, indent));
  put(look.c.bold(t('plan.heading', { profile, product: productName(product) })), '');
  for (const p of plan) {
    put(`  ${t('plan.step', { title: p.title, summary: p.summary })}`, '    ');
    if (!p.plan) continue;
    if (p.plan.calls.length === 0 && p.plan.files.length === 0) put(`    ${t('plan.nothing')}`, '      ');
    if (p.plan.calls.length) put(`    ${labelled(t('plan.calls'))}${p.plan.calls.join(', ')}`, '      ');
    if (p.plan.files.length) put(`    ${labelled(t('plan.files'))}${p.plan.files.join(', ')}`, '      ');
    const values = Object.entries(p.plan.values).filter(([, v]) => v !== undefined && v !== null);
    // One value a line, under the first: `with: region=cn-hangzhou`, then `      bucket=…`.
    const label = `    ${labelled(t('plan.values'))}`;
    const under = ' '.repeat(displayWidth(label));
    values.forEach(([k, v], i) => {
      const shown = escapeControls(Array.isArray(v) ? v.join(', ') : String(v));
      put(`${i === 0 ? label : under}${k}=${shown}`, `${under}  `);
    });
  }
  put(t('plan.noChange'), '');
}
