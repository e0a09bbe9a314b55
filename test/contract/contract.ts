/**
 * The provider contract: what every implementation of `src/provider/types.ts`
 * must do, checked the same way against each (SPEC §5.3 — a step behaves the
 * same with both providers). A provider runs it with one line:
 * `describeProviderContract(name, setup)`, where `setup` gives a fresh world
 * (see `worlds.ts`).
 */
import { randomUUID } from 'node:crypto';
import * as ecsApi from '@alicloud/ecs20140526';
import * as imsApi from '@alicloud/ims20190815';
import * as ramApi from '@alicloud/ram20150501';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { SERVED_APIS } from '../../src/provider/simulated/wire.js';
import type { BucketSpec, Cloud, RamRole, RamUser } from '../../src/provider/types.js';
import { withRetry } from '../../src/wizard/retry.js';
import { readCloud, writeCloud } from '../helpers/cloud.js';
import { rpc } from '../helpers/sdk.js';
import type { OfficialClients, Setup, World, WorldOptions } from './worlds.js';

const KEY_ID = /^LTAI[A-Za-z0-9]{20}$/;
const KEY_SECRET = /^[A-Za-z0-9]{30}$/;
const UNKNOWN_KEY = 'LTAI00000000000000000000';
const REGION = 'cn-shanghai';

/** The error a promise rejects with (the test fails when it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a provider refusal');
}

/** The wizard's retry of retryable errors, without its pauses. */
function retried<T>(fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, { sleep: async () => {} });
}

/**
 * CreateUser as the ramuser step calls it: retried; a user that turns out
 * to exist after a lost response is the one the first attempt made.
 */
async function createUserAsTheWizardDoes(cloud: Cloud, name: string): Promise<RamUser> {
  try {
    return await retried(() => cloud.ram.createUser({ name }));
  } catch (error) {
    if (!(error instanceof ProviderError && error.code === 'EntityAlreadyExists.User')) throw error;
    const user = await cloud.ram.getUser(name);
    if (!user) throw error;
    return user;
  }
}

/**
 * CreateRole as the roles step calls it: retried; a role that turns out to
 * exist after a lost response is the one the first attempt made.
 */
async function createRoleAsTheWizardDoes(cloud: Cloud, name: string, trustPolicy: string): Promise<RamRole> {
  try {
    return await retried(() => cloud.ram.createRole({ name, trustPolicy }));
  } catch (error) {
    if (!(error instanceof ProviderError && error.code === 'EntityAlreadyExists.Role')) throw error;
    const role = await cloud.ram.getRole(name);
    if (!role) throw error;
    return role;
  }
}

/** A service role's trust policy, as RAM writes it. */
function trustOf(service: string): string {
  return JSON.stringify({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }],
    Version: '1',
  });
}

const EMR_TRUST = trustOf('emr.aliyuncs.com');
const ECS_TRUST = trustOf('ecs.aliyuncs.com');

function bucketName(): string {
  return `contract-${randomUUID().slice(0, 12)}`;
}

function spec(name: string, overrides: Partial<BucketSpec> = {}): BucketSpec {
  return { name, region: REGION, storageClass: 'Standard', acl: 'private', redundancy: 'LRS', ...overrides };
}

const QUOTA = {
  region: REGION,
  // The first zone Quota Center lists for the region (the simulation's list).
  zone: 'cn-shanghai-a',
  instanceType: 'ecs.g7.2xlarge',
  vcpuQuota: 64,
  reason: 'E-MapReduce cluster nodes',
};

