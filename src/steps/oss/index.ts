/**
 * Step — an OSS bucket in the region where the cluster will run. Creating a
 * bucket the account already owns with the same settings succeeds, so the
 * call is safe to repeat after a crash or a lost response.
 */
import * as z from 'zod/mini';
import { ProviderError, RefusedError, UsageError } from '../../core/errors.js';
import type { Product } from '../../core/types.js';
import { ramOwnerId } from '../../delivery/ram-key.js';
import { t } from '../../i18n/index.js';
import {
  ACLS,
  type BucketInfo,
  type BucketSpec,
  type Cloud,
  REDUNDANCIES,
  STORAGE_CLASSES,
} from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import { checkBucketName, ossEndpoint } from '../../validate/index.js';
import { providerHints } from '../../wizard/calls.js';
import { defineFields } from '../../wizard/field.js';
import {
  type DoctorContext,
  type DoctorFinding,
  defineStep,
  type StepContext,
  type StepState,
  state,
} from '../../wizard/step.js';
import { consoleUrl } from '../console.js';
import { askRegion, REGION_FIELDS, regionRule } from '../region.js';

const fields = defineFields({
  ...REGION_FIELDS,
  bucket: {
    flag: '--bucket',
    arg: '<name>',
    env: 'ONBOARD_BUCKET',
    type: 'string',
    check: checkBucketName,
    pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    remember: true,
    help: 'field.bucket',
  },
  storageClass: {
    flag: '--storage-class',
    arg: '<class>',
    env: 'ONBOARD_STORAGE_CLASS',
    type: 'enum',
    values: STORAGE_CLASSES,
    default: 'Standard',
    remember: true,
    help: 'field.storageClass',
  },
  acl: {
    flag: '--acl',
    arg: '<acl>',
    env: 'ONBOARD_ACL',
    type: 'enum',
    values: ACLS,
    default: 'private',
    remember: true,
    help: 'field.acl',
  },
  redundancy: {
    flag: '--redundancy',
    arg: '<type>',
    env: 'ONBOARD_REDUNDANCY',
    type: 'enum',
    values: REDUNDANCIES,
    default: 'LRS',
    remember: true,
    help: 'field.redundancy',
  },
});
type Ctx = StepContext<typeof fields>;

const data = z.object({ bucket: z.optional(z.string()), region: z.optional(z.string()) });

/** E-MapReduce works with the Standard storage class only. */
function storageClassRule(product: Product) {
  return (v: string) =>
    product !== 'maxcompute' && v !== 'Standard'
      ? { key: 'oss.standardOnly' as const, params: { value: v } }
      : null;
}

function bucketState(b: BucketInfo): StepState {
  const endpoint = ossEndpoint(b.region);
  const { name, region, storageClass, acl, redundancy } = b;
  return state('done', t('oss.done', { bucket: name, endpoint }), {
    name,
    region,
    storageClass,
    acl,
    redundancy,
    bucket: name,
    endpoint,
  });
}

