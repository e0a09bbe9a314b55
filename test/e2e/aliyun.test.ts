/**
 * `--provider aliyun` end to end, as users run it: the built CLI against
 * `onboard sim serve` on 127.0.0.1. A simulated-provider run makes the
 * account and hands its root key to the SDK credentials file
 * (`--save-to credentials:boot`); the real provider then finds that key
 * through the official credential chain (`ALIBABA_CLOUD_PROFILE=boot`) and
 * finishes every step over the wire. A re-run creates nothing, and lost
 * responses injected into the server still leave exactly one of each.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ramApi from '@alicloud/ram20150501';
import { afterEach, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { accountArgs, onboard, PASSWORD, profilePath, readProfile, workspaces } from '../helpers/cli.js';
import { readCloud } from '../helpers/cloud.js';
import { apiConfig, RamClient } from '../helpers/sdk.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const setup = workspaces('aliyun');
afterEach(() => killServers());

interface CloudFile {
  accounts: Array<{
    uid: string;
    email: string;
    accessKeys: Array<{ id: string; status: string }>;
    ramUsers: Array<{ name: string; policies: string[]; accessKeys: Array<{ id: string; status: string }> }>;
    quotaApplications: Array<{ id: string; region: string; instanceType: string }>;
    maxcompute: Array<{ region: string; billing: string }>;
    ramRoles: Array<{ name: string; policies: string[] }>;
  }>;
  buckets: Array<{ name: string; owner: string; region: string }>;
}

/**
 * A simulated account with a verified identity whose root key sits in the
 * credentials file as [boot]. Set up for MaxCompute in cn-hangzhou, so that
 * the E-MapReduce roles, the bucket and the cn-shanghai activation are the
 * real provider's to make.
 */
