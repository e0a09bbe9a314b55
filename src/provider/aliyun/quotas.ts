/**
 * Quota applications through Quota Center `2020-05-10`: the request for
 * pay-as-you-go vCPUs of one ECS instance type in a region, named as
 * `sim serve` names it (ProductCode `ecs-spec`, ECS quotas by instance type; QuotaActionCode the instance type,
 * dimension `regionId`, DesireValue the vCPUs). Quota Center has no client
 * token, so `submit` looks first: an application for the same instance type,
 * region and value still in review (`Process`) or approved (`Agree`) is
 * returned instead of filing another — which also makes a retry after a lost
 * response safe.
 */
import { ProviderError } from '../../core/errors.js';
import type { QuotaApplication, QuotaCapability, QuotaStatus } from '../types.js';
import type { OpenApi } from './api.js';
import { at, isoTime, list, num, text } from './json.js';

/** Quota Center's product code for these applications (`sim serve`'s; see README). */
export const QUOTA_PRODUCT_CODE = 'ecs-spec';

const STATUS: Readonly<Record<string, QuotaStatus>> = {
  Process: 'under_review',
  Agree: 'approved',
  Disagree: 'rejected',
};

/** One application in Quota Center's shape, or undefined when it names none. */
export function quotaApplication(v: unknown): QuotaApplication | undefined {
  const id = text(v, 'ApplicationId');
  if (id === undefined) return undefined;
  const status = STATUS[text(v, 'Status') ?? ''] ?? 'under_review';
  const submittedAt = isoTime(text(v, 'ApplyTime'), new Date().toISOString());
  const effective = text(v, 'EffectiveTime');
  const auditReason = text(v, 'AuditReason');
  return {
    id,
    region: text(v, 'Dimension', 'regionId') ?? '',
    instanceType: text(v, 'QuotaActionCode') ?? '',
    vcpuQuota: num(v, 'DesireValue') ?? 0,
    reason: text(v, 'Reason') ?? '',
    status,
    submittedAt,
    ...(status === 'approved' && effective ? { decidedAt: isoTime(effective, effective) } : {}),
    ...(status === 'rejected' ? { rejectReason: auditReason ?? '' } : {}),
  };
}

function dimension(region: string): Record<string, string> {
  return { 'Dimensions.1.Key': 'regionId', 'Dimensions.1.Value': region };
}

export interface QuotaOptions {
  writable(): void;
  /** Application ids by the clientToken that filed or found them, in this process. */
  byToken: Map<string, string>;
}

export function quotaCapability(api: OpenApi, o: QuotaOptions): QuotaCapability {
  const { byToken } = o;
  const rpc = (action: string, params: Record<string, string>) =>
    api.rpc({ product: 'quotas', action, params });

  async function listAll(filter: Record<string, string>): Promise<QuotaApplication[]> {
    const out: QuotaApplication[] = [];
    let next: string | undefined;
    // Bounded: a page of 100 each, far beyond one account's applications.
    for (let page = 0; page < 50; page++) {
      const body = await rpc('ListQuotaApplications', {
        ProductCode: QUOTA_PRODUCT_CODE,
        MaxResults: '100',
        ...filter,
        ...(next ? { NextToken: next } : {}),
      });
      for (const item of list(body, 'QuotaApplications')) {
        const app = quotaApplication(item);
        if (app) out.push(app);
      }
      next = text(body, 'NextToken');
      if (!next) break;
    }
    return out;
  }

  async function get(id: string): Promise<QuotaApplication> {
    const app = quotaApplication(
      at(await rpc('GetQuotaApplication', { ApplicationId: id }), 'QuotaApplication'),
    );
    if (!app) throw new Error('GetQuotaApplication answered without an application');
    return app;
  }

  return {
    async submit(input) {
      o.writable();
      const known = byToken.get(input.clientToken);
      if (known) return get(known);
      const same = (await listAll({ QuotaActionCode: input.instanceType, ...dimension(input.region) })).find(
        (a) =>
          a.region === input.region &&
          a.instanceType === input.instanceType &&
          a.vcpuQuota === input.vcpuQuota &&
          a.status !== 'rejected',
      );
      if (same) {
        byToken.set(input.clientToken, same.id);
        return same;
      }
      const body = await rpc('CreateQuotaApplication', {
        ProductCode: QUOTA_PRODUCT_CODE,
        QuotaActionCode: input.instanceType,
        DesireValue: String(input.vcpuQuota),
        Reason: input.reason,
        NoticeType: '0',
        ...dimension(input.region),
      });
      const id = text(body, 'ApplicationId');
      if (id === undefined) {
        throw new ProviderError(
          'InvalidResponse',
          502,
          'CreateQuotaApplication answered without an id.',
          '-',
        );
      }
      byToken.set(input.clientToken, id);
      return quotaApplication(body) ?? get(id);
    },

    get,

    list: () => listAll({}),
  };
}
