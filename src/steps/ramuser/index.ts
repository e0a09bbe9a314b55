/**
 * Step — a RAM user for everyday work (SPEC §4.6), what all three source
 * guides recommend: the user, the system policies the product needs,
 * optionally console logon, and its own AccessKey, delivered exactly like the
 * root key (shown once, CSV in the RAM console's format, crash-safe).
 *
 * RAM's CreateUser takes no client token, so the step looks before it
 * creates: it records its intent (name, time) first, and a user of that name
 * created since then is its own (a retry after a crash or a lost response);
 * any other user of that name is `EntityAlreadyExists.User`.
 */
import * as z from 'zod/mini';
import { ProviderError, RefusedError } from '../../core/errors.js';
import type { Product } from '../../core/types.js';
import {
  activeDelivered,
  checkDelivery,
  contextIo,
  type DeliveryChoice,
  deliveryChoice,
  deliveryFiles,
  KEY_LIMIT_MENUS,
  toolsIo,
} from '../../delivery/choice.js';
import { KEY_FIELDS, RAM_SAVE_FIELDS } from '../../delivery/fields.js';
import { ramOwnerId, ramUserOwner } from '../../delivery/ram-key.js';
import { t } from '../../i18n/index.js';
import type { Cloud, RamUser } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import {
  checkPolicyList,
  checkPolicyName,
  checkRamPassword,
  MAX_RAM_POLICIES,
} from '../../validate/index.js';
import { invalidAt } from '../../wizard/answers.js';
import { refused } from '../../wizard/calls.js';
import { defineFields } from '../../wizard/field.js';
import {
  type BaseContext,
  defineStep,
  type Missing,
  type PrepareContext,
  type StepContext,
  type StepState,
  state,
} from '../../wizard/step.js';
import { consoleUrl } from '../console.js';
import { DEFAULT_RAM_USER, decideKeys, KEY_CHOICE_FIELDS, type KeyDecision } from '../key-choice.js';
import { REGION_FIELDS, settleRegion } from '../region.js';

const fields = defineFields({
  ...KEY_CHOICE_FIELDS,
  ramPolicy: {
    flag: '--ram-policy',
    arg: '<name>',
    env: 'ONBOARD_RAM_POLICIES',
    type: 'list',
    itemCheck: checkPolicyName,
    check: checkPolicyList,
    maxItems: MAX_RAM_POLICIES,
    defaultHelp: 'ramuser.policiesByProduct',
    remember: true,
    help: 'field.ramPolicy',
  },
  ramConsoleAccess: {
    flag: '--ram-console-access',
    env: 'ONBOARD_RAM_CONSOLE_ACCESS',
    type: 'boolean',
    default: false,
    remember: true,
    help: 'field.ramConsoleAccess',
  },
  ramCsv: {
    flag: '--ram-csv',
    arg: '<path>',
    env: 'ONBOARD_RAM_CSV',
    type: 'string',
    normalize: KEY_FIELDS.csv.normalize,
    maxLength: 4096,
    help: 'field.ramCsv',
  },
  ...RAM_SAVE_FIELDS,
  showSecret: KEY_FIELDS.showSecret,
  ...REGION_FIELDS,
});
type Fields = typeof fields;
type Ctx = StepContext<Fields>;

/**
 * When no answer decided the keys and the accesskey step did not ask (the
 * account's key is the credential in use, or that step was done earlier),
 * the RAM user is offered with this question (yes, the default).
 */
const OFFER_MENU = {
  key: 'ramUserOffer',
  scriptedBy: 'onboard --ram-user <name> --ram-csv <path>  (or --no-ram-user)',
} as const;

const data = z.object({
  name: z.optional(z.string()),
  principalName: z.optional(z.string()),
  /** The user this profile set out to create, and when: a user of that name made since then is ours. */
  creating: z.optional(z.object({ name: z.string(), startedAt: z.string() })),
  /** Users this profile created (so a later run adopts them instead of calling the name taken). */
  created: z._default(z.array(z.string()), []),
  skipped: z.optional(z.boolean()),
});

/** The policies the product needs, as the seeds name them. */
function policiesFor(product: Product): string[] {
  const emr = ['AliyunOSSFullAccess', 'AliyunEMRFullAccess'];
  const maxcompute = ['AliyunMaxComputeFullAccess', 'AliyunDataWorksFullAccess'];
  return product === 'emr' ? emr : product === 'maxcompute' ? maxcompute : [...emr, ...maxcompute];
}

