/**
 * Key delivery to other tools' credential stores (SPEC §4.8): the aliyun
 * CLI's `~/.aliyun/config.json`, the SDKs' shared credentials file, and
 * `export` lines for `eval`.
 *
 * Order of use: `parseTarget` each `--save-to` value; `checkTarget` each one
 * before any key exists; after the key is created, `writeTarget` (the secret
 * goes into the file and nowhere else). After a crash, `targetHoldsKey` tells
 * whether a delivery already happened; when a key is deleted or discarded,
 * `findKeyEverywhere` names what to remove and `removeKeyEverywhere` removes it.
 *
 * Pure library: no prompts, no messages, no `os.homedir()` — callers pass
 * `home` and `env`. Problems are data (`TargetProblem`); `writeTarget` throws
 * them as `TargetError`.
 */
import { StoreError } from '../../core/errors.js';
import { canGiveOwner, errorCode, type Owner } from '../../fs/atomic.js';
import { cleanLeftovers, withMutex } from '../../fs/lock.js';
import {
  akProfile,
  cliProfileKeyId,
  cliProfilesHolding,
  parseCliConfig,
  putCliProfile,
  removeCliProfilesHolding,
} from './aliyun-cli.js';
import {
  credentialsKeyId,
  credentialsSectionsHolding,
  parseCredentials,
  putCredentialsSection,
  removeCredentialsSectionsHolding,
} from './credentials-file.js';
import { ensureFolder, inspectFile, replaceFile } from './file.js';
import {
  type FileTargetKind,
  type FileTargetSpec,
  nameProblem,
  pathOf,
  type TargetEnv,
  type TargetSpec,
} from './spec.js';

export {
  type FileTargetKind,
  type FileTargetSpec,
  parseTarget,
  type TargetEnv,
  type TargetSpec,
  targetPath,
} from './spec.js';

/** What an aliyun CLI profile holds besides the key (the credentials file has no place for them). */
type ProfileSettings = { region: string; language: 'en' | 'zh' };

/**
 * Why a target cannot be used. `detail` is a short English phrase for the
 * message (a line number at most, never file content); `name` is the
 * profile/section for `profileExists` and `changedMeanwhile`.
 * - `profileExists`: a profile/section of that name exists (and is not the key's own).
 * - `unparseable`: the file cannot be parsed, or is larger than 1 MiB (`too large`).
 * - `looseMode`: the file is readable or writable by group or others (`chmod 600`).
 * - `notRegularFile`: a directory, FIFO, device, socket, or a broken link.
 * - `unwritable`: the file exists but cannot be read or replaced.
 * - `folderUnusable`: its folder cannot be created or written.
 * - `ownerNotKept`: the file belongs to someone this run cannot give it back to
 *   (`detail`: `uid:gid`); replacing it would hand it to whoever runs onboard.
 * - `changedMeanwhile`: another program wrote a profile/section of that name
 *   since the check, or the file read back after the write does not hold the key.
 */
export type TargetProblem = {
  problem:
    | 'profileExists'
    | 'unparseable'
    | 'looseMode'
    | 'notRegularFile'
    | 'unwritable'
    | 'folderUnusable'
    | 'ownerNotKept'
    | 'changedMeanwhile';
  path: string;
  name?: string;
  detail?: string;
};

/** What a file holds (or would hold) for one key: reported in the summary and `accessKey.savedTo`. */
export interface SavedTo {
  target: FileTargetKind;
  profile: string;
  path: string;
}

/** `writeTarget`'s failure: the problem, and the fs error as `cause` when there was one. */
export class TargetError extends Error {
  constructor(readonly problem: TargetProblem) {
    super(`${problem.problem}: ${problem.path}${problem.detail === undefined ? '' : ` (${problem.detail})`}`);
    this.name = 'TargetError';
  }
}

const KEY_PART = /^[A-Za-z0-9]{1,128}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

/** One file opened for editing: where it really is and what it holds. */
interface Opened {
  real: string;
  loose: boolean;
  /** The file's owner and group, when it exists. */
  owner: Owner | undefined;
  /** The key id held under a name (see `cliProfileKeyId`). */
  keyIdOf(name: string): string | undefined;
  namesHolding(keyId: string): string[];
  put(name: string, key: { id: string; secret: string }, settings: ProfileSettings): string;
  removeHolding(keyId: string): string;
}

/**
 * Reads and parses a target's file, or says why it cannot be used (loose
 * mode and owner are reported, not refused, here). What writers killed
 * mid-write left beside it (their temp files, a mutex of a dead holder) is
 * removed first, so every check and delivery leaves the folder tidy.
 */
