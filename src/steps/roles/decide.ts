/**
 * The E-MapReduce roles (SPEC §4.9) and what a run does about them: which
 * roles, the trust policy each needs, how a trust policy read from RAM is
 * judged (parsed, never compared as text), and the one decision — from the
 * roles as read to the calls that put them right — that `run`, `--dry-run`
 * and the pre-check all take. Pure: no cloud, no context.
 */

/** A role E-MapReduce needs: trusted by its service, with its system policy attached. */
export interface EmrRole {
  readonly name: string;
  /** The service that assumes the role. */
  readonly service: string;
  /** The system policy the role must have. */
  readonly policy: string;
}

/**
 * E-MapReduce creates no cluster until both are assigned ("Assign roles to an
 * Alibaba Cloud account", "EMR service role", "ECS application role").
 */
export const EMR_ROLES: readonly EmrRole[] = [
  { name: 'AliyunEMRDefaultRole', service: 'emr.aliyuncs.com', policy: 'AliyunEMRRolePolicy' },
  {
    name: 'AliyunECSInstanceForEMRRole',
    service: 'ecs.aliyuncs.com',
    policy: 'AliyunECSInstanceForEMRRolePolicy',
  },
];

/** The trust policy of a service role, in the form RAM (and its console) writes it. */
export function trustDocument(service: string): string {
  return JSON.stringify({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }],
    Version: '1',
  });
}

function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
    ? Object.getOwnPropertyDescriptor(value, key)?.value
    : undefined;
}

/** A policy element that may be one value or a list of them. */
function many(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function words(value: unknown): string[] {
  return many(value).flatMap((v) => (typeof v === 'string' ? [v.toLowerCase()] : []));
}

/**
 * The services a trust policy lets assume the role: those its Allow
 * statements for `sts:AssumeRole` name under `Principal.Service` (one name or
 * a list), less those a Deny statement names. Null when it cannot be read.
 */
export function trustedServices(document: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return null;
  }
  const statements = many(own(parsed, 'Statement'));
  if (statements.length === 0) return null;
  const allowed = new Set<string>();
  const denied = new Set<string>();
  for (const statement of statements) {
    if (!words(own(statement, 'Action')).includes('sts:assumerole')) continue;
    const effect = words(own(statement, 'Effect'))[0];
    const services = words(own(own(statement, 'Principal'), 'Service'));
    const into = effect === 'allow' ? allowed : effect === 'deny' ? denied : undefined;
    for (const service of services) into?.add(service);
  }
  return [...allowed].filter((s) => !denied.has(s));
}

/** Whether the trust policy lets the service assume the role. */
export function trusts(document: string, service: string): boolean {
  return trustedServices(document)?.includes(service.toLowerCase()) ?? false;
}

export type Trust = 'ok' | 'differs' | 'missing';

/** A role as read from the account. */
export interface Finding {
  readonly role: EmrRole;
  /** `missing`: no role of that name; `differs`: it does not trust its service. */
  readonly trust: Trust;
  /** The services its trust policy names (null: unreadable); empty for a missing role. */
  readonly trustedBy: readonly string[] | null;
  readonly policyAttached: boolean;
  /** Made by this profile (after it saw the name free): finishing it is not a repair. */
  readonly ours: boolean;
}

/** A role as read: its trust policy (null: no such role) and the policies attached. */
export function finding(
  role: EmrRole,
  found: { trustPolicy: string; policies: readonly string[] } | null,
  ours: boolean,
): Finding {
  if (!found) return { role, trust: 'missing', trustedBy: [], policyAttached: false, ours };
  return {
    role,
    trust: trusts(found.trustPolicy, role.service) ? 'ok' : 'differs',
    trustedBy: trustedServices(found.trustPolicy),
    policyAttached: found.policies.includes(role.policy),
    ours,
  };
}

/** What the roles are taken to be when the account cannot be read yet (a fresh setup): all missing. */
export function unread(): Finding[] {
  return EMR_ROLES.map((role) => finding(role, null, false));
}

export type RoleCall = 'CreateRole' | 'UpdateRole' | 'AttachPolicyToRole';

/** One call that puts a role right. */
export interface RoleAction {
  readonly call: RoleCall;
  readonly role: EmrRole;
  /**
   * It changes a role this profile did not make (another trust policy, a
   * policy it lacks): never done without the person's yes or `--fix-roles`.
   */
  readonly repair: boolean;
}

/**
 * The calls, in order, that leave every role trusted by its service with its
 * policy: a missing role is created and given its policy; a role that trusts
 * anything else gets its trust policy replaced (a repair, even of a role this
 * profile made: someone changed it since); a role without its policy gets it
 * (a repair unless this profile made the role and stopped before attaching).
 */
export function decide(findings: readonly Finding[]): RoleAction[] {
  return findings.flatMap((f): RoleAction[] => {
    const attach = { call: 'AttachPolicyToRole', role: f.role } as const;
    if (f.trust === 'missing')
      return [
        { call: 'CreateRole', role: f.role, repair: false },
        { ...attach, repair: false },
      ];
    const actions: RoleAction[] = [];
    if (f.trust === 'differs') actions.push({ call: 'UpdateRole', role: f.role, repair: true });
    if (!f.policyAttached) actions.push({ ...attach, repair: !f.ours });
    return actions;
  });
}

/** The findings with something to repair (the person's yes or `--fix-roles` first). */
export function needingRepair(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => decide([f]).some((a) => a.repair));
}

/** A call as a dry run lists it: `CreateRole(AliyunEMRDefaultRole)`. */
export function callName(action: RoleAction): string {
  return action.call === 'AttachPolicyToRole'
    ? `${action.call}(${action.role.name}, ${action.role.policy})`
    : `${action.call}(${action.role.name})`;
}