function policiesOf(ctx: BaseContext<Fields>): string[] {
  return ctx.answers.value('ramPolicy') ?? policiesFor(ctx.product);
}

function choiceOf(ctx: BaseContext<Fields>): DeliveryChoice {
  return deliveryChoice(ctx.answers.all, { profile: ctx.profile, csv: 'ramCsv', saveTo: 'ramSaveTo' });
}

const DELIVERY_NEEDED = {
  hint: 'ramuser.deliveryHint',
  flags: '--ram-csv <path>, --ram-save-to <target> or --show-secret',
  files: '--ram-csv <path> or --ram-save-to aliyun-cli|credentials',
} as const;

/** Which keys this run makes: the one decision (`../key-choice.ts`) every mode and the dry run share. */
function decision(ctx: BaseContext<Fields>): KeyDecision {
  return decideKeys(ctx.answers.all, ctx.interactive);
}

/**
 * The user's name when this run makes one (the name given, remembered or
 * defaulted; interactively it may still be asked), or false when it makes
 * none: the decision says no, or an earlier run skipped the step and this
 * run says nothing about a RAM user.
 */
function nameOf(ctx: BaseContext<Fields>): string | false {
  const keys = decision(ctx);
  if (!keys.ram || (ctx.data(data).skipped && keys.ramBy !== 'run')) return false;
  return keys.ramName;
}

/** `--no-ram-user`, the other answer to "where does the RAM user's secret go" when nothing asked for one. */
const NO_RAM_USER = { ...KEY_CHOICE_FIELDS.ramUser, flag: '--no-ram-user', arg: undefined, env: undefined };

function skipped(): StepState {
  return state('skipped', t('ramuser.skipped'));
}

