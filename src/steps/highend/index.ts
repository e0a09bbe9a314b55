/**
 * Step — the request for high-end (8 vCPU and more) instance types, in the
 * bucket's region. It goes under review; every run checks the outcome of what
 * it submitted, so with no review time it is decided in the same run.
 */
import * as z from 'zod/mini';
import { ProviderError } from '../../core/errors.js';
import { providerText, t } from '../../i18n/index.js';
import type { QuotaApplication } from '../../provider/types.js';
import {
  checkInstanceType,
  checkReason,
  checkVcpuQuota,
  DEFAULT_INSTANCE_TYPE,
  INSTANCE_TYPES,
} from '../../validate/index.js';
import { defineFields } from '../../wizard/field.js';
import { tokenFor } from '../../wizard/intent.js';
import { type BaseContext, defineStep, type StepState, state } from '../../wizard/step.js';
import { REGION_FIELDS } from '../region.js';

const fields = defineFields({
  ...REGION_FIELDS,
  highEnd: {
    flag: '--high-end',
    env: 'ONBOARD_HIGH_END',
    type: 'boolean',
    negatable: true,
    default: false,
    remember: true,
    help: 'field.highEnd',
  },
  instanceType: {
    flag: '--instance-type',
    arg: '<type>',
    env: 'ONBOARD_INSTANCE_TYPE',
    type: 'string',
    check: checkInstanceType,
    normalize: (v) => v.trim(),
    default: DEFAULT_INSTANCE_TYPE,
    remember: true,
    help: 'field.instanceType',
  },
  vcpuQuota: {
    flag: '--vcpu-quota',
    arg: '<n>',
    env: 'ONBOARD_VCPU_QUOTA',
    type: 'integer',
    min: 8,
    max: 2000,
    check: checkVcpuQuota,
    default: 64,
    remember: true,
    help: 'field.vcpuQuota',
  },
  reason: {
    flag: '--reason',
    arg: '<text>',
    env: 'ONBOARD_REASON',
    type: 'string',
    check: checkReason,
    maxLength: 500,
    // The contract's default; a person is offered it in their own language.
    default: 'E-MapReduce cluster nodes',
    defaultHelp: 'highend.defaultReason',
    remember: true,
    help: 'field.reason',
  },
});

const data = z.object({
  applicationId: z.optional(z.string()),
  /** The clientToken of a submission in flight, reused after a crash or a lost response. */
  submitToken: z.optional(z.string()),
  /** Which request the token was made for (a keyed hash): another request gets a new token. */
  submitIntent: z.optional(z.string()),
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
    return state('failed', t('highend.rejected', { reason: providerText(a.rejectReason ?? '') }), details);
  return { ...state('waiting', t('highend.waiting', { id: a.id }), details), waitingOn: 'review' };
}

/** The request is made in the bucket's region (else the region answer). */
function regionOf(ctx: BaseContext<typeof fields>): string {
  const bucketRegion = ctx.peek('oss').region;
  return typeof bucketRegion === 'string' ? bucketRegion : (ctx.answers.value('region') ?? '');
}

export const highend = defineStep({
  id: 'highend',
  title: 'step.highend',
  fields,
  needed: (product) => product !== 'maxcompute',

  async check(ctx) {
    const saved = ctx.data(data);
    // A skip is remembered, but asking again with --high-end means "now request it".
    if (saved.skipped && ctx.answers.given('highEnd') !== true) return state('skipped', t('highend.skipped'));
    if (saved.skipped || !saved.applicationId) return state('todo', t('highend.todo'));
    if (!ctx.cloud)
      return state(ctx.recorded(), t('highend.offline', { id: saved.applicationId }), { live: false });
    return applicationState(await ctx.cloud.quotas.get(saved.applicationId));
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const saved = ctx.data(data);
    if (saved.applicationId) {
      const current = await cloud.quotas.get(saved.applicationId);
      if (current.status === 'under_review') return applicationState(current);
    }
    const want = await ctx.ask('highEnd', { message: 'highend.askWant' });
    if (!want) {
      await ctx.remember({ highEnd: false });
      await ctx.record('skipped', { skipped: true });
      return state('skipped', t('highend.skipped'));
    }
    const region = regionOf(ctx);
    const instanceType = await ctx.ask('instanceType', {
      message: 'highend.askType',
      choices: INSTANCE_TYPES.filter((i) => i.vcpu >= 8).map((i) => ({
        value: i.id,
        name: `${i.id.padEnd(20)} ${t('highend.typeShape', { vcpu: i.vcpu, mem: i.memoryGiB })}`,
      })),
    });
    const vcpuQuota = await ctx.ask('vcpuQuota', { message: 'highend.askQuota' });
    const reason = await ctx.ask('reason', {
      message: 'highend.askReason',
      default: t('highend.defaultReason'),
    });
    const request = { region, instanceType, vcpuQuota, reason };
    const { token: submitToken, intent: submitIntent } = tokenFor(
      saved.applicationId ? {} : { token: saved.submitToken, intent: saved.submitIntent },
      request,
    );
    await ctx.remember({ highEnd: true, instanceType, vcpuQuota, reason });
    await ctx.record('todo', { submitToken, submitIntent });
    const submitted = await ctx.call(t('highend.submitting', { type: instanceType, region }), () =>
      cloud.quotas.submit({ ...request, clientToken: submitToken }),
    );
    // Check the outcome right away: with no review time it is already decided.
    const application = await cloud.quotas.get(submitted.id);
    const result = applicationState(application);
    await ctx.record(result.status === 'not_needed' ? 'todo' : result.status, {
      applicationId: application.id,
    });
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
            reason:
              ctx.answers.source('reason') === 'default'
                ? t('highend.defaultReason')
                : ctx.answers.value('reason'),
          }
        : { highEnd: false },
    };
  },

  failure(result) {
    const reason = String(result.details.reason ?? result.summary);
    return {
      error: new ProviderError('QuotaApplicationRejected', 403, reason, '-', false, {
        applicationId: String(result.details.applicationId ?? ''),
      }),
      hint: { key: 'run.highendRejectedHint' },
    };
  },
});
