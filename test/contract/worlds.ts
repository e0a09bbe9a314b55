/**
 * Fresh worlds for the provider contract: a new account with a verified
 * identity and a working root credential, behind each provider.
 *
 * - `simulatedWorld`: the simulated provider in-process, reached by session.
 * - `aliyunWorld`: the real provider pointed at the same simulated cloud
 *   served over the wire (`onboard sim serve` machinery) on 127.0.0.1, port 0,
 *   reached with a root AccessKey whose secret the setup got once.
 *
 * Faults (`ONBOARD_SIM_FAULTS` syntax) apply to the provider under test only:
 * the setup itself runs through a fault-free instance of the same cloud.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAliyunProvider } from '../../src/provider/aliyun/index.js';
import type { ServeBackend } from '../../src/provider/serve/backend.js';
import { type LogEntry, startServer } from '../../src/provider/serve/server.js';
import { simulatedOptionsFromEnv } from '../../src/provider/simulated/env.js';
import { createSimulatedProvider } from '../../src/provider/simulated/index.js';
import { SimulatedServeBackend } from '../../src/provider/simulated/serve-backend.js';
import type { Cloud, Provider, SimulationControls } from '../../src/provider/types.js';
import { accountWithKey } from '../helpers/accounts.js';
import {
  type ApiClient,
  apiClient,
  apiConfig,
  EcsClient,
  ImsClient,
  RamClient,
  StsClient,
} from '../helpers/sdk.js';

export interface WorldOptions {
  /** `ONBOARD_SIM_FAULTS` for the provider under test. */
  faults?: string;
  /** Where the world is served: what watches the wire (the conformance suite records it). */
  wire?: {
    backend?: (backend: ServeBackend) => ServeBackend;
    log?: (entry: LogEntry) => void;
  };
}

/** The official clients of a served world, all with its root key. */
export interface OfficialClients {
  ram: InstanceType<typeof RamClient>;
  ims: InstanceType<typeof ImsClient>;
  sts: InstanceType<typeof StsClient>;
  ecs: InstanceType<typeof EcsClient>;
  /** The generic client (`callApi`), for actions no installed typed package has. */
  api: ApiClient;
  /** Where they call (`host:port`), for clients with other keys. */
  endpoint: string;
}

export interface World {
  provider: Provider;
  /** The new account's cloud, with its root credential. */
  cloud: Cloud;
  uid: string;
  /** The id of the root key the setup made (the one in use for AccessKey providers). */
  setupKeyId: string;
  /** A bucket name another account owns. */
  takenBucket: string;
  /** Where the world is served on the wire: the official clients, with the same root key. */
  official?: OfficialClients;
  /**
   * The simulated cloud behind the provider (both worlds are one), for what
   * happens outside any API: reviews decided, applications withdrawn, a
   * subscription bought in the console.
   */
  simulation: SimulationControls;
  /** The simulated cloud's file, for states no API call makes quickly (many quotas). */
  /** The config dir of the simulated cloud behind the world (`test/helpers/cloud.ts` reads it). */
  cloudDir: string;
  /** Stops what the world started and removes its files (always called, afterEach). */
  close(): Promise<void>;
}

export type Setup = (options?: WorldOptions) => Promise<World>;

const PASSWORD = 'Contract-Passw0rd';
/** Long enough that nothing is decided during a test. */
const REVIEW_SECONDS = '3600';

function simEnv(faults?: string): NodeJS.ProcessEnv {
  return { ONBOARD_SIM_REVIEW_SECONDS: REVIEW_SECONDS, ...(faults ? { ONBOARD_SIM_FAULTS: faults } : {}) };
}

/** A config dir with one registered, verified account and one root key (secret kept). */
async function account(configDir: string) {
  const setup = createSimulatedProvider({ configDir, env: simEnv() });
  const email = `contract-${randomUUID().slice(0, 8)}@example.com`;
  const { session, key, simulation } = await accountWithKey(setup, email, PASSWORD);
  if (key.secret === null) throw new Error('a new key comes with its secret');
  return { token: session.token, uid: session.uid, keyId: key.key.id, secret: key.secret, simulation };
}

function officialClients(endpoint: string, keyId: string, secret: string): OfficialClients {
  const config = apiConfig(endpoint, keyId, secret);
  return {
    ram: new RamClient(config),
    ims: new ImsClient(config),
    sts: new StsClient(config),
    ecs: new EcsClient(config),
    api: apiClient(endpoint, keyId, secret),
    endpoint,
  };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-contract-'));
}

export const simulatedWorld: Setup = async (options = {}) => {
  const configDir = tempDir();
  const made = await account(configDir);
  const provider = createSimulatedProvider({ configDir, env: simEnv(options.faults) });
  return {
    provider,
    cloud: provider.connect({ kind: 'session', token: made.token }),
    uid: made.uid,
    setupKeyId: made.keyId,
    takenBucket: 'test',
    simulation: made.simulation,
    cloudDir: configDir,
    close: async () => fs.rmSync(configDir, { recursive: true, force: true }),
  };
};

export const aliyunWorld: Setup = async (options = {}) => {
  const configDir = tempDir();
  const made = await account(configDir);
  // The served cloud is the one `onboard sim serve` runs: the simulated backend behind the wire layer.
  const simulated = new SimulatedServeBackend({
    configDir,
    ...simulatedOptionsFromEnv(simEnv(options.faults)),
  });
  simulated.check();
  const backend = options.wire?.backend ? options.wire.backend(simulated) : simulated;
  const failures: unknown[] = [];
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    backend,
    log: (_line, entry) => options.wire?.log?.(entry),
    onError: (error) => failures.push(error),
  });
  const provider = createAliyunProvider({
    endpoint: { protocol: 'http', host: server.endpoint },
    site: () => 'cn',
    env: {},
  });
  return {
    provider,
    cloud: provider.connect({ kind: 'access-key', id: made.keyId, secret: made.secret }),
    uid: made.uid,
    setupKeyId: made.keyId,
    takenBucket: 'test',
    official: officialClients(server.endpoint, made.keyId, made.secret),
    simulation: made.simulation,
    cloudDir: configDir,
    close: async () => {
      await server.close();
      fs.rmSync(configDir, { recursive: true, force: true });
      // A backend that threw something other than a refusal is a bug the client may not have seen.
      if (failures.length > 0) throw failures[0];
    },
  };
};
