/**
 * The cloud as the wizard sees it: small interfaces, one per capability,
 * which every provider implements (the simulated one in `simulated/`, the
 * real Alibaba Cloud in `aliyun/`). Every call may throw a ProviderError
 * (`src/core/errors.ts`).
 *
 * Mutating calls that can be retried after a lost response take a
 * `clientToken`: a second call with the same token returns the first call's
 * result instead of acting twice (Alibaba Cloud's ClientToken convention).
 */
import type { MessageKey } from '../core/messages.js';
import type { RunningServer, StartOptions } from './serve/server.js';

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
  /** The reason as a stable code, where the provider has one (a person reads it translated). */
  reasonCode?: string;
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
  /** The simulated cloud only: a key from before version 2, which cannot sign requests to `sim serve`. */
  cannotSign?: boolean;
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

/**
 * Quota Center's outcomes: `Process` (under review), `Agree`, `Disagree` and
 * `Cancel` (withdrawn, e.g. in the console). Rejected and cancelled are final:
 * asking again is a new application.
 */
export type QuotaStatus = 'under_review' | 'approved' | 'rejected' | 'cancelled';

/**
 * A request for pay-as-you-go vCPUs of one instance type. Quota Center files
 * instance-type quotas per dimension (region, zone, billing method, network
 * type); the providers send the region and zone given here, pay-as-you-go and
 * VPC, and every other dimension Quota Center marks required.
 */
export interface QuotaApplicationSpec {
  region: string;
  /** The zone of the region (`cn-hangzhou-i`), one Quota Center lists for it ({@link QuotaCapability.zones}). */
  zone: string;
  instanceType: string;
  vcpuQuota: number;
  reason: string;
}

export interface QuotaApplication extends Omit<QuotaApplicationSpec, 'zone'> {
  id: string;
  /** The zone it was filed for; absent for an application filed without one (before zones were sent). */
  zone?: string;
  status: QuotaStatus;
  submittedAt: string;
  /** When it was approved, rejected or cancelled. */
  decidedAt?: string;
  /** Why it was rejected (Quota Center's `AuditReason`). */
  rejectReason?: string;
}

/**
 * How a provider is reached with an account's authority: a session token of
 * the simulated cloud (after a password sign-in), or an AccessKey (the real
 * cloud, or any endpoint that speaks its protocols).
 */
export type Credential =
  | { kind: 'session'; token: string }
  | { kind: 'access-key'; id: string; secret: string; securityToken?: string };

/** Who the credential belongs to (STS GetCallerIdentity on the real cloud). */
export interface Caller {
  uid: string;
  /** The sign-in address, where the provider knows it. */
  email?: string;
  /** `root`: the account's own credential; `ram-user`: a RAM user's key. */
  principal: 'root' | 'ram-user';
  /** The RAM user's name, for `ram-user`. */
  userName?: string;
}

/** The account behind the credential. */
export interface AccountCapability {
  /** InvalidSession (401) when a session expired; InvalidAccessKeyId.* for a bad key. */
  whoAmI(): Promise<Caller>;
}

/** Real-name verification. */
export interface IdentityCapability {
  get(): Promise<IdentityInfo>;
  /**
   * Submits a verification. Absent where it has no API (the real cloud: the
   * person submits it in the console, and the wizard reads the outcome).
   */
  submit?(input: IdentitySubmission & { clientToken: string }): Promise<IdentityInfo>;
}

/** The AccessKeys of one owner (the account itself, or one RAM user). */
export interface AccessKeyCapability {
  /** The keys, each with its network policy (the real cloud: IMS GetAccessKeyPolicy). */
  list(): Promise<AccessKeyInfo[]>;
  /**
   * LimitExceeded.User.AccessKey at the owner's limit. A non-empty `allowCidrs` is the new
   * key's network policy, set before the secret is returned (the real cloud: IMS
   * SetAccessKeyPolicy right after CreateAccessKey); a key whose policy could not be set is
   * never returned with its secret.
   */
  create(input: { clientToken: string; allowCidrs: string[] }): Promise<CreatedAccessKey>;
  update(id: string, status: AccessKeyStatus): Promise<AccessKeyInfo>;
  /** The key must be Inactive first (`DeleteConflict.AccessKey.Active`). */
  delete(id: string): Promise<void>;
  /**
   * How many keys the owner may have, Active and Inactive together, as the cloud says (the
   * real cloud: IMS GetAccountSummary, `AccountAccessKeysPerAccountQuota` for the account,
   * `AccessKeysPerUserQuota` for a RAM user).
   */
  limit(): Promise<number>;
  /**
   * Where the cloud keeps a deleted key for a while (the real cloud: a RAM user's deleted
   * keys stay in its recycle bin for 30 days); absent where a deleted key is gone at once.
   */
  readonly recycleBin?: { days: number; perOwner: number };
}

