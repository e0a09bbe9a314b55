/**
 * MaxCompute activation per region (SPEC §4.7). Pay-as-you-go is active at
 * once (the real API creates the account's first pay-as-you-go quota);
 * subscription needs an order paid in the console, which `onboard sim approve`
 * pays here. Activating an active region again returns it, unchanged.
 */
import { findRegion } from '../../validate/index.js';
import type { MaxComputeActivation } from '../types.js';
import { type Ctx, clientToken, iso, oneOf, str } from './common.js';
import { providerError } from './errors.js';
import { requireVerified } from './identity.js';
import { read, type Scope, write } from './rules.js';
import type { StoredAccount, StoredActivation } from './state.js';

function view(a: StoredActivation): MaxComputeActivation {
  return {
    region: a.region,
    billing: a.billing,
    status: a.status,
    quotaNickname: a.quotaNickname,
    ...(a.orderId ? { orderId: a.orderId } : {}),
    ...(a.activatedAt ? { activatedAt: a.activatedAt } : {}),
  };
}

/** The activation in the region, or null when MaxCompute was never activated there. */
export function getActivation(
  { account }: Pick<Scope, 'account'>,
  region: string,
): MaxComputeActivation | null {
  const found = account.maxcompute.find((a) => a.region === region);
  return found ? view(found) : null;
}

export function listActivations(account: StoredAccount): MaxComputeActivation[] {
  return account.maxcompute.map(view);
}

export function activate(
  { account, ctx }: Scope,
  input: { region: string; billing: 'payasyougo' | 'subscription'; clientToken: string },
): MaxComputeActivation {
  const region = str(input.region);
  if (!findRegion(region)?.maxcompute) throw providerError('MaxCompute.RegionNotSupported', { region });
  const billing = oneOf('billing', input.billing, ['payasyougo', 'subscription'] as const);
  const token = clientToken(input.clientToken);
  requireVerified(account, ctx);
  const existing = account.maxcompute.find((a) => a.region === region);
  if (existing) return view(existing);
  const activation: StoredActivation = {
    region,
    billing,
    status: billing === 'payasyougo' ? 'active' : 'unpaid',
    quotaNickname: `os_${account.uid}`,
    createdAt: iso(ctx.now),
    ...(billing === 'payasyougo'
      ? { activatedAt: iso(ctx.now) }
      : { orderId: `${ctx.now}${account.uid.slice(-6)}` }),
    clientToken: token,
  };
  account.maxcompute.push(activation);
  return view(activation);
}

/** Pays every unpaid order now (`onboard sim approve`); returns how many. */
export function payOrders(account: StoredAccount, ctx: Pick<Ctx, 'now'>): number {
  let paid = 0;
  for (const a of account.maxcompute) {
    if (a.status !== 'unpaid') continue;
    a.status = 'active';
    a.activatedAt = iso(ctx.now);
    paid++;
  }
  return paid;
}

/** The `maxcompute` capability. */
export const MAXCOMPUTE_RULES = {
  get: read(getActivation),
  activate: write('activateMaxCompute', activate),
};
