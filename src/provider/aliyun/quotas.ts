/**
 * Quota applications through Quota Center `2020-05-10` (RPC; parameters in
 * the form body, as its SDK sends them): the request for pay-as-you-go vCPUs
 * of one ECS instance type, ProductCode `ecs-spec` (ECS quotas by instance
 * type), QuotaActionCode the instance type, DesireValue the vCPUs.
 *
 * Instance-type quotas are filed per dimension. The product's dimensions are
 * read first (ListProductQuotaDimensions) and the application carries every
 * one marked `Requisite`, and always the four that name an instance-type
 * quota item whatever `Requisite` says (which ones are required is not
 * documented): `regionId`, `zoneId`, `chargeType` pay-as-you-go and
 * `networkType` VPC, each spelled as Quota Center lists it.
 *
 * Quota Center has no client token, so `submit` looks first: an application
 * for the same instance type, region, zone and value still in review
 * (`Process`) or approved (`Agree`) is returned instead of filing another —
 * which also makes a retry after a lost response safe. A rejected (`Disagree`)
 * or cancelled (`Cancel`) one is final: asking again files a new one.
 */
import { ProviderError } from '../../core/errors.js';
import { zoneRegion } from '../../validate/index.js';
import type { QuotaApplication, QuotaCapability, QuotaStatus } from '../types.js';
import type { OpenApi } from './api.js';
import { localError } from './errors.js';
import { at, isoTime, list, num, text } from './json.js';

/** Quota Center's product code for these applications (`sim serve`'s; see README). */
export const QUOTA_PRODUCT_CODE = 'ecs-spec';

const STATUS: Readonly<Record<string, QuotaStatus>> = {
  Process: 'under_review',
  Agree: 'approved',
  Disagree: 'rejected',
  Cancel: 'cancelled',
};

/** A dimension of the product, as ListProductQuotaDimensions describes it. */
export interface QuotaDimension {
  key: string;
  requisite: boolean;
  values: string[];
  /** Each value with the values of the dimensions it depends on (a zone names its region). */
  details: Array<{ value: string; dependsOn: Map<string, string> }>;
}

/**
 * A list of strings as the API may send it: an array, or (as the docs' sample
 * shows for DimensionValues) one string holding a JSON array; values trimmed.
 */
function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        return strings(JSON.parse(trimmed));
      } catch {
        return [trimmed];
      }
    }
    return trimmed === '' ? [] : [trimmed];
  }
  return list(value).flatMap((v) => (typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []));
}

/** One entry of `QuotaDimensions`, read defensively. */
export function quotaDimension(v: unknown): QuotaDimension | undefined {
  const key = text(v, 'DimensionKey');
  if (key === undefined) return undefined;
  const requisite = at(v, 'Requisite');
  return {
    key,
    requisite: requisite === true || requisite === 'true',
    values: strings(at(v, 'DimensionValues')),
    details: list(v, 'DimensionValueDetail').flatMap((d) => {
      const value = text(d, 'Value')?.trim();
      if (value === undefined || value === '') return [];
      const dependsOn = new Map<string, string>();
      for (const dep of list(d, 'DependentDimensions')) {
        const k = text(dep, 'Key');
        const val = text(dep, 'Value');
        if (k !== undefined && val !== undefined) dependsOn.set(k, val.trim());
      }
      return [{ value, dependsOn }];
    }),
  };
}

/** One application in Quota Center's shape, or undefined when it names none. */
export function quotaApplication(v: unknown): QuotaApplication | undefined {
  const id = text(v, 'ApplicationId');
  if (id === undefined) return undefined;
  const status = STATUS[text(v, 'Status') ?? ''] ?? 'under_review';
  const submittedAt = isoTime(text(v, 'ApplyTime'), new Date().toISOString());
  const effective = text(v, 'EffectiveTime');
  const auditReason = text(v, 'AuditReason');
  const zone = text(v, 'Dimension', 'zoneId');
  return {
    id,
    region: text(v, 'Dimension', 'regionId') ?? '',
    ...(zone === undefined ? {} : { zone }),
    instanceType: text(v, 'QuotaActionCode') ?? '',
    vcpuQuota: num(v, 'DesireValue') ?? 0,
    reason: text(v, 'Reason') ?? '',
    status,
    submittedAt,
    ...(status === 'approved' && effective ? { decidedAt: isoTime(effective, effective) } : {}),
    ...(status === 'rejected' ? { rejectReason: auditReason ?? '' } : {}),
  };
}