export const ramuser = defineStep({
  id: 'ramuser',
  title: 'step.ramuser',
  fields,
  menus: [...KEY_LIMIT_MENUS, OFFER_MENU],
  needed: () => true,

  async check(ctx) {
    const name = nameOf(ctx);
    // Left out by root-key answers alone: to do until a run records it, saying so once.
    if (name === false && decision(ctx).ramLeftOut && !ctx.data(data).skipped)
      return state('todo', t('ramuser.notWanted'));
    if (name === false) return skipped();
    // Nothing decided it yet: the run asks (a terminal) or makes the recommended user (a script).
    if (!decision(ctx).settled) return state('todo', t('ramuser.todo'));
    if (!ctx.cloud) {
      // Not reachable now: what was recorded, or (never run) only the name it will have.
      const recorded = ctx.recorded();
      return state(recorded, t(recorded === 'todo' ? 'ramuser.todoNamed' : 'ramuser.offline', { name }), {
        name,
        live: false,
      });
    }
    const user = await ctx.cloud.ram.getUser(name).catch(() => null);
    if (!user) return state('todo', t('ramuser.todoNamed', { name }), { name });
    const keys = await ctx.cloud.ram.userKeys(name).list();
    const record = ctx.keyRecords.read(ramOwnerId(name));
    const keyId = activeDelivered(record, keys);
    const wanted = policiesOf(ctx);
    const missing = wanted.filter((p) => !user.policies.includes(p));
    const details = {
      name,
      principalName: user.principalName,
      policies: user.policies,
      consoleAccess: user.consoleAccess,
      keyId: keyId ?? null,
      pendingRepair: Boolean(record.pending),
    };
    if (record.pending) return state('todo', t('ramuser.pendingRepair', { name }), details);
    if (!keyId || missing.length > 0) return state('todo', t('ramuser.todoNamed', { name }), details);
    return state(
      'done',
      t('ramuser.done', { principal: user.principalName, policies: user.policies.join(', '), id: keyId }),
      details,
    );
  },

  requires(ctx, current) {
    const missing: Missing[] = [];
    const name = nameOf(ctx);
    if (typeof name === 'string' && current.details.keyId == null) {
      const choice = choiceOf(ctx);
      if (!choice.csv && !choice.showSecret && choice.targets.length === 0) {
        // The recommended path first; with nothing said about a RAM user, also the way to leave it out.
        const nothingSaid = decision(ctx).ramBy === 'default';
        missing.push({
          field: fields.ramCsv,
          question: { key: 'ramuser.askDelivery' },
          alternatives: [fields.ramSaveTo, fields.showSecret, ...(nothingSaid ? [NO_RAM_USER] : [])],
        });
      }
    }
    if (
      typeof name === 'string' &&
      ctx.answers.value('ramConsoleAccess') === true &&
      !ctx.env.ONBOARD_RAM_PASSWORD
    ) {
      const env = { ...fields.ramConsoleAccess, flag: '', env: 'ONBOARD_RAM_PASSWORD' };
      missing.push({ field: env, question: { key: 'ramuser.askPassword' } });
    }
    return missing;
  },

  async preflight(ctx: PrepareContext<Fields>, current) {
    const name = nameOf(ctx);
    if (typeof name !== 'string') return;
    // Every policy is checked before anything is created (a read, when the account is reachable).
    const cloud = ctx.cloud;
    if (cloud) {
      for (const policy of policiesOf(ctx))
        if (!(await cloud.ram.policyExists(policy))) throw policyMissing(policy);
    }
    // A name the account already uses for a user this profile did not create is taken.
    if (!ctx.interactive && ctx.cloud && !(await ours(ctx, ctx.cloud, name))) throw nameTaken(name);
    if (current.details.keyId == null) {
      await checkDelivery(choiceOf(ctx), { id: ramOwnerId(name) }, toolsIo(ctx), DELIVERY_NEEDED);
    }
    if (ctx.answers.value('ramConsoleAccess') === true && ctx.env.ONBOARD_RAM_PASSWORD) {
      const bad = checkRamPassword(ctx.env.ONBOARD_RAM_PASSWORD);
      if (bad) throw invalidAt('ONBOARD_RAM_PASSWORD', bad);
    }
  },

  async run(ctx) {
    const name = await decideName(ctx);
    if (name === false) {
      // Only root-key answers were given: say once that no RAM user was made, and how to make one.
      if (decision(ctx).ramLeftOut) {
        const command = ctx.commands.command(
          '--ram-user',
          DEFAULT_RAM_USER,
          '--ram-csv',
          `./${DEFAULT_RAM_USER}_AccessKey.csv`,
        );
        ctx.out.hintRef({ key: 'ramuser.leftOut', params: { command } });
      }
      await ctx.remember({ ramUser: false });
      await ctx.record('skipped', { ...ctx.data(data), skipped: true });
      return skipped();
    }
    const cloud = await ctx.cloud();
    const policies = policiesOf(ctx);
    // Every policy is checked before the user is created (reads).
    for (const policy of policies) if (!(await cloud.ram.policyExists(policy))) throw policyMissing(policy);
    const user = await ensureUser(ctx, cloud, name);
    await ensurePolicies(ctx, cloud, user.name, policies);
    const consoleAccess = ctx.answers.value('ramConsoleAccess') === true;
    if (consoleAccess) await ensureLogin(ctx, cloud, user.name);
    const keyOwner = ramUserOwner(cloud, user);
    const io = contextIo(
      ctx,
      (question) => ctx.ask('ramCsv', { message: 'ramuser.askCsv', ...question }),
      () => settleRegion(ctx),
    );
    // `--step ramuser` re-applies the policies and makes a key only when none of the user's keys was delivered.
    let keyId = activeDelivered(ctx.keyRecords.read(keyOwner.id), await keyOwner.keys.list());
    let keyReport: { id: string; secret?: string; csv?: string } | undefined;
    if (!keyId || ctx.keyRecords.read(keyOwner.id).pending) {
      const choice = choiceOf(ctx);
      await checkDelivery(choice, keyOwner, io, DELIVERY_NEEDED);
      // Making and delivering a key loads only when one is made.
      const { createDeliveredKey } = await import('../../delivery/keys.js');
      const delivered = await createDeliveredKey(io, keyOwner, choice);
      keyId = delivered.key.id;
      keyReport = delivered.report;
    }
    const finalPolicies = await cloud.ram.listPolicies(user.name);
    ctx.report.ramUser = {
      name: user.name,
      principalName: user.principalName,
      policies: finalPolicies,
      consoleAccess,
      ...(keyReport ? { accessKey: keyReport } : {}),
    };
    const saved = ctx.data(data);
    await ctx.record('done', { name: user.name, principalName: user.principalName, created: saved.created });
    return state(
      'done',
      t('ramuser.done', { principal: user.principalName, policies: finalPolicies.join(', '), id: keyId }),
      {
        name: user.name,
        principalName: user.principalName,
        policies: finalPolicies,
        consoleAccess,
        keyId,
        ...(keyReport?.csv ? { csv: keyReport.csv } : {}),
      },
    );
  },

  async plan(ctx, current) {
    const name = nameOf(ctx);
    if (name === false) return { calls: [], files: [], values: { keys: decision(ctx).keys } };
    return {
      calls:
        current.status === 'done'
          ? ['GetUser', 'ListPoliciesForUser']
          : ['GetPolicy', 'GetUser', 'CreateUser', 'AttachPolicyToUser', 'CreateAccessKey'],
      files:
        current.status === 'done'
          ? []
          : [profileFileName(ctx.profile), ...deliveryFiles(choiceOf(ctx), toolsIo(ctx).tools)],
      values: {
        keys: decision(ctx).keys,
        ramUser: name,
        policies: policiesOf(ctx),
        consoleAccess: ctx.answers.value('ramConsoleAccess') === true,
      },
    };
  },

  next(current, ctx) {
    if (current.status !== 'done') return [];
    const principal = String(current.details.principalName ?? '');
    const entries = [
      {
        command: ctx.commands.command('keys', 'list', '--ram-user', String(current.details.name ?? '')),
        why: t('ramuser.nextDaily', { principal }),
      },
    ];
    if (current.details.consoleAccess === true) {
      entries.push({
        command: ctx.commands.command('status'),
        why: t('ramuser.nextConsole', { principal, url: consoleUrl(ctx.profileState(), 'ramSignIn') }),
      });
    }
    return entries;
  },

  /** The user is still there with every policy of the product (its keys are checked with every delivered key). */
  async doctor(ctx) {
    const name = ctx.data(data).name;
    if (name === undefined) return [];
    const fix = ctx.commands.command('run', '--step', 'ramuser');
    const user = await ctx.cloud.ram.getUser(name);
    if (!user)
      return [{ id: `ramUser:${name}`, status: 'problem', summary: t('doctor.ramUserGone', { name }), fix }];
    return policiesOf(ctx).map((policy) =>
      user.policies.includes(policy)
        ? { id: `policy:${name}:${policy}`, status: 'ok', summary: t('doctor.policyOk', { name, policy }) }
        : {
            id: `policy:${name}:${policy}`,
            status: 'problem',
            summary: t('doctor.policyMissing', { name, policy }),
            fix,
          },
    );
  },
});