export function describeProviderContract(name: string, setup: Setup): void {
  describe(`provider contract: ${name}`, () => {
    const worlds: World[] = [];
    afterEach(async () => {
      await Promise.all(worlds.splice(0).map((w) => w.close()));
    });
    async function open(options?: WorldOptions): Promise<World> {
      const world = await setup(options);
      worlds.push(world);
      return world;
    }

    it('account.whoAmI: the root of the account', async () => {
      const { cloud, uid } = await open();
      const me = await cloud.account.whoAmI();
      expect(me).toMatchObject({ uid, principal: 'root' });
      expect(me.uid).toMatch(/^\d{16}$/);
    });

    it('identity.get: verified', async () => {
      const { cloud } = await open();
      expect(await cloud.identity.get()).toMatchObject({ status: 'verified' });
    });

    describe('accessKeys (the root’s own)', () => {
      it('create shows the secret once; list, disable, delete (Inactive first), unknown ids', async () => {
        const { cloud, setupKeyId } = await open();
        const before = await cloud.accessKeys.list();
        expect(before.map((k) => k.id)).toEqual([setupKeyId]);
        expect(before[0]).toMatchObject({ status: 'Active', allowCidrs: [] });

        const created = await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] });
        expect(created.key.id).toMatch(KEY_ID);
        expect(created.secret).toMatch(KEY_SECRET);
        expect(created.key).toMatchObject({ status: 'Active', lastUsed: null, allowCidrs: [] });
        expect(Number.isNaN(Date.parse(created.key.created))).toBe(false);

        const listed = await cloud.accessKeys.list();
        expect(listed.map((k) => k.id).sort()).toEqual([setupKeyId, created.key.id].sort());
        expect(JSON.stringify(listed)).not.toContain(created.secret ?? '-');

        const conflict = await refusal(cloud.accessKeys.delete(created.key.id));
        expect(conflict).toMatchObject({ code: 'DeleteConflict.AccessKey.Active', httpStatus: 409 });
        expect((await cloud.accessKeys.update(created.key.id, 'Inactive')).status).toBe('Inactive');
        expect((await cloud.accessKeys.list()).find((k) => k.id === created.key.id)?.status).toBe('Inactive');
        await cloud.accessKeys.delete(created.key.id);
        expect((await cloud.accessKeys.list()).map((k) => k.id)).toEqual([setupKeyId]);

        for (const call of [
          () => cloud.accessKeys.update(UNKNOWN_KEY, 'Inactive'),
          () => cloud.accessKeys.delete(UNKNOWN_KEY),
        ]) {
          expect(await refusal(call())).toMatchObject({
            code: 'EntityNotExist.User.AccessKey',
            httpStatus: 404,
          });
        }
      });

      it('at most five, Active and Inactive together: LimitExceeded.User.AccessKey', async () => {
        const { cloud } = await open();
        const made = [];
        for (let i = 0; i < 4; i++) {
          made.push(await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] }));
        }
        await cloud.accessKeys.update(made[0]?.key.id ?? '', 'Inactive');
        const sixth = await refusal(cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] }));
        expect(sixth).toMatchObject({
          code: 'LimitExceeded.User.AccessKey',
          httpStatus: 409,
          retryable: false,
        });
        expect(await cloud.accessKeys.list()).toHaveLength(5);
      });

      it('a create repeated with the same clientToken never makes a second key (the replay has no secret)', async () => {
        const { cloud } = await open();
        const clientToken = randomUUID();
        const first = await cloud.accessKeys.create({ clientToken, allowCidrs: [] });
        const again = await cloud.accessKeys.create({ clientToken, allowCidrs: [] });
        expect(again.key.id).toBe(first.key.id);
        expect(again.secret).toBeNull();
        expect(await cloud.accessKeys.list()).toHaveLength(2);
        // The key found again carries its token, so a caller can tell it is that call's key.
        expect((await cloud.accessKeys.list()).find((k) => k.id === first.key.id)?.clientToken).toBe(
          clientToken,
        );
      });

      it('a network policy given at creation is the key’s before its secret is returned, and listed', async () => {
        const { cloud } = await open();
        const cidrs = ['203.0.113.0/24', '2001:db8::/32'];
        const created = await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: cidrs });
        expect(created.secret).toMatch(KEY_SECRET);
        expect(created.key.allowCidrs).toEqual(cidrs);
        const listed = await cloud.accessKeys.list();
        expect(listed.find((k) => k.id === created.key.id)?.allowCidrs).toEqual(cidrs);
        await cloud.ram.createUser({ name: 'net-user' });
        const userKey = await cloud.ram
          .userKeys('net-user')
          .create({ clientToken: randomUUID(), allowCidrs: ['198.51.100.0/24'] });
        expect((await cloud.ram.userKeys('net-user').list())[0]).toMatchObject({
          id: userKey.key.id,
          allowCidrs: ['198.51.100.0/24'],
        });
      });

      it('limits as the cloud gives them: five for the account, two per RAM user', async () => {
        const { cloud } = await open();
        expect(await cloud.accessKeys.limit()).toBe(5);
        await cloud.ram.createUser({ name: 'limit-user' });
        expect(await cloud.ram.userKeys('limit-user').limit()).toBe(2);
      });
    });

    describe('ram', () => {
      it('users, system policies, console logon, principal names', async () => {
        const { cloud, uid } = await open();
        expect(await cloud.ram.getUser('nobody-here')).toBeNull();
        expect(await cloud.ram.defaultDomain()).toBe(`${uid}.onaliyun.com`);

        const user = await cloud.ram.createUser({ name: 'onboard-admin' });
        expect(user).toMatchObject({
          name: 'onboard-admin',
          principalName: `onboard-admin@${uid}.onaliyun.com`,
          policies: [],
          consoleAccess: false,
        });
        expect(Number.isNaN(Date.parse(user.createdAt))).toBe(false);
        expect(await refusal(cloud.ram.createUser({ name: 'onboard-admin' }))).toMatchObject({
          code: 'EntityAlreadyExists.User',
          httpStatus: 409,
        });

        expect(await cloud.ram.policyExists('AliyunOSSFullAccess')).toBe(true);
        expect(await cloud.ram.policyExists('NoSuchPolicyAnywhere')).toBe(false);
        expect(await cloud.ram.listPolicies('onboard-admin')).toEqual([]);
        await cloud.ram.attachPolicy('onboard-admin', 'AliyunOSSFullAccess');
        await cloud.ram.attachPolicy('onboard-admin', 'AliyunEMRFullAccess');
        expect((await cloud.ram.listPolicies('onboard-admin')).sort()).toEqual([
          'AliyunEMRFullAccess',
          'AliyunOSSFullAccess',
        ]);
        expect(await refusal(cloud.ram.attachPolicy('onboard-admin', 'AliyunOSSFullAccess'))).toMatchObject({
          code: 'EntityAlreadyExists.User.Policy',
        });
        expect(await refusal(cloud.ram.attachPolicy('onboard-admin', 'NoSuchPolicyAnywhere'))).toMatchObject({
          code: 'EntityNotExist.Policy',
          httpStatus: 404,
        });

        expect(await cloud.ram.hasLoginProfile('onboard-admin')).toBe(false);
        await cloud.ram.createLoginProfile('onboard-admin', 'Console-Passw0rd');
        expect(await cloud.ram.hasLoginProfile('onboard-admin')).toBe(true);
        expect(
          await refusal(cloud.ram.createLoginProfile('onboard-admin', 'Console-Passw0rd')),
        ).toMatchObject({
          code: 'EntityAlreadyExists.User.LoginProfile',
        });

        const again = await cloud.ram.getUser('onboard-admin');
        expect(again).toMatchObject({ name: 'onboard-admin', consoleAccess: true });
        expect(again?.policies.sort()).toEqual(['AliyunEMRFullAccess', 'AliyunOSSFullAccess']);
      });

      it('a user’s keys: at most two; disable, delete, unknown ids', async () => {
        const { cloud } = await open();
        await cloud.ram.createUser({ name: 'dev' });
        const keys = cloud.ram.userKeys('dev');
        expect(await keys.list()).toEqual([]);
        const one = await keys.create({ clientToken: randomUUID(), allowCidrs: [] });
        const two = await keys.create({ clientToken: randomUUID(), allowCidrs: [] });
        expect(one.secret).toMatch(KEY_SECRET);
        expect(two.key.id).toMatch(KEY_ID);
        expect(await refusal(keys.create({ clientToken: randomUUID(), allowCidrs: [] }))).toMatchObject({
          code: 'LimitExceeded.User.AccessKey',
          httpStatus: 409,
        });
        expect((await keys.list()).map((k) => k.id).sort()).toEqual([one.key.id, two.key.id].sort());
        expect(await refusal(keys.delete(one.key.id))).toMatchObject({
          code: 'DeleteConflict.AccessKey.Active',
        });
        await keys.update(one.key.id, 'Inactive');
        await keys.delete(one.key.id);
        expect((await keys.list()).map((k) => k.id)).toEqual([two.key.id]);
        expect(await refusal(keys.update(UNKNOWN_KEY, 'Active'))).toMatchObject({
          code: 'EntityNotExist.User.AccessKey',
        });
        // The account's own keys are another owner's.
        expect((await cloud.accessKeys.list()).map((k) => k.id)).not.toContain(two.key.id);
      });
    });

    describe('ram roles', () => {
      it('get (null), create with a trust policy, update it, attach and list system policies; refusals', async () => {
        const { cloud, uid } = await open();
        const name = 'AliyunEMRDefaultRole';
        expect(await cloud.ram.getRole(name)).toBeNull();
        const made = await cloud.ram.createRole({ name, trustPolicy: EMR_TRUST });
        expect(made).toMatchObject({
          name,
          arn: `acs:ram::${uid}:role/aliyunemrdefaultrole`,
          trustPolicy: EMR_TRUST,
        });
        expect(Number.isNaN(Date.parse(made.createdAt))).toBe(false);
        // Kept as sent, found case-insensitively as RAM does.
        expect(await cloud.ram.getRole('aliyunemrdefaultrole')).toMatchObject({
          name,
          trustPolicy: EMR_TRUST,
        });
        expect(await refusal(cloud.ram.createRole({ name, trustPolicy: EMR_TRUST }))).toMatchObject({
          code: 'EntityAlreadyExists.Role',
          httpStatus: 409,
        });

        expect(await cloud.ram.listPoliciesForRole(name)).toEqual([]);
        await cloud.ram.attachPolicyToRole(name, 'AliyunEMRRolePolicy');
        expect(await cloud.ram.listPoliciesForRole(name)).toEqual(['AliyunEMRRolePolicy']);
        expect(await refusal(cloud.ram.attachPolicyToRole(name, 'AliyunEMRRolePolicy'))).toMatchObject({
          code: 'EntityAlreadyExists.Role.Policy',
          httpStatus: 409,
        });
        expect(await refusal(cloud.ram.attachPolicyToRole(name, 'NoSuchPolicyAnywhere'))).toMatchObject({
          code: 'EntityNotExist.Policy',
          httpStatus: 404,
        });

        const updated = await cloud.ram.updateRole(name, { trustPolicy: ECS_TRUST });
        expect(updated).toMatchObject({ name, trustPolicy: ECS_TRUST });
        expect((await cloud.ram.getRole(name))?.trustPolicy).toBe(ECS_TRUST);
        // The policies stay with the role.
        expect(await cloud.ram.listPoliciesForRole(name)).toEqual(['AliyunEMRRolePolicy']);

        // One call at a time: a refusal that settles while the loop awaits an earlier one would be unhandled.
        for (const call of [
          () => cloud.ram.updateRole('NoSuchRole', { trustPolicy: EMR_TRUST }),
          () => cloud.ram.listPoliciesForRole('NoSuchRole'),
          () => cloud.ram.attachPolicyToRole('NoSuchRole', 'AliyunEMRRolePolicy'),
        ]) {
          expect(await refusal(call())).toMatchObject({ code: 'EntityNotExist.Role', httpStatus: 404 });
        }
        expect(
          await refusal(cloud.ram.createRole({ name: 'Other', trustPolicy: '{"Statement":' })),
        ).toMatchObject({ code: 'MalformedPolicyDocument', httpStatus: 400 });
        expect(
          await refusal(cloud.ram.createRole({ name: 'no spaces', trustPolicy: EMR_TRUST })),
        ).toMatchObject({
          code: 'InvalidParameter.RoleName.InvalidChars',
          httpStatus: 400,
        });
        expect(await cloud.ram.getRole('Other')).toBeNull();
      });

      it('read back with the official RAM client where the world is served (GetRole, ListPoliciesForRole)', async () => {
        const { cloud, uid, official } = await open();
        await cloud.ram.createRole({ name: 'AliyunECSInstanceForEMRRole', trustPolicy: ECS_TRUST });
        await cloud.ram.attachPolicyToRole(
          'AliyunECSInstanceForEMRRole',
          'AliyunECSInstanceForEMRRolePolicy',
        );
        expect(await cloud.ram.getRole('AliyunECSInstanceForEMRRole')).toMatchObject({
          trustPolicy: ECS_TRUST,
        });
        expect(await cloud.ram.listPoliciesForRole('AliyunECSInstanceForEMRRole')).toEqual([
          'AliyunECSInstanceForEMRRolePolicy',
        ]);
        // The simulated provider in process has no wire to read it from.
        if (!official) return;
        const got = await official.ram.getRole(
          new ramApi.GetRoleRequest({ roleName: 'AliyunECSInstanceForEMRRole' }),
        );
        expect(got.body?.role).toMatchObject({
          roleName: 'AliyunECSInstanceForEMRRole',
          arn: `acs:ram::${uid}:role/aliyunecsinstanceforemrrole`,
          assumeRolePolicyDocument: ECS_TRUST,
          maxSessionDuration: 3600,
        });
        expect(got.body?.role?.roleId).toMatch(/^\d+$/);
        expect(Number.isNaN(Date.parse(got.body?.role?.updateDate ?? ''))).toBe(false);
        const listed = await official.ram.listPoliciesForRole(
          new ramApi.ListPoliciesForRoleRequest({ roleName: 'AliyunECSInstanceForEMRRole' }),
        );
        expect(listed.body?.policies?.policy).toEqual([
          expect.objectContaining({ policyName: 'AliyunECSInstanceForEMRRolePolicy', policyType: 'System' }),
        ]);
      });
    });

    describe('buckets', () => {
      it('put (idempotent), get, list; missing is null; another account’s name is taken', async () => {
        const { cloud, takenBucket } = await open();
        const name = bucketName();
        expect(await cloud.buckets.get(name)).toBeNull();
        const put = await cloud.buckets.put(spec(name, { storageClass: 'Standard', redundancy: 'ZRS' }));
        expect(put).toMatchObject({
          name,
          region: REGION,
          storageClass: 'Standard',
          acl: 'private',
          redundancy: 'ZRS',
          endpoint: `oss-${REGION}.aliyuncs.com`,
        });
        expect(Number.isNaN(Date.parse(put.created))).toBe(false);
        const again = await cloud.buckets.put(spec(name, { redundancy: 'ZRS' }));
        expect(again).toMatchObject({ name, region: REGION, redundancy: 'ZRS' });
        expect(await cloud.buckets.get(name)).toMatchObject({ name, region: REGION, redundancy: 'ZRS' });
        expect((await cloud.buckets.list()).map((b) => b.name)).toEqual([name]);

        expect(
          await refusal(cloud.buckets.put(spec(name, { region: 'cn-beijing', redundancy: 'ZRS' }))),
        ).toMatchObject({ code: 'BucketAlreadyExists', httpStatus: 409 });
        expect(await refusal(cloud.buckets.put(spec(takenBucket)))).toMatchObject({
          code: 'BucketAlreadyExists',
          httpStatus: 409,
        });
        expect(await refusal(cloud.buckets.get(takenBucket))).toMatchObject({
          code: 'AccessDenied',
          httpStatus: 403,
        });
      });

      it('isBucketNameAvailable: taken names (another account’s or the account’s own) are not', async () => {
        const { provider, cloud, takenBucket } = await open();
        const name = bucketName();
        expect(await provider.isBucketNameAvailable(name)).toBe(true);
        expect(await provider.isBucketNameAvailable(takenBucket)).toBe(false);
        await cloud.buckets.put(spec(name));
        expect(await provider.isBucketNameAvailable(name)).toBe(false);
        expect(await provider.isBucketNameAvailable('Not_A_Bucket')).toBe(false);
      });
    });

    it('quotas: submit, get, list; the same application submitted again is not filed twice', async () => {
      const { cloud } = await open();
      const clientToken = randomUUID();
      const app = await cloud.quotas.submit({ ...QUOTA, clientToken });
      expect(app).toMatchObject({ ...QUOTA, status: 'under_review' });
      expect(app.id).not.toBe('');
      expect(await cloud.quotas.get(app.id)).toMatchObject({ id: app.id, ...QUOTA, status: 'under_review' });
      expect((await cloud.quotas.submit({ ...QUOTA, clientToken })).id).toBe(app.id);
      const listed = await cloud.quotas.list();
      expect(listed.map((a) => a.id)).toEqual([app.id]);
      expect(listed[0]).toMatchObject(QUOTA);
      // Quota Center's own code for an id it does not have (400, as its API reference gives it).
      expect(await refusal(cloud.quotas.get('qa-0000000000000000'))).toMatchObject({
        code: 'QUOTA.APPLICATION.NOT.FOUND',
        httpStatus: 400,
      });
    });

    it('quotas: the zones Quota Center lists for a region; a zone of another region names no quota', async () => {
      const { cloud } = await open();
      const zones = await cloud.quotas.zones(REGION);
      expect(zones[0]).toBe(QUOTA.zone);
      expect(zones.length).toBeGreaterThan(1);
      expect(zones.every((z) => z.startsWith(`${REGION}-`))).toBe(true);
      expect(await cloud.quotas.zones('cn-beijing')).not.toContain(QUOTA.zone);
      expect(
        await refusal(cloud.quotas.submit({ ...QUOTA, zone: 'cn-beijing-a', clientToken: randomUUID() })),
      ).toMatchObject({ code: 'QUOTA.NOT.FOUND', httpStatus: 400 });
      expect(await cloud.quotas.list()).toEqual([]);
    });

    it('quotas: a cancelled application is final; the same request again is a new application', async () => {
      const { cloud, simulation } = await open();
      const first = await cloud.quotas.submit({ ...QUOTA, clientToken: randomUUID() });
      expect(await simulation.cancelPending()).toEqual({ quotaApplications: 1 });
      expect(await cloud.quotas.get(first.id)).toMatchObject({ id: first.id, status: 'cancelled' });
      const again = await cloud.quotas.submit({ ...QUOTA, clientToken: randomUUID() });
      expect(again.id).not.toBe(first.id);
      expect(again.status).toBe('under_review');
      await simulation.approvePending();
      expect((await cloud.quotas.list()).map((a) => [a.id, a.status])).toEqual([
        [first.id, 'cancelled'],
        [again.id, 'approved'],
      ]);
    });

    it('maxcompute: null, then the pay-as-you-go quota at once; activating again changes nothing', async () => {
      const { cloud } = await open();
      expect(await cloud.maxcompute.get(REGION)).toBeNull();
      const activated = await cloud.maxcompute.activate({ region: REGION, clientToken: randomUUID() });
      expect(activated.region).toBe(REGION);
      expect(activated.quotas.map((q) => q.billing)).toEqual(['payasyougo']);
      const nickname = activated.quotas[0]?.nickname;
      expect(nickname).toMatch(/\S/);
      expect(await cloud.maxcompute.get(REGION)).toMatchObject({ region: REGION, quotas: [{ nickname }] });
      const again = await cloud.maxcompute.activate({ region: REGION, clientToken: randomUUID() });
      expect(again.quotas.map((q) => q.nickname)).toEqual([nickname]);
      expect(await cloud.maxcompute.get('cn-beijing')).toBeNull();
    });

    it('maxcompute: a subscription bought in the console is found, never bought by the provider', async () => {
      const { cloud, simulation } = await open();
      await cloud.maxcompute.activate({ region: REGION, clientToken: randomUUID() });
      expect(await simulation.approvePending()).toMatchObject({ subscriptions: 1 });
      const found = await cloud.maxcompute.get(REGION);
      expect(found?.quotas.map((q) => q.billing)).toEqual(['payasyougo', 'subscription']);
      // Activating again buys nothing and makes nothing.
      expect(
        (await cloud.maxcompute.activate({ region: REGION, clientToken: randomUUID() })).quotas,
      ).toHaveLength(2);
    });

    it('maxcompute: every quota of the region is found, however many pages they take', async () => {
      const { cloud, cloudDir, uid } = await open();
      const state = readCloud(cloudDir);
      const account = state.accounts.find((a: { uid: string }) => a.uid === uid);
      if (!account) throw new Error('no account');
      const at = new Date().toISOString();
      // Level-1 subscription quotas bought in the console (an account may hold many per region) …
      for (let i = 1; i <= 130; i++) {
        account.maxcompute.push({
          region: REGION,
          billing: 'subscription',
          orderId: String(20240000 + i),
          quotaNickname: `bought_${i}`,
          createdAt: at,
          clientToken: `console-${i}`,
        });
      }
      // … and, last, the pay-as-you-go quota that activated the region.
      account.maxcompute.push({
        region: REGION,
        billing: 'payasyougo',
        quotaNickname: `os_${uid}`,
        createdAt: at,
        clientToken: 'activation',
      });
      writeCloud(cloudDir, state);
      const found = await cloud.maxcompute.get(REGION);
      expect(found?.quotas).toHaveLength(131);
      expect(found?.quotas.at(-1)).toMatchObject({ nickname: `os_${uid}`, billing: 'payasyougo' });
      // Activated already: nothing is created.
      expect(
        (await cloud.maxcompute.activate({ region: REGION, clientToken: randomUUID() })).quotas,
      ).toHaveLength(131);
    });

    it('the official typed clients call every served RAM, IMS, STS and ECS action where the world is served', async () => {
      const { official, uid } = await open();
      // The simulated provider in process has no wire.
      if (!official) return;
      const calls = officialCalls(official, uid);
      const served = SERVED_APIS.filter((api) => ['ram', 'ims', 'sts', 'ecs'].includes(api.product)).map(
        (api) => `${api.product}:${api.action}`,
      );
      expect(Object.keys(calls).sort()).toEqual([...served].sort());
      for (const [action, call] of Object.entries(calls)) {
        await expect(call(), action).resolves.toBeDefined();
      }
    });

    describe('a lost response, retried as the wizard retries, leaves exactly one', () => {
      it('CreateUser', async () => {
        const { cloud } = await open({ faults: 'createUser:lost-response' });
        const user = await createUserAsTheWizardDoes(cloud, 'lost-user');
        expect(user.name).toBe('lost-user');
        expect(await cloud.ram.getUser('lost-user')).toMatchObject({ name: 'lost-user' });
      });

      it('CreateAccessKey: the retry finds the key (no secret), none is made twice', async () => {
        const { cloud } = await open({ faults: 'createAccessKey:lost-response' });
        const clientToken = randomUUID();
        const result = await retried(() => cloud.accessKeys.create({ clientToken, allowCidrs: [] }));
        expect(result.secret).toBeNull();
        const keys = await cloud.accessKeys.list();
        expect(keys).toHaveLength(2);
        expect(keys.map((k) => k.id)).toContain(result.key.id);
      });

      it('CreateQuotaApplication', async () => {
        const { cloud } = await open({ faults: 'submitQuotaApplication:lost-response' });
        const app = await retried(() => cloud.quotas.submit({ ...QUOTA, clientToken: 'one-intent' }));
        expect((await cloud.quotas.list()).map((a) => a.id)).toEqual([app.id]);
      });

      it('CreateQuota (MaxCompute)', async () => {
        const { cloud } = await open({ faults: 'activateMaxCompute:lost-response' });
        const activated = await retried(() =>
          cloud.maxcompute.activate({ region: REGION, clientToken: 'one-intent' }),
        );
        expect(activated).toMatchObject({ region: REGION, quotas: [{ billing: 'payasyougo' }] });
        expect((await cloud.maxcompute.get(REGION))?.quotas).toEqual(activated.quotas);
      });

      it('PutBucket; throttling is retried too', async () => {
        const { cloud } = await open({ faults: 'putBucket:lost-response,putBucket:throttle:2' });
        const name = bucketName();
        expect(await retried(() => cloud.buckets.put(spec(name)))).toMatchObject({ name, region: REGION });
        const other = bucketName();
        expect(await retried(() => cloud.buckets.put(spec(other)))).toMatchObject({ name: other });
        expect((await cloud.buckets.list()).map((b) => b.name).sort()).toEqual([name, other].sort());
      });

      it('CreateRole, AttachPolicyToRole and UpdateRole; throttling is retried too', async () => {
        const faults = ['createRole', 'attachPolicyToRole', 'updateRole']
          .flatMap((op) => [`${op}:lost-response`, `${op}:throttle`])
          .join(',');
        const { cloud } = await open({ faults });
        const role = await createRoleAsTheWizardDoes(cloud, 'AliyunEMRDefaultRole', ECS_TRUST);
        expect(role).toMatchObject({ name: 'AliyunEMRDefaultRole', trustPolicy: ECS_TRUST });
        await retried(() => cloud.ram.updateRole('AliyunEMRDefaultRole', { trustPolicy: EMR_TRUST }));
        await retried(async () => {
          try {
            await cloud.ram.attachPolicyToRole('AliyunEMRDefaultRole', 'AliyunEMRRolePolicy');
          } catch (error) {
            if (!(error instanceof ProviderError && error.code === 'EntityAlreadyExists.Role.Policy'))
              throw error;
          }
        });
        expect(await cloud.ram.getRole('AliyunEMRDefaultRole')).toMatchObject({ trustPolicy: EMR_TRUST });
        expect(await cloud.ram.listPoliciesForRole('AliyunEMRDefaultRole')).toEqual(['AliyunEMRRolePolicy']);
        expect(await cloud.ram.getRole('AliyunECSInstanceForEMRRole')).toBeNull();
      });

      it('the lost response itself is retryable (RequestTimeout)', async () => {
        const { cloud } = await open({ faults: 'createUser:lost-response' });
        const lost = await refusal(cloud.ram.createUser({ name: 'once' }));
        expect(lost).toMatchObject({ code: 'RequestTimeout', retryable: true });
      });
    });
  });
}

