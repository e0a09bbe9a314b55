/**
 * What a `--save-to` value names, and where its file is: the light half of
 * the targets, which validating a command line and planning a run need
 * (reading and writing the files is `index.ts`, loaded when a key is delivered).
 */
import path from 'node:path';
import type { MessageKey } from '../../core/messages.js';
import type { Invalid } from '../../core/types.js';

/** A parsed `--save-to` value. */
export type TargetSpec = FileTargetSpec | { kind: 'env' };
/** The targets that are files. */
export type FileTargetSpec = { kind: 'aliyun-cli'; name: string } | { kind: 'credentials'; name: string };
/** `aliyun-cli` or `credentials`. */
export type FileTargetKind = FileTargetSpec['kind'];

/** Where the files are: `env` for `ALIBABA_CLOUD_CREDENTIALS_FILE`, `home` for the default paths. */
export interface TargetEnv {
  env: NodeJS.ProcessEnv;
  home: string;
}

/** `~/.aliyun/config.json`: the aliyun CLI's config (no variable moves it). */
export function aliyunCliConfigPath(home: string): string {
  return path.join(home, '.aliyun', 'config.json');
}

/** The SDKs' shared credentials file: `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`. */
export function credentialsFilePath(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.ALIBABA_CLOUD_CREDENTIALS_FILE;
  // The SDKs use a relative value as it is, i.e. from the working directory.
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.join(home, '.alibabacloud', 'credentials');
}

/**
 * The names of `Object.prototype` (`constructor`, `toString`, `__proto__`, …).
 * npm `ini` 1.3.8, which the official Node.js SDK reads the credentials file
 * with, assigns a section's keys to `out[name] || {}`: a section named
 * `[constructor]` or `[toString]` would put the secret on built-in objects
 * of every program that loads the file. None of them is written.
 */
const BUILT_IN_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  '__proto__',
]);

/** Whether `name` is a member of `Object.prototype` (see {@link BUILT_IN_NAMES}). */
export function isBuiltInName(name: string): boolean {
  return BUILT_IN_NAMES.has(name);
}

/**
 * Section names we write: no dot (npm `ini` nests `[a.b]` as a→b, so the
 * Node SDK could not select it), no `DEFAULT` (configparser and go-ini merge
 * it into every section), no `Object.prototype` name (npm `ini` writes such a
 * section onto built-ins, or drops `__proto__`).
 */
export function isSafeSectionName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name) && name !== 'DEFAULT' && !isBuiltInName(name);
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Why a name is refused: a stable code (see `NAME_RULES` for the rule a person reads). */
export type NameProblem = 'nameChars' | 'sectionDot' | 'sectionReserved' | 'sectionBuiltIn';

/**
 * Why `name` cannot be a profile/section name of this target, or undefined
 * when it can. aliyun CLI profiles are entries of an array, so any name of
 * the allowed characters is data there; a credentials section is an INI
 * header, which the SDKs' readers turn into an object key.
 */
export function nameProblem(kind: FileTargetKind, name: string): NameProblem | undefined {
  if (!NAME.test(name)) return 'nameChars';
  if (kind === 'credentials' && !isSafeSectionName(name)) {
    if (name.includes('.')) return 'sectionDot';
    return isBuiltInName(name) ? 'sectionBuiltIn' : 'sectionReserved';
  }
  return undefined;
}

const NAME_RULES: Record<NameProblem, MessageKey> = {
  nameChars: 'delivery.target.nameChars',
  sectionDot: 'delivery.target.sectionDot',
  sectionReserved: 'delivery.target.sectionReserved',
  sectionBuiltIn: 'delivery.target.sectionBuiltIn',
};

/** A `--save-to` value that is refused: a short code and the rule to show after the option's name. */
export interface TargetRefusal {
  problem: 'unknownTarget' | 'badName';
  /** The {@link NameProblem} (or `unknownTarget`, `envName`), for code that branches on it. */
  detail: NameProblem | 'unknownTarget' | 'envName';
  /** What the person reads after the option's name (the value quoted in it). */
  rule: Invalid;
}

/**
 * Parses a target: `aliyun-cli`, `aliyun-cli:<name>`, `credentials`,
 * `credentials:<name>` or `env`. Without a name, `defaultName` (the onboard
 * profile's) is used, and a section name refused for it says to name one.
 */
export function parseTarget(raw: string, defaultName: string): TargetSpec | TargetRefusal {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const name = colon < 0 ? defaultName : text.slice(colon + 1);
  if (kind === 'env') {
    return colon < 0
      ? { kind }
      : {
          problem: 'badName',
          detail: 'envName',
          rule: { key: 'delivery.target.envName', params: { value: raw } },
        };
  }
  if (kind !== 'aliyun-cli' && kind !== 'credentials') {
    return {
      problem: 'unknownTarget',
      detail: 'unknownTarget',
      rule: { key: 'delivery.target.unknown', params: { value: raw } },
    };
  }
  const problem = nameProblem(kind, name);
  if (problem === undefined) return { kind, name };
  const key =
    colon < 0 && problem === 'sectionBuiltIn' ? 'delivery.target.sectionBuiltInProfile' : NAME_RULES[problem];
  return { problem: 'badName', detail: problem, rule: { key, params: { value: raw, name } } };
}

/** The file of a file target's kind. */
export function pathOf(kind: FileTargetKind, where: TargetEnv): string {
  return kind === 'aliyun-cli' ? aliyunCliConfigPath(where.home) : credentialsFilePath(where.env, where.home);
}

/** The file a target writes, or undefined for `env`. */
export function targetPath(spec: TargetSpec, where: TargetEnv): string | undefined {
  return spec.kind === 'env' ? undefined : pathOf(spec.kind, where);
}

/** A target as given, with how its source spells the option (`--save-to`, `ONBOARD_SAVE_TO`, …). */
export interface TargetChoice {
  spec: TargetSpec;
  where: string;
  /**
   * Once checked: the key id its profile/section held then ('' without one),
   * null when there was none. The write replaces only that (another run's
   * profile written since is not), see `writeTarget`.
   */
  replaces?: string | null;
}

/** A path as a person reads it: `~` for the home directory. */
export function tildify(path: string, home: string): string {
  return path === home ? '~' : path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
