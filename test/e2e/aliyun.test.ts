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
import { apiClient, apiConfig, ImsClient, RamClient, rejection, rpc } from '../helpers/sdk.js';
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

  it('--allow-cidr: the key gets its network policy (IMS SetAccessKeyPolicy) before its secret; keys list reads it', async () => {
    const b = bootAccount('network@example.com');
    const server = await startServe(b.cfg, { env: b.env });
    const env = { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const realCfg = join(b.dir, 'real-cfg');
    const real = ['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real', '--json'];
    const r = onboard(
      realCfg,
      [...real, 'keys', 'create', '--accept-key-risk', '--show-secret', '--allow-cidr', '10.0.0.0/8'],
      { cwd: b.dir, env },
    );
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout).accessKey as { id: string; secret: string };
    expect(created.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    // Read back with the official names: GetAccessKeyPolicy's AccessKeyPolicy document.
    const root = bootKey(b.home);
    const api = apiClient(server.endpoint, root.id, root.secret);
    const policy = (await rpc(api, '2019-08-15', 'GetAccessKeyPolicy', { UserAccessKeyId: created.id }))
      .body as { AccessKeyId: string; AccessKeyPolicy: string };
    expect(policy.AccessKeyId).toBe(created.id);
    expect(JSON.parse(policy.AccessKeyPolicy)).toEqual({
      Version: 1,
      Status: 'Active',
      Statements: [{ Type: 'ClassicWhiteList', IPList: ['10.0.0.0/8'] }],
    });
    // The policy holds: the new key is refused from 127.0.0.1.
    const denied = await rejection(
      rpc(apiClient(server.endpoint, created.id, created.secret), '2015-04-01', 'GetCallerIdentity'),
    );
    expect(denied).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    // The limits are the account's (GetAccountSummary, the official client's names).
    const summary = (
      await new ImsClient(apiConfig(server.endpoint, root.id, root.secret)).getAccountSummary()
    ).body?.summaryMap;
    expect(summary).toMatchObject({ accountAccessKeysPerAccountQuota: 5, accessKeysPerUserQuota: 2 });
    // keys list keeps allowCidrs in its JSON, read through GetAccessKeyPolicy.
    const listed = onboard(realCfg, [...real, 'keys', 'list'], { cwd: b.dir, env });
    expect(listed.code, listed.stderr).toBe(0);
    const keys = JSON.parse(listed.stdout).keys as Array<{ id: string; allowCidrs: string[] }>;
    expect(keys.find((k) => k.id === created.id)?.allowCidrs).toEqual(['10.0.0.0/8']);
    expect(keys.find((k) => k.id === root.id)?.allowCidrs).toEqual([]);
    const human = onboard(
      realCfg,
      ['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real', 'keys', 'list'],
      {
        cwd: b.dir,
        env,
      },
    );
    expect(human.stdout.replace(/\s+/g, ' ')).toContain('10.0.0.0/8');
    // The limit shown is the one GetAccountSummary gives.
    expect(`${human.stdout}${human.stderr}`.replace(/\s+/g, ' ')).toContain('of 5 keys');
  });

  it('a key whose network policy could not be set is never delivered: it is removed, and the run says so', async () => {
    const b = bootAccount('unpoliced@example.com');
    const server = await startServe(b.cfg, {
      env: { ...b.env, ONBOARD_SIM_FAULTS: 'setAccessKeyPolicy:unavailable:20' },
    });
    const env = { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const before = b.account().accessKeys.map((k) => k.id);
    const r = onboard(
      join(b.dir, 'real-cfg'),
      [
        ...['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real', '--json'],
        ...['keys', 'create', '--accept-key-risk', '--show-secret', '--allow-cidr', '10.0.0.0/8'],
      ],
      { cwd: b.dir, env },
    );
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'ServiceUnavailable' });
    expect(r.stdout).not.toMatch(/"secret"/);
    // The key made before the policy call failed is gone again, and the run said so.
    expect(b.account().accessKeys.map((k) => k.id)).toEqual(before);
    expect(r.stderr.replace(/\s+/g, ' ')).toMatch(/LTAI[A-Za-z0-9]{20}/);
  });

  it('keys delete of a RAM user’s key says the recycle bin keeps it 30 days (human and JSON)', async () => {
    const b = bootAccount('recycle@example.com');
    const server = await startServe(b.cfg, { env: b.env });
    const env = { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const realCfg = join(b.dir, 'real-cfg');
    const base = ['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real'];
    const run = (args: string[]) => onboard(realCfg, [...base, ...args], { cwd: b.dir, env });
    const made = run(['run', '--step', 'ramuser', '--ram-user', 'bin', '--show-secret', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const more = run(['--json', 'keys', 'create', '--ram-user', 'bin', '--show-secret']);
    expect(more.code, more.stderr).toBe(0);
    const [first, second] = b.account().ramUsers.find((u) => u.name === 'bin')?.accessKeys ?? [];
    for (const key of [first, second]) {
      expect(run(['keys', 'disable', key?.id ?? '', '--ram-user', 'bin']).code).toBe(0);
    }
    const human = run(['--yes', 'keys', 'delete', first?.id ?? '', '--ram-user', 'bin']);
    expect(human.code, human.stderr).toBe(0);
    expect(`${human.stdout}${human.stderr}`.replace(/\s+/g, ' ')).toContain('recycle bin for 30 days');
    const json = run(['--yes', '--json', 'keys', 'delete', second?.id ?? '', '--ram-user', 'bin']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      action: 'delete',
      changed: true,
      recycleBin: { days: 30 },
    });
    // The account's own keys have no recycle bin: nothing is said of one.
    const own = run(['--json', 'keys', 'create', '--accept-key-risk', '--show-secret']);
    const ownId = (JSON.parse(own.stdout) as { accessKey: { id: string } }).accessKey.id;
    expect(run(['keys', 'disable', ownId]).code).toBe(0);
    const plain = run(['--yes', '--json', 'keys', 'delete', ownId]);
    expect(JSON.parse(plain.stdout).recycleBin).toBeUndefined();
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
      // The key in use is the setup's key; no RAM user (else the script says where its secret goes).
      '--no-ram-user',
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
      'https://account.console.aliyun.com/v2/#/authc/types',
    );
    // The profile records whose key it is and where it came from (never the secret).
    expect(readProfile(realCfg).steps.account?.data).toMatchObject({
      principal: 'root',
      credentialSource: 'credentials-file:boot',
    });
  });
});

