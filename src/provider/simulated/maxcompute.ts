/**
 * MaxCompute quotas per region (SPEC §4.7). Activation is the account's first
 * pay-as-you-go quota in the region (CreateQuota), made at once; activating a
 * region that has a quota returns it unchanged. A subscription quota is
 * bought in the console, never by the wizard: `onboard sim approve` buys one
 * here, as the person would there. There is no order state: a quota exists or
 * it does not.
 */
import { findRegion } from '../../validate/index.js';
import type { MaxComputeActivation } from '../types.js';
import { type Ctx, clientToken, iso, str } from './common.js';
import { invalidParameter, providerError } from './errors.js';
import { requireVerified } from './identity.js';
import { read, type Scope, write } from './rules.js';
import type { StoredAccount, StoredMaxComputeQuota } from './state.js';

/** The account's quotas in the region, or null when it has none there (not activated). */
export function activationOf(account: StoredAccount, region: string): MaxComputeActivation | null {
  const quotas = quotasIn(account, region);
  if (quotas.length === 0) return null;
  return {
    region,
    quotas: quotas.map((q) => ({ nickname: q.quotaNickname, billing: q.billing, createdAt: q.createdAt })),
  };
}

/** The account's quotas in a region, in the order they were made. */
export function quotasIn(account: StoredAccount, region: string): StoredMaxComputeQuota[] {
  return account.maxcompute.filter((q) => q.region === region);
}

/** The activation in the region, or null when MaxCompute was never activated there. */
export function getActivation(
  { account }: Pick<Scope, 'account'>,
  region: string,
): MaxComputeActivation | null {
  return activationOf(account, region);
}

/** A region's MaxCompute, or `MaxCompute.RegionNotSupported` (the simulation's code: none is documented). */
function supported(region: string): string {
  if (!findRegion(region)?.maxcompute) throw providerError('MaxCompute.RegionNotSupported', { region });
  return region;
}

/** Creates the region's first pay-as-you-go quota; a region with a quota is returned as it is. */
export function activate(
  { account, ctx }: Scope,
  input: { region: string; clientToken: string },
): MaxComputeActivation {
  const region = supported(str(input.region));
  const token = clientToken(input.clientToken);
  requireVerified(account, ctx);
  const existing = activationOf(account, region);
  if (existing) return existing;
  account.maxcompute.push({
    region,
    billing: 'payasyougo',
    quotaNickname: `os_${account.uid}`,
    createdAt: iso(ctx.now),
    clientToken: token,
  });
  return activationOf(account, region) ?? { region, quotas: [] };
}

/**
 * A subscription quota bought at once (what the console's purchase does, and
 * what CreateQuota does for a subscription: "automatic payment is deducted").
 * MaxCompute must be activated in the region first (a pay-as-you-go quota).
 */
export function buySubscription(
  account: StoredAccount,
  ctx: Pick<Ctx, 'now'>,
  input: { region: string; nickname?: string; clientToken: string },
): StoredMaxComputeQuota {
  const count = account.maxcompute.filter((q) => q.billing === 'subscription').length;
  const quota: StoredMaxComputeQuota = {
    region: input.region,
    billing: 'subscription',
    quotaNickname: input.nickname ?? `os_${account.uid}_sub${count === 0 ? '' : `_${count + 1}`}`,
    // An order id as the billing centre writes them: digits only.
    orderId: `${ctx.now}${account.uid.slice(-6)}`,
    createdAt: iso(ctx.now),
    clientToken: input.clientToken,
  };
  account.maxcompute.push(quota);
  return quota;
}

/**
 * CreateQuota for a subscription, as the API documents it: `commodityData`
 * (`{"CU":50,"ord_time":"1:Month","autoRenew":false}`: at least 50 CUs, in
 * steps of 50; months or years) and `partNickName`, paid at once. The first
 * quota of a region must be pay-as-you-go (the docs: "When you activate
 * MaxCompute for the first time, you must first create a pay-as-you-go
 * quota"); which code the API answers otherwise is not documented, so it is
 * `InvalidParameter` on `chargeType` here. onboard itself never calls this.
 */
export function subscribe(
  { account, ctx }: Scope,
  input: { region: string; commodityData: string; nickname: string },
): StoredMaxComputeQuota {
  const region = supported(str(input.region));
  let data: unknown;
  try {
    data = JSON.parse(str(input.commodityData));
  } catch {
    throw invalidParameter('commodityData', 'must be a JSON object');
  }
  const cu =
    typeof data === 'object' && data !== null
      ? Object.getOwnPropertyDescriptor(data, 'CU')?.value
      : undefined;
  const term =
    typeof data === 'object' && data !== null
      ? Object.getOwnPropertyDescriptor(data, 'ord_time')?.value
      : undefined;
  if (typeof cu !== 'number' || !Number.isInteger(cu) || cu < 50 || cu % 50 !== 0) {
    throw invalidParameter('commodityData', 'CU must be 50 or more, in steps of 50');
  }
  if (typeof term !== 'string' || !/^[1-9]\d?:(Month|Year)$/i.test(term)) {
    throw invalidParameter('commodityData', 'ord_time must be <n>:Month or <n>:Year');
  }
  const nickname = str(input.nickname);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(nickname)) {
    throw invalidParameter('partNickName', 'letters, digits and _, starting with a letter');
  }
  requireVerified(account, ctx);
  if (!quotasIn(account, region).some((q) => q.billing === 'payasyougo')) {
    throw invalidParameter('chargeType', 'activate MaxCompute with a pay-as-you-go quota first');
  }
  if (account.maxcompute.some((q) => q.quotaNickname === nickname)) {
    throw invalidParameter('partNickName', 'a quota of that name exists');
  }
  return buySubscription(account, ctx, { region, nickname, clientToken: `subscribe-${ctx.now}` });
}

/**
 * `onboard sim approve`: the person buys a subscription quota in the console
 * for every region where MaxCompute is activated and no subscription quota
 * exists yet. The simulated cloud cannot know who means to buy one, so it
 * buys it wherever a setup could be waiting for it. Returns how many.
 */
export function buyWaitingSubscriptions(account: StoredAccount, ctx: Pick<Ctx, 'now'>): number {
  const regions = new Set(account.maxcompute.map((q) => q.region));
  let bought = 0;
  for (const region of regions) {
    if (quotasIn(account, region).some((q) => q.billing === 'subscription')) continue;
    buySubscription(account, ctx, { region, clientToken: `console-${ctx.now}-${region}` });
    bought++;
  }
  return bought;
}

/** The `maxcompute` capability. */
export const MAXCOMPUTE_RULES = {
  get: read(getActivation),
  activate: write('activateMaxCompute', activate),
};
