/**
 * Step — the request for high-end (8 vCPU and more) instance types, in the
 * bucket's region and one of its zones (Quota Center files instance-type
 * quotas per region, zone, billing method and network type: the provider
 * sends them all). It goes under review; every run checks the outcome of what
 * it submitted, so with no review time it is decided in the same run. A
 * rejected or cancelled application is final: the next run says so, asks
 * again and files a new one.
 */
import * as z from 'zod/mini';
import { ProviderError } from '../../core/errors.js';
import type { Invalid } from '../../core/types.js';
import { providerText, t } from '../../i18n/index.js';
import type { QuotaApplication } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import {
  checkInstanceType,
  checkReason,
  checkVcpuQuota,
  checkZone,
  DEFAULT_INSTANCE_TYPE,
  INSTANCE_TYPES,
  zoneRegion,
} from '../../validate/index.js';
import { invalidAt } from '../../wizard/answers.js';
import { defineFields } from '../../wizard/field.js';
import { tokenFor } from '../../wizard/intent.js';
import { type BaseContext, defineStep, type StepContext, type StepState, state } from '../../wizard/step.js';
import { consoleUrl } from '../console.js';
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
  zone: {
    flag: '--zone',
    arg: '<id>',
    env: 'ONBOARD_ZONE',
    type: 'string',
    check: checkZone,
    normalize: (v) => v.trim().toLowerCase(),
    // The first zone Quota Center lists for the region, read when the step runs.
    defaultHelp: 'highend.zoneDefault',
    remember: true,
    help: 'field.zone',
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
    zone: a.zone ?? null,
    instanceType: a.instanceType,
    vcpuQuota: a.vcpuQuota,
    reason: a.rejectReason ?? null,
  };
  if (a.status === 'approved')
    return state(
      'done',
      t('highend.done', { type: a.instanceType, vcpu: a.vcpuQuota, region: a.zone ?? a.region }),
      details,
    );
  if (a.status === 'rejected')
    return state('failed', t('highend.rejected', { reason: providerText(a.rejectReason ?? '') }), details);
  // Withdrawn (in the console, or `sim cancel`): nothing was refused; the next run files a new one.
  if (a.status === 'cancelled') return state('todo', t('highend.cancelled', { id: a.id }), details);
  return { ...state('waiting', t('highend.waiting', { id: a.id }), details), waitingOn: 'review' };
}

/** The request is made in the bucket's region (else the region answer). */
function regionOf(ctx: BaseContext<typeof fields>): string {
  const bucketRegion = ctx.peek('oss').region;
  return typeof bucketRegion === 'string' ? bucketRegion : (ctx.answers.value('region') ?? '');
}

/** The rule of a zone for this request: one Quota Center lists for the region (any of the region's when it lists none). */
function zoneRule(region: string, zones: readonly string[]) {
  return (zone: string): Invalid | null => {
    if (zones.length === 0) {
      return zoneRegion(zone) === region
        ? null
        : { key: 'validation.zone.otherRegion', params: { value: zone, region } };
    }
    return zones.includes(zone)
      ? null
      : { key: 'validation.zone.notListed', params: { value: zone, region, zones: zones.join(', ') } };
  };
}

/** The zone: given, else chosen from the zones Quota Center lists for the region (default the first). */
async function askZone(ctx: StepContext<typeof fields>, region: string, zones: readonly string[]) {
  const check = zoneRule(region, zones);
  const stored = ctx.answers.source('zone') === 'stored' ? ctx.answers.value('zone') : undefined;
  return ctx.ask('zone', {
    message: 'highend.askZone',
    params: { region },
    ...(zones[0] === undefined ? {} : { default: zones[0] }),
    ...(zones.length > 0 ? { choices: zones.map((z) => ({ value: z, name: z })) } : {}),
    check,
    // A zone remembered for another region (the region changed since) is not offered again.
    always: stored !== undefined && check(stored) !== null,
  });
}

