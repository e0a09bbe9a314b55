/**
 * The roles step (SPEC §4.9): its decision (pure), and the step itself with
 * the fake prompter and the real simulated provider in a temp dir — fresh
 * roles, roles already right, roles that differ (asked, `--fix-roles`, exit
 * 4 before anything changes), a crash between creating and attaching, lost
 * responses and throttling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/core/errors.js';
import type { Cloud } from '../../src/provider/types.js';
import { account } from '../../src/steps/account/index.js';
import { identity } from '../../src/steps/identity/index.js';
import { STEP_IDS } from '../../src/steps/index.js';
import {
  decide,
  EMR_ROLES,
  type Finding,
  finding,
  needingRepair,
  trustDocument,
  trustedServices,
  trusts,
} from '../../src/steps/roles/decide.js';
import { roles } from '../../src/steps/roles/index.js';
import { prepareContext } from '../../src/wizard/context.js';
import {
  cleanupTempDirs,
  freshEmail,
  type HarnessOptions,
  makeHarness,
  PASSWORD,
  RESIDENT_ID,
  tempDir,
} from '../helpers/fake.js';

afterEach(() => cleanupTempDirs());

const [EMR, ECS] = EMR_ROLES as [(typeof EMR_ROLES)[number], (typeof EMR_ROLES)[number]];

describe('trust policies are compared by meaning, not text', () => {
  it('the document RAM writes for a service role', () => {
    expect(trustDocument('emr.aliyuncs.com')).toBe(
      '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["emr.aliyuncs.com"]}}],"Version":"1"}',
    );
    expect(trusts(trustDocument('emr.aliyuncs.com'), 'emr.aliyuncs.com')).toBe(true);
    expect(trusts(trustDocument('emr.aliyuncs.com'), 'ecs.aliyuncs.com')).toBe(false);
  });

  it('a single statement or a list, a service or a list of them, any key order and case', () => {
    const single = JSON.stringify({
      Version: '1',
      Statement: { Effect: 'Allow', Principal: { Service: 'EMR.aliyuncs.com' }, Action: ['sts:AssumeRole'] },
    });
    expect(trusts(single, 'emr.aliyuncs.com')).toBe(true);
    const several = JSON.stringify({
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: ['acs:ram::1:root'] } },
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: ['ecs.aliyuncs.com', 'emr.aliyuncs.com'] },
        },
      ],
      Version: '1',
    });
    expect(trustedServices(several)).toEqual(['ecs.aliyuncs.com', 'emr.aliyuncs.com']);
  });

  it('not trusted: another action, a Deny, nothing readable', () => {
    const other = JSON.stringify({
      Statement: [
        { Action: 'sts:GetCallerIdentity', Effect: 'Allow', Principal: { Service: ['emr.aliyuncs.com'] } },
      ],
    });
    expect(trusts(other, 'emr.aliyuncs.com')).toBe(false);
    const denied = JSON.stringify({
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'emr.aliyuncs.com' } },
        { Action: 'sts:AssumeRole', Effect: 'Deny', Principal: { Service: 'emr.aliyuncs.com' } },
      ],
    });
    expect(trusts(denied, 'emr.aliyuncs.com')).toBe(false);
    expect(trustedServices('{not json')).toBeNull();
    expect(trustedServices('{"Version":"1"}')).toBeNull();
    expect(trustedServices('{"__proto__":{"Statement":[]}}')).toBeNull();
  });
});

describe('decide: one decision for run, dry run and the pre-check', () => {
  const right = { trustPolicy: trustDocument(EMR.service), policies: [EMR.policy] };
  const calls = (findings: Finding[]) => decide(findings).map((a) => `${a.call}:${a.repair}`);

  it('missing: create and attach, no repair; right: nothing', () => {
    expect(calls([finding(EMR, null, false)])).toEqual(['CreateRole:false', 'AttachPolicyToRole:false']);
    expect(calls([finding(EMR, right, false)])).toEqual([]);
  });

  it('another trust or no policy is a repair — the policy of a role this profile made is not', () => {
    const other = { trustPolicy: trustDocument('ecs.aliyuncs.com'), policies: [] };
    expect(calls([finding(EMR, other, false)])).toEqual(['UpdateRole:true', 'AttachPolicyToRole:true']);
    expect(calls([finding(EMR, other, true)])).toEqual(['UpdateRole:true', 'AttachPolicyToRole:false']);
    const bare = { trustPolicy: trustDocument(EMR.service), policies: ['ReadOnlyAccess'] };
    expect(calls([finding(EMR, bare, false)])).toEqual(['AttachPolicyToRole:true']);
    expect(calls([finding(EMR, bare, true)])).toEqual(['AttachPolicyToRole:false']);
    expect(
      needingRepair([finding(EMR, bare, true), finding(ECS, other, false)]).map((f) => f.role.name),
    ).toEqual([ECS.name]);
  });
});

/** A registered account with a verified identity, its step records in the profile. */
async function verified(o: HarnessOptions = {}, verify = true) {
  const email = freshEmail('roles');
  const h = await makeHarness({ ...o, flags: { email }, env: { ONBOARD_PASSWORD: PASSWORD } });
  expect((await h.run(account)).status).toBe('done');
  if (verify) {
    const v = await makeHarness({
      ...o,
      configDir: h.configDir,
      flags: { identityType: 'individual', legalName: 'Zhang San', idNumber: RESIDENT_ID },
    });
    expect((await v.run(identity)).status).toBe('done');
  }
  const cloud = (): Cloud =>
    h.capabilities.connect({ kind: 'session', token: h.ctx.profileState().session!.token });
  return { configDir: h.configDir, cloud };
}

