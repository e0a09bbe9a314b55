/**
 * The simulated cloud's records, and the shape of `simulated-cloud.json`,
 * the one-file store before the database (`store.ts`): such a file is
 * validated as a whole when it is migrated (a file that does not match is
 * reported as corrupt, never repaired or replaced), and the records the
 * database keeps (`records.ts`) are these shapes cut per entity. Times are
 * ISO strings; review outcomes are not stored but computed when read (see
 * `identity.ts`, `quota.ts`), so reading never needs to write.
 */
import * as z from 'zod/mini';
import { ACLS, REDUNDANCIES, STORAGE_CLASSES } from '../types.js';

const iso = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO time'));
const count = z.number().check(z.int(), z.nonnegative());

const saltedHash = z.object({
  alg: z.enum(['scrypt', 'sha256']),
  salt: z.string(),
  hash: z.string(),
  N: z.optional(z.number().check(z.int(), z.positive())),
});

const identity = z.object({
  /** `under_review` is the stored state until `decideAt`; the decision itself is derived. */
  status: z.enum(['none', 'under_review', 'verified', 'rejected']),
  type: z.optional(z.enum(['individual', 'enterprise'])),
  name: z.optional(z.string()),
  submittedAt: z.optional(iso),
  decideAt: z.optional(iso),
  decidedAt: z.optional(iso),
  reason: z.optional(z.string()),
  /** clientTokens of every submission, newest last, so a replay returns instead of resubmitting. */
  clientTokens: z.array(z.string()),
});

const accessKey = z.object({
  id: z.string().check(z.regex(/^LTAI[A-Za-z0-9]{20}$/)),
  /**
   * Keys made before version 2 kept a salted hash of their secret: they still
   * show and work inside onboard, but cannot sign served requests. Newer keys
   * keep nothing: their secret is derived from the id and the cloud's seed.
   */
  secret: z.optional(saltedHash),
  derived: z.optional(z.literal(true)),
  status: z.enum(['Active', 'Inactive']),
  created: iso,
  lastUsed: z.nullable(iso),
  allowCidrs: z.array(z.string()),
  clientToken: z.optional(z.string()),
});

const ramUser = z.object({
  name: z.string(),
  displayName: z.optional(z.string()),
  createdAt: iso,
  /** System policies attached, in the order attached. */
  policies: z.array(z.string()),
  loginProfile: z.optional(
    z.object({ password: saltedHash, passwordResetRequired: z.boolean(), createdAt: iso }),
  ),
  accessKeys: z.array(accessKey),
});

const ramRole = z.object({
  name: z.string(),
  description: z.optional(z.string()),
  /** The trust policy (AssumeRolePolicyDocument) as it was sent: a JSON text. */
  trustPolicy: z.string(),
  maxSessionDuration: z._default(count, 3600),
  createdAt: iso,
  updatedAt: iso,
  /** System policies attached, in the order attached. */
  policies: z.array(z.string()),
});

/**
 * A MaxCompute quota of the account (ListQuotas). The first pay-as-you-go one
 * activates the region (CreateQuota); a subscription one is bought in the
 * console (`onboard sim approve` buys it here).
 *
 * Before version 3 a subscription "activation" could be an unpaid order
 * (`status: 'unpaid'`, an `orderId`), which MaxCompute does not have: such a
 * record is read as what activation creates now, the pay-as-you-go quota (the
 * subscription was never bought). A paid one stays a subscription quota.
 */
const maxComputeQuota = z.pipe(
  z.object({
    region: z.string(),
    billing: z.enum(['payasyougo', 'subscription']),
    /** Before version 3 only: `unpaid` for an order never paid. */
    status: z.optional(z.enum(['active', 'unpaid'])),
    /** A subscription's order (ListQuotas `billingPolicy.orderId`). */
    orderId: z.optional(z.string()),
    /** The quota's nickname (`os_<uid>` for the pay-as-you-go quota, as the console names it). */
    quotaNickname: z.string(),
    createdAt: iso,
    activatedAt: z.optional(iso),
    clientToken: z.string(),
  }),
  z.transform(({ status, ...quota }) => {
    if (status !== 'unpaid') return quota;
    const { orderId: _unpaid, ...rest } = quota;
    return { ...rest, billing: 'payasyougo' as const };
  }),
);

