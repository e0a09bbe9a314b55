/**
 * Where the real provider's AccessKey comes from when `--access-key-id` was
 * not given (SPEC §5.2): the official credential chain's providers from
 * `@alicloud/credentials`, one by one, in the contract's order, so the
 * source of the answer is known —
 *
 * 1. the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET`, optional `_SECURITY_TOKEN`);
 * 2. the aliyun CLI's profile (`~/.aliyun/config.json`: `ALIBABA_CLOUD_PROFILE`, else `current`);
 * 3. the shared credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE`, else
 *    `~/.alibabacloud/credentials`; section `ALIBABA_CLOUD_PROFILE`, else `default`);
 * 4. ECS instance metadata, only with a role name in `ALIBABA_CLOUD_ECS_METADATA`
 *    (and `ALIBABA_CLOUD_ECS_METADATA_DISABLED` not `true`);
 * 5. OIDC, only with `ALIBABA_CLOUD_ROLE_ARN`, `_OIDC_PROVIDER_ARN` and `_OIDC_TOKEN_FILE` all set;
 * 6. a credentials URI, only with `ALIBABA_CLOUD_CREDENTIALS_URI` set.
 *
 * The package's default chain asks the ECS metadata address and a URI even
 * when nothing names them; this one never contacts an address the person did
 * not name. The package's providers read `process.env` and `os.homedir()`:
 * here every value comes from the `env` and `home` given — passed to their
 * builders, the CLI provider's home set, the credentials file read at the
 * path computed here and handed to the provider's own parser — so a caller
 * (and a test) decides exactly what is read. Nothing is cached.
 *
 * A credential that exists but cannot be used (half of a pair, a profile of
 * a kind onboard does not support, a file that does not parse) is a
 * UsageError naming the source, never silently skipped for the next one.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { Credential } from '../types.js';
import { cleanMessage } from './errors.js';
import { cjsExports } from './interop.js';
import { at, isRecord, list, text } from './json.js';

/** Where the credential came from, recorded in the profile and shown by `status` (never the secret). */
export type CredentialSource = string; // e.g. 'flags' ('--access-key-id'), 'env', 'aliyun-cli:<profile>', 'credentials-file:<section>', 'ecs-ram-role', 'oidc', 'uri'

export type FoundCredential = { credential: Credential & { kind: 'access-key' }; source: CredentialSource };

/** The package, loaded only when a credential is looked for. */
const loadSdk = async () => cjsExports(await import('@alicloud/credentials'));
type CredentialsSdk = Awaited<ReturnType<typeof loadSdk>>;

/** aliyun CLI profile modes onboard can use: a static key, with or without an STS token. */
const CLI_MODES = ['AK', 'StsToken'];

