/**
 * Step 3 — an AccessKey pair whose secret reaches the user exactly once.
 *
 * The sequence is record → create → record id → deliver → record delivery.
 * Before the create call, a `pending` marker with a fresh clientToken is
 * saved. Whatever happens next (crash, kill -9, Ctrl-C, a lost response),
 * the next run finds the marker, finds the key by its clientToken, and either
 * counts it as delivered (the CSV written for it is there) or disables and
 * deletes it, saying so. So no Active key is ever left whose secret nobody
 * has, and a retry never creates a second key for the same intent.
 */
import * as z from 'zod/mini';
import { t, tEn } from '../i18n/index.js';
import { type AccessKeyInfo, ProviderError } from '../provider/types.js';
import { displayWidth, padEnd } from '../ui/width.js';
import type { Context } from '../wizard/context.js';
import { RefusedError, UsageError } from '../wizard/errors.js';
import { csvHoldsKey, csvPath, csvPathProblem, writeCsv } from './accesskey-csv.js';
import { manageKeysAtLimit } from './accesskey-limit.js';
import { clientToken, putStep, state, stepData } from './record.js';
import type { Step, StepState } from './types.js';

const pendingSchema = z.object({
  clientToken: z.string(),
  csv: z.optional(z.string()),
  keyId: z.optional(z.string()),
  startedAt: z.string(),
});

const dataSchema = z.object({
  /** Keys whose secret reached the user, newest last. */
  delivered: z._default(
    z.array(z.object({ id: z.string(), via: z.string(), csv: z.optional(z.string()) })),
    [],
  ),
  pending: z.optional(pendingSchema),
});
type KeyData = z.infer<typeof dataSchema>;

function readData(ctx: Pick<Context, 'profileState' | 'store'>): KeyData {
  return stepData(ctx.profileState(), 'accesskey', dataSchema, ctx.store.file);
}

async function writeData(ctx: Context, data: KeyData, status: 'done' | 'todo'): Promise<void> {
  await ctx.save((p) => putStep(p, 'accesskey', status, data as unknown as Record<string, unknown>));
}

export const accesskey: Step = {
  id: 'accesskey',
  title: 'step.accesskey',
  needed: () => true,
  fields: ['acceptKeyRisk', 'csv', 'showSecret', 'allowCidr'],

  async check(ctx) {
    const data = stepData(ctx.profileState(), 'accesskey', dataSchema, ctx.store.file);
    if (!ctx.token) {
      const record = ctx.profileState().steps.accesskey;
      const last = data.delivered.at(-1);
      return state(
        record?.status ?? 'todo',
        last ? t('accesskey.doneOffline', { id: last.id }) : t('accesskey.todo'),
        {
          live: false,
        },
      );
    }
    const keys = await ctx.provider.listAccessKeys(ctx.token);
    const active = [...data.delivered]
      .reverse()
      .find((d) => keys.some((k) => k.id === d.id && k.status === 'Active'));
    const details = { keyId: active?.id ?? null, keys: keys.length, pendingRepair: Boolean(data.pending) };
    // An interrupted creation is repaired by the next run, even when an older key is fine.
    if (data.pending) return state('todo', t('accesskey.pendingRepair'), details);
    if (active) return state('done', t('accesskey.done', { id: active.id }), details);
    return state('todo', t('accesskey.todo'), details);
  },

  async run(ctx) {
    return createDeliveredKey(ctx, 'step');
  },

  async plan(ctx, current) {
    const csv = ctx.answers.given('csv');
    return {
      calls: current.status === 'done' ? ['listAccessKeys'] : ['listAccessKeys', 'createAccessKey'],
      files:
        current.status === 'done' ? [] : ['state.json', ...(typeof csv === 'string' ? [csvPath(csv)] : [])],
      values: {
        allowCidr: ctx.answers.value('allowCidr') ?? [],
        showSecret: ctx.answers.given('showSecret') === true,
      },
    };
  },
};

