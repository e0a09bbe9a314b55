/**
 * Options every command shares (SPEC §3), and how they are decided: once,
 * at the top, into one typed object. The parser (src/program/) gives what
 * argv holds; flag > environment variable > default is decided here.
 * Boolean environment variables are parsed strictly (`1/true/yes`,
 * `0/false/no`); every bad value is exit 2 naming where it came from.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { parseProviderKind } from '../provider/index.js';
import type { ProviderKind } from '../provider/types.js';
import { isTerminal } from '../ui/std.js';
import { checkProfileName, checkWellFormed } from '../validate/index.js';
import { parseBool } from '../wizard/answers.js';
import type { CommandContext } from '../wizard/command-line.js';

/** The global options as the parser gives them (absent when not on the command line). */
export interface GlobalOptions {
  profile?: string;
  configDir?: string;
  json?: boolean;
  interactive?: boolean;
  yes?: boolean;
  color?: boolean;
  answers?: string;
  lang?: string;
  provider?: string;
  endpoint?: string;
}

/** Decided once per run. */
export interface Globals {
  profile: string;
  configDir: string;
  json: boolean;
  interactive: boolean;
  yes: boolean;
  colorFlag: boolean | undefined;
  answersPath: string | undefined;
  /** Where the answers file was named (for messages). */
  answersWhere: string;
  provider: ProviderKind;
  /** `--provider` or `ONBOARD_PROVIDER` when one was given; else the profile's own, or the default. */
  providerWhere: string | undefined;
  endpoint: Endpoint | undefined;
  /** What printed commands repeat. */
  commandContext: CommandContext;
}

export interface Endpoint {
  /** `host:port` as the SDKs want it (no scheme). */
  host: string;
  protocol: 'http' | 'https';
  /** As given, for printed commands. */
  given: string;
  /** `--endpoint` or `ONBOARD_ENDPOINT`, for messages. */
  where: string;
}

export function envBool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = parseBool(raw);
  if (value === undefined) {
    throw new UsageError(
      'answers.invalid',
      { where: name, rule: t('validation.boolean') },
      [],
      'InvalidValue',
    );
  }
  return value;
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(homedir(), '.config'), 'onboard');
}

function invalid(where: string, rule: string): UsageError {
  return new UsageError('answers.invalid', { where, rule }, [], 'InvalidValue');
}

/** `[http://|https://]host:port`; plain HTTP for loopback names and addresses unless a scheme says otherwise. */
export function parseEndpoint(raw: string, where: string): Endpoint {
  const m = /^(?:(https?):\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(raw.trim());
  const port = Number(m?.[3]);
  if (!m || !m[2] || port < 1 || port > 65535) throw invalid(where, t('validation.endpoint'));
  const host = m[2];
  const bare = host.replace(/^\[|\]$/g, '');
  const loopback = bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
  const scheme = m[1] === 'http' || m[1] === 'https' ? m[1] : loopback ? 'http' : 'https';
  return { host: `${host}:${port}`, protocol: scheme, given: raw.trim(), where };
}

export function resolveGlobals(o: GlobalOptions, env: NodeJS.ProcessEnv): Globals {
  const profile = o.profile ?? env.ONBOARD_PROFILE ?? 'default';
  const profileWhere = o.profile !== undefined ? '--profile' : 'ONBOARD_PROFILE';
  const bad = checkProfileName(profile);
  if (bad) throw invalid(profileWhere, t(bad.key, bad.params ?? {}));
  // An empty value would silently mean "the current directory" (SPEC §3): a usage error.
  if (o.configDir !== undefined && o.configDir.trim() === '')
    throw invalid('--config-dir', t('validation.empty'));
  const configDirGiven = o.configDir ?? (env.ONBOARD_CONFIG_DIR === '' ? undefined : env.ONBOARD_CONFIG_DIR);
  const configDir = resolve(configDirGiven ?? defaultConfigDir(env));
  const json = o.json === true;
  const yes = o.yes === true || envBool(env, 'ONBOARD_YES') === true;
  const provider = parseProviderKind(
    o.provider ?? env.ONBOARD_PROVIDER,
    o.provider !== undefined ? '--provider' : 'ONBOARD_PROVIDER',
  );
  const endpointRaw = o.endpoint ?? (env.ONBOARD_ENDPOINT || undefined);
  const endpoint =
    endpointRaw === undefined
      ? undefined
      : parseEndpoint(endpointRaw, o.endpoint !== undefined ? '--endpoint' : 'ONBOARD_ENDPOINT');
  if (o.answers !== undefined && o.answers === '') throw invalid('--answers', t('validation.empty'));
  const answersPath = o.answers ?? (env.ONBOARD_ANSWERS || undefined);
  // A path whose bytes were not UTF-8 arrives with U+FFFD in it: a different path from the one meant.
  const paths: Array<[string, string | undefined]> = [
    [o.configDir !== undefined ? '--config-dir' : 'ONBOARD_CONFIG_DIR', configDirGiven],
    [o.answers !== undefined ? '--answers' : 'ONBOARD_ANSWERS', answersPath],
  ];
  for (const [where, path] of paths) {
    const notText = path === undefined ? null : checkWellFormed(path);
    if (notText) throw invalid(where, t(notText.key));
  }
  const providerGiven = o.provider !== undefined || Boolean(env.ONBOARD_PROVIDER);
  return {
    profile,
    configDir,
    json,
    interactive: decideInteractive(o, env, json),
    yes,
    colorFlag: o.color === false ? false : undefined,
    answersPath,
    answersWhere: o.answers !== undefined ? '--answers' : 'ONBOARD_ANSWERS',
    provider,
    providerWhere: providerGiven ? (o.provider !== undefined ? '--provider' : 'ONBOARD_PROVIDER') : undefined,
    endpoint,
    commandContext: {
      profile,
      ...(configDirGiven !== undefined ? { configDir } : {}),
      ...(providerGiven ? { provider } : {}),
      ...(endpoint ? { endpoint: endpoint.given } : {}),
    },
  };
}

/** `--json` → never; `--interactive` / `--no-interactive`; ONBOARD_INTERACTIVE; CI; terminals. */
export function decideInteractive(o: GlobalOptions, env: NodeJS.ProcessEnv, json: boolean): boolean {
  if (json) return false;
  if (o.interactive !== undefined) return o.interactive;
  const fromEnv = envBool(env, 'ONBOARD_INTERACTIVE');
  if (fromEnv !== undefined) return fromEnv;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  return isTerminal(0) && isTerminal(2);
}