/** Each role's trust policy (as stored) and policies. */
async function rolesIn(cloud: Cloud) {
  const out: Record<string, { trust: string; policies: string[] } | null> = {};
  for (const r of EMR_ROLES) {
    const role = await cloud.ram.getRole(r.name);
    out[r.name] = role && { trust: role.trustPolicy, policies: await cloud.ram.listPoliciesForRole(r.name) };
  }
  return out;
}

function expectRight(found: Awaited<ReturnType<typeof rolesIn>>) {
  for (const r of EMR_ROLES) {
    expect(found[r.name], r.name).not.toBeNull();
    expect(trusts(found[r.name]!.trust, r.service), r.name).toBe(true);
    expect(found[r.name]!.policies, r.name).toEqual([r.policy]);
  }
}

/** A trust policy right for neither role. */
const WRONG = trustDocument('oss.aliyuncs.com');

describe('roles', () => {
  it('needed for emr and both, not for maxcompute; after ramuser, before oss', () => {
    expect(roles.needed('emr')).toBe(true);
    expect(roles.needed('both')).toBe(true);
    expect(roles.needed('maxcompute')).toBe(false);
    expect(STEP_IDS.indexOf('roles')).toBeGreaterThan(STEP_IDS.indexOf('ramuser'));
    expect(STEP_IDS.indexOf('oss')).toBeGreaterThan(STEP_IDS.indexOf('roles'));
  });

  it('makes both roles, trusted by their services with their policies; status shows them', async () => {
    const w = await verified();
    const h = await makeHarness({ configDir: w.configDir });
    const before = await h.check(roles);
    expect(before.status).toBe('todo');
    expect(before.details.roles).toEqual(
      EMR_ROLES.map((r) => ({
        name: r.name,
        service: r.service,
        policy: r.policy,
        trust: 'missing',
        policyAttached: false,
      })),
    );
    const done = await h.run(roles);
    expect(done.status).toBe('done');
    expect(done.summary).toContain(EMR.name);
    expect(done.summary).toContain(ECS.name);
    expectRight(await rolesIn(w.cloud()));
    const after = await h.check(roles);
    expect(after.status).toBe('done');
    expect(after.details.roles).toEqual(
      EMR_ROLES.map((r) => ({
        name: r.name,
        service: r.service,
        policy: r.policy,
        trust: 'ok',
        policyAttached: true,
      })),
    );
  });

  it('roles already right (in another form of the same trust) are done with no change', async () => {
    const w = await verified();
    const cloud = w.cloud();
    const sameMeaning = (service: string) =>
      JSON.stringify({
        Version: '1',
        Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service } },
      });
    for (const r of EMR_ROLES) {
      await cloud.ram.createRole({ name: r.name, trustPolicy: sameMeaning(r.service) });
      await cloud.ram.attachPolicyToRole(r.name, r.policy);
    }
    const planted = await rolesIn(cloud);
    const h = await makeHarness({ configDir: w.configDir });
    expect((await h.check(roles)).status).toBe('done');
    expect((await h.run(roles)).status).toBe('done');
    expect(await rolesIn(cloud)).toEqual(planted);
    const plan = await roles.plan(prepare(h), await h.check(roles));
    expect(plan.calls).toEqual(['GetRole', 'ListPoliciesForRole']);
  });

  it('a role with another trust: a script stops with exit 4 naming it and what differs, changing nothing', async () => {
    const w = await verified();
    await w.cloud().ram.createRole({ name: EMR.name, trustPolicy: WRONG });
    const h = await makeHarness({ configDir: w.configDir });
    const error = await h.run(roles).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    const refusal = error as RefusedError;
    expect(refusal).toMatchObject({ code: 'RoleNeedsRepair', exitCode: 4, step: 'roles' });
    expect(refusal.cause.message).toContain(EMR.name);
    expect(refusal.cause.message).toContain('oss.aliyuncs.com');
    expect(refusal.cause.message).toContain(EMR.policy);
    expect(refusal.hints.map((x) => x.key)).toContain('roles.fixHint');
    expect(await rolesIn(w.cloud())).toEqual({
      [EMR.name]: { trust: WRONG, policies: [] },
      [ECS.name]: null,
    });
    // The pre-check says the same before any step runs.
    const pre = await roles.preflight!(prepare(h), await h.check(roles)).catch((e: unknown) => e);
    expect(pre).toMatchObject({ code: 'RoleNeedsRepair', exitCode: 4 });
  });

  it('the whole run stops at the pre-check: no later step changes anything', async () => {
    const w = await verified();
    await w.cloud().ram.createRole({ name: EMR.name, trustPolicy: WRONG });
    const csv = path.join(tempDir(), 'AccessKey.csv');
    const h = await makeHarness({ configDir: w.configDir, flags: { csv, acceptKeyRisk: true } });
    const error = await h.wizard().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RoleNeedsRepair', exitCode: 4 });
    // Not even the steps before it: the key, the bucket.
    expect(await w.cloud().accessKeys.list()).toEqual([]);
    expect(fs.existsSync(csv)).toBe(false);
    expect(await w.cloud().buckets.list()).toEqual([]);
    expect(await w.cloud().ram.getRole(ECS.name)).toBeNull();
  });

  it('--fix-roles (or ONBOARD_FIX_ROLES=1) repairs the trust and attaches the policy', async () => {
    for (const given of [{ flags: { fixRoles: true } }, { env: { ONBOARD_FIX_ROLES: '1' } }]) {
      const w = await verified();
      await w.cloud().ram.createRole({ name: EMR.name, trustPolicy: WRONG });
      await w.cloud().ram.createRole({ name: ECS.name, trustPolicy: trustDocument(ECS.service) });
      const h = await makeHarness({ configDir: w.configDir, ...given });
      expect((await h.run(roles)).status).toBe('done');
      expectRight(await rolesIn(w.cloud()));
      const plan = await roles.plan(prepare(h), await h.check(roles));
      expect(plan.values.fixRoles).toBe(true);
    }
  });

  it('interactively the person is asked first: yes repairs, no stops with exit 4 and changes nothing', async () => {
    const w = await verified();
    await w.cloud().ram.createRole({ name: ECS.name, trustPolicy: trustDocument(ECS.service) });
    const no = await makeHarness({
      configDir: w.configDir,
      interactive: true,
      yes: true,
      answers: { yes: false },
    });
    expect(await no.run(roles).catch((e: unknown) => e)).toMatchObject({ code: 'RoleNeedsRepair' });
    expect(no.prompter.keys()).toEqual(['yes']);
    expect(String(no.prompter.asked[0]?.spec.message)).toContain(ECS.name);
    expect(await w.cloud().ram.listPoliciesForRole(ECS.name)).toEqual([]);
    expect(await w.cloud().ram.getRole(EMR.name)).toBeNull();

    const yes = await makeHarness({ configDir: w.configDir, interactive: true, answers: { yes: true } });
    expect((await yes.run(roles)).status).toBe('done');
    expectRight(await rolesIn(w.cloud()));
  });

  it('a crash between CreateRole and AttachPolicyToRole: the next script run finishes without asking', async () => {
    const w = await verified();
    const h0 = await makeHarness({ configDir: w.configDir });
    // What the step records before it creates, then the call that took effect before the crash.
    await h0.store.update('default', (p) => {
      p.steps.roles = { status: 'todo', updatedAt: new Date().toISOString(), data: { creating: [EMR.name] } };
    });
    await w.cloud().ram.createRole({ name: EMR.name, trustPolicy: trustDocument(EMR.service) });
    const h = await makeHarness({ configDir: w.configDir });
    expect((await h.run(roles)).status).toBe('done');
    expectRight(await rolesIn(w.cloud()));
    const saved = h.ctx.profileState().steps.roles?.data as { creating: string[]; created: string[] };
    expect(saved.creating).toEqual([]);
    expect([...saved.created].sort()).toEqual(EMR_ROLES.map((r) => r.name).sort());
  });

  it('lost responses and throttling never leave more or less than the two roles', async () => {
    const faults = [
      'createRole:lost-response:1',
      'attachPolicyToRole:lost-response:1',
      'createRole:throttle:1',
      'attachPolicyToRole:throttle:1',
      'updateRole:lost-response:1',
      'updateRole:throttle:1',
    ].join(',');
    const w = await verified();
    await w.cloud().ram.createRole({ name: ECS.name, trustPolicy: WRONG });
    const h = await makeHarness({
      configDir: w.configDir,
      flags: { fixRoles: true },
      providerEnv: { ONBOARD_SIM_FAULTS: faults },
    });
    expect((await h.run(roles)).status).toBe('done');
    expectRight(await rolesIn(w.cloud()));
  });

  it('identity first: an unverified account is refused with RealNameAuthenticationError', async () => {
    const w = await verified({}, false);
    const h = await makeHarness({ configDir: w.configDir });
    const error = await h.run(roles).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RealNameAuthenticationError', exitCode: 4 });
    expect(await rolesIn(w.cloud())).toEqual({ [EMR.name]: null, [ECS.name]: null });
  });

  it('--dry-run lists the calls the run would make, from the same decision', async () => {
    const w = await verified();
    await w.cloud().ram.createRole({ name: EMR.name, trustPolicy: trustDocument(EMR.service) });
    const h = await makeHarness({ configDir: w.configDir, flags: { fixRoles: true } });
    const plan = await roles.plan(prepare(h), await h.check(roles));
    expect(plan.calls).toEqual([
      'GetRole',
      'ListPoliciesForRole',
      `AttachPolicyToRole(${EMR.name}, ${EMR.policy})`,
      `CreateRole(${ECS.name})`,
      `AttachPolicyToRole(${ECS.name}, ${ECS.policy})`,
    ]);
  });
});

/** The context a pre-check and a plan get, live. */
function prepare(h: Awaited<ReturnType<typeof makeHarness>>) {
  return prepareContext(
    h.env,
    roles,
    h.capabilities.connect({ kind: 'session', token: h.ctx.profileState().session!.token }),
  );
}
