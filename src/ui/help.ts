/**
 * `--help` text: usage, description, options (with their environment
 * variables), subcommands and examples, laid out by display width so that
 * Chinese wraps between characters and never past the terminal's edge.
 */
import { joinPhrases, t } from '../i18n/index.js';
import { displayWidth, padEnd, wrap, wrapCommand } from './width.js';

export interface HelpOption {
  /** `-y, --yes`, `--region <id>` */
  term: string;
  description: string;
}

export interface HelpCommand {
  name: string;
  description: string;
}

export interface HelpPage {
  usage: string;
  description: string;
  options: readonly HelpOption[];
  commands?: readonly HelpCommand[];
  examples: readonly string[];
  /** Extra text after the examples (e.g. the exit codes). */
  after?: string;
}

/** Two columns: terms, then descriptions wrapped with a hanging indent. */
function columns(rows: ReadonlyArray<{ term: string; description: string }>, width: number): string[] {
  const widest = Math.max(0, ...rows.map((r) => displayWidth(r.term)));
  const termWidth = Math.min(widest, 28);
  const indent = ' '.repeat(2 + termWidth + 2);
  const lines: string[] = [];
  for (const r of rows) {
    if (displayWidth(r.term) > termWidth) {
      lines.push(`  ${r.term}`);
      lines.push(wrap(`${indent}${r.description}`, width, indent));
    } else {
      lines.push(wrap(`  ${padEnd(r.term, termWidth)}  ${r.description}`, width, indent));
    }
  }
  return lines;
}

export function renderHelp(page: HelpPage, width: number): string {
  const out: string[] = [];
  out.push(joinPhrases([t('cli.helpUsage'), page.usage]), '', wrap(page.description, width, ''), '');
  if (page.options.length) out.push(t('cli.helpOptions'), ...columns(page.options, width), '');
  if (page.commands?.length) {
    out.push(
      t('cli.helpCommands'),
      ...columns(
        page.commands.map((c) => ({ term: c.name, description: c.description })),
        width,
      ),
      '',
    );
  }
  if (page.examples.length) {
    // Examples are commands to copy: folded with ` \` continuations, so they still paste as one.
    out.push(t('cli.examples'), ...page.examples.map((e) => `  $ ${wrapCommand(e, width - 4, '      ')}`));
  }
  if (page.after) out.push('', page.after);
  return `${out.join('\n')}\n`;
}
