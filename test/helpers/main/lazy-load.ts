/**
 * Child-process entry: proves the official SDKs load only when the real
 * provider makes a call. A whole simulated journey runs, the real provider
 * is created and connected (no call), and `require.cache` is checked for
 * `@alicloud/*` and `ali-oss`; then one real-provider call (to a closed
 * port) must load them — the control that shows the check can see them.
 * Prints `{ afterSimulated, afterConnect, afterCall }` package lists.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createAliyunProvider } from '../../../src/provider/aliyun/index.js';
import { createSimulatedProvider } from '../../../src/provider/simulated/index.js';

const require = createRequire(import.meta.url);

function sdkPackages(): string[] {
  const names = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules[\\/](@alicloud[\\/][^\\/]+|ali-oss)[\\/]/.exec(file);
    if (m?.[1]) names.add(m[1].replace('\\', '/'));
  }
  return [...names].sort();
}

const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-lazy-'));
try {
  const sim = createSimulatedProvider({ configDir, env: { ONBOARD_SIM_REVIEW_SECONDS: '0' } });
  const accounts = sim.passwordAccounts;
  const simulation = sim.simulation;
  if (!accounts || !simulation) throw new Error('simulated');
  await accounts.sendVerificationCode('lazy@example.com');
  const session = await accounts.register({
    email: 'lazy@example.com',
    password: 'Passw0rd-Lazy',
    verificationCode: (await simulation.latestCode('lazy@example.com')) ?? '',
    clientToken: randomUUID(),
  });
  const cloud = sim.connect({ kind: 'session', token: session.token });
  await cloud.identity.submit?.({
    type: 'individual',
    legalName: 'Li Lei',
    idType: 'cn-resident-id',
    idNumber: '11010519491231002X',
    clientToken: randomUUID(),
  });
  await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] });
  await cloud.ram.createUser({ name: 'lazy' });
  await cloud.buckets.put({
    name: 'lazy-bucket-1',
    region: 'cn-hangzhou',
    storageClass: 'Standard',
    acl: 'private',
    redundancy: 'LRS',
  });
  await cloud.quotas.submit({
    region: 'cn-hangzhou',
    zone: 'cn-hangzhou-i',
    instanceType: 'ecs.g7.2xlarge',
    vcpuQuota: 64,
    reason: 'E-MapReduce cluster nodes',
    clientToken: randomUUID(),
  });
  await cloud.maxcompute.activate({
    region: 'cn-hangzhou',
    clientToken: randomUUID(),
  });
  const afterSimulated = sdkPackages();

  const aliyun = createAliyunProvider({
    endpoint: { protocol: 'http', host: '127.0.0.1:9' },
    site: () => 'cn',
    env: {},
  });
  const real = aliyun.connect({ kind: 'access-key', id: 'LTAI5tLazy00000000000001', secret: 'x'.repeat(30) });
  const afterConnect = sdkPackages();

  await real.account.whoAmI().catch(() => undefined);
  await real.buckets.list().catch(() => undefined);
  const afterCall = sdkPackages();
  process.stdout.write(JSON.stringify({ afterSimulated, afterConnect, afterCall }));
} finally {
  fs.rmSync(configDir, { recursive: true, force: true });
}
