/**
 * Step — turn on MaxCompute in a region (SPEC §4.7). Activation is the
 * account's first pay-as-you-go quota there, created at once in every case.
 * A subscription is bought by the person in the console, never by onboard:
 * with `--billing subscription` the step then waits on the person
 * (`action_required`, exit 3, the purchase page in `next`) until the region
 * lists a subscription quota. An activated region is done.
 */
import * as z from 'zod/mini';
import { t } from '../../i18n/index.js';
import type { MaxComputeActivation, MaxComputeBilling } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import { checkRegion, DEFAULT_REGION, findRegion } from '../../validate/index.js';
import { invalidAt } from '../../wizard/answers.js';
import { defineFields } from '../../wizard/field.js';
import { tokenFor } from '../../wizard/intent.js';
import { type BaseContext, defineStep, type StepContext, type StepState, state } from '../../wizard/step.js';
import { consoleUrl } from '../console.js';
import { REGION_FIELDS } from '../region.js';

const fields = defineFields({
  ...REGION_FIELDS,
  maxcomputeRegion: {
    flag: '--maxcompute-region',
    arg: '<id>',
    env: 'ONBOARD_MAXCOMPUTE_REGION',
    type: 'string',
    check: checkRegion,
    normalize: (v) => v.trim().toLowerCase(),
    defaultHelp: 'activate.regionDefault',
    remember: true,
    help: 'field.maxcomputeRegion',
  },
  billing: {
    flag: '--billing',
    arg: '<billing>',
    env: 'ONBOARD_BILLING',
    type: 'enum',
    values: ['payasyougo', 'subscription'],
    default: 'payasyougo',
    remember: true,
    help: 'field.billing',
  },
});

const data = z.object({
  region: z.optional(z.string()),
  activateToken: z.optional(z.string()),
  activateIntent: z.optional(z.string()),
});

/** Where MaxCompute is (to be) activated: the step's own answer, else the setup's region. */
function regionOf(ctx: BaseContext<typeof fields>): string {
  return (
    ctx.answers.value('maxcomputeRegion') ??
    ctx.data(data).region ??
    ctx.answers.value('region') ??
    DEFAULT_REGION
  );
}

/** The rule of a MaxCompute region: one the table knows that offers MaxCompute. */
function maxcomputeRule(v: string) {
  const known = checkRegion(v);
  if (known) return known;
  return findRegion(v)?.maxcompute
    ? null
    : { key: 'validation.region.noMaxCompute' as const, params: { value: v, suggestion: DEFAULT_REGION } };
}

/** Where the step stands: activated (a quota in the region), and with a subscription quota when one is wanted. */
function activationState(a: MaxComputeActivation, billing: MaxComputeBilling): StepState {
  const payg = a.quotas.find((q) => q.billing === 'payasyougo');
  const subscription = a.quotas.find((q) => q.billing === 'subscription');
  const details = {
    region: a.region,
    billing,
    quota: (payg ?? a.quotas[0])?.nickname ?? null,
    subscription: subscription?.nickname ?? null,
  };
  if (billing === 'subscription' && !subscription) {
    return {
      ...state('waiting', t('activate.awaitingSubscription', { region: a.region }), details),
      waitingOn: 'person',
    };
  }
  return state(
    'done',
    t(billing === 'subscription' ? 'activate.doneSubscription' : 'activate.done', {
      region: a.region,
      quota: subscription?.nickname ?? details.quota ?? '',
    }),
    details,
  );
}

/** The billing the setup asked for (remembered; pay-as-you-go when never given). */
function billingOf(ctx: BaseContext<typeof fields>): MaxComputeBilling {
  return ctx.answers.value('billing') ?? 'payasyougo';
}

export const activate = defineStep({
  id: 'activate',
  title: 'step.activate',
  fields,
  // MaxCompute needs a verified account, nothing of the bucket or the high-end request.
  dependsOn: ['account', 'identity'],
  needed: (product) => product !== 'emr',

  async check(ctx) {
    const region = regionOf(ctx);
    if (!ctx.cloud) {
      const saved = ctx.data(data);
      return saved.region
        ? state(ctx.recorded(), t('activate.offline', { region: saved.region }), {
            region: saved.region,
            live: false,
          })
        : state('todo', t('activate.todo', { region }));
    }
    const found = await ctx.cloud.maxcompute.get(region);
    return found
      ? activationState(found, billingOf(ctx))
      : state('todo', t('activate.todo', { region }), { region });
  },

  validate(ctx) {
    // The region must offer MaxCompute: an input error, found before anything runs.
    const given = ctx.answers.given('maxcomputeRegion');
    const region = given ?? (ctx.answers.given('region') !== undefined ? regionOf(ctx) : undefined);
    if (region === undefined) return;
    const bad = maxcomputeRule(region);
    if (bad) {
      const where = given !== undefined ? ctx.answers.where('maxcomputeRegion') : ctx.answers.where('region');
      throw invalidAt(where, bad);
    }
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const region = await ctx.ask('maxcomputeRegion', {
      message: 'activate.askRegion',
      default: regionOf(ctx),
      check: maxcomputeRule,
    });
    const billing = await ctx.ask('billing', {
      message: 'activate.askBilling',
      choices: [
        {
          value: 'payasyougo',
          name: t('activate.billing.payasyougo'),
          description: t('activate.billingPayHelp'),
        },
        {
          value: 'subscription',
          name: t('activate.billing.subscription'),
          description: t('activate.billingSubHelp'),
        },
      ],
    });
    await ctx.remember({ maxcomputeRegion: region, billing });
    const current = await cloud.maxcompute.get(region);
    if (current) return save(ctx, current, billing);
    const saved = ctx.data(data);
    // Activation is pay-as-you-go whatever the billing: one intent per region.
    const { token, intent } = tokenFor(
      { token: saved.activateToken, intent: saved.activateIntent },
      { region },
    );
    await ctx.record('todo', { region, activateToken: token, activateIntent: intent });
    const result = await ctx.call(t('activate.activating', { region }), () =>
      cloud.maxcompute.activate({ region, clientToken: token }),
    );
    return save(ctx, result, billing);
  },

  async plan(ctx, current) {
    // Activated already (done, or waiting for a subscription bought in the console): only a look.
    const activated = current.status === 'done' || current.status === 'waiting';
    return {
      calls: activated ? ['ListQuotas'] : ['ListQuotas', 'CreateQuota'],
      files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
      values: { region: regionOf(ctx), billing: billingOf(ctx) },
    };
  },

  next(current, ctx) {
    const region = String(current.details.region ?? regionOf(ctx));
    if (current.status === 'waiting') {
      const buy = {
        command: ctx.commands.command('status'),
        why: t('activate.nextBuy', { region, url: consoleUrl(ctx.profileState(), 'maxcomputeBuy') }),
      };
      // In a simulation the console's purchase is a command of its own.
      const expedite = ctx.provider.expedite;
      return expedite
        ? [buy, { command: ctx.commands.command(...expedite.words), why: t('activate.nextSimBuy') }]
        : [buy];
    }
    if (current.status !== 'done') return [];
    return [
      {
        command: ctx.commands.command('status'),
        why: t('activate.nextProject', { region, url: consoleUrl(ctx.profileState(), 'maxcompute') }),
      },
    ];
  },
});

async function save(
  ctx: StepContext<typeof fields>,
  a: MaxComputeActivation,
  billing: MaxComputeBilling,
): Promise<StepState> {
  const result = activationState(a, billing);
  const saved = ctx.data(data);
  await ctx.record(result.status === 'done' ? 'done' : 'waiting', { ...saved, region: a.region });
  return result;
}