/** Checks that need no provider: delivery chosen, CSV path free. Run before any key exists. */
export function preflight(ctx: Pick<Context, 'answers' | 'interactive' | 'profileState' | 'store'>): {
  csv?: string;
  showSecret: boolean;
} {
  const csvGiven = ctx.answers.given('csv');
  const showSecret = ctx.answers.given('showSecret') === true;
  if (!ctx.interactive && csvGiven === undefined && !showSecret) {
    throw new UsageError(
      'accesskey.deliveryNeeded',
      {},
      [{ key: 'accesskey.deliveryHint' }],
      'MissingAnswer',
    );
  }
  if (!ctx.interactive && ctx.answers.value('acceptKeyRisk') !== true) {
    const error = new UsageError(
      'accesskey.riskNeeded',
      {},
      [{ key: 'accesskey.riskHint' }],
      'MissingAnswer',
    );
    error.step = 'accesskey';
    throw error;
  }
  const csv = typeof csvGiven === 'string' ? csvPath(csvGiven) : undefined;
  const problem = csv && !isPendingDelivery(ctx, csv) ? csvPathProblem(csv) : null;
  if (csv && problem) {
    throw new UsageError(
      problem === 'taken' ? 'accesskey.csvExists' : 'accesskey.csvNoFolder',
      { path: csv },
      [],
      'InvalidValue',
    );
  }
  return { ...(csv ? { csv } : {}), showSecret };
}

/**
 * The one exception to "never overwrite": a CSV that an interrupted run wrote
 * for the key it was delivering. Repeating the same command must finish the job.
 */
function isPendingDelivery(ctx: Pick<Context, 'profileState' | 'store'>, csv: string): boolean {
  const pending = readData(ctx).pending;
  return pending?.csv === csv && pending.keyId !== undefined && csvHoldsKey(csv, pending.keyId);
}

/**
 * Repairs what an interrupted creation left behind. Returns the step's state
 * when the interrupted key turns out to have been delivered (its CSV exists).
 */
export async function repairPending(ctx: Context, token: string): Promise<StepState | null> {
  const data = readData(ctx);
  const pending = data.pending;
  if (!pending) return null;
  const keys = await ctx.provider.listAccessKeys(token);
  const key =
    keys.find((k) => k.clientToken === pending.clientToken) ??
    keys.find((k) => pending.keyId !== undefined && k.id === pending.keyId);
  if (key && key.status === 'Active' && pending.csv && csvHoldsKey(pending.csv, key.id)) {
    ctx.out.info(t('accesskey.recoveredCsv', { id: key.id, csv: pending.csv }));
    await writeData(
      ctx,
      { delivered: [...data.delivered, { id: key.id, via: 'csv', csv: pending.csv }] },
      'done',
    );
    return state('done', t('accesskey.done', { id: key.id }), {
      keyId: key.id,
      csv: pending.csv,
    });
  }
  if (key) {
    await discardKey(ctx, token, key);
    ctx.out.warn(t('accesskey.removedOrphan', { id: key.id }));
  }
  await writeData(ctx, { delivered: data.delivered }, 'todo');
  return null;
}

/** Disables (if needed) and deletes a key; repeat-safe under lost responses. */
export async function discardKey(
  ctx: Context,
  token: string,
  key: Pick<AccessKeyInfo, 'id' | 'status'>,
): Promise<void> {
  if (key.status === 'Active') {
    await ctx.call(
      t('keys.disabling', { id: key.id }),
      () => ctx.provider.updateAccessKey(token, key.id, 'Inactive'),
      'accesskey',
    );
  }
  await ctx.call(
    t('keys.deleting', { id: key.id }),
    async (attempt) => {
      try {
        await ctx.provider.deleteAccessKey(token, key.id);
      } catch (error) {
        // After a lost response the first attempt may already have deleted it.
        if (attempt > 1 && error instanceof ProviderError && error.code === 'EntityNotExist.User.AccessKey')
          return;
        throw error;
      }
    },
    'accesskey',
  );
}