/**
 * Every served RAM, IMS, STS and ECS action through the official clients, in an order where
 * each finds what it needs: the typed client of its package, or (IMS SetAccessKeyPolicy and
 * GetAccessKeyPolicy, which `@alicloud/ims20190815` has only from 2.4.0, newer than the
 * registry's) the generic client's callApi with the model's field names.
 */
function officialCalls(o: OfficialClients, uid: string): Record<string, () => Promise<unknown>> {
  const user = 'typed-user';
  const role = 'TypedRole';
  const trust = trustOf('ecs.aliyuncs.com');
  const principal = `${user}@${uid}.onaliyun.com`;
  let ramKey = '';
  let imsKey = '';
  const policy =
    '{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["127.0.0.1/32"]}]}';
  return {
    'sts:GetCallerIdentity': async () => (await o.sts.getCallerIdentity()).body?.identityType,
    'ecs:DescribeAccountAttributes': async () =>
      (
        await o.ecs.describeAccountAttributes(
          new ecsApi.DescribeAccountAttributesRequest({
            regionId: 'cn-hangzhou',
            attributeName: ['real-name-authentication'],
          }),
        )
      ).body?.accountAttributeItems?.accountAttributeItem?.[0]?.attributeValues?.valueItem?.[0]?.value,
    'ram:CreateUser': async () =>
      (await o.ram.createUser(new ramApi.CreateUserRequest({ userName: user }))).body?.user?.userId,
    'ram:GetUser': async () =>
      (await o.ram.getUser(new ramApi.GetUserRequest({ userName: user }))).body?.user?.updateDate,
    'ram:GetPolicy': async () =>
      (
        await o.ram.getPolicy(
          new ramApi.GetPolicyRequest({ policyName: 'AliyunOSSFullAccess', policyType: 'System' }),
        )
      ).body?.policy?.policyName,
    'ram:AttachPolicyToUser': async () =>
      (
        await o.ram.attachPolicyToUser(
          new ramApi.AttachPolicyToUserRequest({
            userName: user,
            policyName: 'AliyunOSSFullAccess',
            policyType: 'System',
          }),
        )
      ).body?.requestId,
    'ram:ListPoliciesForUser': async () =>
      (await o.ram.listPoliciesForUser(new ramApi.ListPoliciesForUserRequest({ userName: user }))).body
        ?.policies?.policy?.[0]?.policyName,
    'ram:CreateLoginProfile': async () =>
      (
        await o.ram.createLoginProfile(
          new ramApi.CreateLoginProfileRequest({ userName: user, password: 'Typed-Passw0rd!' }),
        )
      ).body?.loginProfile?.userName,
    'ram:GetLoginProfile': async () =>
      (await o.ram.getLoginProfile(new ramApi.GetLoginProfileRequest({ userName: user }))).body?.loginProfile
        ?.createDate,
    'ram:CreateAccessKey': async () => {
      ramKey =
        (await o.ram.createAccessKey(new ramApi.CreateAccessKeyRequest({ userName: user }))).body?.accessKey
          ?.accessKeyId ?? '';
      return ramKey;
    },
    'ram:ListAccessKeys': async () =>
      (await o.ram.listAccessKeys(new ramApi.ListAccessKeysRequest({ userName: user }))).body?.accessKeys
        ?.accessKey?.[0]?.status,
    'ram:UpdateAccessKey': async () =>
      (
        await o.ram.updateAccessKey(
          new ramApi.UpdateAccessKeyRequest({ userName: user, userAccessKeyId: ramKey, status: 'Inactive' }),
        )
      ).body?.requestId,
    'ram:DeleteAccessKey': async () =>
      (
        await o.ram.deleteAccessKey(
          new ramApi.DeleteAccessKeyRequest({ userName: user, userAccessKeyId: ramKey }),
        )
      ).body?.requestId,
    'ram:CreateRole': async () =>
      (
        await o.ram.createRole(
          new ramApi.CreateRoleRequest({ roleName: role, assumeRolePolicyDocument: trust }),
        )
      ).body?.role?.arn,
    'ram:GetRole': async () =>
      (await o.ram.getRole(new ramApi.GetRoleRequest({ roleName: role }))).body?.role?.roleId,
    'ram:UpdateRole': async () =>
      (
        await o.ram.updateRole(
          new ramApi.UpdateRoleRequest({ roleName: role, newAssumeRolePolicyDocument: trust }),
        )
      ).body?.role?.updateDate,
    'ram:AttachPolicyToRole': async () =>
      (
        await o.ram.attachPolicyToRole(
          new ramApi.AttachPolicyToRoleRequest({
            roleName: role,
            policyName: 'AliyunEMRRolePolicy',
            policyType: 'System',
          }),
        )
      ).body?.requestId,
    'ram:ListPoliciesForRole': async () =>
      (await o.ram.listPoliciesForRole(new ramApi.ListPoliciesForRoleRequest({ roleName: role }))).body
        ?.policies?.policy?.[0]?.policyName,
    'ims:GetDefaultDomain': async () => (await o.ims.getDefaultDomain()).body?.defaultDomainName,
    'ims:GetAccountSummary': async () => {
      const summary = (await o.ims.getAccountSummary()).body?.summaryMap;
      expect(summary).toMatchObject({ accountAccessKeysPerAccountQuota: 5, accessKeysPerUserQuota: 2 });
      return summary;
    },
    'ims:CreateAccessKey': async () => {
      imsKey =
        (await o.ims.createAccessKey(new imsApi.CreateAccessKeyRequest({ userPrincipalName: principal })))
          .body?.accessKey?.accessKeyId ?? '';
      return imsKey;
    },
    'ims:ListAccessKeys': async () =>
      (await o.ims.listAccessKeys(new imsApi.ListAccessKeysRequest({ userPrincipalName: principal }))).body
        ?.accessKeys?.accessKey?.[0]?.updateDate,
    'ims:GetAccessKeyLastUsed': async () =>
      (
        await o.ims.getAccessKeyLastUsed(
          new imsApi.GetAccessKeyLastUsedRequest({ userPrincipalName: principal, userAccessKeyId: imsKey }),
        )
      ).body?.requestId,
    'ims:SetAccessKeyPolicy': async () => {
      const body = (
        await rpc(o.api, '2019-08-15', 'SetAccessKeyPolicy', {
          UserPrincipalName: principal,
          UserAccessKeyId: imsKey,
          AccessKeyPolicy: policy,
        })
      ).body as Record<string, string>;
      expect(body.AccessKeyId).toBe(imsKey);
      return body.AccessKeyPolicy;
    },
    'ims:GetAccessKeyPolicy': async () => {
      const body = (
        await rpc(o.api, '2019-08-15', 'GetAccessKeyPolicy', {
          UserPrincipalName: principal,
          UserAccessKeyId: imsKey,
        })
      ).body as Record<string, string>;
      expect(JSON.parse(body.AccessKeyPolicy ?? '')).toEqual(JSON.parse(policy));
      return body.AccessKeyPolicy;
    },
    'ims:UpdateAccessKey': async () =>
      (
        await o.ims.updateAccessKey(
          new imsApi.UpdateAccessKeyRequest({
            userPrincipalName: principal,
            userAccessKeyId: imsKey,
            status: 'Inactive',
          }),
        )
      ).body?.requestId,
    'ims:DeleteAccessKey': async () =>
      (
        await o.ims.deleteAccessKey(
          new imsApi.DeleteAccessKeyRequest({ userPrincipalName: principal, userAccessKeyId: imsKey }),
        )
      ).body?.requestId,
  };
}
