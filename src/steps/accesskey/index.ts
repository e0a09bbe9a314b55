/**
 * Step — an AccessKey of the account itself (a root key) whose secret reaches
 * the person exactly once. Interactively it first asks which keys the person
 * wants: a RAM user's (recommended; this step is then skipped and `ramuser`
 * makes the key), the account's own, or both. Creation, delivery and crash
 * repair are the shared key delivery (`src/delivery/keys.ts`); this step
 * decides when a root key is needed and asks for its risk to be accepted.
 */
import * as z from 'zod/mini';
import { UsageError } from '../../core/errors.js';
import {
  activeDelivered,
  checkDelivery,
  contextIo,
  type DeliveryChoice,
  type DeliveryIo,
  deliveryChoice,
  deliveryFiles,
  KEY_LIMIT_MENUS,
  toolsIo,
} from '../../delivery/choice.js';
import { KEY_FIELDS, ROOT_KEY_FIELDS } from '../../delivery/fields.js';
import { acceptRootKeyRisk, rootOwner } from '../../delivery/root-key.js';
import { t } from '../../i18n/index.js';
import { profileFileName } from '../../state/store.js';
import { defineFields } from '../../wizard/field.js';
import { sourceText } from '../../wizard/session.js';
import {
  type BaseContext,
  defineStep,
  type Missing,
  type StepContext,
  type StepState,
  state,
} from '../../wizard/step.js';
import {
  DEFAULT_RAM_USER,
  decideKeys,
  KEY_CHOICE_FIELDS,
  KEY_CHOICE_MENU,
  type KeyDecision,
} from '../key-choice.js';
import { REGION_FIELDS, settleRegion } from '../region.js';

const fields = defineFields({ ...KEY_CHOICE_FIELDS, ...ROOT_KEY_FIELDS, ...KEY_FIELDS, ...REGION_FIELDS });
type Ctx = StepContext<typeof fields>;

const DELIVERY_NEEDED = {
  hint: 'accesskey.deliveryHint',
  flags: '--csv <path>, --save-to <target> or --show-secret',
  files: '--csv <path> or --save-to aliyun-cli|credentials',
} as const;

/** Where the secret goes, as given (the CSV path made absolute, the targets parsed). */
function choiceOf(ctx: BaseContext<typeof fields>): DeliveryChoice {
  return deliveryChoice(ctx.answers.all, {
    profile: ctx.profile,
    csv: 'csv',
    saveTo: 'saveTo',
    allowCidr: 'allowCidr',
  });
}

/** Which keys this run makes: the one decision (`../key-choice.ts`) every mode and the dry run share. */
function decision(ctx: BaseContext<typeof fields>): KeyDecision {
  return decideKeys(ctx.answers.all, ctx.interactive);
}

/** No root key: the setup's key is the RAM user's (decided by an answer, or a script without any). */
function noRootKey(ctx: BaseContext<typeof fields>): boolean {
  return !decision(ctx).root;
}

const SKIPPED = () => state('skipped', t('accesskey.skipped'));

/**
 * Interactively, when neither flags nor earlier answers decided it: which keys?
 * The RAM user's is the default (and recommended).
 */
async function askKeyChoice(ctx: Ctx): Promise<void> {
  if (!decision(ctx).ask) return;
  ctx.out.say(`  ${t('accesskey.choiceText')}`);
  const choice = await ctx.choose(KEY_CHOICE_MENU.key, {
    message: 'accesskey.askChoice',
    choices: [
      {
        value: 'ram',
        name: t('accesskey.choiceRam'),
        description: t('accesskey.choiceRamHelp', { name: DEFAULT_RAM_USER }),
      },
      { value: 'root', name: t('accesskey.choiceRoot'), description: t('accesskey.choiceRootHelp') },
      { value: 'both', name: t('accesskey.choiceBoth'), description: t('accesskey.choiceBothHelp') },
    ],
  });
  // Typed answers, so the one decision reads the choice; the ramuser step then asks only the name.
  const ramUser = choice === 'root' ? false : DEFAULT_RAM_USER;
  ctx.answers.all.set('rootKey', choice !== 'ram', 'typed');
  ctx.answers.all.set('ramUser', ramUser, 'typed');
  // Kept for a later run (after Ctrl-C, say): both sides, so that the decision is the same then.
  await ctx.remember({ rootKey: choice !== 'ram', ramUser });
  await ctx.record('todo', { choice });
}