export const oss = defineStep({
  id: 'oss',
  title: 'step.oss',
  fields,
  needed: (product) => product !== 'maxcompute',

  async check(ctx) {
    const saved = ctx.data(data);
    if (!saved.bucket) return state('todo', t('oss.todo'));
    if (!ctx.cloud) {
      return state(ctx.recorded(), t('oss.offline', { bucket: saved.bucket }), {
        bucket: saved.bucket,
        region: saved.region ?? null,
        live: false,
      });
    }
    const bucket = await ctx.cloud.buckets.get(saved.bucket).catch(() => null);
    return bucket
      ? bucketState(bucket)
      : state('todo', t('oss.missing', { bucket: saved.bucket }), { bucket: saved.bucket });
  },

  validate(ctx, willRun) {
    const fail = (
      key: 'region' | 'storageClass',
      bad: { key: Parameters<typeof t>[0]; params?: Record<string, string | number> } | null,
    ) => {
      if (bad)
        throw new UsageError(
          'answers.invalid',
          { where: ctx.answers.where(key), rule: t(bad.key, bad.params ?? {}) },
          [],
          'InvalidValue',
        );
    };
    const region = ctx.answers.given('region');
    if (region !== undefined) fail('region', regionRule(ctx.product)(region));
    const storageClass = ctx.answers.given('storageClass');
    if (storageClass !== undefined) fail('storageClass', storageClassRule(ctx.product)(storageClass));
    const acl = ctx.answers.value('acl');
    if (willRun && !ctx.interactive && !ctx.yes && acl !== undefined && acl !== 'private') {
      throw new UsageError('oss.publicNeedsYes', { acl }, [], 'ConfirmationNeeded');
    }
  },

  /**
   * A --bucket that another account holds would fail at this step, after the
   * account, identity and key were done; say so before anything changes.
   * (Read-only look-ups; the put itself stays the authority.)
   */
  async preflight(ctx) {
    const name = ctx.answers.given('bucket');
    if (name === undefined || (await ctx.provider.isBucketNameAvailable(name))) return;
    if (ctx.cloud && (await ctx.cloud.buckets.get(name).catch(() => null))) return;
    const cause = new ProviderError(
      'BucketAlreadyExists',
      409,
      'The requested bucket name is not available.',
      '-',
    );
    const error = new RefusedError(cause, providerHints(cause));
    error.step = 'oss';
    throw error;
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const spec = await askSpec(ctx, cloud);
    // Remembered before the call: after a crash the next run offers this very
    // bucket (the call is idempotent), not a new default that would make a second one.
    const rememberSpec = () =>
      ctx.remember({
        region: spec.region,
        bucket: spec.name,
        storageClass: spec.storageClass,
        acl: spec.acl,
        redundancy: spec.redundancy,
      });
    await rememberSpec();
    for (;;) {
      try {
        const bucket = await ctx.call(t('oss.creating', { bucket: spec.name, region: spec.region }), () =>
          cloud.buckets.put(spec),
        );
        await ctx.record('done', { bucket: bucket.name, region: bucket.region });
        return bucketState(bucket);
      } catch (error) {
        // A taken name is the one refusal a person can fix on the spot.
        const fixable =
          error instanceof RefusedError &&
          error.code === 'BucketAlreadyExists' &&
          ctx.interactive &&
          ctx.answers.given('bucket') === undefined;
        if (!fixable) throw error;
        ctx.out.warn(t('oss.nameTaken', { bucket: spec.name }));
        spec.name = await ctx.ask('bucket', {
          message: 'oss.askBucket',
          always: true,
          default: await freeName(ctx.provider, cloud, spec.region),
        });
        await rememberSpec();
      }
    }
  },

  async plan(ctx, current) {
    const region = ctx.answers.value('region') ?? '';
    return {
      calls: current.status === 'done' ? ['getBucket'] : ['putBucket'],
      files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
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

  next(current, ctx) {
    const { bucket, region } = current.details;
    if (current.status !== 'done' || typeof bucket !== 'string' || typeof region !== 'string') return [];
    const status = ctx.commands.command('status');
    return [
      {
        command: status,
        why: t('oss.nextCluster', { bucket, region, url: consoleUrl(ctx.profileState(), 'emr') }),
      },
      // On the real cloud the bucket is also where its console shows it.
      ...(ctx.provider.keyAccounts
        ? [
            {
              command: status,
              why: t('oss.nextConsole', { bucket, url: consoleUrl(ctx.profileState(), 'ossBuckets') }),
            },
          ]
        : []),
    ];
  },

  /** The bucket is still there, and the RAM user's key can read it (as that user, where a key can be used). */
  async doctor(ctx) {
    const { bucket } = ctx.data(data);
    if (!bucket) return [];
    const found = await ctx.cloud.buckets.get(bucket).catch(() => null);
    if (!found) {
      const fix = ctx.commands.command('run', '--step', 'oss');
      return [
        { id: `bucket:${bucket}`, status: 'problem', summary: t('doctor.bucketGone', { bucket }), fix },
      ];
    }
    const findings: DoctorFinding[] = [
      {
        id: `bucket:${bucket}`,
        status: 'ok',
        summary: t('doctor.bucketOk', { bucket, region: found.region }),
      },
    ];
    const user = ctx.peek('ramuser').name;
    if (typeof user === 'string') findings.push(await readableBy(ctx, bucket, user));
    return findings;
  },
});

/** System policies that let a RAM user read a bucket (GetBucketInfo). */
const OSS_READERS = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'AliyunOSSFullAccess',
  'AliyunOSSReadOnlyAccess',
];

/**
 * Whether the RAM user can read the bucket: OSS GetBucketInfo made with its
 * delivered key; where the provider takes no key in-process (the simulated
 * one), whether a policy attached to the user allows it.
 */
async function readableBy(
  ctx: DoctorContext<typeof fields>,
  bucket: string,
  user: string,
): Promise<DoctorFinding> {
  const id = `bucketAccess:${user}:${bucket}`;
  const fix = ctx.commands.command('run', '--step', 'ramuser');
  if (!ctx.provider.keyAccounts) {
    const policies = (await ctx.cloud.ram.getUser(user))?.policies ?? [];
    return policies.some((p) => OSS_READERS.includes(p))
      ? { id, status: 'ok', summary: t('doctor.bucketPolicyOk', { user, bucket }) }
      : {
          id,
          status: 'problem',
          summary: t('doctor.bucketDenied', { user, bucket, code: 'no OSS policy' }),
          fix,
        };
  }
  const asUser = await ctx.asOwner(ramOwnerId(user));
  if (!asUser) return { id, status: 'warning', summary: t('doctor.bucketUnchecked', { user, bucket }) };
  try {
    await asUser.buckets.get(bucket);
    return { id, status: 'ok', summary: t('doctor.bucketReadable', { user, bucket }) };
  } catch (error) {
    const code = error instanceof ProviderError ? error.code : String(error);
    return { id, status: 'problem', summary: t('doctor.bucketDenied', { user, bucket, code }), fix };
  }
}

async function askSpec(ctx: Ctx, cloud: Cloud): Promise<BucketSpec> {
  const region = await askRegion(ctx);
  const name = await ctx.ask('bucket', {
    message: 'oss.askBucket',
    default: await freeName(ctx.provider, cloud, region),
  });
  const storageClass = await ctx.ask('storageClass', {
    message: 'oss.askStorageClass',
    choices: STORAGE_CLASSES.filter((c) => ctx.product === 'maxcompute' || c === 'Standard').map((c) => ({
      value: c,
      name: t(`oss.className.${c}`),
      description: t(`oss.class.${c}`),
    })),
    check: storageClassRule(ctx.product),
  });
  let acl = await ctx.ask('acl', {
    message: 'oss.askAcl',
    choices: ACLS.map((a) => ({ value: a, name: t(`oss.aclName.${a}`), description: t(`oss.acl.${a}`) })),
  });
  if (
    acl !== 'private' &&
    !(await ctx.confirm('oss.confirmPublic', { acl, bucket: name }, { default: false }))
  )
    acl = 'private';
  const redundancy = await ctx.ask('redundancy', {
    message: 'oss.askRedundancy',
    choices: REDUNDANCIES.map((r) => ({
      value: r,
      name: t(`oss.redundancyName.${r}`),
      description: t(`oss.redundancy.${r}`),
    })),
  });
  return { name, region, storageClass, acl, redundancy };
}

/**
 * The default bucket name: `emr-<uid suffix>-<region>`, or with a counter when
 * another account holds it. A name this account already owns is fine: the
 * call is idempotent.
 */
export async function freeName(
  provider: Pick<Ctx['provider'], 'isBucketNameAvailable'>,
  cloud: Cloud,
  region: string,
): Promise<string> {
  const who = await cloud.account.whoAmI();
  const base = `emr-${who.uid.slice(-6)}-${region}`;
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const owned = await cloud.buckets.get(candidate).catch(() => undefined);
    if (owned) return candidate;
    if (owned === null && (await provider.isBucketNameAvailable(candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}