function open(kind: FileTargetKind, file: string): Opened | TargetProblem {
  const inspected = inspectFile(file);
  if (inspected.state === 'refused')
    return { problem: inspected.problem, path: file, detail: inspected.detail };
  cleanLeftovers(inspected.real);
  const text = inspected.state === 'present' ? inspected.text : null;
  const base = {
    real: inspected.real,
    loose: inspected.state === 'present' && inspected.loose,
    owner: inspected.state === 'present' ? inspected.owner : undefined,
  };
  if (kind === 'aliyun-cli') {
    const parsed = parseCliConfig(text);
    if ('detail' in parsed) return { problem: 'unparseable', path: file, detail: parsed.detail };
    const { config } = parsed;
    return {
      ...base,
      keyIdOf: (name) => cliProfileKeyId(config, name),
      namesHolding: (keyId) => cliProfilesHolding(config, keyId),
      put: (name, key, settings) =>
        putCliProfile(config, akProfile(name, key, settings.region, settings.language)),
      removeHolding: (keyId) => removeCliProfilesHolding(config, keyId),
    };
  }
  const parsed = parseCredentials(text);
  if ('detail' in parsed) return { problem: 'unparseable', path: file, detail: parsed.detail };
  const { doc } = parsed;
  return {
    ...base,
    keyIdOf: (name) => credentialsKeyId(doc, name),
    namesHolding: (keyId) => credentialsSectionsHolding(doc, keyId),
    put: (name, key) => putCredentialsSection(doc, name, key),
    removeHolding: (keyId) => removeCredentialsSectionsHolding(doc, keyId),
  };
}

function isProblem(value: Opened | TargetProblem): value is TargetProblem {
  return 'problem' in value;
}

const RETRY = Symbol('retry');

/**
 * Runs `change` on the file as it is now, holding the mutex beside it
 * (`<file>.mutex`, the store's kind of lock): runs that write the same file
 * at once take turns, and each edits what the one before it wrote, so none
 * loses another's profile. The file is read again under the mutex; a link
 * that points elsewhere by then is followed again.
 *
 * @throws TargetError for a problem of the file as it is now; StoreError from the mutex.
 */
function locked<T>(kind: FileTargetKind, file: string, change: (opened: Opened) => T): T {
  for (let attempt = 0; ; attempt++) {
    const first = open(kind, file);
    if (isProblem(first)) throw new TargetError(first);
    try {
      ensureFolder(first.real);
    } catch (error) {
      throw writeFailure(file, error);
    }
    const result = withMutex(first.real, () => {
      const now = open(kind, file);
      if (isProblem(now)) throw new TargetError(now);
      return now.real === first.real ? { value: change(now) } : RETRY;
    });
    if (result !== RETRY) return result.value;
    if (attempt >= 2) {
      throw new TargetError({ problem: 'changedMeanwhile', path: file, detail: 'the link keeps changing' });
    }
  }
}

/**
 * The checks made before any key exists: the file can be read, parsed and
 * replaced (or created), its mode is 0600 or stricter, and no profile/section
 * of that name exists — unless `overwrite`, or it holds `ownKeyId` (the key
 * being delivered again after a crash is this tool's own). Nothing is changed.
 */
export function checkTarget(
  spec: TargetSpec,
  where: TargetEnv,
  opts: { overwrite: boolean; ownKeyId?: string },
): TargetProblem | null {
  if (spec.kind === 'env') return null;
  const file = pathOf(spec.kind, where);
  const opened = open(spec.kind, file);
  return isProblem(opened) ? opened : conflict(spec, file, opened, opts);
}

function conflict(
  spec: FileTargetSpec,
  file: string,
  opened: Opened,
  opts: { overwrite: boolean; ownKeyId?: string },
): TargetProblem | null {
  if (opened.loose) return { problem: 'looseMode', path: file, detail: 'chmod 600' };
  if (opened.owner !== undefined && !canGiveOwner(opened.owner)) {
    return { problem: 'ownerNotKept', path: file, detail: `${opened.owner.uid}:${opened.owner.gid}` };
  }
  const held = opened.keyIdOf(spec.name);
  if (held !== undefined && !opts.overwrite && (opts.ownKeyId === undefined || held !== opts.ownKeyId)) {
    return { problem: 'profileExists', path: file, name: spec.name };
  }
  return null;
}

/**
 * The key id the profile/section `spec.name` holds now ('' for one without a
 * key), or undefined when there is none (or the file cannot be read): what a
 * check saw, for `writeTarget`'s `replaces`.
 */
export function targetHolder(spec: FileTargetSpec, where: TargetEnv): string | undefined {
  const opened = open(spec.kind, pathOf(spec.kind, where));
  return isProblem(opened) ? undefined : opened.keyIdOf(spec.name);
}

/**
 * Writes the key into the target's file: merged with what is there, the
 * profile/section replaced where it stands when it exists, atomically, 0600,
 * the file's owner and group kept (through a symlink to its target). Runs
 * writing the same file take turns (see `locked`): the file is read again
 * under the mutex and the same checks as `checkTarget` are made on it as it
 * is now; a profile already holding `key.id` is replaced without `overwrite`
 * (a repeated delivery). `replaces` is what the profile held when it was
 * checked (null: there was none): a profile another run wrote since is not
 * replaced. After the rename the file is read back: the profile must hold
 * the key, as the tool will read it.
 *
 * @returns what was written, without the secret.
 * @throws TargetError for any problem (the file then holds no profile of
 *   this key that was not there before); StoreError when the mutex stays held;
 *   Error for an invalid name, id, secret or region (a bug in the caller).
 */
