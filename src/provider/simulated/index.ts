/**
 * The simulated provider: the capabilities of `../types.ts` over the
 * simulated cloud (`cloud.ts`), which keeps its state in the config dir. A
 * credential here is a session token from a password sign-in.
 */
import type { Cloud, Credential, Provider } from '../types.js';
import { SimulatedCloud, type SimulatedOptions } from './cloud.js';
import { simulatedOptionsFromEnv } from './env.js';

export interface SimulatedProviderOptions {
  configDir: string;
  env: NodeJS.ProcessEnv;
  readOnly?: boolean;
  /** Tests move the clock instead of waiting. */
  now?: SimulatedOptions['now'];
}

/** The simulated provider for a config dir, with latency, review time and faults from the environment. */
export function createSimulatedProvider(o: SimulatedProviderOptions): Provider {
  const cloud = new SimulatedCloud({
    configDir: o.configDir,
    ...simulatedOptionsFromEnv(o.env),
    readOnly: o.readOnly ?? false,
    ...(o.now ? { now: o.now } : {}),
  });
  return simulatedProvider(cloud);
}

/** The capabilities over an existing simulated cloud. */
export function simulatedProvider(cloud: SimulatedCloud): Provider {
  return {
    kind: 'simulated',
    passwordAccounts: cloud.accounts,
    connect: (credential): Cloud => cloud.as(sessionToken(credential)),
    isBucketNameAvailable: cloud.isBucketNameAvailable,
    simulation: cloud,
    expedite: { words: ['sim', 'approve'], why: 'next.simApprove' },
  };
}

function sessionToken(credential: Credential): string {
  if (credential.kind !== 'session') {
    // In-process the simulated cloud is reached by session; keys reach it through `onboard sim serve`.
    throw new Error('the simulated provider takes a session credential');
  }
  return credential.token;
}
