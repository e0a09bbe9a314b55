/**
 * OSS buckets (SPEC §4.4). Names are global across all accounts; creating a
 * bucket one already owns with the same settings succeeds, as in real OSS.
 */
import { checkBucketName, checkRegion, ossEndpoint } from '../../validate/index.js';
import { ACLS, type BucketInfo, type BucketSpec, REDUNDANCIES, STORAGE_CLASSES } from '../types.js';
import { iso, oneOf, str } from './common.js';
import { providerError } from './errors.js';
import { requireVerified } from './identity.js';
import { read, type Scope, type World, write } from './rules.js';
import type { StoredBucket } from './state.js';

/** Buckets one account may own in one region. */
export const MAX_BUCKETS_PER_REGION = 100;

function info(bucket: StoredBucket): BucketInfo {
  const { name, region, storageClass, acl, redundancy, created } = bucket;
  return { name, region, storageClass, acl, redundancy, created, endpoint: ossEndpoint(region) };
}

/**
 * Creates a bucket, or confirms one the account already owns with the same
 * region, storage class and redundancy (updating its ACL if it differs, like
 * PutBucket on real OSS). Parameters are checked first, then real-name
 * verification, then the name's owner.
 */
export function putBucket({ db, account, ctx }: Scope, spec: BucketSpec): BucketInfo {
  const name = str(spec.name);
  if (checkBucketName(name)) throw providerError('InvalidBucketName', { bucket: name });
  const region = str(spec.region);
  if (checkRegion(region)) throw providerError('InvalidLocationConstraint', { region });
  const storageClass = oneOf('storageClass', spec.storageClass, STORAGE_CLASSES);
  const acl = oneOf('acl', spec.acl, ACLS);
  const redundancy = oneOf('redundancy', spec.redundancy, REDUNDANCIES);
  requireVerified(account, ctx);

  const existing = db.bucket(name);
  if (existing) {
    const same =
      existing.owner === account.uid &&
      existing.region === region &&
      existing.storageClass === storageClass &&
      existing.redundancy === redundancy;
    if (!same) throw providerError('BucketAlreadyExists', { bucket: name });
    existing.acl = acl;
    return info(existing);
  }

  const inRegion = db.bucketCount(account.uid, region);
  if (inRegion >= MAX_BUCKETS_PER_REGION) {
    throw providerError('TooManyBuckets', { region, limit: MAX_BUCKETS_PER_REGION });
  }
  const bucket: StoredBucket = {
    name,
    owner: account.uid,
    region,
    storageClass,
    acl,
    redundancy,
    created: iso(ctx.now),
  };
  db.addBucket(bucket);
  return info(bucket);
}

/** The account's bucket of that name; null when there is none; `AccessDenied` when it is someone else's. */
export function getBucket({ db, account }: Scope, name: string): BucketInfo | null {
  const bucket = db.bucket(str(name));
  if (!bucket) return null;
  if (bucket.owner !== account.uid) throw providerError('AccessDenied', { bucket: name });
  return info(bucket);
}

/** The region of the bucket of that name, whoever owns it; undefined when there is none. */
export function bucketRegion({ db }: World, name: string): string | undefined {
  return db.bucket(str(name))?.region;
}

/** Whether nobody owns the name (an invalid name is never available). */
export function isBucketNameAvailable({ db }: World, name: string): boolean {
  const value = str(name);
  return checkBucketName(value) === null && db.bucket(value) === undefined;
}

/** The account's buckets, by name (as OSS ListBuckets orders them). */
export function listBuckets({ db, account }: Scope): BucketInfo[] {
  return db
    .bucketsOf(account.uid)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(info);
}

/**
 * Deletes one of the account's buckets (OSS DeleteBucket). A name nobody owns
 * is `NoSuchBucket`; another account's bucket is `AccessDenied`. Buckets here
 * hold no objects, so OSS's `BucketNotEmpty` never applies.
 */
export function deleteBucket({ db, account }: Scope, name: string): void {
  const bucket = db.bucket(str(name));
  if (!bucket) throw providerError('NoSuchBucket', { bucket: str(name) });
  if (bucket.owner !== account.uid) throw providerError('AccessDenied', { bucket: bucket.name });
  db.removeBucket(bucket);
}

/** The `buckets` capability. */
export const BUCKET_RULES = {
  put: write('putBucket', putBucket),
  get: read(getBucket),
  list: read(listBuckets),
};

/** What needs no account: whether a name is free (`Provider.isBucketNameAvailable`). */
export const BUCKET_NAME_RULES = { isBucketNameAvailable: read(isBucketNameAvailable) };
