/** `onboard exit-codes`: the exit codes and what they mean (SPEC §6), also shown in its help. */
import { EXIT } from '../core/errors.js';
import type { MessageKey } from '../core/messages.js';
import { t } from '../i18n/index.js';
import { std } from '../ui/std.js';
import { wrap } from '../ui/width.js';
import type { Globals } from './globals.js';

/** Every code of EXIT (SPEC §6), each with its line; the compiler asks for a line for a new code. */
const EXIT_ROWS: ReadonlyArray<readonly [number, MessageKey]> = Object.values(EXIT)
  .sort((a, b) => a - b)
  .map((code) => [code, `exit.${code}` satisfies MessageKey]);

/** The exit codes, one per line; wrapped with a hanging indent when a width is given. */
export function exitCodeTable(width = 0): string {
  const rows = EXIT_ROWS.map(([c, k]) => {
    const row = `  ${String(c).padStart(3)}  ${t(k)}`;
    return width > 0 ? wrap(row, width, ' '.repeat(7)) : row;
  });
  return `${t('cli.exitCodes')}\n${rows.join('\n')}`;
}

export function exitCodesCommand(g: Pick<Globals, 'json'>): number {
  if (g.json) {
    const codes = Object.fromEntries(EXIT_ROWS.map(([code, key]) => [String(code), t(key)]));
    std(1).write(`${JSON.stringify({ schemaVersion: 1, ok: true, exitCodes: codes }, null, 2)}\n`);
  } else std(1).write(`${exitCodeTable(std(1).columns)}\n`);
  return EXIT.ok;
}
