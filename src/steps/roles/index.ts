/**
 * Step — the E-MapReduce roles (SPEC §4.9): the service role
 * AliyunEMRDefaultRole and the ECS application role
 * AliyunECSInstanceForEMRRole, each trusted by its service with its system
 * policy, without which the console creates no cluster.
 *
 * What a run does is `decide(roles as read)` (`decide.ts`), the same
 * decision the dry run lists and the pre-check judges. A role that exists
 * otherwise than E-MapReduce needs is never changed without a yes: asked
 * interactively, `--fix-roles` in a script, else exit 4 naming what differs —
 * found before any step changes anything when the account can be read then.
 *
 * RAM's CreateRole has no client token, so the step looks first, records
 * that it set out to create the role, and after a lost response
 * (`EntityAlreadyExists.Role`) adopts the role when it is trusted right.
 */
import * as z from 'zod/mini';
import { ProviderError, RefusedError } from '../../core/errors.js';
import {
  composed,
  formatEnglish,
  type MessageKey,
  type MessageRef,
  type Params,
} from '../../core/messages.js';
import { currentLang, t } from '../../i18n/index.js';
import type { Cloud } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import { refused } from '../../wizard/calls.js';
import { defineFields } from '../../wizard/field.js';
import { type BaseContext, defineStep, type StepContext, type StepState, state } from '../../wizard/step.js';
import { consoleUrl } from '../console.js';
import {
  callName,
  decide,
  EMR_ROLES,
  type Finding,
  finding,
  needingRepair,
  type RoleAction,
  trustDocument,
  unread,
} from './decide.js';

const fields = defineFields({
  fixRoles: {
    flag: '--fix-roles',
    env: 'ONBOARD_FIX_ROLES',
    type: 'boolean',
    default: false,
    help: 'field.fixRoles',
  },
});
type Ctx = StepContext<typeof fields>;

const data = z.object({
  /** Roles this profile set out to create, having seen the name free: found later, they are its own. */
  creating: z._default(z.array(z.string()), []),
  /** Roles this profile created. */
  created: z._default(z.array(z.string()), []),
});
type Data = z.infer<typeof data>;

/** The roles as they stand in the account. */
async function read(cloud: Cloud, saved: Data): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const role of EMR_ROLES) {
    const found = await cloud.ram.getRole(role.name);
    const policies = found ? await cloud.ram.listPoliciesForRole(found.name) : [];
    const ours = [...saved.created, ...saved.creating].includes(role.name);
    findings.push(finding(role, found && { trustPolicy: found.trustPolicy, policies }, ours));
  }
  return findings;
}

/** What `status --json` shows of each role. */
function details(findings: readonly Finding[]) {
  return {
    roles: findings.map((f) => ({
      name: f.role.name,
      service: f.role.service,
      policy: f.role.policy,
      trust: f.trust,
      policyAttached: f.policyAttached,
    })),
  };
}

/** What is not right with a role, in a language: null when nothing. */
function difference(f: Finding, say: (key: MessageKey, params: Params) => string): string | null {
  const { name, service, policy } = f.role;
  if (f.trust === 'missing') return say('roles.missing', { name });
  const parts: string[] = [];
  if (f.trust === 'differs') {
    if (f.trustedBy === null) parts.push(say('roles.trustUnreadable', { name, service }));
    else if (f.trustedBy.length === 0) parts.push(say('roles.trustNone', { name, service }));
    else parts.push(say('roles.trustOther', { name, service, actual: f.trustedBy.join(', ') }));
  }
  if (!f.policyAttached) parts.push(say('roles.policyMissing', { name, policy }));
  return parts.length === 0 ? null : parts.join('; ');
}

function differences(findings: readonly Finding[], say: (key: MessageKey, params: Params) => string) {
  return composed(
    findings
      .map((f) => difference(f, say))
      .filter((d) => d !== null)
      .join('; '),
  );
}

