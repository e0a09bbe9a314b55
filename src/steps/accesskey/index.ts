/**
 * Step — an AccessKey of the account itself (a root key) whose secret reaches
 * the person exactly once. Creation, delivery and crash repair are the shared
 * key delivery (`src/delivery/keys.ts`); this step decides when a key is
 * needed and asks for the root-key risk to be accepted.
 */
import { UsageError } from '../../core/errors.js';
import { csvPath } from '../../delivery/csv.js';
import { KEY_FIELDS, ROOT_KEY_FIELDS } from '../../delivery/fields.js';
import {
  activeDelivered,
  checkDelivery,
  contextIo,
  createDeliveredKey,
  csvAnswerRule,
  type DeliveryChoice,
  type DeliveryIo,
  KEY_LIMIT_MENUS,
  repairPending,
} from '../../delivery/keys.js';
import { acceptRootKeyRisk, rootOwner } from '../../delivery/root-key.js';
import { t } from '../../i18n/index.js';
import { defineFields } from '../../wizard/field.js';
import {
  type BaseContext,
  defineStep,
  type Missing,
  type StepContext,
  type StepState,
  state,
} from '../../wizard/step.js';

const fields = defineFields({ ...ROOT_KEY_FIELDS, ...KEY_FIELDS });
type Ctx = StepContext<typeof fields>;

const DELIVERY_NEEDED = { hint: 'accesskey.deliveryHint', flags: '--csv <path> or --show-secret' } as const;

/** Where the secret goes, as given (the CSV path made absolute). */
function choiceOf(ctx: BaseContext<typeof fields>): DeliveryChoice {
  const csv = ctx.answers.given('csv');
  return {
    ...(csv === undefined ? {} : { csv: { path: csvPath(csv), where: ctx.answers.where('csv') } }),
    showSecret: ctx.answers.given('showSecret') === true,
    allowCidrs: ctx.answers.value('allowCidr') ?? [],
  };
}

/** A run that only repairs an interrupted creation while the step's own key stands creates nothing. */
function repairOnly(ctx: BaseContext<typeof fields>, current: StepState): boolean {
  return !ctx.explicit && current.details.pendingRepair === true && typeof current.details.keyId === 'string';
}

function deliveryIo(ctx: Ctx): DeliveryIo {
  return contextIo(ctx, async (def) =>
    csvPath(
      await ctx.ask('csv', { message: 'accesskey.askCsv', default: def, always: true, check: csvAnswerRule }),
    ),
  );
}

export const accesskey = defineStep({
  id: 'accesskey',
  title: 'step.accesskey',
  fields,
  menus: KEY_LIMIT_MENUS,
  needed: () => true,

  async check(ctx) {
    const record = ctx.keyRecords.read('root');
    if (!ctx.cloud) {
      const last = record.delivered.at(-1);
      return state(ctx.recorded(), last ? t('accesskey.doneOffline', { id: last.id }) : t('accesskey.todo'), {
        live: false,
      });
    }
    const keys = await ctx.cloud.accessKeys.list();
    const active = activeDelivered(record, keys);
    const details = { keyId: active ?? null, keys: keys.length, pendingRepair: Boolean(record.pending) };
    // An interrupted creation is repaired by the next run, even when an older key is fine.
    if (record.pending) return state('todo', t('accesskey.pendingRepair'), details);
    if (active) return state('done', t('accesskey.done', { id: active }), details);
    return state('todo', t('accesskey.todo'), details);
  },

  requires(ctx, current) {
    if (repairOnly(ctx, current)) return [];
    const missing: Missing[] = [];
    const choice = choiceOf(ctx);
    if (!choice.csv && !choice.showSecret) {
      missing.push({
        field: fields.csv,
        question: { key: 'accesskey.askDelivery' },
        alternatives: [fields.showSecret],
      });
    }
    if (ctx.answers.value('acceptKeyRisk') !== true)
      missing.push({ field: fields.acceptKeyRisk, question: { key: 'accesskey.riskConfirm' } });
    return missing;
  },

  async preflight(ctx, current) {
    if (!repairOnly(ctx, current)) {
      checkDelivery(choiceOf(ctx), { id: 'root' }, ctx, DELIVERY_NEEDED);
    }
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const owner = rootOwner(cloud);
    const io = deliveryIo(ctx);
    const hadPending = ctx.keyRecords.read('root').pending !== undefined;
    const recovered = await repairPending(io, owner);
    if (recovered) return done(ctx, recovered.key.id);
    if (hadPending && !ctx.explicit) {
      // The run came to repair an interrupted creation (e.g. of `keys create`);
      // when the step's own delivered key still stands, nothing else is needed.
      const active = activeDelivered(ctx.keyRecords.read('root'), await owner.keys.list());
      if (active) return done(ctx, active);
    }
    const choice = choiceOf(ctx);
    checkDelivery(choice, owner, ctx, DELIVERY_NEEDED);
    const delivered = await createDeliveredKey(io, owner, choice, async () => {
      const accepted = await acceptRootKeyRisk(
        {
          interactive: ctx.interactive,
          out: ctx.out,
          accepted: () => ctx.ask('acceptKeyRisk', { message: 'accesskey.riskConfirm', default: false }),
        },
        ctx.answers.value('acceptKeyRisk'),
      );
      if (!accepted)
        throw new UsageError(
          'accesskey.riskDeclined',
          {},
          [{ key: 'accesskey.riskHint' }],
          'KeyRiskNotAccepted',
        );
    });
    ctx.report.accessKey = delivered.report;
    return done(ctx, delivered.key.id, delivered.report.csv);
  },

  async plan(ctx, current) {
    const csv = ctx.answers.given('csv');
    return {
      calls: current.status === 'done' ? ['listAccessKeys'] : ['listAccessKeys', 'createAccessKey'],
      files: current.status === 'done' ? [] : ['state.json', ...(csv === undefined ? [] : [csvPath(csv)])],
      values: {
        allowCidr: ctx.answers.value('allowCidr') ?? [],
        showSecret: ctx.answers.given('showSecret') === true,
      },
    };
  },
});

async function done(ctx: Ctx, id: string, csv?: string): Promise<StepState> {
  await ctx.record('done', {});
  return state('done', t('accesskey.done', { id }), { keyId: id, ...(csv ? { csv } : {}) });
}
