/**
 * The two faces of a result: the `--json` document (keys and codes never
 * change with the language) and the checklist a person reads.
 */
import { t } from '../i18n/index.js';
import type { Product } from '../steps/ids.js';
import type { Overall, StepReport } from '../wizard/runner.js';
import { nextSteps, symbolLine } from '../wizard/runner.js';
import type { Output } from './output.js';
import { displayWidth, padEnd, wrap } from './width.js';

export interface JsonError {
  code: string;
  message: string;
  step?: string;
  exitCode: number;
}

export interface ReportInput {
  profile: string;
  product: Product;
  status: Overall;
  steps: StepReport[];
  accessKey?: { id: string; secret?: string; csv?: string };
  error?: JsonError;
}

export function jsonReport(r: ReportInput): Record<string, unknown> {
  return {
    schemaVersion: 1,
    profile: r.profile,
    product: r.product,
    status: r.status,
    steps: r.steps.map((s) => ({ id: s.id, status: s.status, summary: s.summary, details: s.details })),
    next: nextSteps(r.profile, r.product, r.steps),
    ...(r.accessKey ? { accessKey: r.accessKey } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** The checklist: one line per step with its key facts, then what to do next. */
export function printChecklist(out: Output, r: ReportInput, write: (line: string) => void): void {
  const c = out.c;
  // Summaries that wrap continue under the summary column, not under the titles.
  const titleWidth = Math.max(...r.steps.map((s) => displayWidth(s.title))) + 2;
  const summaryIndent = ' '.repeat(2 + titleWidth + 2);
  const put = (line: string, indent: string) => write(wrap(line, out.width, indent));
  put(c.bold(t('status.heading', { profile: r.profile, product: r.product })), '  ');
  for (const s of r.steps) put(`  ${padEnd(s.title, titleWidth)}${symbolLine({ out }, s)}`, summaryIndent);
  write('');
  const label = t('status.overall');
  // A full-width colon already carries its own space.
  put(`${c.bold(label)}${label.endsWith('：') ? '' : ' '}${statusWord(out, r.status)}`, '  ');
  const next = nextSteps(r.profile, r.product, r.steps);
  if (next.length) {
    write(c.bold(t('status.next')));
    for (const n of next) {
      put(`  ${c.cyan(n.command)}`, '    ');
      put(`    ${c.dim(n.why)}`, '    ');
    }
  }
}

function statusWord(out: Output, s: Overall): string {
  const text = t(`overall.${s}`);
  if (s === 'complete') return out.c.green(text);
  if (s === 'waiting') return out.c.yellow(text);
  if (s === 'action_required') return out.c.red(text);
  return text;
}
