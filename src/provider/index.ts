/**
 * Picks and builds the provider, once per run: the simulated cloud (default)
 * or the real Alibaba Cloud. Each is imported only when chosen, so the
 * simulated path never loads the official SDKs.
 */
import { UsageError } from '../core/errors.js';
import type { Site } from '../core/types.js';
import { memberOf } from '../core/types.js';
import { createSimulatedProvider } from './simulated/index.js';
import { type KeyAccounts, PROVIDER_KINDS, type Provider, type ProviderKind } from './types.js';

export interface CreateProviderOptions {
  kind?: ProviderKind;
  /** The real cloud: `--endpoint`, and the profile's site (read when a call needs it). */
  endpoint?: { protocol: 'http' | 'https'; host: string };
  site?: () => Site;
  /** The config dir; the simulated cloud lives in its database there (`simulated-cloud.lmdb`). */
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** Dry runs and `status`: reads work, every change throws, nothing is written to disk. */
  readOnly?: boolean;
}

/** Parses `--provider` / `ONBOARD_PROVIDER`. */
export function parseProviderKind(value: string | undefined, where: string): ProviderKind {
  const v = (value ?? '').trim() || 'simulated';
  const kind = memberOf(PROVIDER_KINDS, v);
  if (kind) return kind;
  throw new UsageError('provider.env.kind', { env: where, value: v, known: PROVIDER_KINDS.join(', ') });
}

export async function createProvider(opts: CreateProviderOptions): Promise<Provider> {
  const kind = opts.kind ?? parseProviderKind(opts.env.ONBOARD_PROVIDER, 'ONBOARD_PROVIDER');
  if (kind === 'aliyun') {
    // The SDKs stay out of every other run: this chunk, and theirs, load only here.
    const [{ createAliyunProvider }, { findCredential }] = await Promise.all([
      import('./aliyun/index.js'),
      import('./aliyun/credentials.js'),
    ]);
    const provider = createAliyunProvider({
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      site: opts.site ?? (() => 'intl'),
      env: opts.env,
      readOnly: opts.readOnly ?? false,
    });
    const keyAccounts: KeyAccounts = { findCredential, identityInConsole: true };
    return { ...provider, keyAccounts };
  }
  return createSimulatedProvider({
    configDir: opts.configDir,
    env: opts.env,
    readOnly: opts.readOnly ?? false,
  });
}

/**
 * A saved aliyun CLI profile or credentials-file section read back with the
 * official credential client (`@alicloud/credentials`, loaded only here),
 * whichever provider the run uses: null when it is not there.
 */
export async function readSavedCredential(
  target: { kind: 'aliyun-cli' | 'credentials'; name: string; file: string },
  home: string,
): Promise<{ id: string; secret: string; region?: string } | null> {
  const { readSaved } = await import('./aliyun/credentials.js');
  return readSaved(target, home);
}
