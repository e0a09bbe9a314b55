/**
 * MaxCompute activation through MaxCompute `2022-01-04` (ROA): a region is
 * activated when the account has a quota there (ListQuotas); activating
 * creates the first one (CreateQuota, `odps`/`odps_intl` pay-as-you-go,
 * `odpsplus`/`odpsplus_intl` subscription). CreateQuota has no client token:
 * activate looks first, so a repeat or a retry after a lost response finds
 * the quota instead of making a second.
 *
 * Subscription, as `sim serve` has it: CreateQuota places an order to pay;
 * until it is paid no quota is listed, so this process remembers the order
 * (`unpaid`). Alibaba Cloud documents more for the real call: `commodityData`
 * (CU, term) and `partNickName` are required, and the order is paid from the
 * account's balance at once. Neither is sent: the capacity and term of a
 * purchase are the person's choice, so the real cloud refuses the call
 * (a ProviderError) rather than buy capacity nobody chose.
 */
import type { MaxComputeActivation, MaxComputeBilling, MaxComputeCapability } from '../types.js';
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
  /**
   * Name the region in CreateQuota's query too. The public endpoint is
   * regional (`maxcompute.<region>.aliyuncs.com`) and CreateQuota documents no
   * `region`; a single `--endpoint` can only learn it from the request.
   */
  regionInQuery: boolean;
  writable(): void;
  /** Subscription orders this process placed, by region, until a quota shows them paid. */
  unpaid: Map<string, MaxComputeActivation>;
}

export function maxComputeCapability(api: OpenApi, o: MaxComputeOptions): MaxComputeCapability {
  const { unpaid } = o;
  const path = '/api/v1/quotas';

  async function get(region: string): Promise<MaxComputeActivation | null> {
    const body = await api.roa({
      product: 'maxcompute',
      action: 'ListQuotas',
      method: 'GET',
      path,
      region,
      query: { region },
    });
    const quotas = list(body, 'data', 'quotaInfoList').filter((q) => {
      const where = text(q, 'regionId');
      return where === undefined || where === region;
    });
    const quota = quotas.find((q) => text(q, 'billingPolicy', 'billingMethod') === 'payasyougo') ?? quotas[0];
    if (quota === undefined) return unpaid.get(region) ?? null;
    unpaid.delete(region);
    const billing: MaxComputeBilling =
      text(quota, 'billingPolicy', 'billingMethod') === 'subscription' ? 'subscription' : 'payasyougo';
    const orderId = text(quota, 'billingPolicy', 'orderId');
    const created = at(quota, 'createTime');
    return {
      region,
      billing,
      status: 'active',
      quotaNickname: text(quota, 'nickName') ?? text(quota, 'name') ?? '',
      ...(orderId ? { orderId } : {}),
      ...(created === undefined ? {} : { activatedAt: isoTime(created, new Date().toISOString()) }),
    };
  }

  return {
    get,
    async activate({ region, billing }) {
      o.writable();
      const existing = await get(region);
      if (existing) return existing;
      const body = await api.roa({
        product: 'maxcompute',
        action: 'CreateQuota',
        method: 'POST',
        path,
        region,
        query: {
          chargeType: billing,
          commodityCode: commodityCode(billing, o.site),
          ...(o.regionInQuery ? { region } : {}),
        },
      });
      const nickName = text(body, 'data', 'nickName') ?? '';
      if (billing === 'subscription') {
        const orderId = text(body, 'data', 'orderId');
        const order: MaxComputeActivation = {
          region,
          billing,
          status: 'unpaid',
          quotaNickname: nickName,
          ...(orderId ? { orderId } : {}),
        };
        unpaid.set(region, order);
        return order;
      }
      return (
        (await get(region)) ?? {
          region,
          billing,
          status: 'active',
          quotaNickname: nickName,
          activatedAt: new Date().toISOString(),
        }
      );
    },
  };
}