/** OSS buckets. */
export interface BucketCapability {
  /** Idempotent for a bucket the account owns with the same settings. */
  put(spec: BucketSpec): Promise<BucketInfo>;
  /** The account's bucket, or null when no bucket has that name; AccessDenied (403) when another account owns it. */
  get(name: string): Promise<BucketInfo | null>;
  list(): Promise<BucketInfo[]>;
}

/** Quota applications (the request for high-end instance types). */
export interface QuotaCapability {
  /**
   * The zones Quota Center lists for the region, in its order
   * (ListProductQuotaDimensions: the `zoneId` values that depend on that `regionId`).
   */
  zones(region: string): Promise<string[]>;
  /** Files an application carrying every dimension Quota Center requires. */
  submit(input: QuotaApplicationSpec & { clientToken: string }): Promise<QuotaApplication>;
  /** `QUOTA.APPLICATION.NOT.FOUND` for an id the account does not have. */
  get(id: string): Promise<QuotaApplication>;
  list(): Promise<QuotaApplication[]>;
}

/** A RAM user of the account. */
export interface RamUser {
  name: string;
  /** `<name>@<default domain>`. */
  principalName: string;
  createdAt: string;
  /** Attached system policies. */
  policies: string[];
  /** Whether the user may sign in to the console. */
  consoleAccess: boolean;
}

/** A RAM role of the account, as RAM GetRole shows it. */
export interface RamRole {
  name: string;
  /** `acs:ram::<uid>:role/<name in lower case>`. */
  arn: string;
  /** Who may assume the role: the trust policy, a JSON text as RAM keeps it (compare it parsed, never as text). */
  trustPolicy: string;
  description: string;
  createdAt: string;
}

/** RAM: users, their system policies, console logon and keys; roles and theirs. */
export interface RamCapability {
  /** The user, or null when the account has none of that name. */
  getUser(name: string): Promise<RamUser | null>;
  /** EntityAlreadyExists.User when the name is taken in the account (RAM has no client token: look first). */
  createUser(input: { name: string; displayName?: string }): Promise<RamUser>;
  /** Whether a system policy of that name exists (GetPolicy). */
  policyExists(name: string): Promise<boolean>;
  listPolicies(userName: string): Promise<string[]>;
  /** EntityAlreadyExists.User.Policy when it is attached already. */
  attachPolicy(userName: string, policyName: string): Promise<void>;
  /** Whether the user may sign in to the console (a login profile exists). */
  hasLoginProfile(userName: string): Promise<boolean>;
  /** Console logon with a password that must be changed at the first logon. */
  createLoginProfile(userName: string, password: string): Promise<void>;
  /** The user's AccessKeys (at most two). */
  userKeys(userName: string): AccessKeyCapability;
  /** The account's default domain (`<uid>.onaliyun.com` unless changed): principal names end in it. */
  defaultDomain(): Promise<string>;
  /** The role, or null when the account has none of that name (GetRole). */
  getRole(name: string): Promise<RamRole | null>;
  /**
   * A role trusted as `trustPolicy` says (CreateRole). RAM has no client token:
   * a repeated name is `EntityAlreadyExists.Role`, so callers look first.
   */
  createRole(input: { name: string; trustPolicy: string; description?: string }): Promise<RamRole>;
  /** Replaces the role's trust policy (UpdateRole); `EntityNotExist.Role` when there is no such role. */
  updateRole(name: string, change: { trustPolicy: string }): Promise<RamRole>;
  /** The policies attached to the role (ListPoliciesForRole). */
  listPoliciesForRole(roleName: string): Promise<string[]>;
  /** Attaches a system policy; `EntityAlreadyExists.Role.Policy` when it is attached already. */
  attachPolicyToRole(roleName: string, policyName: string): Promise<void>;
}

export type MaxComputeBilling = 'payasyougo' | 'subscription';

/** One MaxCompute quota of the account (ListQuotas). */
export interface MaxComputeQuota {
  nickname: string;
  billing: MaxComputeBilling;
  createdAt?: string;
}

/**
 * MaxCompute in one region: activated when the account has a quota there.
 * Activation creates the first pay-as-you-go quota; a subscription quota is
 * bought in the console (onboard never buys one).
 */