export function writeTarget(
  spec: FileTargetSpec,
  where: TargetEnv,
  key: { id: string; secret: string },
  opts: { region: string; language: 'en' | 'zh'; overwrite: boolean; replaces?: string | null },
): SavedTo {
  if (nameProblem(spec.kind, spec.name) !== undefined) throw new Error('invalid target name');
  // Never put the values in these messages: one is the secret.
  if (!KEY_PART.test(key.id) || !KEY_PART.test(key.secret)) throw new Error('invalid AccessKey id or secret');
  if (!REGION.test(opts.region)) throw new Error('invalid region');
  const file = pathOf(spec.kind, where);
  locked(spec.kind, file, (opened) => {
    const problem = conflict(spec, file, opened, { overwrite: opts.overwrite, ownKeyId: key.id });
    if (problem !== null) throw new TargetError(problem);
    const held = opened.keyIdOf(spec.name);
    if (opts.replaces !== undefined && held !== undefined && held !== key.id && held !== opts.replaces) {
      throw new TargetError({ problem: 'changedMeanwhile', path: file, name: spec.name });
    }
    replace(opened.real, file, opened.put(spec.name, key, opts));
    const after = open(spec.kind, file);
    if (isProblem(after) || after.keyIdOf(spec.name) !== key.id) {
      throw new TargetError({
        problem: 'changedMeanwhile',
        path: file,
        name: spec.name,
        detail: 'read back',
      });
    }
  });
  return { target: spec.kind, profile: spec.name, path: file };
}

/** The TargetError of a failed write (the owner that could not be kept, or the fs error). */
function writeFailure(file: string, error: unknown): TargetError {
  const failure =
    error instanceof StoreError && error.key === 'store.ownerNotKept'
      ? new TargetError({ problem: 'ownerNotKept', path: file, detail: String(error.params.owner) })
      : new TargetError({
          problem: 'unwritable',
          path: file,
          detail: `write failed (${errorCode(error instanceof Error ? error.cause : undefined) ?? 'error'})`,
        });
  failure.cause = error;
  return failure;
}

function replace(real: string, file: string, text: string): void {
  try {
    replaceFile(real, text);
  } catch (error) {
    throw writeFailure(file, error);
  }
}

/** Whether the target's profile/section `spec.name` holds `keyId` (after a crash: was the key delivered there?). */
export function targetHoldsKey(spec: FileTargetSpec, where: TargetEnv, keyId: string): boolean {
  const opened = open(spec.kind, pathOf(spec.kind, where));
  return !isProblem(opened) && opened.keyIdOf(spec.name) === keyId;
}

const KINDS: readonly FileTargetKind[] = ['aliyun-cli', 'credentials'];

/**
 * Every profile (aliyun CLI config) and section (credentials file) whose
 * `access_key_id` is `keyId`, to name them before asking to remove them.
 * Files that are missing or cannot be read or parsed hold nothing.
 */
export function findKeyEverywhere(where: TargetEnv, keyId: string): SavedTo[] {
  return KINDS.flatMap((kind) => {
    const file = pathOf(kind, where);
    const opened = open(kind, file);
    if (isProblem(opened)) return [];
    return opened.namesHolding(keyId).map((profile) => ({ target: kind, profile, path: file }));
  });
}

/**
 * Removes what `findKeyEverywhere` finds (each file rewritten atomically, the
 * rest of it kept). A file with a loose mode is cleaned too (the result is
 * 0600): removing a deleted key's secret is always right. The aliyun CLI's
 * `current` is left as it is.
 *
 * @returns what was removed.
 * @throws TargetError when a file holding the key cannot be rewritten (files before it were).
 */
export function removeKeyEverywhere(where: TargetEnv, keyId: string): SavedTo[] {
  const removed: SavedTo[] = [];
  for (const kind of KINDS) {
    const file = pathOf(kind, where);
    const opened = open(kind, file);
    if (isProblem(opened) || opened.namesHolding(keyId).length === 0) continue;
    // Read again under the mutex: a run writing the file meanwhile keeps its profile.
    const names = locked(kind, file, (now) => {
      const holding = now.namesHolding(keyId);
      if (holding.length > 0) replace(now.real, file, now.removeHolding(keyId));
      return holding;
    });
    removed.push(...names.map((profile) => ({ target: kind, profile, path: file })));
  }
  return removed;
}

/** POSIX single quoting: safe for `eval` whatever the value holds. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `env` target: three `export` lines (LF-terminated) for
 * `eval "$(onboard … --save-to env)"`. This and the files are the only
 * places the secret goes.
 *
 * @throws Error when a value holds a control character (it could not be `eval`ed as one line).
 */
export function envExportLines(key: { id: string; secret: string }, region: string): string {
  const lines: Array<[string, string]> = [
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', key.id],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', key.secret],
    ['ALIBABA_CLOUD_REGION_ID', region],
  ];
  return lines
    .map(([name, value]) => {
      if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`control character in ${name}`);
      return `export ${name}=${shellQuote(value)}\n`;
    })
    .join('');
}
