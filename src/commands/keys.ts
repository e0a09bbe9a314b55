/** `onboard keys list | create | disable <id> | enable <id> | delete <id>`. */
import { t } from '../i18n/index.js';
import type { AccessKeyStatus } from '../provider/types.js';
import { createDeliveredKey, preflight } from '../steps/accesskey.js';
import { keyTable } from '../steps/accesskey-limit.js';
import type { Context } from '../wizard/context.js';
import { EXIT, UsageError } from '../wizard/errors.js';
import type { Globals } from './globals.js';
import { openContext } from './open.js';

type Flags = Record<string, string | string[] | boolean | undefined>;

export async function keysList(g: Globals, argv: string[]): Promise<number> {
  const { ctx, release } = await openContext(g, { command: 'keys list', flags: {}, argv });
  try {
    const token = await ctx.session('accesskey');
    const keys = await ctx.provider.listAccessKeys(token);
    if (g.json) {
      ctx.out.jsonDoc({
        schemaVersion: 1,
        keys: keys.map((k) => ({
          id: k.id,
          status: k.status,
          created: k.created,
          lastUsed: k.lastUsed,
          allowCidrs: k.allowCidrs,
        })),
      });
      return EXIT.ok;
    }
    if (keys.length === 0) ctx.out.result(t('keys.none'));
    else for (const row of keyTable(ctx, keys)) ctx.out.result(row);
    ctx.out.say(ctx.out.c.dim(t('keys.count', { count: keys.length, max: 5 })));
    return EXIT.ok;
  } finally {
    release();
  }
}

export async function keysCreate(g: Globals, flags: Flags, argv: string[]): Promise<number> {
  const { ctx, lock, release } = await openContext(g, { command: 'keys create', flags, argv });
  try {
    // Validate before anything touches the disk: delivery, CSV path, an account to act on.
    preflight(ctx);
    requireAccount(ctx);
    lock();
    const result = await createDeliveredKey(ctx, 'command');
    if (g.json) {
      ctx.out.jsonDoc({
        schemaVersion: 1,
        profile: g.profile,
        accessKey: ctx.report.accessKey ?? { id: result.details.keyId },
      });
    } else {
      ctx.out.success(result.summary);
    }
    for (const after of ctx.report.afterOutput) await after();
    return EXIT.ok;
  } finally {
    release();
  }
}

export async function keysChange(
  g: Globals,
  action: 'disable' | 'enable' | 'delete',
  id: string,
  argv: string[],
): Promise<number> {
  const { ctx, lock, release } = await openContext(g, { command: `keys ${action}`, flags: {}, argv });
  try {
    requireAccount(ctx);
    lock();
    const token = await ctx.session('accesskey');
    if (action === 'delete') {
      const key = (await ctx.provider.listAccessKeys(token)).find((k) => k.id === id);
      if (key && !(await ctx.confirm('keys.confirmDelete', { id }, { default: false }))) {
        ctx.out.say(t('keys.notDeleted', { id }));
        return EXIT.ok;
      }
      await ctx.call(t('keys.deleting', { id }), () => ctx.provider.deleteAccessKey(token, id), 'accesskey');
      ctx.out.success(t('keys.deleted', { id }));
      return EXIT.ok;
    }
    const status: AccessKeyStatus = action === 'disable' ? 'Inactive' : 'Active';
    await ctx.call(
      t(action === 'disable' ? 'keys.disabling' : 'keys.enabling', { id }),
      () => ctx.provider.updateAccessKey(token, id, status),
      'accesskey',
    );
    ctx.out.success(t(action === 'disable' ? 'keys.disabled' : 'keys.enabled', { id }));
    return EXIT.ok;
  } finally {
    release();
  }
}

/** Key commands act on the profile's account: without one there is nothing to do (exit 2, nothing written). */
function requireAccount(ctx: Pick<Context, 'profileState' | 'profile'>): void {
  const p = ctx.profileState();
  if (!p.session && typeof p.answers.email !== 'string') {
    throw new UsageError('account.notDone', { step: 'accesskey' }, [
      { key: 'account.notDoneHint', params: { profile: ctx.profile } },
    ]);
  }
}