/** What the step keeps: the key choice made interactively. */
const data = z.object({ choice: z.optional(z.enum(['ram', 'root', 'both'])) });

/** A run that only repairs an interrupted creation while the step's own key stands creates nothing. */
function repairOnly(ctx: BaseContext<typeof fields>, current: StepState): boolean {
  return !ctx.explicit && current.details.pendingRepair === true && typeof current.details.keyId === 'string';
}

function deliveryIo(ctx: Ctx): DeliveryIo {
  return contextIo(
    ctx,
    (question) => ctx.ask('csv', { message: 'accesskey.askCsv', ...question }),
    () => settleRegion(ctx),
  );
}

export const accesskey = defineStep({
  id: 'accesskey',
  title: 'step.accesskey',
  fields,
  menus: [...KEY_LIMIT_MENUS, KEY_CHOICE_MENU],
  needed: () => true,

  async check(ctx) {
    const inUse = keyInUse(ctx);
    if (inUse) return inUse;
    const record = ctx.keyRecords.read('root');
    // Skipped when an answer said so; a profile with no key answer yet is still to be decided (todo).
    const keys = decision(ctx);
    if (!keys.root && keys.settled && !record.pending && !ctx.explicit) return SKIPPED();
    if (!ctx.cloud) {
      const last = record.delivered.at(-1);
      return state(ctx.recorded(), last ? t('accesskey.doneOffline', { id: last.id }) : t('accesskey.todo'), {
        live: false,
      });
    }
    const list = await ctx.cloud.accessKeys.list();
    const active = activeDelivered(record, list);
    const details = { keyId: active ?? null, keys: list.length, pendingRepair: Boolean(record.pending) };
    // An interrupted creation is repaired by the next run, even when an older key is fine.
    if (record.pending) return state('todo', t('accesskey.pendingRepair'), details);
    if (active) return state('done', t('accesskey.done', { id: active }), details);
    return state('todo', t('accesskey.todo'), details);
  },

  validate(ctx) {
    // A RAM user's key cannot make the account's own key (only the root can, in the console or with its key).
    if (ctx.explicit && ctx.caller()?.principal === 'ram-user') {
      throw new UsageError(
        'accesskey.ramCredential',
        { name: ctx.caller()?.userName ?? '' },
        [{ key: 'accesskey.ramCredentialHint' }],
        'InvalidValue',
      );
    }
    // Contradicting answers (and none that leaves a key) are refused in every mode, dry runs included.
    decision(ctx);
  },

  requires(ctx, current) {
    if (repairOnly(ctx, current) || (noRootKey(ctx) && !ctx.explicit) || (ctx.keyInUse() && !ctx.explicit))
      return [];
    const missing: Missing[] = [];
    const choice = choiceOf(ctx);
    if (!choice.csv && !choice.showSecret && choice.targets.length === 0) {
      missing.push({
        field: fields.csv,
        question: { key: 'accesskey.askDelivery' },
        alternatives: [fields.saveTo, fields.showSecret],
      });
    }
    if (ctx.answers.value('acceptKeyRisk') !== true)
      missing.push({ field: fields.acceptKeyRisk, question: { key: 'accesskey.riskConfirm' } });
    return missing;
  },

  async preflight(ctx, current) {
    if (ctx.keyInUse() && !ctx.explicit) return;
    if (!repairOnly(ctx, current) && (!noRootKey(ctx) || ctx.explicit)) {
      await checkDelivery(choiceOf(ctx), { id: 'root' }, toolsIo(ctx), DELIVERY_NEEDED);
    }
  },

  async run(ctx) {
    // With a key provider the setup already has a key: the one this run calls with.
    const inUse = ctx.explicit ? undefined : keyInUse(ctx);
    if (inUse) return inUse;
    if (!ctx.keyInUse()) await askKeyChoice(ctx);
    if (noRootKey(ctx) && !ctx.explicit) {
      // Kept, so that later runs and `status` know the account's own key was not wanted.
      await ctx.remember({ rootKey: false });
      await ctx.record('skipped', ctx.data(data));
      return SKIPPED();
    }
    // Root-key answers alone (`--csv --accept-key-risk`) decided it: kept for later runs and `status`.
    if (ctx.answers.source('rootKey') !== 'stored') await ctx.remember({ rootKey: true });
    const cloud = await ctx.cloud();
    const owner = rootOwner(cloud);
    // Making and delivering a key loads only when this step runs.
    const { createDeliveredKey, repairPending } = await import('../../delivery/keys.js');
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
    await checkDelivery(choice, owner, io, DELIVERY_NEEDED);
    const delivered = await createDeliveredKey(io, owner, choice, async () => {
      const accepted = await acceptRootKeyRisk(
        {
          interactive: ctx.interactive,
          out: ctx.out,
          accepted: () => ctx.ask('acceptKeyRisk', { message: 'accesskey.riskConfirm', default: false }),
        },
        ctx.answers.value('acceptKeyRisk'),
      );
      if (accepted) return;
      // Declining the risk is not a dead end: the RAM user's key is the safer way.
      if (ctx.interactive && (await ctx.confirm('accesskey.offerRamUser', {}, { default: true }))) {
        throw new RamUserInstead();
      }
      throw new UsageError(
        'accesskey.riskDeclined',
        {},
        [{ key: 'accesskey.riskHint' }],
        'KeyRiskNotAccepted',
      );
    }).catch((error: unknown) => {
      if (error instanceof RamUserInstead) return undefined;
      throw error;
    });
    if (!delivered) {
      // The RAM user instead: the ramuser step (checked again after this one) asks its name.
      ctx.answers.all.set('rootKey', false, 'typed');
      if (typeof ctx.answers.value('ramUser') !== 'string')
        ctx.answers.all.set('ramUser', DEFAULT_RAM_USER, 'typed');
      await ctx.remember({ rootKey: false });
      await ctx.record('skipped', { choice: 'ram' });
      return SKIPPED();
    }
    ctx.report.accessKey = delivered.report;
    return done(ctx, delivered.key.id, delivered.report.csv);
  },

  async plan(ctx, current) {
    const keys = decision(ctx);
    if ((!keys.root && !ctx.explicit) || (ctx.keyInUse() && !ctx.explicit)) {
      return { calls: [], files: [], values: { keys: keys.keys } };
    }
    return {
      calls: current.status === 'done' ? ['listAccessKeys'] : ['listAccessKeys', 'createAccessKey'],
      files:
        current.status === 'done'
          ? []
          : [profileFileName(ctx.profile), ...deliveryFiles(choiceOf(ctx), toolsIo(ctx).tools)],
      values: {
        keys: keys.keys,
        allowCidr: ctx.answers.value('allowCidr') ?? [],
        showSecret: ctx.answers.given('showSecret') === true,
      },
    };
  },

  /** Nothing of its own: its key is checked by `onboard doctor` with every delivered key. */
  async doctor() {
    return [];
  },
});

/**
 * A key provider's credential is itself the setup's key: a root key makes the
 * step done (`--step accesskey` makes one more), a RAM user's key skips it.
 * Undefined when the run has no such credential, or one was interrupted mid-creation.
 */
function keyInUse(ctx: BaseContext<typeof fields>): StepState | undefined {
  const key = ctx.keyInUse();
  const caller = ctx.caller();
  if (!key || !caller || ctx.keyRecords.read('root').pending) return undefined;
  if (caller.principal === 'ram-user') {
    return state('skipped', t('accesskey.ramCredentialInUse', { name: caller.userName ?? '', id: key.id }), {
      keyId: null,
      credentialKey: key.id,
    });
  }
  return state('done', t('accesskey.rootInUse', { id: key.id, source: sourceText(key.source) }), {
    keyId: key.id,
    credentialKey: key.id,
  });
}

/** The person declined the root-key risk and took the RAM user instead (not an error). */
class RamUserInstead extends Error {}

async function done(ctx: Ctx, id: string, csv?: string): Promise<StepState> {
  await ctx.record('done', ctx.data(data));
  return state('done', t('accesskey.done', { id }), { keyId: id, ...(csv ? { csv } : {}) });
}
