/**
 * Step 4 — an OSS bucket in the region where the cluster will run. Creating a
 * bucket the account already owns with the same settings succeeds, so the
 * call is safe to repeat after a crash or a lost response.
 */
import * as z from 'zod/mini';
import { t } from '../i18n/index.js';
import {
  ACLS,
  type BucketAcl,
  type BucketSpec,
  REDUNDANCIES,
  type Redundancy,
  STORAGE_CLASSES,
  type StorageClass,
} from '../provider/types.js';
import { checkRegionForProduct, ossEndpoint, REGIONS } from '../validate/index.js';
import type { Context } from '../wizard/context.js';
import { RefusedError } from '../wizard/errors.js';
import type { Product } from './ids.js';
import { putStep, remember, state, stepData } from './record.js';
import type { Step, StepState } from './types.js';

const data = z.object({ bucket: z.optional(z.string()), region: z.optional(z.string()) });

export function storageClassRule(product: Product) {
  return (v: unknown) =>
    product !== 'maxcompute' && v !== 'Standard'
      ? { key: 'oss.standardOnly' as const, params: { value: String(v) } }
      : null;
}

export function regionRule(product: Product) {
  return (v: unknown) => checkRegionForProduct(String(v), product);
}

function bucketState(b: {
  name: string;
  region: string;
  storageClass: string;
  acl: string;
  redundancy: string;
}): StepState {
  const endpoint = ossEndpoint(b.region);
  return state('done', t('oss.done', { bucket: b.name, endpoint }), { ...b, bucket: b.name, endpoint });
}

export const oss: Step = {
  id: 'oss',
  title: 'step.oss',
  needed: (product) => product !== 'maxcompute',
  fields: ['region', 'bucket', 'storageClass', 'acl', 'redundancy'],

  async check(ctx) {
    const saved = stepData(ctx.profileState(), 'oss', data, ctx.store.file);
    if (!saved.bucket) return state('todo', t('oss.todo'));
    if (!ctx.token)
      return state(
        ctx.profileState().steps.oss?.status ?? 'todo',
        t('oss.offline', { bucket: saved.bucket }),
        { live: false },
      );
    const bucket = await ctx.provider.getBucket(ctx.token, saved.bucket).catch(() => null);
    return bucket
      ? bucketState(bucket)
      : state('todo', t('oss.missing', { bucket: saved.bucket }), { bucket: saved.bucket });
  },

  async run(ctx) {
    const token = await ctx.session('oss');
    const spec = await askSpec(ctx, token);
    // Remembered before the call: after a crash the next run offers this very
    // bucket (the call is idempotent), not a new default that would make a second one.
    const rememberSpec = () =>
      ctx.save((p) =>
        remember(p, {
          region: spec.region,
          bucket: spec.name,
          storageClass: spec.storageClass,
          acl: spec.acl,
          redundancy: spec.redundancy,
        }),
      );
    await rememberSpec();
    for (;;) {
      try {
        const bucket = await ctx.call(
          t('oss.creating', { bucket: spec.name, region: spec.region }),
          () => ctx.provider.putBucket(token, spec),
          'oss',
        );
        await ctx.save((p) => putStep(p, 'oss', 'done', { bucket: bucket.name, region: bucket.region }));
        return bucketState(bucket);
      } catch (error) {
        // A taken name is the one refusal a person can fix on the spot.
        if (
          !(
            error instanceof RefusedError &&
            error.code === 'BucketAlreadyExists' &&
            ctx.interactive &&
            !ctx.answers.given('bucket')
          )
        )
          throw error;
        ctx.out.warn(t('oss.nameTaken', { bucket: spec.name }));
        spec.name = String(
          await ctx.ask('bucket', {
            message: 'oss.askBucket',
            always: true,
            default: await freeName(ctx, token, spec.region),
          }),
        );
        await rememberSpec();
      }
    }
  },

  async plan(ctx, current) {
    const region = String(ctx.answers.value('region'));
    return {
      calls: current.status === 'done' ? ['getBucket'] : ['putBucket'],
      files: current.status === 'done' ? [] : ['state.json'],
      values: {
        region,
        bucket: ctx.answers.value('bucket') ?? t('oss.derivedName'),
        storageClass: ctx.answers.value('storageClass'),
        acl: ctx.answers.value('acl'),
        redundancy: ctx.answers.value('redundancy'),
        endpoint: ossEndpoint(region),
      },
    };
  },
};

async function askSpec(ctx: Context, token: string): Promise<BucketSpec> {
  const regions = REGIONS.filter((r) => ctx.product === 'maxcompute' || r.emr);
  const region = String(
    await ctx.ask('region', {
      message: 'oss.askRegion',
      choices: regions.map((r) => ({
        value: r.id,
        name: `${r.id.padEnd(16)} ${t(`region.${r.id}` as never)}`,
      })),
      check: regionRule(ctx.product),
    }),
  );
  const name = String(
    await ctx.ask('bucket', { message: 'oss.askBucket', default: await freeName(ctx, token, region) }),
  );
  const storageClass = (await ctx.ask('storageClass', {
    message: 'oss.askStorageClass',
    choices: STORAGE_CLASSES.filter((c) => ctx.product === 'maxcompute' || c === 'Standard').map((c) => ({
      value: c,
      name: c,
      description: t(`oss.class.${c}`),
    })),
    check: storageClassRule(ctx.product),
  })) as StorageClass;
  let acl = (await ctx.ask('acl', {
    message: 'oss.askAcl',
    choices: ACLS.map((a) => ({ value: a, name: a, description: t(`oss.acl.${a}`) })),
  })) as BucketAcl;
  if (
    acl !== 'private' &&
    !(await ctx.confirm('oss.confirmPublic', { acl, bucket: name }, { default: false }))
  )
    acl = 'private';
  const redundancy = (await ctx.ask('redundancy', {
    message: 'oss.askRedundancy',
    choices: REDUNDANCIES.map((r) => ({ value: r, name: r, description: t(`oss.redundancy.${r}`) })),
  })) as Redundancy;
  return { name, region, storageClass, acl, redundancy };
}

/**
 * The default bucket name: `emr-<uid suffix>-<region>`, or with a counter when
 * another account holds it. A name this account already owns is fine: the
 * call is idempotent.
 */
export async function freeName(
  ctx: Pick<Context, 'provider'>,
  token: string,
  region: string,
): Promise<string> {
  const account = await ctx.provider.getAccount(token);
  const base = `emr-${account.uid.slice(-6)}-${region}`;
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const owned = await ctx.provider.getBucket(token, candidate).catch(() => undefined);
    if (owned) return candidate;
    if (owned === null && (await ctx.provider.isBucketNameAvailable(candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}