/** Creates a key and delivers its secret (CSV, stdout or the screen). Shared by the step and `keys create`. */
export async function createDeliveredKey(ctx: Context, mode: 'step' | 'command'): Promise<StepState> {
  const token = await ctx.session('accesskey');
  const hadPending = readData(ctx).pending !== undefined;
  const recovered = await repairPending(ctx, token);
  if (recovered) return recovered;
  if (mode === 'step' && hadPending) {
    // The run came to repair an interrupted creation (e.g. of `keys create`);
    // when the step's own delivered key still stands, nothing else is needed.
    const keys = await ctx.provider.listAccessKeys(token);
    const active = [...readData(ctx).delivered]
      .reverse()
      .find((d) => keys.some((k) => k.id === d.id && k.status === 'Active'));
    if (active) {
      await writeData(ctx, readData(ctx), 'done');
      return state('done', t('accesskey.done', { id: active.id }), { keyId: active.id });
    }
  }
  const delivery = preflight(ctx);
  await acceptRisk(ctx);
  const allowCidrs = (ctx.answers.value('allowCidr') as string[] | undefined) ?? [];

  for (let attempt = 0; attempt < 4; attempt++) {
    const pending = {
      clientToken: clientToken(),
      startedAt: new Date().toISOString(),
      ...(delivery.csv ? { csv: delivery.csv } : {}),
    };
    await writeData(ctx, { ...readData(ctx), pending }, 'todo');
    let created: Awaited<ReturnType<typeof ctx.provider.createAccessKey>>;
    try {
      created = await ctx.call(
        t('accesskey.creating'),
        () => ctx.provider.createAccessKey(token, { clientToken: pending.clientToken, allowCidrs }),
        'accesskey',
      );
    } catch (error) {
      // A lost response can outlast the retries with the key created: find it by
      // its clientToken and remove it. If even that fails, the marker stays for the next run.
      await repairPending(ctx, token).catch(() => undefined);
      if (error instanceof RefusedError && error.code === 'LimitExceeded.User.AccessKey' && ctx.interactive) {
        await manageKeysAtLimit(ctx, token, error);
        continue;
      }
      throw error;
    }
    if (created.secret === null) {
      // A replay after a lost response: the key exists but its secret is gone.
      await discardKey(ctx, token, created.key);
      ctx.out.warn(t('accesskey.removedOrphan', { id: created.key.id }));
      continue;
    }
    await writeData(ctx, { ...readData(ctx), pending: { ...pending, keyId: created.key.id } }, 'todo');
    return deliver(ctx, token, created.key, created.secret, delivery);
  }
  // Every attempt's response was lost (and each key removed): the provider, not the input, is the problem.
  throw new RefusedError(new ProviderError('AccessKeyNotDelivered', 503, tEn('accesskey.gaveUp'), '-', true));
}

async function acceptRisk(ctx: Context): Promise<void> {
  // Non-interactive runs were already refused by preflight without --accept-key-risk.
  if (ctx.answers.value('acceptKeyRisk') === true || !ctx.interactive) return;
  ctx.progress.pause();
  ctx.out.warn(t('accesskey.riskTitle'));
  ctx.out.say(`  ${t('accesskey.riskText')}`);
  // A security risk is never the default: Enter alone must not accept it.
  const accepted = await ctx.ask('acceptKeyRisk', { message: 'accesskey.riskConfirm', default: false });
  if (accepted !== true)
    throw new UsageError('accesskey.riskDeclined', {}, [{ key: 'accesskey.riskHint' }], 'KeyRiskNotAccepted');
}

