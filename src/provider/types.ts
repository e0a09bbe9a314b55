/**
 * The cloud as the wizard sees it. The simulated provider implements this
 * interface today; a real Alibaba Cloud adapter can sit beside it later
 * without the steps changing. Every call may throw a {@link ProviderError}.
 *
 * Mutating calls that can be retried after a lost response take a
 * `clientToken`: a second call with the same token returns the first call's
 * result instead of acting twice (Alibaba Cloud's ClientToken convention).
 */

/** Operations that change the cloud and can be faulted by `ONBOARD_SIM_FAULTS`. */
export const MUTATING_OPERATIONS = [
  'registerAccount',
  'signIn',
  'submitIdentity',
  'createAccessKey',
  'updateAccessKey',
  'deleteAccessKey',
  'putBucket',
  'submitQuotaApplication',
] as const;
export type MutatingOperation = (typeof MUTATING_OPERATIONS)[number];

/** A provider error shaped like Alibaba Cloud's: code, HTTP status, message, request id. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly requestId: string,
    readonly retryable = false,
    /** Extra machine-readable facts (never secrets), e.g. `{ lockedUntil }`. */
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A signed-in session. The token is the only credential the wizard stores. */
export interface Session {
  token: string;
  uid: string;
  email: string;
  /** ISO time; the provider rejects the token after it (12 hours after issue). */
  expiresAt: string;
}

export type IdentityType = 'individual' | 'enterprise';
export type IdType = 'cn-resident-id' | 'passport';

export type IdentitySubmission =
  | { type: 'individual'; legalName: string; idType: IdType; idNumber: string; idCountry?: string }
  | { type: 'enterprise'; companyName: string; creditCode: string; legalRepresentative: string };

export type IdentityStatus = 'none' | 'under_review' | 'verified' | 'rejected';

/** The real-name verification state. Never carries the ID number. */
export interface IdentityInfo {
  status: IdentityStatus;
  type?: IdentityType;
  /** Legal name or company name as submitted. */
  name?: string;
  submittedAt?: string;
  decidedAt?: string;
  /** Why a verification was rejected. */
  reason?: string;
}

export interface AccountInfo {
  uid: string;
  email: string;
  createdAt: string;
  identity: IdentityInfo;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

/** AccessKey metadata; the secret is only ever returned once by createAccessKey. */
export interface AccessKeyInfo {
  id: string;
  status: AccessKeyStatus;
  created: string;
  lastUsed: string | null;
  /** Network access policy: CIDR blocks the key may be used from (empty = anywhere). */
  allowCidrs: string[];
  /** The clientToken the key was created with, so a client can find a key whose response it lost. */
  clientToken?: string;
}

export interface CreatedAccessKey {
  key: AccessKeyInfo;
  /**
   * The secret, exactly once. `null` when the call was a replay of an earlier
   * call with the same clientToken: the key exists but its secret is gone.
   */
  secret: string | null;
}

/** OSS's storage classes, ACLs and redundancy types: the one list every layer uses. */
export const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const;
export const ACLS = ['private', 'public-read', 'public-read-write'] as const;
export const REDUNDANCIES = ['LRS', 'ZRS'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
export type BucketAcl = (typeof ACLS)[number];
export type Redundancy = (typeof REDUNDANCIES)[number];

export interface BucketSpec {
  name: string;
  region: string;
  storageClass: StorageClass;
  acl: BucketAcl;
  redundancy: Redundancy;
}

export interface BucketInfo extends BucketSpec {
  created: string;
  /** `oss-<region>.aliyuncs.com` */
  endpoint: string;
}

export type QuotaStatus = 'under_review' | 'approved' | 'rejected';

export interface QuotaApplicationSpec {
  region: string;
  instanceType: string;
  vcpuQuota: number;
  reason: string;
}

export interface QuotaApplication extends QuotaApplicationSpec {
  id: string;
  status: QuotaStatus;
  submittedAt: string;
  decidedAt?: string;
  /** Why it was rejected. */
  rejectReason?: string;
}

/** The one interface every provider implements. */
export interface Provider {
  /** `simulated` or, later, `aliyun`. */
  readonly kind: string;

  /** Mails a 6-digit verification code to the address (valid 15 minutes). */
  sendVerificationCode(email: string): Promise<{ email: string; expiresAt: string }>;
  /** AccountAlreadyExists, InvalidVerificationCode, InvalidParameter.Password, ... */
  registerAccount(input: {
    email: string;
    password: string;
    verificationCode: string;
    clientToken: string;
  }): Promise<Session>;
  /** InvalidPassword, AccountLocked, AccountNotFound */
  signIn(input: { email: string; password: string }): Promise<Session>;
  /** InvalidSession (401) when the token is unknown or expired. */
  getAccount(token: string): Promise<AccountInfo>;

  submitIdentity(token: string, input: IdentitySubmission & { clientToken: string }): Promise<IdentityInfo>;
  getIdentity(token: string): Promise<IdentityInfo>;

  listAccessKeys(token: string): Promise<AccessKeyInfo[]>;
  /** LimitExceeded.User.AccessKey at five keys. */
  createAccessKey(
    token: string,
    input: { clientToken: string; allowCidrs: string[] },
  ): Promise<CreatedAccessKey>;
  updateAccessKey(token: string, id: string, status: AccessKeyStatus): Promise<AccessKeyInfo>;
  /** The key must be Inactive first. */
  deleteAccessKey(token: string, id: string): Promise<void>;

  /** Idempotent for a bucket the account owns with the same settings. */
  putBucket(token: string, spec: BucketSpec): Promise<BucketInfo>;
  /** The account's bucket, or null when no bucket has that name; AccessDenied (403) when another account owns it. */
  getBucket(token: string, name: string): Promise<BucketInfo | null>;
  /** Whether a bucket name is still free across all accounts (no error for taken names). */
  isBucketNameAvailable(name: string): Promise<boolean>;
  listBuckets(token: string): Promise<BucketInfo[]>;

  submitQuotaApplication(
    token: string,
    input: QuotaApplicationSpec & { clientToken: string },
  ): Promise<QuotaApplication>;
  getQuotaApplication(token: string, id: string): Promise<QuotaApplication>;
  listQuotaApplications(token: string): Promise<QuotaApplication[]>;
}

/** One "mailed" message in the simulated inbox. */
export interface InboxMessage {
  to: string;
  subject: string;
  /** The verification code (the inbox is the one place it is shown). */
  code: string;
  sentAt: string;
  expiresAt: string;
}

/** Controls that only the simulated provider has (`onboard sim ...`). */
export interface SimulationControls {
  inbox(email?: string): Promise<InboxMessage[]>;
  /** The newest unexpired code mailed to the address, if any. */
  latestCode(email: string): Promise<string | null>;
  /** Decide every pending review now; returns how many were decided. */
  approvePending(): Promise<{ identities: number; quotaApplications: number }>;
  /** Wipe the simulated cloud back to its seeded state. */
  reset(): Promise<void>;
}