export interface MaxComputeActivation {
  region: string;
  /** Every quota of the account in the region, as ListQuotas lists them (all pages). */
  quotas: MaxComputeQuota[];
}

export interface MaxComputeCapability {
  /** The region's quotas, or null when MaxCompute was never activated there (no quota). */
  get(region: string): Promise<MaxComputeActivation | null>;
  /**
   * Activates: creates the region's first pay-as-you-go quota (CreateQuota). A
   * region that has a quota already is returned as it is. Never buys anything.
   */
  activate(input: { region: string; clientToken: string }): Promise<MaxComputeActivation>;
}

/** One account's cloud, reached with one credential: a capability per concern. */
export interface Cloud {
  readonly account: AccountCapability;
  readonly identity: IdentityCapability;
  /** The account's own (root) keys. */
  readonly accessKeys: AccessKeyCapability;
  readonly ram: RamCapability;
  readonly buckets: BucketCapability;
  readonly quotas: QuotaCapability;
  readonly maxcompute: MaxComputeCapability;
}

/** Registering and signing in with an e-mail address and a password (the simulated cloud). */
export interface PasswordAccounts {
  /**
   * Whether an account already uses the address: the sign-up page's own check,
   * made before a password is chosen or a code mailed. A read; never an error for a taken address.
   */
  isRegistered(email: string): Promise<boolean>;
  /** Mails a 6-digit verification code to the address (valid 15 minutes). */
  sendVerificationCode(email: string): Promise<{ email: string; expiresAt: string }>;
  /** AccountAlreadyExists, InvalidVerificationCode, InvalidParameter.Password, ... */
  register(input: {
    email: string;
    password: string;
    verificationCode: string;
    clientToken: string;
  }): Promise<Session>;
  /** InvalidPassword, AccountLocked, AccountNotFound */
  signIn(input: { email: string; password: string }): Promise<Session>;
}

/** A key provider's way in: the credential chain, and the console for what has no API. */
export interface KeyAccounts {
  /**
   * The official credential chain (environment, aliyun CLI profile, shared
   * credentials file; ECS/OIDC/URI only when their variables are set); null
   * when none has a credential. `source` names where it came from, never the secret.
   */
  findCredential(o: {
    env: NodeJS.ProcessEnv;
    home: string;
  }): Promise<{ credential: Credential; source: string } | null>;
  /** Real-name verification is submitted in the console (no API): the wizard reads its outcome. */
  readonly identityInConsole: boolean;
}

/** A provider: how to reach an account's cloud, and what it offers beyond that. */
export interface Provider {
  readonly kind: ProviderKind;
  /** Present when accounts are registered and signed in to with a password. */
  readonly passwordAccounts?: PasswordAccounts;
  /**
   * Where no API can make the account (the real cloud): the console pages
   * the person goes through first, and the credential chain that finds the
   * AccessKey they made (an explicit key aside). Absent for password providers.
   */
  readonly keyAccounts?: KeyAccounts;
  /** The account's cloud, reached with a credential (no call is made yet). */
  connect(credential: Credential): Cloud;
  /** Whether a bucket name is still free across all accounts (needs no account; no error for taken names). */
  isBucketNameAvailable(name: string): Promise<boolean>;
  /** Controls only a simulated cloud has (`onboard sim …`, the simulated inbox). */
  readonly simulation?: SimulationControls;
  /**
   * A command that does now what would otherwise wait (e.g. `sim approve`: it decides pending
   * reviews and buys a waiting subscription, as the console would), to suggest while one waits.
   */
  readonly expedite?: { words: string[]; why: MessageKey };
}

export const PROVIDER_KINDS = ['simulated', 'aliyun'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

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
  /**
   * Decides every pending review now, and does what the person would do in
   * the console: buys a MaxCompute subscription quota in every region where
   * MaxCompute is activated without one. Returns how many of each.
   */
  approvePending(): Promise<{ identities: number; quotaApplications: number; subscriptions: number }>;
  /** Cancels every quota application still under review (Quota Center's `Cancel`); returns how many. */
  cancelPending(): Promise<{ quotaApplications: number }>;
  /** Wipe the simulated cloud back to its seeded state. */
  reset(): Promise<void>;
  /**
   * Serves this cloud over HTTP with Alibaba Cloud's protocols (`onboard sim
   * serve`, §5.1), with the same latency, review time and faults. Its file is
   * read once first (StoreError when corrupt); resolves once listening.
   */
  serve(options: Omit<StartOptions, 'backend'>): Promise<{ server: RunningServer; file: string }>;
}
