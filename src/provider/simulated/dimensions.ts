/**
 * Quota Center's dimensions of `ecs-spec` (ECS quotas by instance type), as
 * ListProductQuotaDimensions describes them, and the rule every application
 * meets: it names every required dimension, each with a value the product
 * lists. One module for both ways in: `sim serve` (the `Dimensions.N.Key` /
 * `Dimensions.N.Value` pairs of a served request) and the in-process provider
 * (the region and zone of the capability's call).
 *
 * The keys and values follow the API reference's sample
 * (https://www.alibabacloud.com/help/en/quota-center/developer-reference/api-quotas-2020-05-10-listproductquotadimensions):
 * `regionId`; `zoneId`, which depends on `regionId`; `chargeType` (`PostPaid`,
 * `PrePaid`, `Spot`); `networkType` (`vpc`, `classic`). Which of them are
 * required is not documented (that sample marks none `Requisite`): marking
 * all four required is this simulation's reading of "instance quotas are
 * allocated based on zones, instance types, billing methods, and network
 * types" (https://www.alibabacloud.com/help/doc-detail/163120.htm), not a
 * documented fact. A quota item is named by all four, so a real client
 * should send them whatever `Requisite` says.
 */
import { byName } from '../../core/names.js';
import { REGION_IDS } from '../../validate/index.js';
import { providerError } from './errors.js';

/** The quota dimensions that name an `ecs-spec` quota item. */
export type DimensionKey = 'regionId' | 'zoneId' | 'chargeType' | 'networkType';

/**
 * The zones of each region, in the order Quota Center lists them here.
 * Illustrative: taken from Alibaba Cloud's "Regions and zones" page
 * (https://www.alibabacloud.com/help/en/ecs/product-overview/regions-and-zones)
 * as this simulation's fixed list; the real list changes as zones open and
 * close, and the real provider reads it from Quota Center at run time.
 */
const ZONES: Readonly<Record<string, readonly string[]>> = byName({
  'cn-hangzhou': ['b', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((z) => `cn-hangzhou-${z}`),
  'cn-shanghai': ['a', 'b', 'e', 'f', 'g', 'l', 'm', 'n'].map((z) => `cn-shanghai-${z}`),
  'cn-qingdao': ['b', 'c'].map((z) => `cn-qingdao-${z}`),
  'cn-beijing': ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].map((z) => `cn-beijing-${z}`),
  'cn-zhangjiakou': ['a', 'b', 'c'].map((z) => `cn-zhangjiakou-${z}`),
  'cn-huhehaote': ['a', 'b'].map((z) => `cn-huhehaote-${z}`),
  'cn-wulanchabu': ['a', 'b', 'c'].map((z) => `cn-wulanchabu-${z}`),
  'cn-shenzhen': ['a', 'b', 'c', 'd', 'e', 'f'].map((z) => `cn-shenzhen-${z}`),
  'cn-heyuan': ['a', 'b'].map((z) => `cn-heyuan-${z}`),
  'cn-guangzhou': ['a', 'b'].map((z) => `cn-guangzhou-${z}`),
  'cn-chengdu': ['a', 'b'].map((z) => `cn-chengdu-${z}`),
  'cn-hongkong': ['b', 'c', 'd'].map((z) => `cn-hongkong-${z}`),
  'us-west-1': ['a', 'b'].map((z) => `us-west-1${z}`),
  'us-east-1': ['a', 'b'].map((z) => `us-east-1${z}`),
  'ap-northeast-1': ['a', 'b', 'c'].map((z) => `ap-northeast-1${z}`),
  'ap-southeast-1': ['a', 'b', 'c'].map((z) => `ap-southeast-1${z}`),
  'ap-southeast-3': ['a', 'b'].map((z) => `ap-southeast-3${z}`),
  'ap-southeast-5': ['a', 'b', 'c'].map((z) => `ap-southeast-5${z}`),
  'eu-central-1': ['a', 'b', 'c'].map((z) => `eu-central-1${z}`),
  'eu-west-1': ['a', 'b'].map((z) => `eu-west-1${z}`),
  'me-east-1': ['a'].map((z) => `me-east-1${z}`),
});

