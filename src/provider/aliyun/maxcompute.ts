/**
 * MaxCompute through MaxCompute `2022-01-04` (ROA, parameters in the query;
 * the endpoint is regional, `maxcompute.<region>.aliyuncs.com`, and no call
 * names its region): a region is activated when the account has a quota there
 * (ListQuotas, every page); activating creates the first pay-as-you-go one
 * (CreateQuota, `odps` on the cn site, `odps_intl` on intl), as the API
 * requires of a first activation.
 *
 * onboard never buys: CreateQuota for a subscription (`odpsplus`) charges the
 * account's balance at once, for a capacity and term (`commodityData`,
 * `partNickName`) that are the person's choice. A subscription is bought in
 * the console; ListQuotas then lists it (`billingPolicy.billingMethod`
 * `subscription`).
 *
 * CreateQuota has no client token: activate looks first, so a repeat or a
 * retry after a lost response finds the quota instead of making a second.
 */
import type {
  MaxComputeActivation,
  MaxComputeBilling,
  MaxComputeCapability,
  MaxComputeQuota,
} from '../types.js';
import type { OpenApi } from './api.js';
import { at, isoTime, list, text } from './json.js';

export type Site = 'cn' | 'intl';

/** CreateQuota's commodity code for a billing method on a site. */
export function commodityCode(billing: MaxComputeBilling, site: Site): string {
  const base = billing === 'payasyougo' ? 'odps' : 'odpsplus';
  return site === 'intl' ? `${base}_intl` : base;
}

export interface MaxComputeOptions {
  site: Site;
  writable(): void;
}

/** Pages of ListQuotas read at most (of {@link PAGE_SIZE}): far beyond one account's quotas in a region. */
const MAX_PAGES = 100;
const PAGE_SIZE = 100;

/**
 * One page's field: ListQuotas carries the list twice (under `data`, and at
 * the top as the doc page's `PopCompatibleResult`); `data` is read first.
 */
function field(body: unknown, name: string): unknown {
  return at(body, 'data', name) ?? at(body, name);
}

function quotaOf(q: unknown): MaxComputeQuota | undefined {
  const nickname = text(q, 'nickName') ?? text(q, 'name');
  if (nickname === undefined) return undefined;
  const method = text(q, 'billingPolicy', 'billingMethod');
  const created = at(q, 'createTime');
  return {
    nickname,
    billing: method === 'subscription' ? 'subscription' : 'payasyougo',
    ...(created === undefined ? {} : { createdAt: isoTime(created, new Date().toISOString()) }),
  };
}

export function maxComputeCapability(api: OpenApi, o: MaxComputeOptions): MaxComputeCapability {
  const path = '/api/v1/quotas';

  /** Every quota of the region: `marker` from the previous page's `NextToken`, until none is left. */
  async function quotas(region: string): Promise<MaxComputeQuota[]> {
    const out: MaxComputeQuota[] = [];
    let marker = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await api.roa({
        product: 'maxcompute',
        action: 'ListQuotas',
        method: 'GET',
        path,
        region,
        query: { maxItem: String(PAGE_SIZE), ...(marker ? { marker } : {}) },
      });
      for (const q of list(field(body, 'quotaInfoList'))) {
        const where = text(q, 'regionId');
        const quota = quotaOf(q);
        if (quota && (where === undefined || where === region)) out.push(quota);
      }
      const next = field(body, 'NextToken');
      if (typeof next !== 'string' || next === '' || next === marker) break;
      marker = next;
    }
    return out;
  }

  async function get(region: string): Promise<MaxComputeActivation | null> {
    const found = await quotas(region);
    return found.length === 0 ? null : { region, quotas: found };
  }

  return {
    get,
    async activate({ region }) {
      o.writable();
      const existing = await get(region);
      if (existing) return existing;
      const body = await api.roa({
        product: 'maxcompute',
        action: 'CreateQuota',
        method: 'POST',
        path,
        region,
        query: { chargeType: 'payasyougo', commodityCode: commodityCode('payasyougo', o.site) },
      });
      const nickname = text(body, 'data', 'nickName') ?? '';
      return (
        (await get(region)) ?? {
          region,
          quotas: [{ nickname, billing: 'payasyougo', createdAt: new Date().toISOString() }],
        }
      );
    },
  };
}