/** The listed value that is `wanted` in any case (the API's own spelling), else `wanted`. */
function spelled(d: QuotaDimension | undefined, wanted: string): string {
  return d?.values.find((v) => v.toLowerCase() === wanted.toLowerCase()) ?? wanted;
}

/**
 * The `Dimensions.N.Key` / `Dimensions.N.Value` pairs of a high-end request:
 * the region and zone, pay-as-you-go, VPC, and every other dimension the
 * product marks required. A required dimension this provider cannot fill is
 * said before anything is filed (`QuotaDimensionUnsupported`).
 */
export function applicationDimensions(
  product: readonly QuotaDimension[],
  request: { region: string; zone: string },
): Record<string, string> {
  const byKey = new Map(product.map((d) => [d.key, d]));
  const values = new Map<string, string>([
    ['regionId', request.region],
    ['zoneId', request.zone],
    ['chargeType', spelled(byKey.get('chargeType'), 'PostPaid')],
    ['networkType', spelled(byKey.get('networkType'), 'vpc')],
  ]);
  // The Chinese API reference also lists `resourceType`; an instance-type quota's is InstanceType.
  const resourceType = byKey.get('resourceType');
  if (resourceType?.requisite) values.set('resourceType', spelled(resourceType, 'InstanceType'));
  for (const d of product) {
    if (d.requisite && !values.has(d.key))
      throw localError('QuotaDimensionUnsupported', { dimension: d.key });
  }
  const out: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of values) {
    n++;
    out[`Dimensions.${n}.Key`] = key;
    out[`Dimensions.${n}.Value`] = value;
  }
  return out;
}

export interface QuotaOptions {
  writable(): void;
  /** Application ids by the clientToken that filed or found them, in this process. */
  byToken: Map<string, string>;
}

/** Quota Center's pages: NextToken until there is none (bounded, far beyond one account's needs). */
const MAX_PAGES = 50;

export function quotaCapability(api: OpenApi, o: QuotaOptions): QuotaCapability {
  const { byToken } = o;
  const rpc = (action: string, params: Record<string, string>) =>
    api.rpc({ product: 'quotas', action, params, paramsIn: 'body' });

  async function pages(action: string, params: Record<string, string>, item: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await rpc(action, { ...params, ...(next ? { NextToken: next } : {}) });
      out.push(...list(body, item));
      const token = text(body, 'NextToken');
      if (!token || token === next) break;
      next = token;
    }
    return out;
  }

  // The product's dimensions, read once per connection (the zones, then the application, need them).
  let known: Promise<QuotaDimension[]> | undefined;
  function dimensions(): Promise<QuotaDimension[]> {
    known ??= pages(
      'ListProductQuotaDimensions',
      { ProductCode: QUOTA_PRODUCT_CODE, MaxResults: '100' },
      'QuotaDimensions',
    ).then(
      (items) => items.flatMap((v) => quotaDimension(v) ?? []),
      (error: unknown) => {
        known = undefined;
        throw error;
      },
    );
    return known;
  }

  async function listAll(filter: Record<string, string>): Promise<QuotaApplication[]> {
    const items = await pages(
      'ListQuotaApplications',
      { ProductCode: QUOTA_PRODUCT_CODE, MaxResults: '100', ...filter },
      'QuotaApplications',
    );
    return items.flatMap((v) => quotaApplication(v) ?? []);
  }

  async function get(id: string): Promise<QuotaApplication> {
    const app = quotaApplication(
      at(await rpc('GetQuotaApplication', { ApplicationId: id }), 'QuotaApplication'),
    );
    if (!app) throw new Error('GetQuotaApplication answered without an application');
    return app;
  }

  return {
    async zones(region) {
      const zone = (await dimensions()).find((d) => d.key === 'zoneId');
      if (!zone) return [];
      const here = zone.details.filter((d) => d.dependsOn.get('regionId') === region).map((d) => d.value);
      // Values listed without their region: a zone's id begins with its region's.
      const named = here.length > 0 ? here : zone.values.filter((z) => zoneRegion(z) === region);
      return [...new Set(named)];
    },

    async submit(input) {
      o.writable();
      const known = byToken.get(input.clientToken);
      if (known) return get(known);
      const dims = applicationDimensions(await dimensions(), input);
      const same = (await listAll({ QuotaActionCode: input.instanceType, ...dims })).find(
        (a) =>
          a.region === input.region &&
          (a.zone === undefined || a.zone === input.zone) &&
          a.instanceType === input.instanceType &&
          a.vcpuQuota === input.vcpuQuota &&
          (a.status === 'under_review' || a.status === 'approved'),
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
        ...dims,
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