/** One dimension as ListProductQuotaDimensions describes it. */
export interface DimensionSpec {
  key: DimensionKey;
  /** Its display name (the docs sample's). */
  name: string;
  requisite: boolean;
  /** The keys whose values it depends on. */
  dependsOn: readonly DimensionKey[];
  values: readonly string[];
  /** For a dependent dimension: each value and the values of the keys it depends on. */
  details?: ReadonlyArray<{ value: string; dependsOn: Readonly<Record<string, string>> }>;
}

/** `ecs-spec`'s dimensions, in the order the docs sample lists them. */
export const ECS_SPEC_DIMENSIONS: readonly DimensionSpec[] = [
  { key: 'regionId', name: 'region', requisite: true, dependsOn: [], values: REGION_IDS },
  {
    key: 'zoneId',
    name: 'zone',
    requisite: true,
    dependsOn: ['regionId'],
    values: REGION_IDS.flatMap((r) => ZONES[r] ?? []),
    details: REGION_IDS.flatMap((region) =>
      (ZONES[region] ?? []).map((value) => ({ value, dependsOn: { regionId: region } })),
    ),
  },
  {
    key: 'chargeType',
    name: 'charge type',
    requisite: true,
    dependsOn: [],
    values: ['PostPaid', 'PrePaid', 'Spot'],
  },
  { key: 'networkType', name: 'network type', requisite: true, dependsOn: [], values: ['vpc', 'classic'] },
];

/** Pay-as-you-go and VPC, as the dimensions spell them: what a high-end request asks for. */
export const PAY_AS_YOU_GO = 'PostPaid';
export const VPC = 'vpc';

/** The zones listed for a region (empty for a region the table does not have). */
export function zonesOf(region: string): string[] {
  return [...(ZONES[region] ?? [])];
}

/** The dimensions of a high-end request: the region and zone, pay-as-you-go, VPC. */
export function highEndDimensions(region: string, zone: string): Map<string, string> {
  return new Map([
    ['regionId', region],
    ['zoneId', zone],
    ['chargeType', PAY_AS_YOU_GO],
    ['networkType', VPC],
  ]);
}

/** The quota item an application names, once its dimensions passed {@link requireDimensions}. */
export interface QuotaItem {
  region: string;
  zone: string;
  chargeType: string;
  networkType: string;
}

// Quota Center takes at most 5 dimension pairs per application (its OpenAPI metadata: maxItems 5).
const MAX_DIMENSIONS = 5;

/**
 * The quota item named by `given` (dimension key → value), or Quota Center's
 * refusal. A missing required dimension has no documented error code:
 * `QUOTA.DIMENSION.REQUIRED` is this simulation's choice, in Quota Center's
 * style. A key the product does not have, a value it does not list, or a zone
 * of another region names no quota item: `QUOTA.NOT.FOUND` (documented for
 * CreateQuotaApplication: "The quota does not exist.").
 */
export function requireDimensions(given: ReadonlyMap<string, string>): QuotaItem {
  if (given.size > MAX_DIMENSIONS) throw providerError('QUOTA.NOT.FOUND', { dimensions: given.size });
  for (const key of given.keys()) {
    if (!ECS_SPEC_DIMENSIONS.some((d) => d.key === key)) throw providerError('QUOTA.NOT.FOUND', { key });
  }
  for (const d of ECS_SPEC_DIMENSIONS) {
    const value = given.get(d.key);
    if (value === undefined || value === '') {
      if (d.requisite) throw providerError('QUOTA.DIMENSION.REQUIRED', { dimension: d.key });
      continue;
    }
    if (!d.values.includes(value)) throw providerError('QUOTA.NOT.FOUND', { key: d.key, value });
    const detail = d.details?.find((x) => x.value === value);
    for (const on of d.dependsOn) {
      if (detail && detail.dependsOn[on] !== given.get(on)) {
        throw providerError('QUOTA.NOT.FOUND', { key: d.key, value });
      }
    }
  }
  return {
    region: given.get('regionId') ?? '',
    zone: given.get('zoneId') ?? '',
    chargeType: given.get('chargeType') ?? '',
    networkType: given.get('networkType') ?? '',
  };
}