function policyMissing(policy: string): RefusedError {
  return refused(
    new ProviderError('EntityNotExist.Policy', 404, 'The policy does not exist.', '-', false, {
      policyName: policy,
    }),
    'ramuser',
  );
}

function nameTaken(name: string): RefusedError {
  return refused(
    new ProviderError('EntityAlreadyExists.User', 409, 'The user already exists.', '-', false, {
      userName: name,
    }),
    'ramuser',
  );
}

/** Whether no user has the name, or the user of that name is one this profile created. */
/**
 * Whether the name is this profile's to use: free (`user` undefined), or a user
 * this profile made (returned, to adopt); undefined when it belongs to someone else.
 */
async function ours(
  ctx: BaseContext<Fields>,
  cloud: Cloud,
  name: string,
): Promise<{ user: RamUser | undefined } | undefined> {
  const user = await cloud.ram.getUser(name);
  if (!user) return { user: undefined };
  const saved = ctx.data(data);
  if (saved.created.some((n) => n.toLowerCase() === user.name.toLowerCase())) return { user };
  // Made since this profile set out to create it (a crash or a lost response in between).
  const creating = saved.creating;
  const madeByUs =
    creating !== undefined &&
    creating.name.toLowerCase() === name.toLowerCase() &&
    Date.parse(user.createdAt) >= Date.parse(creating.startedAt) - 1000;
  return madeByUs ? { user } : undefined;
}

