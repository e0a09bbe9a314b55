/**
 * Quota applications for high-end ECS instance types (SPEC §4.5). Every
 * application names its quota item by dimensions (`dimensions.ts`) and is
 * reviewed; the decision is computed when it is read, from `decideAt` and the
 * submitted values (the `[reject]` and >1000 vCPU test values). An
 * application cancelled while under review (`onboard sim cancel`, as a person
 * withdrawing it in the console) is `Cancel` for good.
 */
import { checkInstanceType, checkReason, checkVcpuQuota } from '../../validate/index.js';
import type { QuotaApplication, QuotaApplicationSpec } from '../types.js';
import { type Ctx, check, clientToken, iso, ms, str } from './common.js';
import { highEndDimensions, PAY_AS_YOU_GO, requireDimensions, zonesOf } from './dimensions.js';
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

/** The dimensions an application was filed with (only the region for one stored before version 3). */
export function dimensionsOf(app: StoredQuotaApplication): Map<string, string> {
  const out = new Map<string, string>();
  const stored = app.dimensions;
  if (stored)
    for (const key of Object.keys(stored)) if (Object.hasOwn(stored, key)) out.set(key, stored[key]!);
  if (!out.has('regionId')) out.set('regionId', app.region);
  return out;
}

/** The application as of `ctx.now`. */
export function quotaView(app: StoredQuotaApplication, ctx: Pick<Ctx, 'now'>): QuotaApplication {
  const { id, region, instanceType, vcpuQuota, reason, submittedAt } = app;
  const zone = dimensionsOf(app).get('zoneId');
  const view: QuotaApplication = {
    id,
    region,
    ...(zone === undefined ? {} : { zone }),
    instanceType,
    vcpuQuota,
    reason,
    submittedAt,
    status: 'under_review',
  };
  // Only an application still under review can be cancelled, so its cancellation comes first.
  if (app.cancelledAt !== undefined && ms(app.cancelledAt) <= ctx.now) {
    return { ...view, status: 'cancelled', decidedAt: app.cancelledAt };
  }
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

/** What an application asks for: its quota item's dimensions, the instance type, the value, the reason. */
export interface Filing {
  dimensions: ReadonlyMap<string, string>;
  instanceType: string;
  vcpuQuota: number;
  reason: string;
  clientToken: string;
}

/**
 * Files an application (parameters and dimensions first, then real-name
 * verification). A repeated clientToken returns the application it created.
 * What `sim serve`'s CreateQuotaApplication runs, with the request's dimensions.
 */
export function fileQuotaApplication({ db, account, ctx }: Scope, input: Filing): QuotaApplication {
  const token = clientToken(input.clientToken);
  const earlier = account.quotaApplications.find((a) => a.clientToken === token);
  if (earlier) return quotaView(earlier, ctx);

  const instanceType = str(input.instanceType);
  check('instanceType', checkInstanceType(instanceType));
  if (typeof input.vcpuQuota !== 'number') throw invalidParameter('vcpuQuota', 'must be a number');
  check('vcpuQuota', checkVcpuQuota(input.vcpuQuota));
  const reason = str(input.reason);
  check('reason', checkReason(reason));
  const item = requireDimensions(input.dimensions);
  requireVerified(account, ctx);

  let id = newQuotaApplicationId();
  while (db.quotaIdTaken(id)) id = newQuotaApplicationId();
  const app: StoredQuotaApplication = {
    id,
    region: item.region,
    dimensions: Object.fromEntries(input.dimensions),
    instanceType,
    vcpuQuota: input.vcpuQuota,
    reason,
    submittedAt: iso(ctx.now),
    decideAt: iso(ctx.now + ctx.reviewMs),
    clientToken: token,
  };
  account.quotaApplications.push(app);
  db.addQuotaId(id, account.uid);
  return quotaView(app, ctx);
}

/** The capability's submit: a high-end request (pay-as-you-go, VPC) in the region and zone. */
export function submitQuotaApplication(
  scope: Scope,
  input: QuotaApplicationSpec & { clientToken: string },
): QuotaApplication {
  return fileQuotaApplication(scope, {
    dimensions: highEndDimensions(str(input.region), str(input.zone)),
    instanceType: input.instanceType,
    vcpuQuota: input.vcpuQuota,
    reason: input.reason,
    clientToken: input.clientToken,
  });
}

/** One of the account's applications, or `QUOTA.APPLICATION.NOT.FOUND` (Quota Center's 400). */
export function getQuotaApplication({ account, ctx }: Scope, id: string): QuotaApplication {
  const app = account.quotaApplications.find((a) => a.id === id);
  if (!app) throw providerError('QUOTA.APPLICATION.NOT.FOUND', { applicationId: String(id) });
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
 * (ECS `max-postpaid-instance-vcpu-count`): the largest approved pay-as-you-go
 * request there, never below {@link DEFAULT_POSTPAID_VCPU}.
 */
export function postpaidVcpuQuota(account: StoredAccount, region: string, ctx: Pick<Ctx, 'now'>): number {
  return account.quotaApplications
    .filter((a) => (dimensionsOf(a).get('chargeType') ?? PAY_AS_YOU_GO) === PAY_AS_YOU_GO)
    .map((a) => quotaView(a, ctx))
    .filter((a) => a.region === region && a.status === 'approved')
    .reduce((max, a) => Math.max(max, a.vcpuQuota), DEFAULT_POSTPAID_VCPU);
}

/** Whether an application is still under review at `ctx.now`. */
function pending(app: StoredQuotaApplication, ctx: Pick<Ctx, 'now'>): boolean {
  return quotaView(app, ctx).status === 'under_review';
}

/** Moves every pending decision of the account to now (`onboard sim approve`); how many there were. */
export function expediteQuotaApplications(account: StoredAccount, ctx: Pick<Ctx, 'now'>): number {
  let n = 0;
  for (const app of account.quotaApplications) {
    if (pending(app, ctx)) {
      app.decideAt = iso(ctx.now);
      n++;
    }
  }
  return n;
}

/** Cancels every application of the account still under review (`onboard sim cancel`); how many. */
export function cancelQuotaApplications(account: StoredAccount, ctx: Pick<Ctx, 'now'>): number {
  let n = 0;
  for (const app of account.quotaApplications) {
    if (pending(app, ctx)) {
      app.cancelledAt = iso(ctx.now);
      n++;
    }
  }
  return n;
}

/** The `quotas` capability. */
export const QUOTA_RULES = {
  zones: read((_scope: Scope, region: string) => zonesOf(str(region))),
  submit: write('submitQuotaApplication', submitQuotaApplication),
  get: read(getQuotaApplication),
  list: read(listQuotaApplications),
};
