/**
 * The setup's region, shared by the steps that work in one: the bucket is
 * made there (oss), the high-end request filed there (highend), MaxCompute
 * activated there by default, and delivered keys name it (`region_id`).
 */
import type { Product } from '../core/types.js';
import { hasKey, t } from '../i18n/index.js';
import { checkRegion, checkRegionForProduct, DEFAULT_REGION, REGIONS } from '../validate/index.js';
import { defineFields, type Source } from '../wizard/field.js';
import type { AskOptions } from '../wizard/step.js';

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

/** A region's name in the person's language (its id when the catalog has none). */
export function regionName(id: string): string {
  const key = `region.${id}`;
  return hasKey(key) ? t(key) : id;
}

/** What asking the region needs of a step's context (any step whose fields include the region). */
export interface RegionContext {
  readonly interactive: boolean;
  readonly product: Product;
  readonly answers: { source(key: 'region'): Source | undefined; value(key: 'region'): string | undefined };
  ask(key: 'region', options: AskOptions<string>): Promise<string>;
  remember(values: { region?: string }): Promise<void>;
}

/**
 * The setup's region question (the oss step's), asked once per run: a region
 * typed earlier in this run (say, for a key's aliyun CLI profile) is the answer.
 */
export async function askRegion(ctx: RegionContext): Promise<string> {
  const typed = ctx.answers.value('region');
  if (ctx.answers.source('region') === 'typed' && typed !== undefined) return typed;
  return ctx.ask('region', {
    message: 'oss.askRegion',
    choices: REGIONS.filter((r) => ctx.product === 'maxcompute' || r.emr).map((r) => {
      const name = regionName(r.id);
      return { value: r.id, name: `${r.id.padEnd(16)} ${name}`, short: `${r.id} ${name}` };
    }),
    check: regionRule(ctx.product),
  });
}

/**
 * The region a delivered key names (an aliyun CLI profile's `region_id`): given
 * or remembered; interactively, when nothing settled it yet, asked now — the
 * same question the oss step would ask later, which then asks nothing.
 */
export async function settleRegion(ctx: RegionContext): Promise<string> {
  const source = ctx.answers.source('region');
  if (!ctx.interactive || (source !== 'default' && source !== undefined))
    return ctx.answers.value('region') ?? DEFAULT_REGION;
  const region = await askRegion(ctx);
  // The setup's region from now on: a later run offers it (the key's profile names it).
  await ctx.remember({ region });
  return region;
}
