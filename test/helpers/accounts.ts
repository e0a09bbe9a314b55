/** Accounts on the in-process simulated cloud, made through its own API or its provider's capabilities. */
import { randomUUID } from 'node:crypto';
import type { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import type { Provider } from '../../src/provider/types.js';
import { residentIdCheckChar } from '../../src/validate/index.js';

export const PASSWORD = 'Secr3t-Passw0rd';
export const RESIDENT_ID = `11010519491231002${residentIdCheckChar('11010519491231002')}`;

/** Registers `email` with the code the simulated inbox got. */
export async function register(cloud: SimulatedCloud, email: string, clientToken = `reg-${email}`) {
  await cloud.accounts.sendVerificationCode(email);
  const verificationCode = (await cloud.latestCode(email)) ?? '';
  return cloud.accounts.register({ email, password: PASSWORD, verificationCode, clientToken });
}

/** Registers `email` and, unless `verify` is false, verifies it as an individual (Some Body, a resident ID). */
export async function signUp(cloud: SimulatedCloud, email: string, verify = true) {
  const session = await register(cloud, email);
  if (verify) {
    await cloud.as(session.token).identity.submit({
      type: 'individual',
      legalName: 'Some Body',
      idType: 'cn-resident-id',
      idNumber: RESIDENT_ID,
      clientToken: `id-${email}`,
    });
  }
  return session;
}

/**
 * An account made through the simulated provider's capabilities (every client token new),
 * verified as an individual (Li Lei, a resident ID) unless `verify` is false, with a root key.
 */
export async function accountWithKey(provider: Provider, email: string, password: string, verify = true) {
  const accounts = provider.passwordAccounts;
  const simulation = provider.simulation;
  if (!accounts || !simulation) throw new Error('the simulated provider registers accounts');
  await accounts.sendVerificationCode(email);
  const session = await accounts.register({
    email,
    password,
    verificationCode: (await simulation.latestCode(email)) ?? '',
    clientToken: randomUUID(),
  });
  const cloud = provider.connect({ kind: 'session', token: session.token });
  if (verify)
    await cloud.identity.submit?.({
      type: 'individual',
      legalName: 'Li Lei',
      idType: 'cn-resident-id',
      idNumber: RESIDENT_ID,
      clientToken: randomUUID(),
    });
  const key = await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] });
  return { session, cloud, key, simulation };
}
