/**
 * Step 5 — the request for high-end (8 vCPU and more) instance types, in the
 * bucket's region. It goes under review; every run checks the outcome of what
 * it submitted, so with no review time it is decided in the same run.
 */
import * as z from 'zod/mini';
import { t } from '../i18n/index.js';
import type { QuotaApplication } from '../provider/types.js';
import { DEFAULT_REGION, INSTANCE_TYPES } from '../validate/index.js';
import type { Context } from '../wizard/context.js';
import { clientToken, putStep, remember, state, stepData } from './record.js';
import type { Step, StepState } from './types.js';

const data = z.object({
  applicationId: z.optional(z.string()),
  /** The clientToken of a submission in flight, reused after a crash or a lost response. */
  submitToken: z.optional(z.string()),
  skipped: z.optional(z.boolean()),
});

export function applicationState(a: QuotaApplication): StepState {
  const details = {
    applicationId: a.id,
    status: a.status,
    region: a.region,
    instanceType: a.instanceType,
    vcpuQuota: a.vcpuQuota,
    reason: a.rejectReason ?? null,
  };
  if (a.status === 'approved')
    return state(
      'done',
      t('highend.done', { type: a.instanceType, vcpu: a.vcpuQuota, region: a.region }),
      details,
    );
  if (a.status === 'rejected')
    return state('failed', t('highend.rejected', { reason: a.rejectReason ?? '' }), details);
  return state('waiting', t('highend.waiting', { id: a.id }), details);
}

export const highend: Step = {
  id: 'highend',
  title: 'step.highend',
  needed: (product) => product !== 'maxcompute',
  fields: ['highEnd', 'instanceType', 'vcpuQuota', 'reason'],

  async check(ctx) {
    const saved = stepData(ctx.profileState(), 'highend', data, ctx.store.file);
    // A skip is remembered, but asking again with --high-end means "now request it".
    if (saved.skipped && ctx.answers.given('highEnd') !== true) return state('skipped', t('highend.skipped'));
    if (saved.skipped) return state('todo', t('highend.todo'));
    if (!saved.applicationId) return state('todo', t('highend.todo'));
    if (!ctx.token)
      return state(
        ctx.profileState().steps.highend?.status ?? 'todo',
        t('highend.offline', { id: saved.applicationId }),
        { live: false },
      );
    return applicationState(await ctx.provider.getQuotaApplication(ctx.token, saved.applicationId));
  },

  async run(ctx) {
    const token = await ctx.session('highend');
    const saved = stepData(ctx.profileState(), 'highend', data, ctx.store.file);
    if (saved.applicationId) {
      const current = await ctx.provider.getQuotaApplication(token, saved.applicationId);
      if (current.status === 'under_review') return applicationState(current);
    }
    const want = await ctx.ask('highEnd', { message: 'highend.askWant' });
    if (want !== true) {
      await ctx.save((p) => {
        remember(p, { highEnd: false });
        putStep(p, 'highend', 'skipped', { skipped: true });
      });
      return state('skipped', t('highend.skipped'));
    }
    const region = regionOf(ctx);
    const instanceType = String(
      await ctx.ask('instanceType', {
        message: 'highend.askType',
        choices: INSTANCE_TYPES.filter((i) => i.vcpu >= 8).map((i) => ({
          value: i.id,
          name: `${i.id.padEnd(20)} ${t('highend.typeShape', { vcpu: i.vcpu, mem: i.memoryGiB })}`,
        })),
      }),
    );
    const vcpuQuota = Number(await ctx.ask('vcpuQuota', { message: 'highend.askQuota' }));
    const reason = String(await ctx.ask('reason', { message: 'highend.askReason' }));
    const submitToken = saved.submitToken && !saved.applicationId ? saved.submitToken : clientToken();
    await ctx.save((p) => {
      remember(p, { highEnd: true, instanceType, vcpuQuota, reason });
      putStep(p, 'highend', 'todo', { submitToken });
    });
    const submitted = await ctx.call(
      t('highend.submitting', { type: instanceType, region }),
      () =>
        ctx.provider.submitQuotaApplication(token, {
          region,
          instanceType,
          vcpuQuota,
          reason,
          clientToken: submitToken,
        }),
      'highend',
    );
    // Check the outcome right away: with no review time it is already decided.
    const application = await ctx.provider.getQuotaApplication(token, submitted.id);
    const result = applicationState(application);
    await ctx.save((p) =>
      putStep(p, 'highend', result.status as 'done' | 'todo' | 'waiting' | 'failed', {
        applicationId: application.id,
      }),
    );
    return result;
  },

  async plan(ctx, current) {
    const want = ctx.answers.value('highEnd') === true;
    return {
      calls: current.status === 'done' || !want ? [] : ['submitQuotaApplication', 'getQuotaApplication'],
      files: current.status === 'done' ? [] : ['state.json'],
      values: want
        ? {
            highEnd: true,
            region: regionOf(ctx),
            instanceType: ctx.answers.value('instanceType'),
            vcpuQuota: ctx.answers.value('vcpuQuota'),
            reason: ctx.answers.value('reason'),
          }
        : { highEnd: false },
    };
  },
};

/** The request is made in the bucket's region. */
function regionOf(ctx: Pick<Context, 'profileState' | 'answers'>): string {
  const bucketRegion = ctx.profileState().steps.oss?.data?.region;
  return typeof bucketRegion === 'string'
    ? bucketRegion
    : String(ctx.answers.value('region') ?? DEFAULT_REGION);
}