function stateOf(findings: readonly Finding[]): StepState {
  if (findings.every((f) => difference(f, t) === null)) {
    const roles = composed(findings.map((f) => t('roles.roleOk', { ...f.role })).join('; '));
    return state('done', t('roles.done', { roles }), details(findings));
  }
  return state('todo', t('roles.todo', { roles: differences(findings, t) }), details(findings));
}

/** Exit 4 before anything changes: the roles that exist otherwise than E-MapReduce needs, and how. */
function needsRepair(findings: readonly Finding[]): RefusedError {
  const wrong = needingRepair(findings);
  const cause = new ProviderError(
    'RoleNeedsRepair',
    409,
    formatEnglish('roles.needsRepair', { roles: differences(wrong, formatEnglish) }),
    '-',
    false,
    { roleName: wrong.map((f) => f.role.name).join(', ') },
  );
  // The refusal's own line is in English, as a provider's message is: other languages get it translated.
  const translated: MessageRef[] =
    currentLang() === 'en' ? [] : [{ key: 'roles.needsRepair', params: { roles: differences(wrong, t) } }];
  const error = new RefusedError(cause, [...translated, { key: 'roles.fixHint' }]);
  error.step = 'roles';
  return error;
}

/**
 * A refusal for lack of RAM permissions gets what to do about it: the policy
 * that allows it, or the console pages where an administrator assigns the roles.
 */
function explained(error: unknown, ctx: BaseContext<typeof fields>): unknown {
  const cause =
    error instanceof RefusedError ? error.cause : error instanceof ProviderError ? error : undefined;
  if (!cause || !/^(NoPermission|Forbidden)/.test(cause.code)) return error;
  const base = error instanceof RefusedError ? error : refused(cause, 'roles');
  const profile = ctx.profileState();
  const hint: MessageRef = {
    key: 'roles.permissionHint',
    params: { emr: consoleUrl(profile, 'emr'), ram: consoleUrl(profile, 'ramRoles') },
  };
  const out = new RefusedError(cause, [...base.hints, hint]);
  out.step = 'roles';
  return out;
}

export const roles = defineStep({
  id: 'roles',
  title: 'step.roles',
  fields,
  needed: (product) => product !== 'maxcompute',

  async check(ctx) {
    if (!ctx.cloud) {
      // Not reachable now: what was recorded, or (never run: no account yet, say) only what is to do.
      const recorded = ctx.recorded();
      return state(recorded, t(recorded === 'todo' ? 'roles.todoOffline' : 'roles.offline'), { live: false });
    }
    try {
      return stateOf(await read(ctx.cloud, ctx.data(data)));
    } catch (error) {
      // A credential that may not read RAM: the run says so, with what to do.
      if (!(error instanceof ProviderError)) throw error;
      return state('todo', t('roles.unreadable', { code: error.code }), { error: error.code });
    }
  },

  /**
   * Before any step changes anything: a credential that may not read the
   * roles, and (in a script) a role it may not repair.
   */
  async preflight(ctx) {
    if (!ctx.cloud) return;
    let findings: Finding[];
    try {
      findings = await read(ctx.cloud, ctx.data(data));
    } catch (error) {
      const said = explained(error, ctx);
      if (said instanceof RefusedError) throw said;
      // Anything else is met again, and retried, by the run.
      return;
    }
    const allowed = ctx.interactive || ctx.answers.value('fixRoles') === true;
    if (!allowed && needingRepair(findings).length > 0) throw needsRepair(findings);
  },

  async run(ctx) {
    try {
      return await putRight(ctx);
    } catch (error) {
      throw explained(error, ctx);
    }
  },

  async plan(ctx) {
    const findings = ctx.cloud ? await read(ctx.cloud, ctx.data(data)).catch(() => unread()) : unread();
    const actions = decide(findings);
    return {
      calls: ['GetRole', 'ListPoliciesForRole', ...actions.map(callName)],
      files: actions.length > 0 ? [profileFileName(ctx.profile)] : [],
      values: {
        roles: EMR_ROLES.map((r) => r.name),
        fixRoles: ctx.answers.value('fixRoles') === true,
      },
    };
  },
});

