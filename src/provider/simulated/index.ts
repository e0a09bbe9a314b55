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
    passwordAccounts: {
      sendVerificationCode: (email) => cloud.sendVerificationCode(email),
      register: (input) => cloud.registerAccount(input),
      signIn: (input) => cloud.signIn(input),
    },
    connect: (credential) => connect(cloud, credential),
    isBucketNameAvailable: (name) => cloud.isBucketNameAvailable(name),
    simulation: cloud,
    expedite: { words: ['sim', 'approve'], why: 'next.simApprove' },
  };
}

function connect(cloud: SimulatedCloud, credential: Credential): Cloud {
  if (credential.kind !== 'session') {
    // In-process the simulated cloud is reached by session; keys reach it through `onboard sim serve`.
    throw new Error('the simulated provider takes a session credential');
  }
  const token = credential.token;
  return {
    account: {
      async whoAmI() {
        const info = await cloud.getAccount(token);
        return { uid: info.uid, email: info.email, principal: 'root' };
      },
    },
    identity: {
      get: () => cloud.getIdentity(token),
      submit: (input) => cloud.submitIdentity(token, input),
    },
    accessKeys: {
      list: () => cloud.listAccessKeys(token),
      create: (input) => cloud.createAccessKey(token, input),
      update: (id, status) => cloud.updateAccessKey(token, id, status),
      delete: (id) => cloud.deleteAccessKey(token, id),
    },
    ram: {
      getUser: (name) => cloud.getRamUser(token, name),
      createUser: (input) => cloud.createRamUser(token, input),
      policyExists: (name) => cloud.policyExists(name),
      listPolicies: (user) => cloud.listRamUserPolicies(token, user),
      attachPolicy: (user, policy) => cloud.attachPolicy(token, user, policy),
      hasLoginProfile: async (user) => (await cloud.getLoginProfile(token, user)) !== null,
      createLoginProfile: (user, password) => cloud.createLoginProfile(token, user, password),
      userKeys: (user) => ({
        list: () => cloud.listRamUserKeys(token, user),
        create: (input) => cloud.createRamUserKey(token, user, input),
        update: (id, status) => cloud.updateRamUserKey(token, user, id, status),
        delete: (id) => cloud.deleteRamUserKey(token, user, id),
      }),
      defaultDomain: () => cloud.defaultDomain(token),
    },
    maxcompute: {
      get: (region) => cloud.getMaxCompute(token, region),
      activate: (input) => cloud.activateMaxCompute(token, input),
    },
    buckets: {
      put: (spec) => cloud.putBucket(token, spec),
      get: (name) => cloud.getBucket(token, name),
      list: () => cloud.listBuckets(token),
    },
    quotas: {
      submit: (input) => cloud.submitQuotaApplication(token, input),
      get: (id) => cloud.getQuotaApplication(token, id),
      list: () => cloud.listQuotaApplications(token),
    },
  };
}
