/**
 * Options every command shares, and how they are decided: once, at the top.
 * Boolean environment variables are parsed strictly (`1/true/yes`, `0/false/no`).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type MessageKey, t } from '../i18n/index.js';
import { checkProfileName } from '../validate/index.js';
import { parseBool } from '../wizard/answers.js';
import { UsageError } from '../wizard/errors.js';

/**
 * The options every command takes: one table for commander's help and for
 * the fast `status` path's parser. `arg` marks an option that takes a value.
 */
export const GLOBAL_OPTIONS: ReadonlyArray<{
  long: string;
  short?: string;
  arg?: string;
  help: MessageKey;
  env?: string;
}> = [
  { long: 'profile', arg: '<name>', help: 'cli.profile', env: 'ONBOARD_PROFILE' },
  { long: 'config-dir', arg: '<dir>', help: 'cli.configDir', env: 'ONBOARD_CONFIG_DIR' },
  { long: 'json', help: 'cli.json' },
  { long: 'interactive', help: 'cli.interactive' },
  { long: 'no-interactive', help: 'cli.noInteractive', env: 'ONBOARD_INTERACTIVE=0' },
  { long: 'no-color', help: 'cli.noColor', env: 'NO_COLOR' },
  { long: 'lang', arg: '<lang>', help: 'cli.lang', env: 'ONBOARD_LANG' },
  { long: 'yes', short: 'y', help: 'cli.yes', env: 'ONBOARD_YES=1' },
  { long: 'answers', arg: '<file>', help: 'cli.answers', env: 'ONBOARD_ANSWERS' },
];

export interface GlobalOptions {
  profile?: string;
  configDir?: string;
  json?: boolean;
  interactive?: boolean;
  yes?: boolean;
  color?: boolean;
  answers?: string;
  lang?: string;
}

export interface Globals {
  profile: string;
  configDir: string;
  json: boolean;
  interactive: boolean;
  yes: boolean;
  colorFlag: boolean | undefined;
  answersPath: string | undefined;
}

export function envBool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = parseBool(raw);
  if (value === undefined)
    throw new UsageError(
      'answers.invalid',
      { where: name, rule: t('validation.boolean') },
      [],
      'InvalidValue',
    );
  return value;
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(homedir(), '.config'), 'onboard');
}

export function resolveGlobals(o: GlobalOptions, env: NodeJS.ProcessEnv): Globals {
  const profile = o.profile ?? env.ONBOARD_PROFILE ?? 'default';
  const bad = checkProfileName(profile);
  if (bad) {
    const where = o.profile !== undefined ? '--profile' : 'ONBOARD_PROFILE';
    throw new UsageError(
      'answers.invalid',
      { where, rule: t(bad.key, bad.params ?? {}) },
      [],
      'InvalidValue',
    );
  }
  const configDir = resolve(o.configDir ?? (env.ONBOARD_CONFIG_DIR || defaultConfigDir(env)));
  const json = o.json === true;
  const yes = o.yes === true || envBool(env, 'ONBOARD_YES') === true;
  return {
    profile,
    configDir,
    json,
    interactive: decideInteractive(o, env, json),
    yes,
    colorFlag: o.color === false ? false : undefined,
    answersPath: o.answers ?? (env.ONBOARD_ANSWERS || undefined),
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
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}
