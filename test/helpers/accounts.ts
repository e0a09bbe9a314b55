/** Accounts on the in-process simulated cloud, made through its own API as the wizard makes them. */
import type { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
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