/** What every provider of the package answers. */
interface Answer {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

function found(answer: Answer, source: CredentialSource): FoundCredential {
  const id = set(answer.accessKeyId);
  const secret = set(answer.accessKeySecret);
  if (id === undefined || secret === undefined) {
    throw new UsageError(
      'provider.credential.incomplete',
      {
        source,
        given: id === undefined ? 'access_key_secret' : 'access_key_id',
        missing: id === undefined ? 'access_key_id' : 'access_key_secret',
      },
      [],
      'CredentialUnusable',
    );
  }
  const token = set(answer.securityToken);
  return {
    credential: { kind: 'access-key', id, secret, ...(token ? { securityToken: token } : {}) },
    source,
  };
}

function unusable(
  key: 'provider.credential.unreadable' | 'provider.credential.failed',
  params: Record<string, string>,
) {
  return new UsageError(key, params, [], 'CredentialUnusable');
}

/** A package provider's answer; its failure a UsageError naming the source (its message cleaned of URLs). */
async function ask(
  provider: { getCredentials(): Promise<Answer> },
  source: CredentialSource,
): Promise<FoundCredential> {
  let answer: Answer;
  try {
    answer = await provider.getCredentials();
  } catch (error) {
    const reason = cleanMessage(error instanceof Error ? error.message : String(error)).slice(0, 200);
    throw unusable('provider.credential.failed', { source, reason });
  }
  return found(answer, source);
}

export async function findCredential(o: {
  env: NodeJS.ProcessEnv;
  home: string;
}): Promise<FoundCredential | null> {
  const sdk = await loadSdk();
  const { env } = o;

  // 1. The environment.
  const envId = set(env.ALIBABA_CLOUD_ACCESS_KEY_ID);
  const envSecret = set(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
  if (envId !== undefined || envSecret !== undefined) {
    if (envId === undefined || envSecret === undefined) {
      throw new UsageError(
        'provider.credential.incomplete',
        {
          source: 'env',
          given: envId === undefined ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID',
          missing: envId === undefined ? 'ALIBABA_CLOUD_ACCESS_KEY_ID' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        },
        [],
        'CredentialUnusable',
      );
    }
    const token = set(env.ALIBABA_CLOUD_SECURITY_TOKEN);
    const provider = token
      ? sdk.StaticSTSCredentialsProvider.builder()
          .withAccessKeyId(envId)
          .withAccessKeySecret(envSecret)
          .withSecurityToken(token)
          .build()
      : sdk.StaticAKCredentialsProvider.builder()
          .withAccessKeyId(envId)
          .withAccessKeySecret(envSecret)
          .build();
    return ask(provider, 'env');
  }

  // 2. The aliyun CLI's profile.
  const cli = await fromCliProfile(sdk, o);
  if (cli) return cli;

  // 3. The shared credentials file.
  const file = await fromCredentialsFile(sdk, o);
  if (file) return file;

  // 4. ECS instance metadata: only when a role is named.
  const role = set(env.ALIBABA_CLOUD_ECS_METADATA);
  if (role !== undefined && !isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) {
    return ask(
      sdk.ECSRAMRoleCredentialsProvider.builder()
        .withRoleName(role)
        .withConnectTimeout(1_000)
        .withReadTimeout(1_000)
        .build(),
      'ecs-ram-role',
    );
  }

  // 5. OIDC: only with its three variables.
  const roleArn = set(env.ALIBABA_CLOUD_ROLE_ARN);
  const providerArn = set(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN);
  const tokenFile = set(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE);
  if (roleArn !== undefined && providerArn !== undefined && tokenFile !== undefined) {
    const sessionName = set(env.ALIBABA_CLOUD_ROLE_SESSION_NAME);
    const stsRegion = set(env.ALIBABA_CLOUD_STS_REGION);
    let builder = sdk.OIDCRoleArnCredentialsProvider.builder()
      .withRoleArn(roleArn)
      .withOIDCProviderArn(providerArn)
      .withOIDCTokenFilePath(tokenFile)
      .withEnableVpc(isTrue(env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED));
    if (sessionName) builder = builder.withRoleSessionName(sessionName);
    if (stsRegion) builder = builder.withStsRegionId(stsRegion);
    return ask(builder.build(), 'oidc');
  }

  // 6. A credentials URI: only when one is named.
  const uri = set(env.ALIBABA_CLOUD_CREDENTIALS_URI);
  if (uri !== undefined) {
    return ask(
      sdk.URICredentialsProvider.builder()
        .withCredentialsURI(uri)
        .withConnectTimeout(5_000)
        .withReadTimeout(10_000)
        .build(),
      'uri',
    );
  }
  return null;
}

/** `~/.aliyun/config.json`: the profile `ALIBABA_CLOUD_PROFILE` names, else the file's `current`. */
async function fromCliProfile(
  sdk: CredentialsSdk,
  o: { env: NodeJS.ProcessEnv; home: string },
): Promise<FoundCredential | null> {
  if (isTrue(o.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) return null;
  const path = join(o.home, '.aliyun', 'config.json');
  if (!existsSync(path)) return null;
  const { getConfiguration } = cjsExports(
    await import('@alicloud/credentials/dist/src/providers/cli_profile.js'),
  );
  let conf: unknown;
  try {
    conf = await getConfiguration(path);
  } catch (error) {
    // No profile at all is nothing to use; anything else is a broken file. The
    // package's own message would quote the file, secrets included.
    const message = error instanceof Error ? error.message : '';
    if (/no any configured profiles/.test(message)) return null;
    const reason = /parse/.test(message) ? 'not valid JSON' : 'it cannot be read';
    throw unusable('provider.credential.unreadable', { source: 'aliyun-cli', file: path, reason });
  }
  const name = set(o.env.ALIBABA_CLOUD_PROFILE) ?? set(text(conf, 'current'));
  if (name === undefined) return null;
  const profile = list(conf, 'profiles').find((p) => text(p, 'name') === name);
  // A profile the CLI does not have: the credentials file may have a section of that name.
  if (profile === undefined) return null;
  const source = `aliyun-cli:${name}`;
  const mode = text(profile, 'mode') ?? '';
  if (!CLI_MODES.includes(mode)) {
    throw new UsageError('provider.credential.unsupported', { source, mode }, [], 'CredentialUnusable');
  }
  const provider = sdk.CLIProfileCredentialsProvider.builder().withProfileName(name).build();
  // The provider reads `<homedir>/.aliyun/config.json`; its home is set for mocks, and here for `home`.
  Reflect.set(provider, 'homedir', o.home);
  return ask(provider, source);
}

/** The shared credentials file's section `ALIBABA_CLOUD_PROFILE`, else `default`. */
async function fromCredentialsFile(
  sdk: CredentialsSdk,
  o: { env: NodeJS.ProcessEnv; home: string },
): Promise<FoundCredential | null> {
  const named = set(o.env.ALIBABA_CLOUD_CREDENTIALS_FILE);
  const path = named ?? join(o.home, '.alibabacloud', 'credentials');
  const section = set(o.env.ALIBABA_CLOUD_PROFILE) ?? 'default';
  const source = `credentials-file:${section}`;
  if (!existsSync(path)) {
    if (named === undefined) return null;
    throw unusable('provider.credential.unreadable', { source, file: path, reason: 'it does not exist' });
  }
  const { loadIni } = cjsExports(await import('@alicloud/credentials/dist/src/util/utils.js'));
  let ini: unknown;
  try {
    ini = await loadIni(path);
  } catch {
    throw unusable('provider.credential.unreadable', { source, file: path, reason: 'it cannot be read' });
  }
  const config = at(ini, section);
  if (!isRecord(config)) return null;
  const type = text(config, 'type') ?? '';
  if (type !== 'access_key') {
    throw new UsageError('provider.credential.unsupported', { source, mode: type }, [], 'CredentialUnusable');
  }
  const provider = sdk.ProfileCredentialsProvider.builder().withProfileName(section).build();
  return ask(provider.getCredentialsProvider(ini), source);
}

/** A saved aliyun CLI profile or credentials-file section, as the official client reads it back. */
export interface SavedCredential {
  id: string;
  secret: string;
  /** The aliyun CLI profile's `region_id`. */
  region?: string;
}

/**
 * Reads back one saved aliyun CLI profile (`<home>/.aliyun/config.json`) or
 * one section of a credentials file with the official client's own providers
 * (what an SDK would use when that profile is named): null when the file or
 * the profile/section is not there; a UsageError when it cannot be used.
 */
export async function readSaved(
  target: { kind: 'aliyun-cli' | 'credentials'; name: string; file: string },
  home: string,
): Promise<SavedCredential | null> {
  if (!existsSync(target.file)) return null;
  const sdk = await loadSdk();
  if (target.kind === 'credentials') {
    const env = { ALIBABA_CLOUD_PROFILE: target.name, ALIBABA_CLOUD_CREDENTIALS_FILE: target.file };
    const found = await fromCredentialsFile(sdk, { env, home });
    return found && { id: found.credential.id, secret: found.credential.secret };
  }
  const found = await fromCliProfile(sdk, { env: { ALIBABA_CLOUD_PROFILE: target.name }, home });
  if (!found || found.source !== `aliyun-cli:${target.name}`) return null;
  const { getConfiguration } = cjsExports(
    await import('@alicloud/credentials/dist/src/providers/cli_profile.js'),
  );
  const conf: unknown = await getConfiguration(target.file);
  const region = text(
    list(conf, 'profiles').find((p) => text(p, 'name') === target.name),
    'region_id',
  );
  return { id: found.credential.id, secret: found.credential.secret, ...(region ? { region } : {}) };
}