/**
 * The name to use, `false` for none. A name given for this run is used as
 * it is; a script takes the remembered name or the default; interactively
 * the name is asked (the remembered one, or the default, offered), unless
 * this profile already set out to create that user.
 */
async function decideName(ctx: Ctx): Promise<string | false> {
  const decided = nameOf(ctx);
  if (decided === false) return false;
  const given = ctx.answers.given('ramUser');
  if (typeof given === 'string') return given;
  if (!ctx.interactive) return decided;
  const stored = ctx.answers.source('ramUser') === 'stored' ? decided : undefined;
  const saved = ctx.data(data);
  if (stored !== undefined && saved.name === stored) return stored;
  // Nothing decided the keys and the accesskey step did not ask: the RAM user is offered here.
  if (decision(ctx).ask) {
    ctx.out.say(`  ${t('ramuser.offerText')}`);
    const offer = await ctx.choose(OFFER_MENU.key, {
      message: 'ramuser.askOffer',
      choices: [
        { value: 'yes', name: t('ramuser.offerYes'), description: t('ramuser.offerYesHelp') },
        { value: 'no', name: t('ramuser.offerNo') },
      ],
    });
    if (offer === 'no') return false;
  }
  return ctx.ask('ramUser', {
    message: 'ramuser.askName',
    default: stored ?? saved.name ?? DEFAULT_RAM_USER,
    always: true,
  });
}

/** The user: ours if it exists (created by this profile), else created; a taken name is asked again interactively. */
async function ensureUser(ctx: Ctx, cloud: Cloud, first: string): Promise<RamUser> {
  let name = first;
  for (;;) {
    const mine = await ours(ctx, cloud, name);
    if (mine) {
      if (mine.user) return adopt(ctx, mine.user);
      const startedAt = new Date().toISOString();
      await ctx.record('todo', { ...ctx.data(data), name, creating: { name, startedAt } });
      await ctx.remember({ ramUser: name });
      try {
        const user = await ctx.call(t('ramuser.creating', { name }), () => cloud.ram.createUser({ name }));
        return adopt(ctx, user);
      } catch (error) {
        // A lost response: the first attempt made the user, the retry found it taken.
        if (!(error instanceof RefusedError && error.code === 'EntityAlreadyExists.User')) throw error;
        const made = (await ours(ctx, cloud, name))?.user;
        if (made) return adopt(ctx, made);
      }
    }
    if (!ctx.interactive) throw nameTaken(name);
    ctx.out.warn(t('ramuser.nameTaken', { name }));
    const next = await ctx.ask('ramUser', { message: 'ramuser.askName', always: true, default: `${name}-2` });
    if (next === false) throw nameTaken(name);
    name = next;
  }
}

async function adopt(ctx: Ctx, user: RamUser): Promise<RamUser> {
  const saved = ctx.data(data);
  const created = saved.created.includes(user.name) ? saved.created : [...saved.created, user.name];
  await ctx.record('todo', { name: user.name, principalName: user.principalName, created });
  await ctx.remember({ ramUser: user.name });
  return user;
}

async function ensurePolicies(ctx: Ctx, cloud: Cloud, name: string, policies: string[]): Promise<void> {
  const attached = await cloud.ram.listPolicies(name);
  for (const policy of policies) {
    if (attached.includes(policy)) continue;
    await ctx.call(t('ramuser.attaching', { policy, name }), async () => {
      try {
        await cloud.ram.attachPolicy(name, policy);
      } catch (error) {
        // After a lost response the first attempt may already have attached it.
        if (error instanceof ProviderError && error.code === 'EntityAlreadyExists.User.Policy') return;
        throw error;
      }
    });
  }
}

async function ensureLogin(ctx: Ctx, cloud: Cloud, name: string): Promise<void> {
  if (await cloud.ram.hasLoginProfile(name)) return;
  const password = await ctx.newSecret({
    env: 'ONBOARD_RAM_PASSWORD',
    message: 'ramuser.askPassword',
    again: 'ramuser.askPasswordAgain',
    mismatch: 'ramuser.passwordMismatch',
    check: checkRamPassword,
  });
  await ctx.call(t('ramuser.enablingLogin', { name }), async () => {
    try {
      await cloud.ram.createLoginProfile(name, password);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'EntityAlreadyExists.User.LoginProfile') return;
      throw error;
    }
  });
}
