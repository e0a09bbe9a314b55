/**
 * `sim serve` with the real simulated cloud behind the wire (in-process
 * server, the official SDKs unmodified): every SPEC §5.1 operation in the
 * shape the typed clients parse, authorization by system policy, the rules'
 * refusals, faults, last use, legacy keys, and concurrent writers.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import * as ims from '@alicloud/ims20190815';
import * as ram from '@alicloud/ram20150501';
import type { ServeFault } from '../../src/provider/serve/backend.js';
import { type RunningServer, startServer } from '../../src/provider/serve/server.js';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import { parseFaults } from '../../src/provider/simulated/faults.js';
import { hashSecret } from '../../src/provider/simulated/hash.js';
import { DEFAULT_POSTPAID_VCPU } from '../../src/provider/simulated/quota.js';
import {
  type ServeBackendOptions,
  SimulatedServeBackend,
} from '../../src/provider/simulated/serve-backend.js';
import { signUp } from '../helpers/accounts.js';
import { cloudBytes, readCloud, writeCloud } from '../helpers/cloud.js';
import {
  apiClient,
  apiConfig,
  ImsClient,
  ossClient,
  RamClient,
  rejection,
  roa,
  rpc,
  StsClient,
} from '../helpers/sdk.js';
import { raw } from '../helpers/serve.js';

const dirs: string[] = [];
const servers: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Account {
  token: string;
  uid: string;
  ak: string;
  secret: string;
}

/** An account made in-process (as the wizard makes it), with a root key whose secret we keep. */
async function account(cloud: SimulatedCloud, email: string, verify = true): Promise<Account> {
  const session = await signUp(cloud, email, verify);
  const created = await cloud
    .as(session.token)
    .accessKeys.create({ clientToken: `key-${email}`, allowCidrs: [] });
  return { token: session.token, uid: session.uid, ak: created.key.id, secret: created.secret ?? '' };
}

/** A config dir with one verified account, served over the real backend on 127.0.0.1:0. */
async function world(options: Partial<ServeBackendOptions> = {}) {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-serve-'));
  dirs.push(configDir);
  const cloud = new SimulatedCloud({ configDir, reviewSeconds: 0 });
  const alice = await account(cloud, 'alice@example.com');
  const backend = new SimulatedServeBackend({ configDir, reviewSeconds: 0, ...options });
  const lines: string[] = [];
  const errors: unknown[] = [];
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    backend,
    log: (line) => lines.push(line),
    onError: (error) => errors.push(error),
  });
  servers.push(server);
  const api = (ak = alice.ak, secret = alice.secret, v2 = false) =>
    apiClient(server.endpoint, ak, secret, v2);
  return { configDir, cloud, alice, backend, server, lines, errors, api };
}

type World = Awaited<ReturnType<typeof world>>;

/** A RAM user made over the wire by the root, with these policies and one key. */
async function ramUser(w: World, name: string, policies: string[]) {
  const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
  await client.createUser(new ram.CreateUserRequest({ userName: name }));
  for (const policy of policies) {
    await client.attachPolicyToUser(
      new ram.AttachPolicyToUserRequest({ userName: name, policyName: policy, policyType: 'System' }),
    );
  }
  const key = await client.createAccessKey(new ram.CreateAccessKeyRequest({ userName: name }));
  return { ak: key.body?.accessKey?.accessKeyId ?? '', secret: key.body?.accessKey?.accessKeySecret ?? '' };
}

