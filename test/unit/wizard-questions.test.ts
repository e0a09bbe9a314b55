/**
 * THE enumeration test: every question the wizard can ask interactively must
 * have a scripted answer — a flag, an environment variable and an
 * answers-file key — or be `yes` (--yes / ONBOARD_YES), or be a menu whose
 * outcome another command reaches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { ALL_FIELDS as FIELDS, STEP_IDS, STEPS } from '../../src/steps/index.js';
import type { PromptSpec } from '../../src/ui/prompter.js';
import { answersFileSchema } from '../../src/wizard/answers.js';
import { RUN_FIELDS } from '../../src/wizard/run-fields.js';

const MENU_QUESTIONS = STEPS.flatMap((s) => s.menus ?? []);

import {
  type Answer,
  CREDIT_CODE,
  cleanupTempDirs,
  freshEmail,
  type Harness,
  makeHarness,
  PASSWORD,
  RESIDENT_ID,
  tempDir,
} from '../helpers/fake.js';

afterAll(() => cleanupTempDirs());

const asked = new Set<string>();
const askedSpecs: Array<{ key: string; spec: PromptSpec }> = [];

function collect(h: Harness): void {
  for (const a of h.prompter.asked) {
    asked.add(a.key);
    askedSpecs.push(a);
  }
}

function baseAnswers(
  email: string,
  csvDir: string,
  extra: Record<string, Answer> = {},
): Record<string, Answer> {
  let n = 0;
  return {
    signIn: 'false',
    email,
    passwordStdin: PASSWORD,
    verificationCode: async () => '',
    identityType: 'individual',
    legalName: 'Zhang San',
    idType: 'cn-resident-id',
    idNumber: RESIDENT_ID,
    site: 'intl',
    keyChoice: 'both',
    acceptKeyRisk: true,
    saveTargets: '',
    yes: true,
    csv: () => path.join(csvDir, `key-${++n}.csv`),
    ramUser: 'onboard-admin',
    ramCsv: () => path.join(csvDir, `ram-${++n}.csv`),
    maxcomputeRegion: 'cn-hangzhou',
    billing: 'payasyougo',
    region: 'cn-hangzhou',
    bucket: (spec) => (spec.kind === 'input' ? (spec.default ?? '') : ''),
    storageClass: 'Standard',
    acl: 'private',
    redundancy: 'LRS',
    highEnd: true,
    instanceType: 'ecs.g7.2xlarge',
    // Chosen from the zones Quota Center lists (the first is offered as the default).
    zone: (spec) => (spec.kind === 'select' ? (spec.choices[1]?.value ?? '') : ''),
    vcpuQuota: '64',
    reason: 'E-MapReduce cluster nodes',
    ...extra,
  };
}

async function interactive(
  configDir: string,
  answers: Record<string, Answer>,
  profile = 'default',
): Promise<Harness> {
  const h = await makeHarness({ configDir, profile, interactive: true, answers });
  // The verification code is read from the simulated inbox, as a person would.
  const email = String(answers.email);
  h.prompter.answers.verificationCode = async () => (await h.sim.latestCode(email)) ?? '';
  return h;
}

describe('every interactive branch', () => {
  it('register, individual cn-resident-id, key, bucket, high-end yes', async () => {
    const dir = tempDir();
    const email = freshEmail('enum');
    const h = await interactive(dir, baseAnswers(email, tempDir()));
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    // Every step done but MaxCompute's (emr does not need it).
    expect(outcome.reports.map((r) => r.id)).toEqual(STEP_IDS);
    for (const r of outcome.reports) expect(r.status, r.id).toBe(r.id === 'activate' ? 'not_needed' : 'done');
    // The zone is chosen from the list Quota Center gives for the region, its first one the default.
    const zone = h.prompter.asked.find((q) => q.key === 'zone')?.spec;
    expect(zone?.kind === 'select' ? [zone.default, zone.choices.length] : []).toEqual(['cn-hangzhou-b', 8]);
    expect(outcome.reports.find((r) => r.id === 'highend')?.details.zone).toBe('cn-hangzhou-e');
    for (const k of [
      'signIn',
      'email',
      'passwordStdin',
      'verificationCode',
      'identityType',
      'legalName',
      'idType',
      'idNumber',
      'keyChoice',
      'acceptKeyRisk',
      'yes',
      'csv',
      'ramUser',
      'ramCsv',
      'region',
      'bucket',
      'storageClass',
      'acl',
      'redundancy',
      'highEnd',
      'instanceType',
      'zone',
      'vcpuQuota',
      'reason',
    ]) {
      expect(h.prompter.keys(), k).toContain(k);
    }

    // No question is asked twice in one run (confirmations aside, the tools offered once per key,
    // and the new password, typed twice).
    const fields = h.prompter
      .keys()
      .filter((k) => k !== 'yes' && k !== 'saveTargets' && k !== 'passwordStdin');
    expect(h.prompter.keys().filter((k) => k === 'saveTargets')).toHaveLength(2);
    expect(h.prompter.keys().filter((k) => k === 'passwordStdin')).toHaveLength(2);
    expect(fields).toEqual([...new Set(fields)]);

    // Sign in on another profile sharing the cloud; high-end no.
    const h2 = await interactive(
      dir,
      // The first profile's RAM user is not this profile's: a taken name is asked again (take the suggestion).
      baseAnswers(email, tempDir(), {
        signIn: 'true',
        highEnd: false,
        ramUser: (spec) =>
          spec.kind === 'input' && spec.default !== 'onboard-admin' ? (spec.default ?? '') : 'onboard-admin',
      }),
      'second',
    );
    const outcome2 = await h2.wizard();
    collect(h2);
    expect(h2.prompter.keys()).not.toContain('verificationCode');
    expect(outcome2.reports.find((r) => r.id === 'highend')?.status).toBe('skipped');
    expect(h2.prompter.keys()).not.toContain('instanceType');
  });

  it("a RAM user's key only (the recommended default): no root key, no risk question", async () => {
    const h = await interactive(
      tempDir(),
      baseAnswers(freshEmail('ram'), tempDir(), { keyChoice: 'ram', highEnd: false, saveTargets: 'both' }),
    );
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    const status = Object.fromEntries(outcome.reports.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({ accesskey: 'skipped', ramuser: 'done' });
    // Offered after the secret is shown: the CLI profile and the SDK section hold the RAM user's key.
    const keyId = outcome.reports.find((r) => r.id === 'ramuser')?.details.keyId;
    const cli = JSON.parse(fs.readFileSync(path.join(h.env.home, '.aliyun', 'config.json'), 'utf8'));
    expect(cli.profiles[0]).toMatchObject({ name: 'default', access_key_id: keyId });
    const ini = fs.readFileSync(path.join(h.env.home, '.alibabacloud', 'credentials'), 'utf8');
    expect(ini).toContain(`[default]\ntype = access_key\naccess_key_id = ${keyId}\n`);
    expect(h.prompter.keys()).toContain('saveTargets');
    expect(h.prompter.keys()).not.toContain('acceptKeyRisk');
    expect(h.prompter.keys()).not.toContain('ramUserOffer');
    expect(h.prompter.keys()).toContain('ramUser');
  });

  it('declining the root-key risk offers the RAM user instead of ending', async () => {
    const h = await interactive(
      tempDir(),
      baseAnswers(freshEmail('decline'), tempDir(), {
        keyChoice: 'root',
        acceptKeyRisk: false,
        highEnd: false,
      }),
    );
    // "root" stores --no-ram-user; declining the risk still offers the RAM user (yes: the confirmation).
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    const status = Object.fromEntries(outcome.reports.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({ accesskey: 'skipped', ramuser: 'done' });
    expect(h.prompter.keys()).toContain('ramUser');
  });

  it('with --root-key given, only the root key is made: no key question, no RAM user offered', async () => {
    const h = await makeHarness({
      configDir: tempDir(),
      interactive: true,
      flags: { rootKey: true },
      answers: baseAnswers(freshEmail('offer'), tempDir(), { highEnd: false }),
    });
    const email = String(h.prompter.answers.email);
    h.prompter.answers.verificationCode = async () => (await h.sim.latestCode(email)) ?? '';
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    for (const k of ['keyChoice', 'ramUserOffer', 'ramUser']) expect(h.prompter.keys()).not.toContain(k);
    const status = Object.fromEntries(outcome.reports.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({ accesskey: 'done', ramuser: 'skipped' });
  });

  it('a profile whose root key was made before any key answer was kept: the RAM user is offered, and can be declined', async () => {
    const dir = tempDir();
    const email = freshEmail('offer2');
    const first = await interactive(
      dir,
      baseAnswers(email, tempDir(), { keyChoice: 'root', highEnd: false }),
    );
    expect((await first.wizard()).error).toBeUndefined();
    // As an earlier version left it: the root key delivered, no key answer remembered, the RAM user never asked.
    first.store.stage('default', (p) => {
      delete p.answers.rootKey;
      delete p.answers.ramUser;
      delete p.steps.ramuser;
    });
    first.store.flush();
    const h = await interactive(dir, baseAnswers(email, tempDir(), { ramUserOffer: 'no', highEnd: false }));
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    expect(h.prompter.keys()).toContain('ramUserOffer');
    expect(h.prompter.keys()).not.toContain('keyChoice');
    expect(h.prompter.keys()).not.toContain('ramUser');
    expect(outcome.reports.find((r) => r.id === 'ramuser')?.status).toBe('skipped');
  });

  it('MaxCompute (product both): region and billing are asked, subscription waits for payment', async () => {
    const h = await makeHarness({
      configDir: tempDir(),
      interactive: true,
      product: 'both',
      answers: baseAnswers(freshEmail('mc'), tempDir(), {
        keyChoice: 'ram',
        highEnd: false,
        billing: 'subscription',
      }),
    });
    const email = String(h.prompter.answers.email);
    h.prompter.answers.verificationCode = async () => (await h.sim.latestCode(email)) ?? '';
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    expect(h.prompter.keys()).toEqual(expect.arrayContaining(['maxcomputeRegion', 'billing']));
    const activate = outcome.reports.find((r) => r.id === 'activate');
    expect(activate?.status).toBe('waiting');
    expect(activate?.waitingOn).toBe('person');
    // Activated with the pay-as-you-go quota at once; the subscription is the person's to buy.
    expect(activate?.details).toMatchObject({ billing: 'subscription', subscription: null });
    expect(activate?.details.quota).toMatch(/^os_\d{16}$/);
  });

  it('individual passport, public ACL confirmation', async () => {
    const h = await interactive(
      tempDir(),
      baseAnswers(freshEmail('pass'), tempDir(), {
        idType: 'passport',
        idNumber: 'E12345678',
        idCountry: 'DE',
        acl: 'public-read',
        highEnd: false,
      }),
    );
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    expect(h.prompter.keys()).toContain('idCountry');
    expect(outcome.reports.find((r) => r.id === 'identity')?.status).toBe('done');
  });

  it('enterprise', async () => {
    const h = await interactive(
      tempDir(),
      baseAnswers(freshEmail('ent'), tempDir(), {
        identityType: 'enterprise',
        companyName: 'Acme Data Ltd',
        creditCode: CREDIT_CODE,
        legalRepresentative: 'Li Si',
      }),
    );
    const outcome = await h.wizard();
    collect(h);
    expect(outcome.error).toBeUndefined();
    for (const k of ['companyName', 'creditCode', 'legalRepresentative'])
      expect(h.prompter.keys()).toContain(k);
    expect(h.prompter.keys()).not.toContain('legalName');
  });

  it('at five keys: the menu to free one', async () => {
    const dir = tempDir();
    const email = freshEmail('limit');
    const first = await interactive(dir, baseAnswers(email, tempDir(), { highEnd: false }));
    await first.wizard();
    collect(first);
    const token = first.ctx.profileState().session!.token;
    for (let i = 0; i < 4; i++)
      await first.provider.as(token).accessKeys.create({ clientToken: `fill-${i}`, allowCidrs: [] });
    expect(await first.provider.as(token).accessKeys.list()).toHaveLength(5);
    const h = await interactive(
      dir,
      baseAnswers(email, tempDir(), {
        // The first key offered (the safe choice, Cancel, comes first).
        keyToFree: (spec) => (spec.kind === 'select' ? spec.choices.find((c) => c.value !== '')!.value : ''),
        keyAction: 'delete',
      }),
    );
    const outcome = await h.wizard('accesskey');
    collect(h);
    expect(outcome.error).toBeUndefined();
    expect(h.prompter.keys()).toEqual(expect.arrayContaining(['keyToFree', 'keyAction']));
    expect(await h.provider.as(token).accessKeys.list()).toHaveLength(5);
  });
});

describe('every question has a scripted answer', () => {
  it('each asked key is a scriptable field, yes, or a menu with a command', () => {
    expect(asked.size).toBeGreaterThan(15);
    const shape = (answersFileSchema(FIELDS) as unknown as { shape: Record<string, unknown> }).shape;
    for (const key of asked) {
      if (key === 'yes') continue;
      const menu = MENU_QUESTIONS.find((q) => q.key === key);
      if (menu) {
        expect(menu.scriptedBy, key).toMatch(/^onboard /);
        continue;
      }
      const f = FIELDS.find((x) => x.key === key);
      expect(f, `asked "${key}" is not a field`).toBeDefined();
      expect(f!.flag, key).toMatch(/^--[a-z][a-z-]*$/);
      if (key !== 'showSecret') expect(f!.env, key).toMatch(/^ONBOARD_[A-Z_]+$/);
      expect(Object.keys(shape), key).toContain(f!.key);
    }
  });

  it('every prompt has a message, and selects have choices', () => {
    for (const { key, spec } of askedSpecs) {
      expect(spec.message.length, key).toBeGreaterThan(0);
      expect(spec.message, key).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/); // a rendered message, not a raw catalog key
      if (spec.kind === 'select') expect(spec.choices.length, key).toBeGreaterThan(0);
    }
  });
});

describe('static checks of the field list', () => {
  it("every step's fields are in FIELDS", () => {
    const keys = new Set(FIELDS.map((f) => f.key));
    for (const step of STEPS)
      for (const k of Object.keys(step.fields)) expect(keys.has(k), `${step.id}.${k}`).toBe(true);
  });

  it('every field is owned by a step (or the run) that lists it', () => {
    for (const f of FIELDS) {
      const owners = [RUN_FIELDS, ...STEPS.map((s) => s.fields)].filter((fs) => Object.hasOwn(fs, f.key));
      expect(owners.length, f.key).toBeGreaterThan(0);
    }
  });

  it('every field has a help text in the en catalog', () => {
    for (const f of FIELDS) {
      expect(Object.hasOwn(en, f.help), f.key).toBe(true);
      expect((en as Record<string, string>)[f.help]!.length, f.key).toBeGreaterThan(0);
    }
  });

  it('env names match ONBOARD_[A-Z_]+ and are unique; flags and keys are unique; keys are camelCase of flags', () => {
    const envs = FIELDS.flatMap((f) => (f.env ? [f.env] : []));
    // The one exception is the official SDKs' own variable for a key's secret (SPEC §5.2).
    for (const e of envs) expect(e).toMatch(/^(ONBOARD_[A-Z_]+|ALIBABA_CLOUD_ACCESS_KEY_SECRET)$/);
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(FIELDS.map((f) => f.flag)).size).toBe(FIELDS.length);
    expect(new Set(FIELDS.map((f) => f.key)).size).toBe(FIELDS.length);
    for (const f of FIELDS) {
      const camel = f.flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(f.key).toBe(camel);
    }
    // --access-key-id's environment form is the official chain's ALIBABA_CLOUD_ACCESS_KEY_ID.
    expect(FIELDS.filter((f) => !f.env).map((f) => f.key)).toEqual(['accessKeyId', 'showSecret']);
  });

  it('answersFileSchema has exactly the FIELDS keys', () => {
    const shape = (answersFileSchema(FIELDS) as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(shape).sort()).toEqual(FIELDS.map((f) => f.key).sort());
  });

  it('menus name a command', () => {
    for (const q of MENU_QUESTIONS) expect(q.scriptedBy).toMatch(/^onboard /);
  });
});
