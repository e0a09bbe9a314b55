/** The AccessKey table of `keys list` and of the key-limit menu: aligned by display width, local times. */
import { escapeControls, t } from '../i18n/index.js';
import type { AccessKeyInfo } from '../provider/types.js';
import { fitTo, type Look } from './output.js';
import { localTime } from './time.js';
import { displayWidth, padEnd } from './width.js';

/** A key's status in the person's language (the JSON keeps `Active`/`Inactive`). */
export function statusWord(status: AccessKeyInfo['status']): string {
  return t(status === 'Active' ? 'keys.active' : 'keys.inactive');
}

/**
 * The keys as a table, one row each; where the table would be wider than the
 * terminal (`look.width`), one block per key instead: its id, then a label
 * and a value a line. In a file or a pipe (width 0), always the table.
 */
export function keyTable(
  look: Look,
  keys: readonly AccessKeyInfo[],
  usedIds: ReadonlySet<string> = new Set(),
): string[] {
  const head = [
    t('keys.colId'),
    t('keys.colStatus'),
    t('keys.colCreated'),
    t('keys.colLastUsed'),
    t('keys.colNetwork'),
  ];
  // Cells come from the provider (a file, for the simulated one): shown escaped, like any input.
  const rows = keys.map((k) =>
    [
      `${k.id}${usedIds.has(k.id) ? ' *' : ''}${k.cannotSign ? ' !' : ''}`,
      statusWord(k.status),
      localTime(k.created),
      k.lastUsed ? localTime(k.lastUsed) : t('keys.never'),
      k.allowCidrs.length ? k.allowCidrs.join(', ') : t('keys.anywhere'),
    ].map(escapeControls),
  );
  const c = look.c;
  const paintStatus = (n: number, cell: string) =>
    keys[n]?.status === 'Active' ? c.green(cell) : c.dim(cell);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[], style: (i: number, cell: string) => string = (_i, cell) => cell) =>
    r
      .map((cell, i) => style(i, padEnd(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  let lines: string[];
  if (look.width === 0 || [head, ...rows].every((r) => displayWidth(line(r)) <= look.width)) {
    lines = [c.bold(line(head))];
    for (const [n, r] of rows.entries())
      lines.push(line(r, (i, cell) => (i === 1 ? paintStatus(n, cell) : cell)));
  } else {
    const labelWidth = Math.max(...head.slice(1).map(displayWidth));
    const indent = ' '.repeat(2 + labelWidth + 2);
    lines = [];
    for (const [n, [id = '', ...details]] of rows.entries()) {
      lines.push(c.bold(id));
      details.forEach((value, i) => {
        const shown = i === 0 ? paintStatus(n, value) : value;
        lines.push(fitTo(look, `  ${padEnd(head[i + 1] ?? '', labelWidth)}  ${shown}`, indent));
      });
    }
  }
  if (usedIds.size > 0 && keys.some((k) => usedIds.has(k.id)))
    lines.push(fitTo(look, c.dim(t('keys.usedMark')), '  '));
  if (keys.some((k) => k.cannotSign)) lines.push(fitTo(look, c.dim(t('keys.cannotSignMark')), '  '));
  return lines;
}
