/**
 * Versioned migrations of `state.json`. Each entry lifts a file from version
 * N to N+1; `migrate` applies them in order. Files without a `version` field
 * are version 0: the layout of a single-profile store (`{ profile fields }`)
 * or an empty store as `conf` writes it (`{}`).
 */
import { STATE_VERSION } from './schema.js';

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

export class MigrationError extends Error {}

/** Brings a parsed file up to {@link STATE_VERSION}. Throws MigrationError for unknown or newer versions. */
export function migrate(input: unknown): unknown {
  if (!isObject(input)) throw new MigrationError('the file does not hold a JSON object');
  let doc: Json = input;
  let version = doc.version === undefined ? 0 : doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new MigrationError(`unknown version ${JSON.stringify(version)}`);
  }
  if (version > STATE_VERSION) {
    throw new MigrationError(
      `written by a newer onboard (version ${version}; this one reads up to ${STATE_VERSION})`,
    );
  }
  while (version < STATE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new MigrationError(`no migration from version ${version}`);
    doc = step(doc);
    version += 1;
  }
  return doc;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