function bootAccount(email = 'real@example.com') {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { HOME: home };
  const boot = [
    ...accountArgs(email),
    '--product',
    'maxcompute',
    '--accept-key-risk',
    '--save-to',
    'credentials:boot',
  ];
  const r = onboard(cfg, boot, {
    input: `${PASSWORD}\n`,
    cwd: dir,
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  const cloud = (): CloudFile => readCloud(cfg);
  const account = () => {
    const a = cloud().accounts.find((x) => x.email === email);
    if (!a) throw new Error('no account');
    return a;
  };
  return { dir, cfg, home, env, cloud, account };
}

/** The root key the boot run saved as [boot] in the SDK credentials file. */
function bootKey(home: string): { id: string; secret: string } {
  const text = readFileSync(join(home, '.alibabacloud', 'credentials'), 'utf8');
  return {
    id: /access_key_id = (\S+)/.exec(text)?.[1] ?? '',
    secret: /access_key_secret = (\S+)/.exec(text)?.[1] ?? '',
  };
}

/** What the real provider made in the simulated cloud: counts that must stay at one. */
function made(b: ReturnType<typeof bootAccount>) {
  const a = b.account();
  return {
    ramUsers: a.ramUsers.map((u) => u.name),
    ramKeys: a.ramUsers.flatMap((u) => u.accessKeys.filter((k) => k.status === 'Active')).length,
    // The simulated run that made the account works in cn-hangzhou; the real one in cn-shanghai.
    buckets: b
      .cloud()
      .buckets.filter((x) => x.owner === a.uid && x.region === 'cn-shanghai')
      .map((x) => x.name),
    applications: a.quotaApplications.length,
    maxcompute: a.maxcompute.filter((m) => m.region === 'cn-shanghai').map((m) => `${m.region}:${m.billing}`),
    roles: a.ramRoles.map((r) => `${r.name}:${r.policies.join('+')}`),
  };
}

/** The E-MapReduce roles, each with its one policy: what a real-provider run leaves. */
const ROLES_MADE = [
  'AliyunEMRDefaultRole:AliyunEMRRolePolicy',
  'AliyunECSInstanceForEMRRole:AliyunECSInstanceForEMRRolePolicy',
];

function realArgs(endpoint: string, dir: string, extra: string[] = []): string[] {
  return [
    '--provider',
    'aliyun',
    '--endpoint',
    endpoint,
    '--profile',
    'real',
    '--no-interactive',
    '--json',
    '--site',
    'intl',
    '--product',
    'both',
    '--region',
    'cn-shanghai',
    '--ram-user',
    'ops',
    '--ram-csv',
    join(dir, 'ops_AccessKey.csv'),
    '--high-end',
    ...extra,
  ];
}

describe('--provider aliyun against sim serve', () => {
  it('finds the key through the official chain and finishes every step; a re-run creates nothing', async () => {
    const b = bootAccount();
    const server = await startServe(b.cfg, { env: b.env });
    const env = { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const realCfg = join(b.dir, 'real-cfg');
    const r = onboard(realCfg, realArgs(server.endpoint, b.dir), { cwd: b.dir, env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('complete');
    const steps = Object.fromEntries(doc.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(Object.keys(steps)).toEqual(STEP_IDS);
    expect(steps).toMatchObject({
      account: 'done',
      identity: 'done',
      accesskey: 'done',
      ramuser: 'done',
      roles: 'done',
      oss: 'done',
      highend: 'done',
      activate: 'done',
    });
    const account = doc.steps.find((s: { id: string }) => s.id === 'account');
    expect(account.details.credentialSource).toBe('credentials-file:boot');
    expect(account.details.principal).toBe('root');

    const after = made(b);
    expect(after).toEqual({
      ramUsers: ['ops'],
      ramKeys: 1,
      buckets: [expect.stringMatching(/cn-shanghai$/)],
      applications: 1,
      maxcompute: ['cn-shanghai:payasyougo'],
      roles: ROLES_MADE,
    });
    // The official RAM client reads both roles back: trusted by their services, with their policies.
    const root = bootKey(b.home);
    const ram = new RamClient(apiConfig(server.endpoint, root.id, root.secret));
    for (const [name, service, policy] of [
      ['AliyunEMRDefaultRole', 'emr.aliyuncs.com', 'AliyunEMRRolePolicy'],
      ['AliyunECSInstanceForEMRRole', 'ecs.aliyuncs.com', 'AliyunECSInstanceForEMRRolePolicy'],
    ] as const) {
      const role = (await ram.getRole(new ramApi.GetRoleRequest({ roleName: name }))).body?.role;
      expect(JSON.parse(role?.assumeRolePolicyDocument ?? '{}')).toEqual({
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }],
        Version: '1',
      });
      const policies = await ram.listPoliciesForRole(
        new ramApi.ListPoliciesForRoleRequest({ roleName: name }),
      );
      expect(policies.body?.policies?.policy?.map((p) => p.policyName)).toEqual([policy]);
    }
    // The RAM user's key went to its CSV, in the RAM console's format.
    expect(readFileSync(join(b.dir, 'ops_AccessKey.csv'), 'utf8')).toMatch(
      /^UserPrincipalName,AccessKeyId,AccessKeySecret\nops@\d{16}\.onaliyun\.com,LTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/,
    );

    // Again: everything is found, nothing is made twice.
    const again = onboard(realCfg, realArgs(server.endpoint, b.dir), { cwd: b.dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(made(b)).toEqual(after);

    // status names where the credential came from, and never holds the secret.
    const status = onboard(
      realCfg,
      ['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real', 'status'],
      {
        cwd: b.dir,
        env,
      },
    );
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout.replace(/\s+/g, ' ')).toContain('credentials-file:boot');
    const secret = readFileSync(join(b.home, '.alibabacloud', 'credentials'), 'utf8').match(
      /access_key_secret = (\S+)/,
    )?.[1];
    expect(secret).toBeDefined();
    expect(secret).toBe(root.secret);
    expect(readFileSync(profilePath(realCfg, 'real'), 'utf8')).not.toContain(secret);
  });

  it('lost responses on every create leave exactly one of each', async () => {
    const b = bootAccount('lossy@example.com');
    const faults = [
      'createUser',
      'attachPolicy',
      'createAccessKey',
      'putBucket',
      'submitQuotaApplication',
      'activateMaxCompute',
      'createRole',
      'attachPolicyToRole',
    ]
      .map((op) => `${op}:lost-response:1`)
      .join(',');
    const server = await startServe(b.cfg, { env: { ...b.env, ONBOARD_SIM_FAULTS: faults } });
    const env = { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const realCfg = join(b.dir, 'real-cfg');
    const r = onboard(realCfg, realArgs(server.endpoint, b.dir), { cwd: b.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(made(b)).toEqual({
      ramUsers: ['ops'],
      ramKeys: 1,
      buckets: [expect.stringMatching(/cn-shanghai$/)],
      applications: 1,
      maxcompute: ['cn-shanghai:payasyougo'],
      roles: ROLES_MADE,
    });
  });

  it('--allow-cidr is refused for the real cloud before any call (its API cannot set a network policy)', () => {
    const { dir, cfg } = setup();
    const r = onboard(
      cfg,
      [
        '--provider',
        'aliyun',
        '--endpoint',
        '127.0.0.1:9',
        'keys',
        'create',
        '--accept-key-risk',
        '--show-secret',
        '--allow-cidr',
        '10.0.0.0/8',
      ],
      {
        cwd: dir,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tAAAAAAAAAAAAAAAAAA',
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
        },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-cidr');
    expect(r.stderr).not.toContain('EndpointUnreachable');
  });

  it('no credential anywhere: a script is told which options and variables give one (exit 2, nothing written)', () => {
    const { dir } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const cfg = join(dir, 'cfg');
    const r = onboard(cfg, ['--provider', 'aliyun', '--endpoint', '127.0.0.1:9', '--no-interactive'], {
      cwd: dir,
      env: { HOME: home },
    });
    expect(r.code).toBe(2);
    const said = r.stderr.replace(/\s+/g, ' ');
    expect(said).toContain('--access-key-id');
    expect(said).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(said).toContain('ALIBABA_CLOUD_PROFILE');
  });
});

describe('an account whose real name is not verified yet', () => {
  it('is action_required (exit 3) with the console page in next; the profile records whose key it is', async () => {
    const { dir, cfg } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const env = { HOME: home };
    const account = onboard(
      cfg,
      ['--no-interactive', '--email', 'unverified@example.com', '--password-stdin', '--step', 'account'],
      {
        input: `${PASSWORD}\n`,
        cwd: dir,
        env,
      },
    );
    expect(account.code, account.stderr).toBe(0);
    const key = onboard(
      cfg,
      ['--no-interactive', '--step', 'accesskey', '--accept-key-risk', '--save-to', 'credentials:boot'],
      {
        cwd: dir,
        env,
      },
    );
    expect(key.code, key.stderr).toBe(0);
    const server = await startServe(cfg, { env });
    const realCfg = join(dir, 'real-cfg');
    const args = [
      '--provider',
      'aliyun',
      '--endpoint',
      server.endpoint,
      '--site',
      'cn',
      '--no-interactive',
      '--json',
    ];
    const r = onboard(realCfg, args, { cwd: dir, env: { ...env, ALIBABA_CLOUD_PROFILE: 'boot' } });
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('action_required');
    const identity = doc.steps.find((s: { id: string }) => s.id === 'identity');
    expect(identity).toMatchObject({ status: 'waiting', details: { status: 'none' } });
    expect(doc.next.map((n: { why: string }) => n.why).join(' ')).toContain(
      'https://account.console.aliyun.com/v2/#/authc/home',
    );
    // The profile records whose key it is and where it came from (never the secret).
    expect(readProfile(realCfg).steps.account?.data).toMatchObject({
      principal: 'root',
      credentialSource: 'credentials-file:boot',
    });
  });
});