describe('identity and RAM through the typed clients', () => {
  it('STS GetCallerIdentity for the root and for a RAM user (ACS3 and HMAC-SHA1)', async () => {
    const w = await world();
    const user = await ramUser(w, 'dev', ['AliyunOSSFullAccess']);
    for (const v2 of [false, true]) {
      const root = await new StsClient(
        apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret, v2),
      ).getCallerIdentity();
      expect(root.body).toMatchObject({
        identityType: 'Account',
        accountId: w.alice.uid,
        userId: w.alice.uid,
        principalId: w.alice.uid,
        arn: `acs:ram::${w.alice.uid}:root`,
      });
      const dev = await new StsClient(
        apiConfig(w.server.endpoint, user.ak, user.secret, v2),
      ).getCallerIdentity();
      expect(dev.body).toMatchObject({
        identityType: 'RAMUser',
        accountId: w.alice.uid,
        arn: `acs:ram::${w.alice.uid}:user/dev`,
      });
      expect(dev.body?.userId).toMatch(/^[1-9]\d{15}$/);
      expect(dev.body?.principalId).toBe(dev.body?.userId);
    }
  });

  it('users, login profiles, policies and keys, then the in-process provider sees the same', async () => {
    const w = await world();
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    const created = await client.createUser(
      new ram.CreateUserRequest({ userName: 'dev', displayName: 'Dev' }),
    );
    expect(created.body?.user).toMatchObject({ userName: 'dev', displayName: 'Dev' });
    const got = await client.getUser(new ram.GetUserRequest({ userName: 'DEV' }));
    expect(got.body?.user?.userId).toBe(created.body?.user?.userId);
    const again = await rejection(client.createUser(new ram.CreateUserRequest({ userName: 'dev' })));
    expect(again).toMatchObject({ code: 'EntityAlreadyExists.User', statusCode: 409 });
    const bad = await rejection(client.createUser(new ram.CreateUserRequest({ userName: 'no spaces' })));
    expect(bad).toMatchObject({ code: 'InvalidParameter.UserName.InvalidChars', statusCode: 400 });

    const login = await client.createLoginProfile(
      new ram.CreateLoginProfileRequest({
        userName: 'dev',
        password: 'Pa55-w0rd!Dev',
        passwordResetRequired: true,
      }),
    );
    expect(login.body?.loginProfile).toMatchObject({ userName: 'dev', passwordResetRequired: true });

    await client.attachPolicyToUser(
      new ram.AttachPolicyToUserRequest({
        userName: 'dev',
        policyName: 'AliyunOSSFullAccess',
        policyType: 'System',
      }),
    );
    const twice = await rejection(
      client.attachPolicyToUser(
        new ram.AttachPolicyToUserRequest({
          userName: 'dev',
          policyName: 'AliyunOSSFullAccess',
          policyType: 'System',
        }),
      ),
    );
    expect(twice).toMatchObject({ code: 'EntityAlreadyExists.User.Policy', statusCode: 409 });
    const unknown = await rejection(
      client.attachPolicyToUser(
        new ram.AttachPolicyToUserRequest({
          userName: 'dev',
          policyName: 'NoSuchPolicy',
          policyType: 'System',
        }),
      ),
    );
    expect(unknown).toMatchObject({ code: 'EntityNotExist.Policy', statusCode: 404 });
    const policies = await client.listPoliciesForUser(
      new ram.ListPoliciesForUserRequest({ userName: 'dev' }),
    );
    expect(policies.body?.policies?.policy?.map((p) => [p.policyName, p.policyType])).toEqual([
      ['AliyunOSSFullAccess', 'System'],
    ]);
    const policy = await client.getPolicy(
      new ram.GetPolicyRequest({ policyName: 'AliyunOSSFullAccess', policyType: 'System' }),
    );
    expect(policy.body?.policy).toMatchObject({ policyName: 'AliyunOSSFullAccess', attachmentCount: 1 });
    expect(JSON.parse(policy.body?.defaultPolicyVersion?.policyDocument ?? '{}')).toMatchObject({
      Statement: [{ Effect: 'Allow', Action: 'oss:*' }],
    });

    const k1 = await client.createAccessKey(new ram.CreateAccessKeyRequest({ userName: 'dev' }));
    expect(k1.body?.accessKey).toMatchObject({ status: 'Active' });
    expect(k1.body?.accessKey?.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    await client.createAccessKey(new ram.CreateAccessKeyRequest({ userName: 'dev' }));
    const third = await rejection(
      client.createAccessKey(new ram.CreateAccessKeyRequest({ userName: 'dev' })),
    );
    expect(third).toMatchObject({ code: 'LimitExceeded.User.AccessKey', statusCode: 409 });
    const id = k1.body?.accessKey?.accessKeyId ?? '';
    const listed = await client.listAccessKeys(new ram.ListAccessKeysRequest({ userName: 'dev' }));
    expect(listed.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toContain(id);
    const active = await rejection(
      client.deleteAccessKey(new ram.DeleteAccessKeyRequest({ userName: 'dev', userAccessKeyId: id })),
    );
    expect(active).toMatchObject({ code: 'DeleteConflict.AccessKey.Active', statusCode: 409 });
    await client.updateAccessKey(
      new ram.UpdateAccessKeyRequest({ userName: 'dev', userAccessKeyId: id, status: 'Inactive' }),
    );
    await client.deleteAccessKey(new ram.DeleteAccessKeyRequest({ userName: 'dev', userAccessKeyId: id }));

    // The wizard's side of the same cloud file.
    expect(await w.cloud.as(w.alice.token).ram.getUser('dev')).toMatchObject({
      name: 'dev',
      policies: ['AliyunOSSFullAccess'],
      consoleAccess: true,
    });
    expect((await w.cloud.as(w.alice.token).ram.userKeys('dev').list()).map((k) => k.id)).not.toContain(id);

    // Without UserName, CreateAccessKey is the caller's own: the root's.
    const own = await client.createAccessKey(new ram.CreateAccessKeyRequest({}));
    const rootKeys = (await w.cloud.as(w.alice.token).accessKeys.list()).map((k) => k.id);
    expect(rootKeys).toContain(own.body?.accessKey?.accessKeyId);
  });

  it('the CreateLoginProfile log line holds no password, query string or key', async () => {
    const w = await world();
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    await client.createUser(new ram.CreateUserRequest({ userName: 'dev' }));
    const password = 'Pa55-w0rd!Secret';
    for (const v2 of [false, true]) {
      await rejection(
        rpc(w.api(undefined, undefined, v2), '2015-05-01', 'CreateLoginProfile', {
          UserName: 'nobody',
          Password: password,
        }),
      );
    }
    await new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret)).createLoginProfile(
      new ram.CreateLoginProfileRequest({ userName: 'dev', password }),
    );
    const logged = w.lines.filter((l) => l.includes('CreateLoginProfile'));
    expect(logged).toHaveLength(3);
    for (const line of logged) {
      for (const secret of [
        password,
        'Password',
        '?',
        '=',
        '&',
        w.alice.ak,
        w.alice.secret,
        'dev',
        'nobody',
      ]) {
        expect(line).not.toContain(secret);
      }
    }
    expect(logged.at(-1)).toMatch(/^POST ram CreateLoginProfile 200 - \d+ms$/);
    expect(JSON.stringify(cloudBytes(w.configDir).toString('latin1'))).not.toContain(password);
  });

  it('IMS: keys by UserPrincipalName, last use, the default domain', async () => {
    const w = await world();
    await ramUser(w, 'ops', []);
    const client = new ImsClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    const domain = await client.getDefaultDomain();
    expect(domain.body?.defaultDomainName).toBe(`${w.alice.uid}.onaliyun.com`);
    const upn = `ops@${w.alice.uid}.onaliyun.com`;
    const created = await client.createAccessKey(new ims.CreateAccessKeyRequest({ userPrincipalName: upn }));
    const id = created.body?.accessKey?.accessKeyId ?? '';
    expect(created.body?.accessKey?.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    const listed = await client.listAccessKeys(new ims.ListAccessKeysRequest({ userPrincipalName: upn }));
    expect(listed.body?.accessKeys?.accessKey).toHaveLength(2);
    expect(listed.body?.accessKeys?.accessKey?.[1]).toMatchObject({ accessKeyId: id, status: 'Active' });
    const wrongDomain = await rejection(
      client.listAccessKeys(new ims.ListAccessKeysRequest({ userPrincipalName: 'ops@other.onaliyun.com' })),
    );
    expect(wrongDomain).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });

    const never = await client.getAccessKeyLastUsed(
      new ims.GetAccessKeyLastUsedRequest({ userPrincipalName: upn, userAccessKeyId: id }),
    );
    expect(never.body?.accessKeyLastUsed?.lastUsedDate).toBeUndefined();
    const secret = created.body?.accessKey?.accessKeySecret ?? '';
    await new StsClient(apiConfig(w.server.endpoint, id, secret)).getCallerIdentity();
    const used = await client.getAccessKeyLastUsed(
      new ims.GetAccessKeyLastUsedRequest({ userPrincipalName: upn, userAccessKeyId: id }),
    );
    expect(Date.now() - Date.parse(used.body?.accessKeyLastUsed?.lastUsedDate ?? '')).toBeLessThan(60_000);

    await client.updateAccessKey(
      new ims.UpdateAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: id, status: 'Inactive' }),
    );
    await client.deleteAccessKey(
      new ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: id }),
    );
    // Root keys when no principal is named.
    const rootKeys = await client.listAccessKeys(new ims.ListAccessKeysRequest({}));
    expect(rootKeys.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toEqual([w.alice.ak]);
  });

  it("a served call records the key's last use, which the wizard's side lists", async () => {
    const w = await world();
    expect((await w.cloud.as(w.alice.token).accessKeys.list())[0]?.lastUsed).toBeNull();
    await rpc(w.api(), '2015-04-01', 'GetCallerIdentity');
    const lastUsed = (await w.cloud.as(w.alice.token).accessKeys.list())[0]?.lastUsed ?? '';
    expect(Date.now() - Date.parse(lastUsed)).toBeLessThan(60_000);
  });
});