describe('a profile remembers its cloud (SPEC §5.2)', () => {
  it('status without the flags checks the real provider at its endpoint; another provider is exit 2 with the way out', async () => {
    const b = bootAccount('remember@example.com');
    const server = await startServe(b.cfg, { env: b.env });
    const realCfg = join(b.dir, 'real-cfg');
    const run = onboard(
      realCfg,
      ['--provider', 'aliyun', '--endpoint', server.endpoint, '--profile', 'real', '--site', 'intl'].concat([
        '--no-ram-user',
        '--no-interactive',
      ]),
      { cwd: b.dir, env: { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readProfile(realCfg, 'real')).toMatchObject({
      cloud: { provider: 'aliyun', endpoint: server.endpoint },
    });
    // No --provider, --endpoint or ALIBABA_CLOUD_PROFILE: the profile knows its cloud and where its key came from.
    const status = onboard(realCfg, ['--profile', 'real', 'status', '--json'], { cwd: b.dir, env: b.env });
    expect(status.code, status.stderr).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.live).toBe(true);
    expect(doc.status).toBe('complete');
    expect(doc.steps.find((s: { id: string }) => s.id === 'account')).toMatchObject({
      status: 'done',
      details: { credentialSource: 'credentials-file:boot', live: true },
    });
    // The next command printed for it needs no --provider either, and works pasted as printed.
    expect(doc.next.map((n: { command: string }) => n.command).join('\n')).not.toContain('--provider');

    const other = onboard(realCfg, ['--profile', 'real', '--provider', 'simulated', 'status'], {
      cwd: b.dir,
      env: b.env,
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      'Profile real is set up with the aliyun provider; --provider says simulated',
    );
    expect(other.stderr).toContain(
      `onboard --profile real-simulated --config-dir ${realCfg} --provider simulated`,
    );
    expect(other.stderr).toMatch(/onboard --profile real --config-dir \S+ --provider simulated reset/);
    // The same provider given again is fine.
    const same = onboard(realCfg, ['--profile', 'real', '--provider', 'aliyun', 'status'], {
      cwd: b.dir,
      env: b.env,
    });
    expect(same.code, same.stderr).toBe(0);
  });
});
