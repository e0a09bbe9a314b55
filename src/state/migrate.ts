/**
 * Versioned migrations of the store's files. Each entry lifts a document from
 * version N to N+1, applied in order.
 *
 * `state.json`, the earlier one-file store, goes up to version 2 (`migrate`),
 * and is then split into one file per profile (`state/layout.ts`). Its files
 * without a `version` field are version 0: the layout of a single-profile store
 * (`{ profile fields }`) or an empty store as `conf` wrote it (`{}`).
 *
 * A profile's own file starts at version 3 (`migrateProfile`); its later
 * migrations go in `PROFILE_MIGRATIONS`.
 */
import { PROFILE_VERSION, STATE_VERSION } from './schema.js';

type Json = Record<string, unknown>;

const MIGRATIONS: Record<number, (old: Json) => Json> = {
  // 0 → 1: profiles move under `profiles`; the single legacy profile becomes `default`.
  0: (old) => {
    const { profiles, ...rest } = old;
    const all: Json = isObject(profiles) ? profiles : {};
    if (Object.keys(rest).length > 0) all.default = rest;
    return { version: 1, profiles: all };
  },
  // 1 → 2: delivered keys and creations in flight move from the accesskey step's data to
  // `keys.root`, where any step or command that creates a key keeps them.
  1: (old) => {
    const profiles = old.profiles;
    // A file whose profiles are not an object is left as it is, for validation to report.
    if (!isObject(profiles)) return { ...old, version: 2 };
    for (const profile of Object.values(profiles)) {
      if (!isObject(profile)) continue;
      const steps = isObject(profile.steps) ? profile.steps : undefined;
      const record = steps && isObject(steps.accesskey) ? steps.accesskey : undefined;
      const data = record && isObject(record.data) ? record.data : undefined;
      if (!record || !data || (data.delivered === undefined && data.pending === undefined)) continue;
      const { delivered, pending, ...rest } = data;
      const keys = isObject(profile.keys) ? profile.keys : {};
      keys.root = { delivered: Array.isArray(delivered) ? delivered : [], ...(pending ? { pending } : {}) };
      profile.keys = keys;
      record.data = rest;
    }
    return { ...old, version: 2, profiles };
  },
};

/** A profile's file, from version N to N+1 (none yet: 3 is the first). */
const PROFILE_MIGRATIONS: Record<number, (old: Json) => Json> = {};

export class MigrationError extends Error {}

/** Brings a parsed `state.json` up to {@link STATE_VERSION}. Throws MigrationError for unknown or newer versions. */
export function migrate(input: unknown): unknown {
  return lift(input, { first: 0, last: STATE_VERSION, steps: MIGRATIONS });
}

/** Brings a parsed profile file up to {@link PROFILE_VERSION}. Throws MigrationError for unknown or newer versions. */
export function migrateProfile(input: unknown): unknown {
  return lift(input, { first: PROFILE_VERSION, last: PROFILE_VERSION, steps: PROFILE_MIGRATIONS });
}

function lift(
  input: unknown,
  o: { first: number; last: number; steps: Record<number, (old: Json) => Json> },
): Json {
  if (!isObject(input)) throw new MigrationError('the file does not hold a JSON object');
  let doc: Json = input;
  // Only state.json had files without a version (its version 0).
  let version = doc.version === undefined && o.first === 0 ? 0 : doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < o.first) {
    throw new MigrationError(`unknown version ${JSON.stringify(version)}`);
  }
  if (version > o.last) {
    throw new MigrationError(
      `written by a newer onboard (version ${version}; this one reads up to ${o.last})`,
    );
  }
  while (version < o.last) {
    const step = Object.hasOwn(o.steps, version) ? o.steps[version] : undefined;
    if (!step) throw new MigrationError(`no migration from version ${version}`);
    doc = step(doc);
    version += 1;
  }
  return doc;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON and migrations. A syntax error names its position only: the text may hold a session token. */
export function decode(text: string, lift: (doc: unknown) => unknown): { doc: unknown } | { reason: string } {
  try {
    return { doc: lift(JSON.parse(text)) };
  } catch (error) {
    if (error instanceof SyntaxError) {
      const at = /position (\d+)/.exec(error.message)?.[1];
      return { reason: `not valid JSON${at ? ` (near character ${at})` : ''}` };
    }
    return { reason: error instanceof MigrationError ? error.message : String(error) };
  }
}

/** The first problem zod found, as `path: message`. */
export function issueText(
  issue: { path: PropertyKey[]; message: string } | undefined,
  prefix: PropertyKey[] = [],
): string {
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  return `${path || 'file'}: ${issue?.message ?? 'invalid'}`;
}
