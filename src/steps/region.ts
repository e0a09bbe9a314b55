/**
 * The setup's region, shared by the steps that work in one: the bucket is
 * made there (oss), the high-end request filed there (highend), MaxCompute
 * activated there by default, and delivered keys name it (`region_id`).
 */
import type { Product } from '../core/types.js';
import { checkRegion, checkRegionForProduct, DEFAULT_REGION } from '../validate/index.js';
import { defineFields } from '../wizard/field.js';

export const REGION_FIELDS = defineFields({
  region: {
    flag: '--region',
    arg: '<id>',
    env: 'ONBOARD_REGION',
    type: 'string',
    check: checkRegion,
    normalize: (v) => v.trim().toLowerCase(),
    default: DEFAULT_REGION,
    remember: true,
    help: 'field.region',
  },
});

/** E-MapReduce (`emr`, `both`) needs a region that offers it. */
export function regionRule(product: Product) {
  return (v: string) => checkRegionForProduct(v, product);
}
