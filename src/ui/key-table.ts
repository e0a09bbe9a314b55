/** The AccessKey table of `keys list` and of the key-limit menu: aligned by display width, local times. */
import { escapeControls, t } from '../i18n/index.js';
import type { AccessKeyInfo } from '../provider/types.js';
import type { Output } from './output.js';
import { localTime } from './time.js';
import { displayWidth, padEnd } from './width.js';

/** A key's status in the person's language (the JSON keeps `Active`/`Inactive`). */
export function statusWord(status: AccessKeyInfo['status']): string {
  return t(status === 'Active' ? 'keys.active' : 'keys.inactive');
}

export function keyTable(
  out: Pick<Output, 'c'>,
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
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[], style: (i: number, cell: string) => string = (_i, cell) => cell) =>
    r
      .map((cell, i) => style(i, padEnd(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const c = out.c;
  const lines = [c.bold(line(head))];
  for (const [n, r] of rows.entries()) {
    const active = keys[n]?.status === 'Active';
    lines.push(line(r, (i, cell) => (i === 1 ? (active ? c.green(cell) : c.dim(cell)) : cell)));
  }
  if (usedIds.size > 0 && keys.some((k) => usedIds.has(k.id))) lines.push(c.dim(t('keys.usedMark')));
  if (keys.some((k) => k.cannotSign)) lines.push(c.dim(t('keys.cannotSignMark')));
  return lines;
}
