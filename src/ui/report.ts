/**
 * The two faces of a result: the `--json` document (keys and codes never
 * change with the language) and the checklist a person reads. Pure views of
 * what the command computed.
 */
import type { ErrorJson } from '../core/errors.js';
import type { Overall, Product, StepStatus } from '../core/types.js';
import { t } from '../i18n/index.js';
import { fitTo, type Look } from './output.js';
import { displayWidth, padEnd, stripAnsi, wrapCommand } from './width.js';

export interface StepView {
  id: string;
  title: string;
  status: StepStatus;
  summary: string;
  details: Record<string, unknown>;
}

export interface ReportInput {
  profile: string;
  product: Product;
  status: Overall;
  steps: readonly StepView[];
  next: ReadonlyArray<{ command: string; why: string }>;
  accessKey?: object;
  ramUser?: object;
  error?: ErrorJson;
}

export function jsonReport(r: ReportInput): Record<string, unknown> {
  return {
    schemaVersion: 1,
    profile: r.profile,
    product: r.product,
    status: r.status,
    steps: r.steps.map((s) => ({ id: s.id, status: s.status, summary: s.summary, details: s.details })),
    next: r.next,
    ...(r.accessKey ? { accessKey: r.accessKey } : {}),
    ...(r.ramUser ? { ramUser: r.ramUser } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

const SYMBOLS: Record<StepStatus, string> = {
  done: '✔',
  todo: '○',
  waiting: '◷',
  failed: '✖',
  skipped: '–',
  not_needed: '·',
};

/** `✔ summary`, coloured by status. */
export function symbolLine(look: Pick<Look, 'c'>, r: Pick<StepView, 'status' | 'summary'>): string {
  const c = look.c;
  const paint: Record<StepStatus, (s: string) => string> = {
    done: c.green,
    todo: c.dim,
    waiting: c.yellow,
    failed: c.red,
    skipped: c.dim,
    not_needed: c.dim,
  };
  return `${paint[r.status](SYMBOLS[r.status])} ${r.summary}`;
}

const OVERALL = {
  complete: 'overall.complete',
  incomplete: 'overall.incomplete',
  waiting: 'overall.waiting',
  action_required: 'overall.action_required',
} as const;

/** A product in the person's language (`both`: E-MapReduce and MaxCompute); the JSON keeps the code. */
export function productName(product: Product): string {
  return t(`product.${product}`);
}

/** An overall status in the person's language. */
export function overallWord(status: Overall): string {
  return t(OVERALL[status]);
}

/**
 * The checklist: one line per step with its key facts, then what to do next,
 * in the look of the stream it is written to. Summaries continue under the
 * summary column; where a word of one would not fit beside the titles (a
 * narrow terminal), every summary goes on its own line under its title.
 */
export function printChecklist(look: Look, r: ReportInput, write: (line: string) => void): void {
  const c = look.c;
  const put = (line: string, indent: string) => write(fitTo(look, line, indent));
  // Fits: no line past the edge, and every continuation under the column (not given up for a long word).
  const fits = (line: string, indent: string) =>
    look.width === 0 ||
    fitTo(look, line, indent)
      .split('\n')
      .every((l, i) => displayWidth(l) <= look.width && (i === 0 || stripAnsi(l).startsWith(indent)));
  const titleWidth = Math.max(...r.steps.map((s) => displayWidth(s.title))) + 2;
  const summaryIndent = ' '.repeat(2 + titleWidth + 2);
  const beside = (s: StepView) => `  ${padEnd(s.title, titleWidth)}${symbolLine(look, s)}`;
  const stacked = !r.steps.every((s) => fits(beside(s), summaryIndent));
  put(c.bold(t('status.heading', { profile: r.profile, product: productName(r.product) })), '  ');
  for (const s of r.steps) {
    if (!stacked) put(beside(s), summaryIndent);
    else {
      write(`  ${s.title}`);
      put(`    ${symbolLine(look, s)}`, '      ');
    }
  }
  write('');
  const label = t('status.overall');
  const word = overallWord(r.status);
  const painted =
    r.status === 'complete'
      ? c.green(word)
      : r.status === 'waiting'
        ? c.yellow(word)
        : r.status === 'action_required'
          ? c.red(word)
          : word;
  // A full-width colon already carries its own space.
  put(`${c.bold(label)}${label.endsWith('：') ? '' : ' '}${painted}`, '  ');
  if (r.next.length) {
    write(c.bold(t('status.next')));
    r.next.forEach((n, i) => {
      // One command with several reasons is printed once; on a terminal a long command is
      // folded with `\` continuations, so it still pastes as one.
      if (r.next[i - 1]?.command !== n.command) {
        const folded = look.width > 0 ? wrapCommand(n.command, look.width - 2, '      ') : n.command;
        write(`  ${c.cyan(folded)}`);
      }
      put(`    ${c.dim(n.why)}`, '    ');
    });
  }
}
