/**
 * The shape of the local store: the wizard's progress, one file per profile
 * (`profiles/<name>.json`). It never holds a password, an AccessKey secret or
 * a verification code; the one credential is the profile's session token.
 * Each step keeps its own facts under `steps.<id>.data`, validated by that
 * step, so a new step needs no change here.
 */
import * as z from 'zod/mini';

/** The last version of the earlier one-file store, `state.json` (every profile in one file). */
export const STATE_VERSION = 2;
/** The version of a profile's own file; 3 is the first (the layout that replaced `state.json` version 2). */
export const PROFILE_VERSION = 3;

/** What a profile may be called (SPEC §3); its file is named after it. */
export const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const iso = z.string().check(z.minLength(1));

/** A value stored as an earlier answer (never a secret). */
export const storedAnswer = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const stepRecord = z.object({
  status: z.enum(['done', 'todo', 'waiting', 'failed', 'skipped']),
  updatedAt: iso,
  /** Step-owned facts; each step validates its own slice. */
  data: z._default(z.record(z.string(), z.unknown()), {}),
});
export type StepRecord = z.infer<typeof stepRecord>;

export const sessionRecord = z.object({
  token: z.string().check(z.minLength(16)),
  uid: z.string().check(z.regex(/^\d{16}$/)),
  email: z.string(),
  expiresAt: iso,
});

/** Where a delivered secret went (never the secret). */
export const savedTo = z.object({
  target: z.string(),
  profile: z.optional(z.string()),
  path: z.optional(z.string()),
});

/** A key whose secret reached the person. */
export const deliveredKey = z.object({
  id: z.string(),
  /** csv, stdout, targets, confirmed (seen on screen). */
  via: z.string(),
  csv: z.optional(z.string()),
  savedTo: z.optional(z.array(savedTo)),
});

/**
 * A key creation in flight: saved before the create call with a fresh
 * clientToken, so the next run can find the key after any crash and either
 * count it as delivered (its CSV or profile holds it) or discard it.
 */
export const pendingKey = z.object({
  clientToken: z.string(),
  startedAt: iso,
  keyId: z.optional(z.string()),
  csv: z.optional(z.string()),
  /** Delivery targets chosen for it, e.g. `aliyun-cli:dev` (their files may hold it after a crash). */
  targets: z.optional(z.array(z.string())),
  /** The secret was on screen (interactive) before the run stopped: ask before discarding. */
  shown: z.optional(z.boolean()),
  /**
   * The owner's keys before the create call. Where the provider keeps no client
   * token (the real cloud), a key that is not among them is the one this intent made.
   */
  before: z.optional(z.array(z.string())),
});

/** The keys of one owner (`root`, or `ram:<user>`). */
export const keyOwnerRecord = z.object({
  delivered: z._default(z.array(deliveredKey), []),
  pending: z.optional(pendingKey),
});
export type KeyOwnerRecord = z.infer<typeof keyOwnerRecord>;

/**
 * A key rotation in flight (`onboard keys rotate`), per owner: its plan and
 * how far it got, saved before each action so that the next run finishes it
 * or rolls it back. Never a secret: after a crash the new key's secret is
 * read back from a target that holds it.
 */
export const rotationRecord = z.object({
  /** The key being replaced, and its status when the rotation began (restored by a roll back). */
  oldKeyId: z.string(),
  oldStatus: z.enum(['Active', 'Inactive', 'Gone']),
  startedAt: iso,
  /** The last action begun (each is saved before it is made). */
  phase: z.enum(['freeing', 'creating', 'verified', 'delivering', 'delivered', 'disabling', 'deleting']),
  /** A key to disable and delete first, to make room (`--disable-first`). */
  freeing: z.optional(z.string()),
  /** The create call's client token, and the owner's keys before it (where keys carry no token). */
  clientToken: z.string(),
  before: z._default(z.array(z.string()), []),
  newKeyId: z.optional(z.string()),
  /** Where the new key goes: profiles and sections replaced in place (with their files). */
  targets: z._default(
    z.array(
      z.object({ target: z.enum(['aliyun-cli', 'credentials']), profile: z.string(), path: z.string() }),
    ),
    [],
  ),
  /** The old key's CSV, and the new one's beside it. */
  csv: z.optional(z.object({ old: z.string(), new: z.string() })),
  /** `export` lines, and the secret on screen or stdout: printed again. */
  env: z._default(z.boolean(), false),
  screen: z._default(z.boolean(), false),
  /** The new secret was shown (interactive): ask before discarding it. */
  shown: z.optional(z.boolean()),
  /** How the new key was checked: `sts` (a call made with it) or `provider` (listed, Active, the owner's). */
  verification: z.optional(z.enum(['sts', 'provider'])),
  /** Whether the old key is deleted once disabled (decided by `--delete-old` or a person). */
  deleteOld: z.optional(z.boolean()),
  /** The old delivery's record, restored by a roll back. */
  delivered: z.optional(deliveredKey),
});
export type RotationRecord = z.infer<typeof rotationRecord>;

/**
 * The cloud a profile is set up with (SPEC §5.2): later commands on the
 * profile use it without the flags. `provider` is one of the provider kinds
 * (`simulated`, `aliyun`); `endpoint` is `--endpoint` as it was given.
 */
export const profileCloud = z.object({
  provider: z.enum(['simulated', 'aliyun']),
  endpoint: z.optional(z.string()),
});
export type ProfileCloud = z.infer<typeof profileCloud>;

export const profileState = z.object({
  createdAt: iso,
  updatedAt: iso,
  /** Absent in files from before profiles kept it: see `cloudOf`. */
  cloud: z.optional(profileCloud),
  answers: z._default(z.record(z.string(), storedAnswer), {}),
  session: z.optional(sessionRecord),
  steps: z._default(z.record(z.string(), stepRecord), {}),
  keys: z._default(z.record(z.string(), keyOwnerRecord), {}),
  /** Key rotations in flight, per key owner (see `rotationRecord`). */
  rotations: z.optional(z.record(z.string(), rotationRecord)),
});
export type ProfileState = z.infer<typeof profileState>;

/** A profile's file: its version, then the profile. */
export const profileFile = z.object({
  version: z.literal(PROFILE_VERSION),
  ...profileState.shape,
});

/** `state.json`, the earlier one-file store, as it is migrated from. */
export const stateFile = z.object({
  version: z.literal(STATE_VERSION),
  profiles: z.record(z.string().check(z.regex(PROFILE_NAME)), profileState),
});
export type StateFile = z.infer<typeof stateFile>;

/**
 * The profile's cloud. A profile from before profiles kept it tells by what
 * it holds: a session is the simulated cloud's, a credential's source the real one's.
 */
export function cloudOf(profile: ProfileState | undefined): ProfileCloud | undefined {
  if (!profile) return undefined;
  if (profile.cloud) return profile.cloud;
  if (profile.session) return { provider: 'simulated' };
  if (typeof profile.steps.account?.data.credentialSource === 'string') return { provider: 'aliyun' };
  return undefined;
}

export function newProfile(now = new Date()): ProfileState {
  const at = now.toISOString();
  return { createdAt: at, updatedAt: at, answers: {}, steps: {}, keys: {} };
}