describe('RAM roles through the typed client', () => {
  const EMR_TRUST =
    '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["emr.aliyuncs.com"]}}],"Version":"1"}';
  const ECS_TRUST = EMR_TRUST.replace('emr.', 'ecs.');

  it('CreateRole, GetRole, UpdateRole, AttachPolicyToRole, ListPoliciesForRole in their real shapes', async () => {
    const w = await world();
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    const made = await client.createRole(
      new ram.CreateRoleRequest({
        roleName: 'AliyunEMRDefaultRole',
        assumeRolePolicyDocument: EMR_TRUST,
        description: 'EMR service role',
      }),
    );
    const role = made.body?.role;
    expect(role).toMatchObject({
      roleName: 'AliyunEMRDefaultRole',
      arn: `acs:ram::${w.alice.uid}:role/aliyunemrdefaultrole`,
      assumeRolePolicyDocument: EMR_TRUST,
      description: 'EMR service role',
      maxSessionDuration: 3600,
    });
    expect(role?.roleId).toMatch(/^\d{19}$/);
    // CreateRole's Role has no UpdateDate; GetRole's and UpdateRole's have it.
    expect(role?.updateDate).toBeUndefined();
    const got = await client.getRole(new ram.GetRoleRequest({ roleName: 'aliyunemrdefaultrole' }));
    expect(got.body?.role).toMatchObject({ roleId: role?.roleId, roleName: 'AliyunEMRDefaultRole' });
    expect(got.body?.role?.updateDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const updated = await client.updateRole(
      new ram.UpdateRoleRequest({ roleName: 'AliyunEMRDefaultRole', newAssumeRolePolicyDocument: ECS_TRUST }),
    );
    expect(updated.body?.role).toMatchObject({
      assumeRolePolicyDocument: ECS_TRUST,
      description: 'EMR service role',
    });
    await client.attachPolicyToRole(
      new ram.AttachPolicyToRoleRequest({
        roleName: 'AliyunEMRDefaultRole',
        policyName: 'AliyunEMRRolePolicy',
        policyType: 'System',
      }),
    );
    const listed = await client.listPoliciesForRole(
      new ram.ListPoliciesForRoleRequest({ roleName: 'AliyunEMRDefaultRole' }),
    );
    expect(listed.body?.policies?.policy).toEqual([
      expect.objectContaining({
        policyName: 'AliyunEMRRolePolicy',
        policyType: 'System',
        defaultVersion: 'v1',
      }),
    ]);
    // The in-process provider sees the same role.
    expect(await w.cloud.as(w.alice.token).ram.getRole('AliyunEMRDefaultRole')).toMatchObject({
      trustPolicy: ECS_TRUST,
    });

    const refusals = [
      [client.getRole(new ram.GetRoleRequest({ roleName: 'Nobody' })), 'EntityNotExist.Role', 404],
      [
        client.createRole(
          new ram.CreateRoleRequest({
            roleName: 'AliyunEMRDefaultRole',
            assumeRolePolicyDocument: EMR_TRUST,
          }),
        ),
        'EntityAlreadyExists.Role',
        409,
      ],
      [
        client.attachPolicyToRole(
          new ram.AttachPolicyToRoleRequest({
            roleName: 'AliyunEMRDefaultRole',
            policyName: 'AliyunEMRRolePolicy',
            policyType: 'System',
          }),
        ),
        'EntityAlreadyExists.Role.Policy',
        409,
      ],
      [
        client.createRole(
          new ram.CreateRoleRequest({ roleName: 'Bad', assumeRolePolicyDocument: 'not json' }),
        ),
        'MalformedPolicyDocument',
        400,
      ],
      [
        client.createRole(
          new ram.CreateRoleRequest({ roleName: 'x'.repeat(65), assumeRolePolicyDocument: EMR_TRUST }),
        ),
        'InvalidParameter.RoleName.Length',
        400,
      ],
      [
        client.createRole(
          new ram.CreateRoleRequest({ roleName: 'Long', assumeRolePolicyDocument: ' '.repeat(2049) }),
        ),
        'InvalidParameter.AssumeRolePolicyDocument.Length',
        400,
      ],
    ] as const;
    for (const [call, code, statusCode] of refusals) {
      expect(await rejection(call)).toMatchObject({ code, statusCode });
    }
  });

  it('a RAM user makes roles only with RAM permissions: NoPermission names AliyunRAMFullAccess', async () => {
    const w = await world();
    const emr = await ramUser(w, 'emr-user', ['AliyunOSSFullAccess', 'AliyunEMRFullAccess']);
    const denied = await rejection(
      new RamClient(apiConfig(w.server.endpoint, emr.ak, emr.secret)).createRole(
        new ram.CreateRoleRequest({ roleName: 'AliyunEMRDefaultRole', assumeRolePolicyDocument: EMR_TRUST }),
      ),
    );
    expect(denied).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(String(denied.message)).toContain('ram:CreateRole');
    expect(String(denied.message)).toContain('AliyunRAMFullAccess');
    expect(await w.cloud.as(w.alice.token).ram.getRole('AliyunEMRDefaultRole')).toBeNull();

    const reader = await ramUser(w, 'reader', ['ReadOnlyAccess']);
    const readerClient = new RamClient(apiConfig(w.server.endpoint, reader.ak, reader.secret));
    expect(
      await rejection(readerClient.getRole(new ram.GetRoleRequest({ roleName: 'AliyunEMRDefaultRole' }))),
    ).toMatchObject({ code: 'EntityNotExist.Role' });
    expect(
      await rejection(
        readerClient.createRole(
          new ram.CreateRoleRequest({
            roleName: 'AliyunEMRDefaultRole',
            assumeRolePolicyDocument: EMR_TRUST,
          }),
        ),
      ),
    ).toMatchObject({ code: 'NoPermission', statusCode: 403 });

    const admin = await ramUser(w, 'ram-admin', ['AliyunRAMFullAccess']);
    await new RamClient(apiConfig(w.server.endpoint, admin.ak, admin.secret)).createRole(
      new ram.CreateRoleRequest({ roleName: 'AliyunEMRDefaultRole', assumeRolePolicyDocument: EMR_TRUST }),
    );
    expect(await w.cloud.as(w.alice.token).ram.getRole('AliyunEMRDefaultRole')).not.toBeNull();
  });
});

describe('authorization by system policy', () => {
  it('AliyunOSSFullAccess: buckets yes; RAM NoPermission, ECS Forbidden.RAM with AccessDeniedDetail, Quota Center RAM.PERMISSION.DENIED', async () => {
    const w = await world();
    const user = await ramUser(w, 'storage', ['AliyunOSSFullAccess']);
    for (const options of [{}, { v4: true }] as const) {
      const oss = ossClient(w.server.port, user.ak, user.secret, options);
      await oss.putBucket(`by-ram-user${'v4' in options ? '-v4' : ''}`);
    }
    expect((await w.cloud.as(w.alice.token).buckets.list()).map((b) => b.name)).toEqual([
      'by-ram-user',
      'by-ram-user-v4',
    ]);
    const denied = await rejection(
      new RamClient(apiConfig(w.server.endpoint, user.ak, user.secret)).createUser(
        new ram.CreateUserRequest({ userName: 'intruder' }),
      ),
    );
    expect(denied).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(String(denied.message)).toContain('ram:CreateUser');
    expect(String(denied.message)).toContain('AliyunRAMFullAccess');
    expect(await w.cloud.as(w.alice.token).ram.getUser('intruder')).toBeNull();
    const ecs = await rejection(
      rpc(w.api(user.ak, user.secret), '2014-05-26', 'DescribeAccountAttributes', {
        RegionId: 'cn-hangzhou',
      }),
    );
    // ECS's own denial: Forbidden.RAM, 403, with the action in AccessDeniedDetail (openapi-core reads it).
    expect(ecs).toMatchObject({
      code: 'Forbidden.RAM',
      statusCode: 403,
      accessDeniedDetail: {
        AuthAction: 'ecs:DescribeAccountAttributes',
        AuthPrincipalType: 'SubUser',
        NoPermissionType: 'ImplicitDeny',
      },
    });
    // Quota Center's own denial, answered with 400.
    const quotas = await rejection(
      rpc(w.api(user.ak, user.secret), '2020-05-10', 'ListQuotaApplications', { ProductCode: 'ecs-spec' }),
    );
    expect(quotas).toMatchObject({ code: 'RAM.PERMISSION.DENIED', statusCode: 400 });
    expect((quotas.data as Record<string, unknown>).AccessDeniedDetail).toBeUndefined();
    // IMS is RAM's API: its actions are named ram:*.
    const ims = await rejection(rpc(w.api(user.ak, user.secret), '2019-08-15', 'GetAccountSummary'));
    expect(ims).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(String(ims.message)).toContain('ram:GetAccountSummary');
  });

  it('AliyunOSSReadOnlyAccess reads buckets; PutBucket is AccessDenied (403) in OSS terms', async () => {
    const w = await world();
    const user = await ramUser(w, 'reader', ['AliyunOSSReadOnlyAccess']);
    await ossClient(w.server.port, w.alice.ak, w.alice.secret).putBucket('root-bucket');
    const oss = ossClient(w.server.port, user.ak, user.secret);
    const info = await oss.getBucketInfo('root-bucket');
    expect(info.bucket.Name).toBe('root-bucket');
    const err = await rejection(oss.putBucket('reader-bucket'));
    expect(err).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(String(err.message)).toContain('AliyunOSSFullAccess');
  });

  it('AdministratorAccess may do everything; a user with no policy only GetCallerIdentity', async () => {
    const w = await world();
    const admin = await ramUser(w, 'admin', ['AdministratorAccess']);
    const none = await ramUser(w, 'nobody', []);
    await new RamClient(apiConfig(w.server.endpoint, admin.ak, admin.secret)).createUser(
      new ram.CreateUserRequest({ userName: 'made-by-admin' }),
    );
    // The RAM user's own keys when no user is named.
    const own = await new ImsClient(apiConfig(w.server.endpoint, admin.ak, admin.secret)).listAccessKeys(
      new ims.ListAccessKeysRequest({}),
    );
    expect(own.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toEqual([admin.ak]);
    await new StsClient(apiConfig(w.server.endpoint, none.ak, none.secret)).getCallerIdentity();
    const err = await rejection(ossClient(w.server.port, none.ak, none.secret).listBuckets({} as never));
    expect(err).toMatchObject({ code: 'AccessDenied', status: 403 });
  });
});

describe('ECS, Quota Center and MaxCompute', () => {
  const attributes = (w: World, region: string, ak?: string, secret?: string) =>
    rpc(w.api(ak, secret), '2014-05-26', 'DescribeAccountAttributes', {
      RegionId: region,
      'AttributeName.1': 'real-name-authentication',
      'AttributeName.2': 'max-postpaid-instance-vcpu-count',
    }).then((res) => {
      const items = (
        res.body as {
          AccountAttributeItems: {
            AccountAttributeItem: Array<{
              AttributeName: string;
              AttributeValues: { ValueItem: Array<{ Value: string }> };
            }>;
          };
        }
      ).AccountAttributeItems.AccountAttributeItem;
      return Object.fromEntries(items.map((i) => [i.AttributeName, i.AttributeValues.ValueItem[0]?.Value]));
    });

  /** The dimensions of a high-end request, `Dimensions.N.Key/Value` as the SDK flattens them. */
  const dims = (region: string, zone = `${region}-a`, drop?: string) =>
    Object.fromEntries(
      (
        [
          ['regionId', region],
          ['zoneId', zone],
          ['chargeType', 'PostPaid'],
          ['networkType', 'vpc'],
        ] as const
      )
        .filter(([key]) => key !== drop)
        .flatMap(([key, value], i) => [
          [`Dimensions.${i + 1}.Key`, key],
          [`Dimensions.${i + 1}.Value`, value],
        ]),
    );
  const apply = (w: World, reason: string, region = 'cn-shanghai', desire = '128') =>
    rpc(
      w.api(),
      '2020-05-10',
      'CreateQuotaApplication',
      {
        ProductCode: 'ecs-spec',
        QuotaActionCode: 'ecs.g7.2xlarge',
        DesireValue: desire,
        Reason: reason,
        ...dims(region),
      },
      // As the Quota Center SDK sends them: in the form body.
      { inBody: true },
    ).then((res) => res.body as Record<string, unknown>);

  it('DescribeAccountAttributes: real-name status and the pay-as-you-go vCPU quota of the region', async () => {
    const w = await world();
    expect(await attributes(w, 'cn-shanghai')).toEqual({
      'real-name-authentication': 'yes',
      'max-postpaid-instance-vcpu-count': String(DEFAULT_POSTPAID_VCPU),
    });
    await apply(w, 'E-MapReduce cluster nodes');
    expect((await attributes(w, 'cn-shanghai'))['max-postpaid-instance-vcpu-count']).toBe('128');
    expect((await attributes(w, 'cn-beijing'))['max-postpaid-instance-vcpu-count']).toBe(
      String(DEFAULT_POSTPAID_VCPU),
    );
    const bob = await account(w.cloud, 'bob@example.com', false);
    expect((await attributes(w, 'cn-hangzhou', bob.ak, bob.secret))['real-name-authentication']).toBe('none');
    // ECS's own answer for a missing RegionId (its API metadata): Invalid.Parameter, 403.
    const missing = await rejection(rpc(w.api(), '2014-05-26', 'DescribeAccountAttributes', {}));
    expect(missing).toMatchObject({
      code: 'Invalid.Parameter',
      statusCode: 403,
      message: expect.stringContaining('The required parameter regionId must be not null.'),
    });
  });

  it('quota applications: Agree, Disagree, Get and List with filters, refusals of the rules', async () => {
    const w = await world();
    const agreed = await apply(w, 'E-MapReduce cluster nodes');
    expect(agreed).toMatchObject({
      ProductCode: 'ecs-spec',
      QuotaActionCode: 'ecs.g7.2xlarge',
      DesireValue: 128,
      ApproveValue: 128,
      Status: 'Agree',
      Dimension: {
        regionId: 'cn-shanghai',
        zoneId: 'cn-shanghai-a',
        chargeType: 'PostPaid',
        networkType: 'vpc',
      },
    });
    expect(agreed.ApplicationId).toMatch(/^qa-/);
    const rejected = await apply(w, 'please [reject] this one', 'cn-beijing');
    expect(rejected).toMatchObject({ Status: 'Disagree', AuditReason: expect.stringMatching(/rejected/) });
    const got = await rpc(w.api(), '2020-05-10', 'GetQuotaApplication', {
      ApplicationId: String(rejected.ApplicationId),
    });
    expect((got.body as { QuotaApplication: Record<string, unknown> }).QuotaApplication).toMatchObject({
      ApplicationId: rejected.ApplicationId,
      Status: 'Disagree',
    });
    const list = async (params: Record<string, string>) =>
      (
        (await rpc(w.api(), '2020-05-10', 'ListQuotaApplications', params)).body as {
          QuotaApplications: Array<{ ApplicationId: string }>;
          TotalCount: number;
        }
      ).QuotaApplications.map((a) => a.ApplicationId);
    expect(await list({ ProductCode: 'ecs-spec' })).toEqual([agreed.ApplicationId, rejected.ApplicationId]);
    expect(await list({ Status: 'Agree' })).toEqual([agreed.ApplicationId]);
    expect(await list({ 'Dimensions.1.Key': 'regionId', 'Dimensions.1.Value': 'cn-beijing' })).toEqual([
      rejected.ApplicationId,
    ]);
    expect(await list({ QuotaActionCode: 'ecs.g7.4xlarge' })).toEqual([]);

    const small = await rejection(
      rpc(w.api(), '2020-05-10', 'CreateQuotaApplication', {
        ProductCode: 'ecs-spec',
        QuotaActionCode: 'ecs.g7.large',
        DesireValue: '64',
        Reason: 'E-MapReduce cluster nodes',
        ...dims('cn-shanghai'),
      }),
    );
    expect(small).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(String(small.message)).toContain('QuotaActionCode');
    const unknownId = await rejection(
      rpc(w.api(), '2020-05-10', 'GetQuotaApplication', { ApplicationId: 'qa-0' }),
    );
    expect(unknownId).toMatchObject({ code: 'QUOTA.APPLICATION.NOT.FOUND', statusCode: 400 });
    const badStatus = await rejection(
      rpc(w.api(), '2020-05-10', 'ListQuotaApplications', { Status: 'Done' }),
    );
    expect(badStatus).toMatchObject({ code: 'InvalidStatus', statusCode: 400 });
  });

  it('ListProductQuotaDimensions: ecs-spec by region, zone (of its region), billing and network type, all required', async () => {
    const w = await world();
    const res = await rpc(w.api(), '2020-05-10', 'ListProductQuotaDimensions', { ProductCode: 'ecs-spec' });
    const body = res.body as {
      TotalCount: number;
      QuotaDimensions: Array<{
        DimensionKey: string;
        Requisite: boolean;
        DimensionValues: string[];
        DependentDimensions: string[];
        DimensionValueDetail: Array<{
          Value: string;
          DependentDimensions: Array<{ Key: string; Value: string }>;
        }>;
      }>;
    };
    expect(body.TotalCount).toBe(4);
    expect(body.QuotaDimensions.map((d) => [d.DimensionKey, d.Requisite])).toEqual([
      ['regionId', true],
      ['zoneId', true],
      ['chargeType', true],
      ['networkType', true],
    ]);
    const [, zone, charge, network] = body.QuotaDimensions;
    expect(zone?.DependentDimensions).toEqual(['regionId']);
    expect(
      zone?.DimensionValueDetail.filter((d) =>
        d.DependentDimensions.some((x) => x.Key === 'regionId' && x.Value === 'cn-shanghai'),
      ).map((d) => d.Value),
    ).toEqual(['a', 'b', 'e', 'f', 'g', 'l', 'm', 'n'].map((z) => `cn-shanghai-${z}`));
    expect(charge?.DimensionValues).toEqual(['PostPaid', 'PrePaid', 'Spot']);
    expect(network?.DimensionValues).toEqual(['vpc', 'classic']);
    const paged = await rpc(w.api(), '2020-05-10', 'ListProductQuotaDimensions', {
      ProductCode: 'ecs-spec',
      MaxResults: '3',
    });
    expect(paged.body).toMatchObject({ NextToken: '3', MaxResults: 3 });
    const other = await rejection(
      rpc(w.api(), '2020-05-10', 'ListProductQuotaDimensions', { ProductCode: 'rds' }),
    );
    expect(other).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('an application that lacks a required dimension, or names a zone of another region, is refused', async () => {
    const w = await world();
    const file = (extra: Record<string, string>) =>
      rejection(
        rpc(w.api(), '2020-05-10', 'CreateQuotaApplication', {
          ProductCode: 'ecs-spec',
          QuotaActionCode: 'ecs.g7.2xlarge',
          DesireValue: '64',
          Reason: 'E-MapReduce cluster nodes',
          ...extra,
        }),
      );
    for (const drop of ['regionId', 'zoneId', 'chargeType', 'networkType']) {
      const refused = await file(dims('cn-shanghai', 'cn-shanghai-a', drop));
      expect(refused).toMatchObject({ code: 'QUOTA.DIMENSION.REQUIRED', statusCode: 400 });
      expect(String(refused.message)).toContain(drop);
    }
    expect(await file(dims('cn-shanghai', 'cn-beijing-a'))).toMatchObject({
      code: 'QUOTA.NOT.FOUND',
      statusCode: 400,
    });
    expect(await file({ ...dims('cn-shanghai'), 'Dimensions.4.Value': 'VPC-ish' })).toMatchObject({
      code: 'QUOTA.NOT.FOUND',
    });
    expect(await w.cloud.as(w.alice.token).quotas.list()).toEqual([]);
  });

  it('a cancelled application is Cancel in every answer, and Status=Cancel finds it', async () => {
    const w = await world({ reviewSeconds: 3600 });
    const app = await apply(w, 'E-MapReduce cluster nodes');
    expect(await w.cloud.cancelPending()).toEqual({ quotaApplications: 1 });
    const got = await rpc(w.api(), '2020-05-10', 'GetQuotaApplication', {
      ApplicationId: String(app.ApplicationId),
    });
    expect((got.body as { QuotaApplication: Record<string, unknown> }).QuotaApplication).toMatchObject({
      Status: 'Cancel',
    });
    const listed = await rpc(w.api(), '2020-05-10', 'ListQuotaApplications', { Status: 'Cancel' });
    expect(
      (listed.body as { QuotaApplications: Array<{ ApplicationId: string }> }).QuotaApplications.map(
        (a) => a.ApplicationId,
      ),
    ).toEqual([app.ApplicationId]);
  });

  it('a review time keeps an application in Process until it is decided (sim approve)', async () => {
    const w = await world({ reviewSeconds: 3600 });
    const app = await apply(w, 'E-MapReduce cluster nodes');
    expect(app.Status).toBe('Process');
    expect(app.ApproveValue).toBeUndefined();
    await w.cloud.approvePending();
    const got = await rpc(w.api(), '2020-05-10', 'GetQuotaApplication', {
      ApplicationId: String(app.ApplicationId),
    });
    expect((got.body as { QuotaApplication: { Status: string } }).QuotaApplication.Status).toBe('Agree');
  });

  /** MaxCompute in a region: its endpoint's, which one local endpoint names in `x-acs-region-id`. */
  const inRegion = (region: string) => ({ 'x-acs-region-id': region });
  const quotaList = (body: unknown) =>
    (body as { data: { quotaInfoList: Array<Record<string, unknown>> } }).data.quotaInfoList;

  it('MaxCompute: CreateQuota activates pay-as-you-go in the endpoint’s region; ListQuotas shows it', async () => {
    const w = await world();
    for (const v2 of [false, true]) {
      const res = await roa(
        w.api(undefined, undefined, v2),
        '2022-01-04',
        'CreateQuota',
        'POST',
        '/api/v1/quotas',
        { chargeType: 'payasyougo', commodityCode: 'odps' },
        undefined,
        inRegion('cn-shanghai'),
      );
      expect((res.body as { data: { nickName: string } }).data.nickName).toBe(`os_${w.alice.uid}`);
    }
    expect(await w.cloud.as(w.alice.token).maxcompute.get('cn-shanghai')).toEqual({
      region: 'cn-shanghai',
      quotas: [{ nickname: `os_${w.alice.uid}`, billing: 'payasyougo', createdAt: expect.any(String) }],
    });
    // No region named: the default region's endpoint, where nothing is active yet.
    const here = await roa(w.api(), '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas');
    expect(quotaList(here.body)).toEqual([]);
    const there = await roa(w.api(), '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas', {}, undefined, {
      'x-acs-region-id': 'cn-shanghai',
    });
    expect(quotaList(there.body)).toMatchObject([
      {
        nickName: `os_${w.alice.uid}`,
        regionId: 'cn-shanghai',
        status: 'ON',
        createTime: expect.any(Number),
        billingPolicy: { billingMethod: 'payasyougo' },
      },
    ]);
    // The list twice, as the SDK's model has it: at the top and under `data`.
    expect(there.body).toMatchObject({
      quotaInfoList: quotaList(there.body),
      NextToken: '',
      data: { NextToken: '' },
    });
    // CreateQuota has no region parameter (nor regionId): one sent names nothing, the endpoint decides.
    await roa(w.api(), '2022-01-04', 'CreateQuota', 'POST', '/api/v1/quotas', {
      chargeType: 'payasyougo',
      commodityCode: 'odps_intl',
      region: 'cn-beijing',
      regionId: 'cn-beijing',
    });
    expect(await w.cloud.as(w.alice.token).maxcompute.get('cn-beijing')).toBeNull();
    expect(await w.cloud.as(w.alice.token).maxcompute.get('cn-hangzhou')).not.toBeNull();
    const mismatch = await rejection(
      roa(w.api(), '2022-01-04', 'CreateQuota', 'POST', '/api/v1/quotas', {
        chargeType: 'payasyougo',
        commodityCode: 'odpsplus',
      }),
    );
    expect(mismatch).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    const bob = await account(w.cloud, 'bob@example.com', false);
    const unverified = await rejection(
      roa(w.api(bob.ak, bob.secret), '2022-01-04', 'CreateQuota', 'POST', '/api/v1/quotas', {
        chargeType: 'payasyougo',
        commodityCode: 'odps',
      }),
    );
    expect(unverified).toMatchObject({ code: 'RealNameAuthenticationError', statusCode: 403 });
  });

  it('MaxCompute: a subscription CreateQuota is bought at once as documented; ListQuotas pages by marker', async () => {
    const w = await world();
    const buy = (query: Record<string, string>) =>
      roa(
        w.api(),
        '2022-01-04',
        'CreateQuota',
        'POST',
        '/api/v1/quotas',
        { chargeType: 'subscription', commodityCode: 'odpsplus', ...query },
        undefined,
        inRegion('cn-shanghai'),
      );
    const order = {
      commodityData: '{"CU":50,"ord_time":"1:Month","autoRenew":false}',
      partNickName: 'MyQuota',
    };
    // The first quota of a region is pay-as-you-go (the API reference says so).
    expect(await rejection(buy(order))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    await roa(
      w.api(),
      '2022-01-04',
      'CreateQuota',
      'POST',
      '/api/v1/quotas',
      { chargeType: 'payasyougo', commodityCode: 'odps' },
      undefined,
      inRegion('cn-shanghai'),
    );
    expect(await rejection(buy({ partNickName: 'MyQuota' }))).toMatchObject({ code: 'MissingParameter' });
    expect(await rejection(buy({ ...order, commodityData: '{"CU":30,"ord_time":"1:Month"}' }))).toMatchObject(
      {
        code: 'InvalidParameter',
      },
    );
    expect(((await buy(order)).body as { data: { nickName: string } }).data.nickName).toBe('MyQuota');
    await buy({ ...order, partNickName: 'Second' });
    const page = (query: Record<string, string>) =>
      roa(
        w.api(),
        '2022-01-04',
        'ListQuotas',
        'GET',
        '/api/v1/quotas',
        query,
        undefined,
        inRegion('cn-shanghai'),
      );
    const first = (await page({ maxItem: '2' })).body as { data: { NextToken: string; marker: string } };
    expect(quotaList(first).map((q) => q.nickName)).toEqual([`os_${w.alice.uid}`, 'MyQuota']);
    expect(first.data.NextToken).not.toBe('');
    const second = (await page({ maxItem: '2', marker: first.data.NextToken })).body as {
      data: { NextToken: string; marker: string };
    };
    expect(quotaList(second)).toMatchObject([
      { nickName: 'Second', billingPolicy: { billingMethod: 'subscription', orderId: expect.any(String) } },
    ]);
    expect(second.data).toMatchObject({ NextToken: '', marker: first.data.NextToken });
    expect(quotaList((await page({ billingType: 'subscription' })).body).map((q) => q.nickName)).toEqual([
      'MyQuota',
      'Second',
    ]);
    expect(await rejection(page({ marker: 'bm90LWEtbWFya2Vy' }))).toMatchObject({ code: 'InvalidParameter' });
  });
});

describe('OSS on the simulated rules', () => {
  it('put, info, list, delete; taken names, unverified accounts and missing buckets are refused', async () => {
    const w = await world();
    const oss = ossClient(w.server.port, w.alice.ak, w.alice.secret, { v4: true, region: 'oss-cn-shanghai' });
    await oss.putBucket('alice-data', { storageClass: 'IA', dataRedundancyType: 'ZRS' } as never);
    const info = await oss.getBucketInfo('alice-data');
    expect(info.bucket).toMatchObject({
      Name: 'alice-data',
      Location: 'oss-cn-shanghai',
      StorageClass: 'IA',
      DataRedundancyType: 'ZRS',
      Owner: { ID: w.alice.uid },
      AccessControlList: { Grant: 'private' },
    });
    expect(await w.cloud.as(w.alice.token).buckets.get('alice-data')).toMatchObject({
      region: 'cn-shanghai',
      redundancy: 'ZRS',
    });
    const listed = (await oss.listBuckets({} as never)) as unknown as { buckets: Array<{ name: string }> };
    expect(listed.buckets.map((b) => b.name)).toEqual(['alice-data']);
    expect(await rejection(oss.putBucket('test'))).toMatchObject({
      code: 'BucketAlreadyExists',
      status: 409,
    });
    expect(await rejection(oss.getBucketInfo('test'))).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(await rejection(oss.getBucketInfo('nobody-has-this'))).toMatchObject({
      code: 'NoSuchBucket',
      status: 404,
    });
    expect(await rejection(oss.deleteBucket('nobody-has-this'))).toMatchObject({
      code: 'NoSuchBucket',
      status: 404,
    });
    await oss.deleteBucket('alice-data');
    expect(await w.cloud.as(w.alice.token).buckets.get('alice-data')).toBeNull();
    const bob = await account(w.cloud, 'bob@example.com', false);
    const unverified = await rejection(ossClient(w.server.port, bob.ak, bob.secret).putBucket('bob-bucket'));
    expect(unverified).toMatchObject({ code: 'RealNameAuthenticationError', status: 403 });
  });
});

describe('keys the cloud cannot sign with', () => {
  it('a key from before version 2 (hashed secret) is refused: SignatureDoesNotMatch, in both protocols', async () => {
    const w = await world();
    const state = JSON.parse(JSON.stringify(readCloud(w.configDir)));
    const key = state.accounts.find((a: { uid: string }) => a.uid === w.alice.uid).accessKeys[0];
    delete key.derived;
    key.secret = hashSecret(w.alice.secret);
    state.version = 1;
    writeCloud(w.configDir, state);
    expect((await w.cloud.as(w.alice.token).accessKeys.list())[0]).toMatchObject({
      id: w.alice.ak,
      cannotSign: true,
    });
    for (const v2 of [false, true]) {
      const err = await rejection(rpc(w.api(undefined, undefined, v2), '2015-04-01', 'GetCallerIdentity'));
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    }
    const err = await rejection(
      ossClient(w.server.port, w.alice.ak, w.alice.secret).listBuckets({} as never),
    );
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    // A key made now signs.
    const fresh = await w.cloud.as(w.alice.token).accessKeys.create({ clientToken: 'fresh', allowCidrs: [] });
    const ok = await rpc(w.api(fresh.key.id, fresh.secret ?? ''), '2015-04-01', 'GetCallerIdentity');
    expect((ok.body as { AccountId: string }).AccountId).toBe(w.alice.uid);
  });
});

describe('faults and concurrency', () => {
  const faulted = (spec: string) => world({ faults: parseFaults(spec) });

  it('lost-response on CreateUser: the user exists, the SDK saw the connection die', async () => {
    const w = await faulted('createUser:lost-response:1');
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    const err = await rejection(client.createUser(new ram.CreateUserRequest({ userName: 'lost' })));
    expect(String(err.message)).toMatch(/socket hang up|ECONNRESET/);
    expect(await w.cloud.as(w.alice.token).ram.getUser('lost')).toMatchObject({ name: 'lost' });
    // The fault is used up: a retry meets the rules (the name is taken).
    const retry = await rejection(client.createUser(new ram.CreateUserRequest({ userName: 'lost' })));
    expect(retry).toMatchObject({ code: 'EntityAlreadyExists.User', statusCode: 409 });
    expect(w.lines[0]).toMatch(/^POST ram CreateUser dropped - \d+ms$/);
  });

  it('throttle → 429 Throttling.User (nothing done), unavailable → 503; reads are never faulted', async () => {
    const w = await faulted('putBucket:throttle:1,createAccessKey:unavailable:1');
    const oss = ossClient(w.server.port, w.alice.ak, w.alice.secret);
    expect(await rejection(oss.putBucket('throttled'))).toMatchObject({
      code: 'Throttling.User',
      status: 429,
    });
    expect(await w.cloud.as(w.alice.token).buckets.get('throttled')).toBeNull();
    await oss.putBucket('throttled');
    await oss.getBucketInfo('throttled');
    const ims503 = await rejection(rpc(w.api(), '2019-08-15', 'CreateAccessKey'));
    expect(ims503).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(await w.cloud.as(w.alice.token).accessKeys.list()).toHaveLength(1);
  });

  it.each<[string, ServeFault]>([
    ['attachPolicy', 'throttle'],
    ['createLoginProfile', 'throttle'],
    ['submitQuotaApplication', 'unavailable'],
    ['activateMaxCompute', 'throttle'],
    ['createRole', 'throttle'],
    ['updateRole', 'unavailable'],
    ['attachPolicyToRole', 'throttle'],
  ])('%s:%s reaches its served operation', async (operation, fault) => {
    const w = await faulted(`${operation}:${fault}`);
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    await client.createUser(new ram.CreateUserRequest({ userName: 'dev' }));
    const trust = (service: string) =>
      `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["${service}"]}}],"Version":"1"}`;
    if (operation !== 'createRole') {
      await w.cloud
        .as(w.alice.token)
        .ram.createRole({ name: 'EmrRole', trustPolicy: trust('ecs.aliyuncs.com') });
    }
    const calls: Record<string, () => Promise<unknown>> = {
      createRole: () =>
        client.createRole(
          new ram.CreateRoleRequest({
            roleName: 'EmrRole',
            assumeRolePolicyDocument: trust('emr.aliyuncs.com'),
          }),
        ),
      updateRole: () =>
        client.updateRole(
          new ram.UpdateRoleRequest({
            roleName: 'EmrRole',
            newAssumeRolePolicyDocument: trust('emr.aliyuncs.com'),
          }),
        ),
      attachPolicyToRole: () =>
        client.attachPolicyToRole(
          new ram.AttachPolicyToRoleRequest({
            roleName: 'EmrRole',
            policyName: 'AliyunEMRRolePolicy',
            policyType: 'System',
          }),
        ),
      attachPolicy: () =>
        client.attachPolicyToUser(
          new ram.AttachPolicyToUserRequest({
            userName: 'dev',
            policyName: 'ReadOnlyAccess',
            policyType: 'System',
          }),
        ),
      createLoginProfile: () =>
        client.createLoginProfile(
          new ram.CreateLoginProfileRequest({ userName: 'dev', password: 'Pa55-w0rd!Dev' }),
        ),
      submitQuotaApplication: () =>
        rpc(w.api(), '2020-05-10', 'CreateQuotaApplication', {
          ProductCode: 'ecs-spec',
          QuotaActionCode: 'ecs.g7.2xlarge',
          DesireValue: '64',
          Reason: 'E-MapReduce cluster nodes',
          'Dimensions.1.Key': 'regionId',
          'Dimensions.1.Value': 'cn-hangzhou',
          'Dimensions.2.Key': 'zoneId',
          'Dimensions.2.Value': 'cn-hangzhou-i',
          'Dimensions.3.Key': 'chargeType',
          'Dimensions.3.Value': 'PostPaid',
          'Dimensions.4.Key': 'networkType',
          'Dimensions.4.Value': 'vpc',
        }),
      activateMaxCompute: () =>
        roa(w.api(), '2022-01-04', 'CreateQuota', 'POST', '/api/v1/quotas', {
          chargeType: 'payasyougo',
          commodityCode: 'odps',
        }),
    };
    const call = calls[operation]!;
    const err = await rejection(call());
    expect(err.statusCode).toBe(fault === 'throttle' ? 429 : 503);
    await call();
  });

  it('served writes and in-process writes on one cloud file lose nothing', async () => {
    const w = await world();
    const client = new RamClient(apiConfig(w.server.endpoint, w.alice.ak, w.alice.secret));
    const served = Array.from({ length: 8 }, (_, i) =>
      client.createUser(new ram.CreateUserRequest({ userName: `u${i}` })),
    );
    const local = Array.from({ length: 4 }, (_, i) =>
      w.cloud.as(w.alice.token).accessKeys.create({ clientToken: `local-${i}`, allowCidrs: [] }),
    );
    const buckets = Array.from({ length: 4 }, (_, i) =>
      ossClient(w.server.port, w.alice.ak, w.alice.secret).putBucket(`parallel-${i}`),
    );
    await Promise.all([...served, ...local, ...buckets]);
    const users = await Promise.all(
      Array.from({ length: 8 }, (_, i) => w.cloud.as(w.alice.token).ram.getUser(`u${i}`)),
    );
    expect(users.every((u) => u !== null)).toBe(true);
    expect(await w.cloud.as(w.alice.token).accessKeys.list()).toHaveLength(5);
    expect((await w.cloud.as(w.alice.token).buckets.list()).map((b) => b.name)).toEqual(
      Array.from({ length: 4 }, (_, i) => `parallel-${i}`),
    );
    expect(w.errors).toEqual([]);
  });
});

describe('OSS as the service answers', () => {
  it('a bucket through another region’s endpoint is AccessDenied naming its endpoint; through its own it is found', async () => {
    const w = await world();
    const shanghai = ossClient(w.server.port, w.alice.ak, w.alice.secret, {
      v4: true,
      region: 'oss-cn-shanghai',
    });
    await shanghai.putBucket('regional-bucket');
    expect((await shanghai.getBucketInfo('regional-bucket')).bucket.Location).toBe('oss-cn-shanghai');
    const beijing = ossClient(w.server.port, w.alice.ak, w.alice.secret, {
      v4: true,
      region: 'oss-cn-beijing',
    });
    const wrong = await rejection(beijing.getBucketInfo('regional-bucket'));
    expect(wrong).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      ecCode: '0003-00001403',
      message:
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    });
    // The error document names the bucket and the endpoint to use, then its EC and RecommendDoc
    // (a V1 path-style request names no region: it is cn-hangzhou's endpoint).
    const date = new Date().toUTCString();
    const signature = createHmac('sha1', w.alice.secret)
      .update(`GET\n\n\n${date}\n/regional-bucket/?bucketInfo`)
      .digest('base64');
    const res = await raw(w.server.port, {
      method: 'GET',
      path: '/regional-bucket/?bucketInfo',
      headers: { date, authorization: `OSS ${w.alice.ak}:${signature}` },
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain(
      '<HostId>regional-bucket.oss-cn-hangzhou.aliyuncs.com</HostId><Bucket>regional-bucket</Bucket>' +
        '<Endpoint>oss-cn-shanghai.aliyuncs.com</Endpoint><EC>0003-00001403</EC>' +
        '<RecommendDoc>https://api.aliyun.com/troubleshoot?q=0003-00001403</RecommendDoc></Error>',
    );
    // Nor can another region's endpoint delete it.
    expect(await rejection(beijing.deleteBucket('regional-bucket'))).toMatchObject({ code: 'AccessDenied' });
    expect(await w.cloud.as(w.alice.token).buckets.get('regional-bucket')).toMatchObject({
      region: 'cn-shanghai',
    });
    // A missing bucket's error carries its EC.
    expect(await rejection(beijing.getBucketInfo('no-such-bucket-here'))).toMatchObject({
      code: 'NoSuchBucket',
      ecCode: '0015-00000101',
    });
  });
});
