/**
 * Quota applications for high-end ECS instance types (SPEC §4.5). Every
 * application is reviewed; the decision is computed when it is read, from
 * `decideAt` and the submitted values (the `[reject]` and >1000 vCPU test values).
 */
import { checkInstanceType, checkReason, checkRegion, checkVcpuQuota } from '../../validate/index.js';
import type { QuotaApplication, QuotaApplicationSpec } from '../types.js';
import { type Ctx, check, clientToken, iso, ms, str } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { newQuotaApplicationId } from './hash.js';
import { requireVerified } from './identity.js';
import { read, type Scope, write } from './rules.js';
import type { StoredAccount, StoredQuotaApplication } from './state.js';

/** More vCPUs than a new account is ever granted. */
export const MAX_APPROVABLE_VCPU = 1000;
export const QUOTA_TOO_LARGE_REASON = 'Requested quota exceeds what can be approved for a new account.';
export const QUOTA_REJECTED_REASON = 'The application was rejected after review.';
const REJECT_MARK = '[reject]';

/** The application as of `ctx.now`. */
export function quotaView(app: StoredQuotaApplication, ctx: Pick<Ctx, 'now'>): QuotaApplication {
  const { id, region, instanceType, vcpuQuota, reason, submittedAt } = app;
  const view: QuotaApplication = {
    id,
    region,
    instanceType,
    vcpuQuota,
    reason,
    submittedAt,
    status: 'under_review',
  };
  if (ms(app.decideAt) > ctx.now) return view;
  view.decidedAt = app.decideAt;
  const rejectReason =
    vcpuQuota > MAX_APPROVABLE_VCPU
      ? QUOTA_TOO_LARGE_REASON
      : reason.includes(REJECT_MARK)
        ? QUOTA_REJECTED_REASON
        : null;
  view.status = rejectReason === null ? 'approved' : 'rejected';
  if (rejectReason !== null) view.rejectReason = rejectReason;
  return view;
}

/**
 * Submits an application (parameters first, then real-name verification).
 * A repeated clientToken returns the application it created.
 */
export function submitQuotaApplication(
  { state, account, ctx }: Scope,
  input: QuotaApplicationSpec & { clientToken: string },
): QuotaApplication {
  const token = clientToken(input.clientToken);
  const earlier = account.quotaApplications.find((a) => a.clientToken === token);
  if (earlier) return quotaView(earlier, ctx);

  const region = str(input.region);
  check('region', checkRegion(region));
  const instanceType = str(input.instanceType);
  check('instanceType', checkInstanceType(instanceType));
  if (typeof input.vcpuQuota !== 'number') throw invalidParameter('vcpuQuota', 'must be a number');
  check('vcpuQuota', checkVcpuQuota(input.vcpuQuota));
  const reason = str(input.reason);
  check('reason', checkReason(reason));
  requireVerified(account, ctx);

  const taken = new Set(state.accounts.flatMap((a) => a.quotaApplications.map((q) => q.id)));
  let id = newQuotaApplicationId();
  while (taken.has(id)) id = newQuotaApplicationId();
  const app: StoredQuotaApplication = {
    id,
    region,
    instanceType,
    vcpuQuota: input.vcpuQuota,
    reason,
    submittedAt: iso(ctx.now),
    decideAt: iso(ctx.now + ctx.reviewMs),
    clientToken: token,
  };
  account.quotaApplications.push(app);
  return quotaView(app, ctx);
}

/** One of the account's applications, or `EntityNotExist.QuotaApplication` (404). */
export function getQuotaApplication({ account, ctx }: Scope, id: string): QuotaApplication {
  const app = account.quotaApplications.find((a) => a.id === id);
  if (!app) throw providerError('EntityNotExist.QuotaApplication', { applicationId: String(id) });
  return quotaView(app, ctx);
}

/** The account's applications, oldest first. */
export function listQuotaApplications({ account, ctx }: Scope): QuotaApplication[] {
  return account.quotaApplications.map((a) => quotaView(a, ctx));
}

/**
 * The pay-as-you-go vCPU quota of a region before any application is
 * approved. Alibaba Cloud publishes no single figure (it varies by account
 * and region); 50 is this simulation's choice, below what an E-MapReduce
 * cluster of high-end nodes needs.
 */
export const DEFAULT_POSTPAID_VCPU = 50;

/**
 * The account's pay-as-you-go vCPU quota in a region as of `ctx.now`
 * (ECS `max-postpaid-instance-vcpu-count`): the largest approved request
 * there, never below {@link DEFAULT_POSTPAID_VCPU}.
 */
export function postpaidVcpuQuota(account: StoredAccount, region: string, ctx: Pick<Ctx, 'now'>): number {
  return account.quotaApplications
    .map((a) => quotaView(a, ctx))
    .filter((a) => a.region === region && a.status === 'approved')
    .reduce((max, a) => Math.max(max, a.vcpuQuota), DEFAULT_POSTPAID_VCPU);
}

/** Moves every pending decision of the account to now; how many there were. */
export function expediteQuotaApplications(account: StoredAccount, ctx: Pick<Ctx, 'now'>): number {
  let n = 0;
  for (const app of account.quotaApplications) {
    if (ms(app.decideAt) > ctx.now) {
      app.decideAt = iso(ctx.now);
      n++;
    }
  }
  return n;
}

/** The `quotas` capability. */
export const QUOTA_RULES = {
  submit: write('submitQuotaApplication', submitQuotaApplication),
  get: read(getQuotaApplication),
  list: read(listQuotaApplications),
};
