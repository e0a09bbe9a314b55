/**
 * The system policies the simulated cloud knows (SPEC §4.6), and what each
 * allows: which product's actions (read-only ones or all). `sim serve` asks
 * `allows` before running a RAM user's request (NoPermission otherwise).
 */
import { byName } from '../../core/names.js';
import type { ApiProduct } from '../apis.js';

/** A product as `sim serve` names it: those it serves, and those only a policy names. */
export type Product = ApiProduct | 'oss' | 'emr' | 'dataworks' | 'bss';

interface Grant {
  products: readonly Product[] | 'all';
  readOnly?: boolean;
}

export const SYSTEM_POLICIES: Readonly<Record<string, Grant>> = byName({
  AdministratorAccess: { products: 'all' },
  ReadOnlyAccess: { products: 'all', readOnly: true },
  AliyunOSSFullAccess: { products: ['oss'] },
  AliyunOSSReadOnlyAccess: { products: ['oss'], readOnly: true },
  AliyunEMRFullAccess: { products: ['emr'] },
  AliyunECSFullAccess: { products: ['ecs'] },
  AliyunMaxComputeFullAccess: { products: ['maxcompute'] },
  AliyunDataWorksFullAccess: { products: ['dataworks'] },
  AliyunRAMFullAccess: { products: ['ram', 'ims'] },
  AliyunBSSOrderAccess: { products: ['bss'] },
  AliyunQuotasFullAccess: { products: ['quotas'] },
  // The E-MapReduce roles' policies (SPEC §4.9), meant for roles: what EMR's service role and
  // its nodes' ECS application role may do ("EMR service role", "ECS application role" pages).
  AliyunEMRRolePolicy: { products: ['ecs', 'oss', 'emr'] },
  AliyunECSInstanceForEMRRolePolicy: { products: ['oss', 'emr'] },
});

/** Descriptions shown by GetPolicy, as the RAM console words them. */
export const POLICY_DESCRIPTIONS: Readonly<Record<string, string>> = byName({
  AdministratorAccess: 'Provides full access to Alibaba Cloud services and resources.',
  ReadOnlyAccess: 'Provides read-only access to Alibaba Cloud services and resources.',
  AliyunOSSFullAccess: 'Provides full access to Object Storage Service (OSS) via Management Console.',
  AliyunOSSReadOnlyAccess:
    'Provides read-only access to Object Storage Service (OSS) via Management Console.',
  AliyunEMRFullAccess: 'Provides full access to E-MapReduce (EMR) via Management Console.',
  AliyunECSFullAccess: 'Provides full access to Elastic Compute Service (ECS) via Management Console.',
  AliyunMaxComputeFullAccess: 'Provides full access to MaxCompute via Management Console.',
  AliyunDataWorksFullAccess: 'Provides full access to DataWorks via Management Console.',
  AliyunRAMFullAccess: 'Provides full access to Resource Access Management (RAM).',
  AliyunBSSOrderAccess: 'Provides access to view, pay and cancel orders in Billing Management.',
  AliyunQuotasFullAccess: 'Provides full access to Quota Center via Management Console.',
  AliyunEMRRolePolicy: 'The policy of the E-MapReduce service role AliyunEMRDefaultRole.',
  AliyunECSInstanceForEMRRolePolicy:
    'The policy of the ECS application role AliyunECSInstanceForEMRRole of E-MapReduce nodes.',
});

export function isSystemPolicy(name: string): boolean {
  return Object.hasOwn(SYSTEM_POLICIES, name);
}

/** Whether an action only reads (by Alibaba Cloud's naming: Get, List, Describe). */
export function isReadAction(action: string): boolean {
  return /^(Get|List|Describe|Query|Check)/.test(action);
}

/** Whether these attached policies allow the action on the product. STS GetCallerIdentity is allowed to everyone. */
export function allows(policies: readonly string[], product: Product, action: string): boolean {
  if (product === 'sts' && action === 'GetCallerIdentity') return true;
  return policies.some((name) => {
    const grant = SYSTEM_POLICIES[name];
    if (!grant) return false;
    if (grant.readOnly && !isReadAction(action)) return false;
    return grant.products === 'all' || grant.products.includes(product);
  });
}

/**
 * The narrowest system policy that allows the action, to name in a refusal:
 * the product's own (its read-only one for a read), else AdministratorAccess.
 */
export function policyAllowing(product: Product, action: string): string {
  const read = isReadAction(action);
  const own = Object.entries(SYSTEM_POLICIES).filter(
    ([, grant]) => grant.products !== 'all' && grant.products.includes(product),
  );
  const pick =
    (read ? own.find(([, grant]) => grant.readOnly) : undefined) ?? own.find(([, grant]) => !grant.readOnly);
  return pick?.[0] ?? 'AdministratorAccess';
}

/** The policy's document as RAM shows it (`GetPolicy`): one Allow statement over its products' actions. */
export function policyDocument(name: string): string {
  const grant = SYSTEM_POLICIES[name];
  if (!grant) return '';
  const products = grant.products === 'all' ? ['*'] : grant.products;
  const actions = products.flatMap((p) => {
    if (p === '*' && !grant.readOnly) return ['*'];
    return grant.readOnly ? [`${p}:Get*`, `${p}:List*`, `${p}:Describe*`] : [`${p}:*`];
  });
  return JSON.stringify({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: '*' }],
  });
}
