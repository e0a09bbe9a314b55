/**
 * What a `--save-to` value names, and where its file is: the light half of
 * the targets, which validating a command line and planning a run need
 * (reading and writing the files is `index.ts`, loaded when a key is delivered).
 */
import path from 'node:path';

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

/** Section names we write: no dot (npm `ini` nests `[a.b]` as a→b, so the Node SDK could not select it), no `DEFAULT` (configparser and go-ini merge it into every section), no `__proto__` (npm `ini` drops it). */
export function isSafeSectionName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name) && name !== 'DEFAULT' && name !== '__proto__';
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Why `name` cannot be a profile/section name of this target, or undefined when it can. */
export function nameProblem(kind: FileTargetKind, name: string): string | undefined {
  if (!NAME.test(name)) return 'names are 1-64 of A-Z a-z 0-9 _ . -';
  if (kind === 'credentials' && !isSafeSectionName(name)) {
    return name.includes('.')
      ? 'a section name cannot contain "." (the Node.js SDK reads [a.b] as a nested section)'
      : `"${name}" is reserved in INI files`;
  }
  return undefined;
}

/**
 * Parses a target: `aliyun-cli`, `aliyun-cli:<name>`, `credentials`,
 * `credentials:<name>` or `env`. Without a name, `defaultName` (the onboard
 * profile's) is used.
 */
export function parseTarget(
  raw: string,
  defaultName: string,
): TargetSpec | { problem: 'unknownTarget' | 'badName'; detail: string } {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const name = colon < 0 ? defaultName : text.slice(colon + 1);
  if (kind === 'env') {
    return colon < 0 ? { kind } : { problem: 'badName', detail: 'env takes no name' };
  }
  if (kind !== 'aliyun-cli' && kind !== 'credentials') {
    return { problem: 'unknownTarget', detail: 'targets are aliyun-cli[:<name>], credentials[:<name>], env' };
  }
  const problem = nameProblem(kind, name);
  return problem === undefined ? { kind, name } : { problem: 'badName', detail: problem };
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
}

/** A path as a person reads it: `~` for the home directory. */
export function tildify(path: string, home: string): string {
  return path === home ? '~' : path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