async function deliver(
  ctx: Context,
  token: string,
  key: AccessKeyInfo,
  secret: string,
  delivery: { csv?: string; showSecret: boolean },
): Promise<StepState> {
  let via: string | undefined;
  let csv = delivery.csv;
  if (csv) {
    try {
      writeCsv(csv, key.id, secret);
    } catch (error) {
      // The file appeared (or the folder went away) since the pre-check: the
      // secret cannot be delivered there, so the key must not stay.
      await discardKey(ctx, token, key);
      const code = (error as NodeJS.ErrnoException).code ?? '';
      throw new UsageError(
        code === 'EEXIST' ? 'accesskey.csvExists' : 'accesskey.csvUnwritable',
        { path: csv, reason: code },
        [],
        'InvalidValue',
      );
    }
    via = 'csv';
    ctx.out.success(t('accesskey.csvWritten', { path: csv }));
  }
  if (ctx.interactive) {
    ctx.progress.pause();
    showSecretBox(ctx, key.id, secret);
    if (!csv && (await ctx.confirm('accesskey.offerCsv', {}, { default: true }))) {
      csv = csvPath(
        String(
          await ctx.ask('csv', {
            message: 'accesskey.askCsv',
            default: freeCsvName(),
            always: true,
            check: (v) => {
              const problem = csvPathProblem(csvPath(String(v)));
              if (!problem) return null;
              return {
                key: problem === 'taken' ? 'accesskey.csvTaken' : 'accesskey.csvNoFolderShort',
                params: { path: String(v) },
              };
            },
          }),
        ),
      );
      writeCsv(csv, key.id, secret);
      await writeData(ctx, { ...readData(ctx), pending: { ...readData(ctx).pending!, csv } }, 'todo');
      ctx.out.success(t('accesskey.csvWritten', { path: csv }));
      via = 'csv';
    }
    if (!(via === 'csv' && ctx.yes)) {
      while (!(await ctx.confirm('accesskey.confirmSaved', {}, { default: false, risky: true }))) {
        showSecretBox(ctx, key.id, secret);
      }
    }
    via ??= 'confirmed';
  }
  if (delivery.showSecret) {
    if (ctx.out.json) {
      ctx.report.accessKey = { id: key.id, secret, ...(csv ? { csv } : {}) };
      if (!via) {
        // Delivered when the JSON document is written; until then the key stays pending.
        ctx.report.afterOutput.push(() => finishDelivery(ctx, key.id, 'stdout', csv));
        return state('done', t('accesskey.done', { id: key.id }), { keyId: key.id });
      }
    } else {
      const labels = [t('accesskey.idLabel'), t('accesskey.secretLabel')];
      const width = Math.max(...labels.map(displayWidth));
      ctx.out.result(`${padEnd(`${labels[0]}:`, width + 2)}${key.id}`);
      ctx.out.result(`${padEnd(`${labels[1]}:`, width + 2)}${secret}`);
    }
    via ??= 'stdout';
  }
  if (ctx.out.json) ctx.report.accessKey ??= { id: key.id, ...(csv ? { csv } : {}) };
  await finishDelivery(ctx, key.id, via ?? 'stdout', csv);
  return state('done', t('accesskey.done', { id: key.id }), {
    keyId: key.id,
    ...(csv ? { csv } : {}),
  });
}

async function finishDelivery(ctx: Context, id: string, via: string, csv: string | undefined): Promise<void> {
  const data = readData(ctx);
  await writeData(ctx, { delivered: [...data.delivered, { id, via, ...(csv ? { csv } : {}) }] }, 'done');
}

/** `./AccessKey.csv`, or the first free `./AccessKey-N.csv` when earlier keys were saved here. */
function freeCsvName(): string {
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? './AccessKey.csv' : `./AccessKey-${n}.csv`;
    if (!csvPathProblem(csvPath(name))) return name;
  }
  return './AccessKey.csv';
}

function showSecretBox(ctx: Context, id: string, secret: string): void {
  const c = ctx.out.c;
  ctx.out.say();
  ctx.out.say(c.bold(t('accesskey.secretTitle')));
  ctx.out.say(`  ${t('accesskey.idLabel')}     ${c.cyan(id)}`);
  ctx.out.say(`  ${t('accesskey.secretLabel')} ${c.cyan(secret)}`);
  ctx.out.say(c.yellow(t('accesskey.secretOnce')));
  ctx.out.say();
}
