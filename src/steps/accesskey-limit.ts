/**
 * At five keys the provider refuses a sixth. Interactively the wizard lists
 * the keys and offers to disable or delete one; it never deletes on its own
 * initiative, and deleting an Active key means disabling it first.
 */
import { t } from '../i18n/index.js';
import type { AccessKeyInfo } from '../provider/types.js';
import { padEnd } from '../ui/width.js';
import type { Context } from '../wizard/context.js';
import type { RefusedError } from '../wizard/errors.js';

export function keyTable(ctx: Pick<Context, 'out'>, keys: AccessKeyInfo[]): string[] {
  const head = [
    t('keys.colId'),
    t('keys.colStatus'),
    t('keys.colCreated'),
    t('keys.colLastUsed'),
    t('keys.colNetwork'),
  ];
  const rows = keys.map((k) => [
    k.id,
    k.status,
    k.created.slice(0, 16).replace('T', ' '),
    k.lastUsed ? k.lastUsed.slice(0, 16).replace('T', ' ') : t('keys.never'),
    k.allowCidrs.length ? k.allowCidrs.join(', ') : t('keys.anywhere'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => padEnd(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const c = ctx.out.c;
  return [
    c.bold(line(head)),
    ...rows.map((r) =>
      line(r).replace(/\b(Active|Inactive)\b/, (s) => (s === 'Active' ? c.green(s) : c.dim(s))),
    ),
  ];
}

export async function manageKeysAtLimit(ctx: Context, token: string, refused: RefusedError): Promise<void> {
  ctx.progress.pause();
  const keys = await ctx.provider.listAccessKeys(token);
  ctx.out.warn(t('accesskey.limitReached', { count: keys.length }));
  for (const row of keyTable(ctx, keys)) ctx.out.say(`  ${row}`);
  const choice = String(
    await ctx.choose('keyToFree', {
      message: 'accesskey.askWhichKey',
      choices: [
        ...keys.map((k) => ({
          value: k.id,
          name: `${k.id}  ${k.status}`,
          description: t('accesskey.created', { at: k.created }),
        })),
        { value: '', name: t('accesskey.cancel') },
      ],
    }),
  );
  const key = keys.find((k) => k.id === choice);
  if (!key) throw refused;
  const action = String(
    await ctx.choose('keyAction', {
      message: 'accesskey.askAction',
      params: { id: key.id },
      choices: [
        ...(key.status === 'Active' ? [{ value: 'disable', name: t('accesskey.actionDisable') }] : []),
        {
          value: 'delete',
          name: key.status === 'Active' ? t('accesskey.actionDisableDelete') : t('accesskey.actionDelete'),
        },
        { value: '', name: t('accesskey.cancel') },
      ],
    }),
  );
  if (!action) throw refused;
  if (action === 'delete' && !(await ctx.confirm('keys.confirmDelete', { id: key.id }, { default: false })))
    throw refused;
  if (key.status === 'Active') {
    await ctx.call(
      t('keys.disabling', { id: key.id }),
      () => ctx.provider.updateAccessKey(token, key.id, 'Inactive'),
      'accesskey',
    );
  }
  if (action === 'delete') {
    await ctx.call(
      t('keys.deleting', { id: key.id }),
      () => ctx.provider.deleteAccessKey(token, key.id),
      'accesskey',
    );
  }
}