const quotaApplication = z.object({
  id: z.string(),
  region: z.string(),
  /** The dimensions it was filed with (known keys only: see `dimensions.ts`); absent before version 3. */
  dimensions: z.optional(z.record(z.string(), z.string())),
  instanceType: z.string(),
  vcpuQuota: count,
  reason: z.string(),
  submittedAt: iso,
  decideAt: iso,
  /** Set when it was cancelled while under review (`onboard sim cancel`): Quota Center's `Cancel`. */
  cancelledAt: z.optional(iso),
  clientToken: z.string(),
});

const account = z.object({
  uid: z.string().check(z.regex(/^[1-9][0-9]{15}$/)),
  /** Lower case: addresses are matched case-insensitively. */
  email: z.string(),
  createdAt: iso,
  password: saltedHash,
  /** The clientToken of the registration that created the account (replay after a lost response). */
  registerClientToken: z.optional(z.string()),
  failedSignIns: z._default(count, 0),
  lockedUntil: z.optional(iso),
  identity: z._default(identity, () => ({ status: 'none' as const, clientTokens: [] })),
  accessKeys: z._default(z.array(accessKey), []),
  quotaApplications: z._default(z.array(quotaApplication), []),
  /** The domain of RAM users' principal names; `<uid>.onaliyun.com` when never changed. */
  defaultDomain: z.optional(z.string()),
  ramUsers: z._default(z.array(ramUser), []),
  ramRoles: z._default(z.array(ramRole), []),
  /** MaxCompute quotas, in the order they were made (a region is activated when it has one). */
  maxcompute: z._default(z.array(maxComputeQuota), []),
});

const session = z.object({
  /** sha256 of the token; the token itself is never stored. */
  tokenHash: z.string(),
  uid: z.string(),
  issuedAt: iso,
  expiresAt: iso,
});

const inboxMessage = z.object({
  to: z.string(),
  subject: z.string(),
  code: z.string(),
  sentAt: iso,
  expiresAt: iso,
  /** Set when a registration consumed the code. */
  used: z.boolean(),
});

const bucket = z.object({
  name: z.string(),
  owner: z.string(),
  region: z.string(),
  storageClass: z.enum(STORAGE_CLASSES),
  acl: z.enum(ACLS),
  redundancy: z.enum(REDUNDANCIES),
  created: iso,
});

/** The whole simulated cloud, as `simulated-cloud.json` held it (and as `exportCloud` gives it back). */
export const cloudSchema = z.object({
  /** 1: before RAM users, MaxCompute and derived secrets (read as 2); 2: the last one-file version. */
  version: z.union([z.literal(1), z.literal(2)]),
  /**
   * The random seed each key's secret is derived from (created with the first
   * key of version 2). The database keeps it out of its records: in its own
   * key file (`key-file.ts`).
   */
  secretSeed: z.optional(z.string()),
  accounts: z.array(account),
  sessions: z.array(session),
  inbox: z.array(inboxMessage),
  buckets: z.array(bucket),
});

export type CloudState = z.infer<typeof cloudSchema>;

/** An account as the one-file store held it: with its RAM users and roles inside. */
export type WholeAccount = z.infer<typeof account>;

/**
 * An account's own record: everything but its RAM users and roles, which are
 * records of their own (an account may hold a thousand users; a call about
 * one of them reads that one).
 */
export type StoredAccount = Omit<WholeAccount, 'ramUsers' | 'ramRoles'>;

/**
 * A new account's record: the fields given, and everything else (its
 * collections, counters, an unverified identity) at the schema's defaults, so
 * a new kind of resource is added to the schema alone.
 */
export function newAccount(fields: z.input<typeof account>): StoredAccount {
  return accountRecord(z.parse(account, fields));
}

/** The account's own record, without its users and roles. */
export function accountRecord(whole: WholeAccount): StoredAccount {
  const { ramUsers: _users, ramRoles: _roles, ...record } = whole;
  return record;
}
export type StoredIdentity = z.infer<typeof identity>;
export type StoredAccessKey = z.infer<typeof accessKey>;
export type StoredQuotaApplication = z.infer<typeof quotaApplication>;
export type StoredBucket = z.infer<typeof bucket>;
export type StoredSession = z.infer<typeof session>;
export type StoredMail = z.infer<typeof inboxMessage>;
export type StoredRamUser = z.infer<typeof ramUser>;
export type StoredRamRole = z.infer<typeof ramRole>;
export type StoredMaxComputeQuota = z.infer<typeof maxComputeQuota>;