/** What the person is told of an application that ended without approval, before anything is asked again. */
function previousOutcome(a: QuotaApplication): string {
  return a.status === 'rejected'
    ? t('highend.previousRejected', { id: a.id, reason: a.rejectReason ?? '' })
    : t('highend.previousCancelled', { id: a.id });
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

  validate(ctx) {
    // A zone is of one region: the request's (a given one checked before anything runs).
    const zone = ctx.answers.given('zone');
    const region = regionOf(ctx);
    if (zone === undefined || region === '' || zoneRegion(zone) === region) return;
    throw invalidAt(ctx.answers.where('zone'), {
      key: 'validation.zone.otherRegion',
      params: { value: zone, region },
    });
  },

  async preflight(ctx) {
    // A given zone must be one Quota Center lists for the region: read before anything changes.
    const zone = ctx.answers.given('zone');
    if (zone === undefined || ctx.answers.value('highEnd') !== true || !ctx.cloud) return;
    const region = regionOf(ctx);
    const bad = zoneRule(region, await ctx.cloud.quotas.zones(region))(zone);
    if (bad) throw invalidAt(ctx.answers.where('zone'), bad);
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const saved = ctx.data(data);
    let previous: QuotaApplication | undefined;
    if (saved.applicationId) {
      const current = await cloud.quotas.get(saved.applicationId);
      if (current.status === 'under_review') return applicationState(current);
      if (current.status === 'rejected' || current.status === 'cancelled') {
        previous = current;
        ctx.out.warn(previousOutcome(current));
      }
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
    const zones = await ctx.call(t('highend.readingZones', { region }), () => cloud.quotas.zones(region));
    const zone = await askZone(ctx, region, zones);
    const vcpuQuota = await ctx.ask('vcpuQuota', { message: 'highend.askQuota' });
    const reason = await ctx.ask('reason', {
      message: 'highend.askReason',
      default: t('highend.defaultReason'),
    });
    const request = { region, zone, instanceType, vcpuQuota, reason };
    const { token: submitToken, intent: submitIntent } = tokenFor(
      saved.applicationId ? {} : { token: saved.submitToken, intent: saved.submitIntent },
      request,
    );
    await ctx.remember({ highEnd: true, instanceType, zone, vcpuQuota, reason });
    await ctx.record('todo', { submitToken, submitIntent });
    const submitted = await ctx.call(t('highend.submitting', { type: instanceType, region: zone }), () =>
      cloud.quotas.submit({ ...request, clientToken: submitToken }),
    );
    // Check the outcome right away: with no review time it is already decided.
    const application = await cloud.quotas.get(submitted.id);
    const result = applicationState(application);
    await ctx.record(result.status === 'not_needed' ? 'todo' : result.status, {
      applicationId: application.id,
    });
    if (!previous) return result;
    const before = {
      applicationId: previous.id,
      status: previous.status,
      reason: previous.rejectReason ?? null,
    };
    return { ...result, details: { ...result.details, previous: before } };
  },

  async plan(ctx, current) {
    const want = ctx.answers.value('highEnd') === true;
    const region = regionOf(ctx);
    // The zone the run would take: given or remembered (when it fits), else the first listed.
    let zone = ctx.answers.value('zone');
    if (want && ctx.cloud && current.status !== 'done') {
      const zones = await ctx.cloud.quotas.zones(region);
      if (ctx.answers.given('zone') === undefined && (zone === undefined || zoneRule(region, zones)(zone))) {
        zone = zones[0];
      }
    }
    return {
      calls:
        current.status === 'done' || !want
          ? []
          : ['ListProductQuotaDimensions', 'submitQuotaApplication', 'getQuotaApplication'],
      files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
      values: want
        ? {
            highEnd: true,
            region,
            zone: zone ?? t('highend.zoneDefault'),
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

  next(current, ctx) {
    // On the real cloud the request is followed (and withdrawn) in Quota Center's console.
    const id = current.details.applicationId;
    if (!ctx.provider.keyAccounts || typeof id !== 'string') return [];
    if (current.status !== 'waiting' && current.status !== 'failed') return [];
    return [
      {
        command: ctx.commands.command('status'),
        why: t('highend.nextQuotaCenter', { id, url: consoleUrl(ctx.profileState(), 'quotaCenter') }),
      },
    ];
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