async function putRight(ctx: Ctx): Promise<StepState> {
  const cloud = await ctx.cloud();
  const findings = await ctx.call(t('roles.checking'), () => read(cloud, ctx.data(data)), { reads: true });
  const actions = decide(findings);
  if (actions.some((a) => a.repair) && ctx.answers.value('fixRoles') !== true) {
    if (!ctx.interactive) throw needsRepair(findings);
    const wrong = needingRepair(findings);
    ctx.out.warn(t('roles.needsRepair', { roles: differences(wrong, t) }));
    const names = wrong.map((f) => f.role.name).join(', ');
    if (!(await ctx.confirm('roles.confirmRepair', { roles: names }, { default: false, risky: true })))
      throw needsRepair(findings);
  }
  for (const action of actions) await apply(ctx, cloud, action);
  const after =
    actions.length === 0
      ? stateOf(findings)
      : stateOf(await ctx.call(t('roles.checking'), () => read(cloud, ctx.data(data)), { reads: true }));
  // What this profile set out to create exists now (it was looked up first): its own from now on.
  const saved = ctx.data(data);
  const created = [...new Set([...saved.created, ...saved.creating])];
  await ctx.record(after.status === 'done' ? 'done' : 'todo', { created, creating: [] });
  return after;
}

async function apply(ctx: Ctx, cloud: Cloud, action: RoleAction): Promise<void> {
  const { name, service, policy } = action.role;
  if (action.call === 'CreateRole') return create(ctx, cloud, action);
  if (action.call === 'UpdateRole') {
    // Setting the same trust policy twice is harmless: a retry after a lost response is safe.
    await ctx.call(t('roles.updating', { name, service }), () =>
      cloud.ram.updateRole(name, { trustPolicy: trustDocument(service) }),
    );
    return;
  }
  await ctx.call(t('roles.attaching', { name, policy }), async () => {
    try {
      await cloud.ram.attachPolicyToRole(name, policy);
    } catch (error) {
      // After a lost response the first attempt may already have attached it.
      if (error instanceof ProviderError && error.code === 'EntityAlreadyExists.Role.Policy') return;
      throw error;
    }
  });
}

/** CreateRole, looked up first (by `decide`) and recorded before, so that a retry never makes a second. */
async function create(ctx: Ctx, cloud: Cloud, action: RoleAction): Promise<void> {
  const { name, service } = action.role;
  const saved = ctx.data(data);
  await ctx.record('todo', { ...saved, creating: [...saved.creating.filter((n) => n !== name), name] });
  try {
    await ctx.call(t('roles.creating', { name, service }), () =>
      cloud.ram.createRole({ name, trustPolicy: trustDocument(service) }),
    );
  } catch (error) {
    const taken = error instanceof RefusedError && error.code === 'EntityAlreadyExists.Role';
    if (!taken) {
      // It was not made: the intent no longer names a role of ours.
      const now = ctx.data(data);
      await ctx.record('todo', { ...now, creating: now.creating.filter((n) => n !== name) });
      throw error;
    }
    // A lost response: the first attempt made it. Adopted only when it is trusted as ours would be.
    const found = await cloud.ram.getRole(name);
    const policies = found ? await cloud.ram.listPoliciesForRole(found.name) : [];
    const now = finding(action.role, found && { trustPolicy: found.trustPolicy, policies }, true);
    if (now.trust !== 'ok') throw needsRepair([now]);
  }
  const now = ctx.data(data);
  await ctx.record('todo', {
    created: [...now.created.filter((n) => n !== name), name],
    creating: now.creating.filter((n) => n !== name),
  });
}
