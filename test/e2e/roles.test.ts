/**
 * The E-MapReduce roles end to end (SPEC §4.9), the built CLI as users run
 * it, on both providers: the real one against `onboard sim serve`, and the
 * roles read back with the official RAM client (`@alicloud/ram20150501`).
 * A `maxcompute` setup does not need them; a role planted with another trust
 * policy stops a script (exit 4, naming it) before anything changes, and
 * `--fix-roles` / `ONBOARD_FIX_ROLES=1` repairs it; a RAM user's key without
 * RAM permissions gets the real denial and where to go instead.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ramApi from '@alicloud/ram20150501';
import { afterEach, describe, expect, it } from 'vitest';
import { accountArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';
import { apiConfig, RamClient, rejection } from '../helpers/sdk.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const setup = workspaces('roles');
afterEach(() => killServers());

const ROLES = [
  { name: 'AliyunEMRDefaultRole', service: 'emr.aliyuncs.com', policy: 'AliyunEMRRolePolicy' },
  {
    name: 'AliyunECSInstanceForEMRRole',
    service: 'ecs.aliyuncs.com',
    policy: 'AliyunECSInstanceForEMRRolePolicy',
  },
] as const;

function trust(service: string): string {
  return JSON.stringify({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }],
    Version: '1',
  });
}

/** A section's key from the SDK credentials file that `--save-to credentials:<name>` wrote. */
function savedKey(home: string, section: string): { id: string; secret: string } {
  const text = readFileSync(join(home, '.alibabacloud', 'credentials'), 'utf8');
  const body = text.split(`[${section}]`)[1]?.split(/\n\[/)[0] ?? '';
  return {
    id: /access_key_id = (\S+)/.exec(body)?.[1] ?? '',
    secret: /access_key_secret = (\S+)/.exec(body)?.[1] ?? '',
  };
}

/**
 * A verified simulated account set up for MaxCompute (no roles needed), its
 * root key in the SDK credentials file as [boot], and `sim serve` over it.
 */
async function maxComputeAccount(extra: string[] = []) {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { HOME: home };
  const r = onboard(
    cfg,
    [
      ...accountArgs('roles@example.com'),
      '--product',
      'maxcompute',
      '--accept-key-risk',
      '--save-to',
      'credentials:boot',
      '--json',
      ...extra,
    ],
    { input: `${PASSWORD}\n`, cwd: dir, env },
  );
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  const server = await startServe(cfg, { env });
  const root = savedKey(home, 'boot');
  const ram = new RamClient(apiConfig(server.endpoint, root.id, root.secret));
  return { dir, cfg, home, env, doc, server, ram };
}

type RamClientType = InstanceType<typeof RamClient>;

/** A role as the official client reads it back: its trust policy and its policies, or null. */
async function readBack(ram: RamClientType, name: string) {
  try {
    const got = await ram.getRole(new ramApi.GetRoleRequest({ roleName: name }));
    const listed = await ram.listPoliciesForRole(new ramApi.ListPoliciesForRoleRequest({ roleName: name }));
    return {
      trust: JSON.parse(got.body?.role?.assumeRolePolicyDocument ?? 'null'),
      policies: (listed.body?.policies?.policy ?? []).map((p) => `${p.policyType}:${p.policyName}`),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'EntityNotExist.Role') return null;
    throw error;
  }
}

/** Both roles exist, each trusted by its service, each with exactly its system policy. */
async function expectBothRight(ram: RamClientType) {
  for (const role of ROLES) {
    const found = await readBack(ram, role.name);
    expect(found, role.name).not.toBeNull();
    const services = found?.trust.Statement.flatMap(
      (s: { Effect: string; Principal: { Service: string[] } }) =>
        s.Effect === 'Allow' ? s.Principal.Service : [],
    );
    expect(services, role.name).toContain(role.service);
    expect(found?.policies, role.name).toEqual([`System:${role.policy}`]);
  }
}

function roleStep(doc: { steps: Array<{ id: string; status: string; details: Record<string, unknown> }> }) {
  return doc.steps.find((s) => s.id === 'roles');
}

describe('the E-MapReduce roles', () => {
  it('maxcompute: not needed; a planted wrong trust stops a real-provider script (exit 4) until --fix-roles', async () => {
    const a = await maxComputeAccount();
    expect(roleStep(a.doc)?.status).toBe('not_needed');
    expect(await readBack(a.ram, ROLES[0].name)).toBeNull();

    // Someone made the service role trusting another service, and without its policy.
    await a.ram.createRole(
      new ramApi.CreateRoleRequest({
        roleName: ROLES[0].name,
        assumeRolePolicyDocument: trust('oss.aliyuncs.com'),
      }),
    );
    const env = { ...a.env, ALIBABA_CLOUD_PROFILE: 'boot' };
    const realCfg = join(a.dir, 'real-cfg');
    const args = [
      '--provider',
      'aliyun',
      '--endpoint',
      a.server.endpoint,
      '--profile',
      'real',
      '--site',
      'intl',
      '--no-interactive',
      '--json',
      '--product',
      'emr',
      '--no-ram-user',
      '--region',
      'cn-shanghai',
    ];
    const stopped = onboard(realCfg, args, { cwd: a.dir, env });
    expect(stopped.code, stopped.stderr).toBe(4);
    const error = JSON.parse(stopped.stdout).error;
    expect(error).toMatchObject({ code: 'RoleNeedsRepair', step: 'roles', exitCode: 4 });
    expect(error.message).toContain(ROLES[0].name);
    expect(error.message).toContain('oss.aliyuncs.com');
    expect(error.message).toContain(ROLES[0].policy);
    expect(stopped.stderr).toContain('--fix-roles');
    // Found before anything changed: the role as planted, the other not made, no bucket.
    expect(await readBack(a.ram, ROLES[0].name)).toEqual({
      trust: JSON.parse(trust('oss.aliyuncs.com')),
      policies: [],
    });
    expect(await readBack(a.ram, ROLES[1].name)).toBeNull();

    // The dry run lists the repair the run would make.
    const dry = onboard(realCfg, ['run', '--dry-run', '--fix-roles', ...args], { cwd: a.dir, env });
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout).steps.find((s: { id: string }) => s.id === 'roles');
    expect(planned.plan.calls).toEqual([
      'GetRole',
      'ListPoliciesForRole',
      `UpdateRole(${ROLES[0].name})`,
      `AttachPolicyToRole(${ROLES[0].name}, ${ROLES[0].policy})`,
      `CreateRole(${ROLES[1].name})`,
      `AttachPolicyToRole(${ROLES[1].name}, ${ROLES[1].policy})`,
    ]);

    const fixed = onboard(realCfg, [...args, '--fix-roles'], { cwd: a.dir, env });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(roleStep(JSON.parse(fixed.stdout))?.status).toBe('done');
    await expectBothRight(a.ram);

    const status = onboard(
      realCfg,
      ['--provider', 'aliyun', '--endpoint', a.server.endpoint, '--profile', 'real', 'status', '--json'],
      { cwd: a.dir, env },
    );
    expect(status.code, status.stderr).toBe(0);
    expect(roleStep(JSON.parse(status.stdout))?.details.roles).toEqual(
      ROLES.map((r) => ({ ...r, trust: 'ok', policyAttached: true })),
    );
  });

  it('simulated: ONBOARD_FIX_ROLES=1 repairs a role without its policy; run again, nothing changes', async () => {
    const a = await maxComputeAccount();
    await a.ram.createRole(
      new ramApi.CreateRoleRequest({
        roleName: ROLES[1].name,
        assumeRolePolicyDocument: trust(ROLES[1].service),
      }),
    );
    const args = ['--no-interactive', '--json', '--product', 'emr', '--no-ram-user'];
    const stopped = onboard(a.cfg, args, { cwd: a.dir, env: a.env });
    expect(stopped.code, stopped.stderr).toBe(4);
    expect(JSON.parse(stopped.stdout).error.message).toContain(
      `${ROLES[1].name} lacks its policy ${ROLES[1].policy}`,
    );
    expect(await readBack(a.ram, ROLES[0].name)).toBeNull();

    const fixed = onboard(a.cfg, args, { cwd: a.dir, env: { ...a.env, ONBOARD_FIX_ROLES: '1' } });
    expect(fixed.code, fixed.stderr).toBe(0);
    const said = fixed.stderr.replace(/\s+/g, ' ');
    expect(said).toContain(`Creating the role ${ROLES[0].name}`);
    expect(said).toContain(`Attaching ${ROLES[1].policy} to the role ${ROLES[1].name}`);
    await expectBothRight(a.ram);
    const again = onboard(a.cfg, [...args, '--step', 'roles'], { cwd: a.dir, env: a.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Reading the E-MapReduce roles');
    expect(again.stderr).not.toMatch(/Creating the role|Attaching|Making the role/);
    await expectBothRight(a.ram);
  });

  it('a RAM user whose key may read but not change RAM gets NoPermission and where to go instead', async () => {
    const a = await maxComputeAccount([
      '--ram-user',
      'reader',
      '--ram-policy',
      'ReadOnlyAccess',
      '--ram-save-to',
      'credentials:reader',
    ]);
    const r = onboard(
      join(a.dir, 'reader-cfg'),
      [
        '--provider',
        'aliyun',
        '--endpoint',
        a.server.endpoint,
        '--site',
        'cn',
        '--no-interactive',
        '--product',
        'emr',
        '--step',
        'roles',
      ],
      { cwd: a.dir, env: { ...a.env, ALIBABA_CLOUD_PROFILE: 'reader' } },
    );
    expect(r.code, r.stderr).toBe(4);
    const said = r.stderr.replace(/\s+/g, ' ');
    expect(said).toContain('NoPermission');
    expect(said).toContain('AliyunRAMFullAccess');
    expect(said).toContain('https://ram.console.aliyun.com/roles');
    expect(said).toContain('https://emr.console.aliyun.com/');
    expect(
      await rejection(a.ram.getRole(new ramApi.GetRoleRequest({ roleName: ROLES[0].name }))),
    ).toMatchObject({
      code: 'EntityNotExist.Role',
    });

    // A key that may not even read RAM is stopped by the pre-check, before any step runs.
    await a.ram.createUser(new ramApi.CreateUserRequest({ userName: 'ecs-only' }));
    for (const policy of ['AliyunECSFullAccess', 'AliyunOSSFullAccess']) {
      await a.ram.attachPolicyToUser(
        new ramApi.AttachPolicyToUserRequest({
          userName: 'ecs-only',
          policyName: policy,
          policyType: 'System',
        }),
      );
    }
    const key = (await a.ram.createAccessKey(new ramApi.CreateAccessKeyRequest({ userName: 'ecs-only' })))
      .body?.accessKey;
    const blind = onboard(
      join(a.dir, 'blind-cfg'),
      [
        '--provider',
        'aliyun',
        '--endpoint',
        a.server.endpoint,
        '--site',
        'intl',
        '--no-interactive',
        '--json',
        '--no-ram-user',
      ],
      {
        cwd: a.dir,
        env: {
          ...a.env,
          ALIBABA_CLOUD_ACCESS_KEY_ID: key?.accessKeyId ?? '',
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: key?.accessKeySecret ?? '',
        },
      },
    );
    expect(blind.code, blind.stderr).toBe(4);
    expect(JSON.parse(blind.stdout).error).toMatchObject({ code: 'NoPermission', step: 'roles' });
    // Said by the pre-check: the run itself (which reads with a progress line) never started.
    expect(blind.stderr).not.toContain('Reading the E-MapReduce roles');
    expect(blind.stderr.replace(/\s+/g, ' ')).toContain('https://ram.console.alibabacloud.com/roles');
  });

  it('a key that may not read ECS is refused at the identity check (exit 4 with the code), not a crash', async () => {
    const a = await maxComputeAccount();
    await a.ram.createUser(new ramApi.CreateUserRequest({ userName: 'oss-only' }));
    await a.ram.attachPolicyToUser(
      new ramApi.AttachPolicyToUserRequest({
        userName: 'oss-only',
        policyName: 'AliyunOSSFullAccess',
        policyType: 'System',
      }),
    );
    const key = (await a.ram.createAccessKey(new ramApi.CreateAccessKeyRequest({ userName: 'oss-only' })))
      .body?.accessKey;
    const env = {
      ...a.env,
      ALIBABA_CLOUD_ACCESS_KEY_ID: key?.accessKeyId ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: key?.accessKeySecret ?? '',
    };
    const args = [
      '--provider',
      'aliyun',
      '--endpoint',
      a.server.endpoint,
      '--site',
      'cn',
      '--no-interactive',
    ];
    for (const command of [[], ['status']]) {
      const r = onboard(join(a.dir, 'oss-only-cfg'), [...args, ...command, '--json'], { cwd: a.dir, env });
      expect(r.code, r.stderr).toBe(4);
      expect(JSON.parse(r.stdout).error).toMatchObject({ step: 'identity', exitCode: 4 });
      expect(r.stderr).not.toMatch(/Unexpected failure/i);
    }
  });

  it('the answers file and the schema know fixRoles', () => {
    const { dir, cfg } = setup();
    const schema = JSON.parse(onboard(cfg, ['schema'], { cwd: dir }).stdout);
    expect(schema.properties.fixRoles).toMatchObject({ type: 'boolean' });
    const help = onboard(cfg, ['run', '--help'], { cwd: dir });
    expect(help.stdout).toContain('--fix-roles');
    expect(help.stdout).toContain('ONBOARD_FIX_ROLES');
  });
});
