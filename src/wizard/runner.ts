/**
 * The step runner: check every step live, validate what the steps that will
 * run need, then run them in order — skipping what is done, stopping at what
 * is waiting for review or was refused. Progress is saved by the steps after
 * every action, so an interrupted run resumes where it stopped.
 */
import { type MessageKey, t } from '../i18n/index.js';
import { ProviderError } from '../provider/types.js';
import type { ProfileState } from '../state/schema.js';
import { preflight as accesskeyPreflight } from '../steps/accesskey.js';
import type { Product, StepId, StepStatus } from '../steps/ids.js';
import { STEPS } from '../steps/index.js';
import { regionRule, storageClassRule } from '../steps/oss.js';
import type { CheckContext, PlanEntry, Step, StepState } from '../steps/types.js';
import { checkCreditCode, checkIdNumber } from '../validate/index.js';
import type { Answers } from './answers.js';
import { type Context, missingAnswer } from './context.js';
import { isOnboardError, type OnboardError, RefusedError, UsageError } from './errors.js';
import { field, sourceName } from './fields.js';

export interface StepReport extends StepState {
  id: StepId;
  title: string;
}

export type Overall = 'complete' | 'incomplete' | 'waiting' | 'action_required';

/** A session token that still works, or null; never prompts. */
export async function liveToken(
  ctx: Pick<Context, 'provider'>,
  profile: ProfileState | undefined,
): Promise<string | null> {
  const s = profile?.session;
  if (!s || Date.parse(s.expiresAt) <= Date.now()) return null;
  try {
    await ctx.provider.getAccount(s.token);
    return s.token;
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'InvalidSession') return null;
    throw error;
  }
}

/** Every step's state, checked live when the session allows it. */
export async function checkAll(
  ctx: Omit<CheckContext, 'token'>,
  token: string | null,
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  const checkCtx: CheckContext = { ...ctx, token };
  for (const step of STEPS) {
    const base = { id: step.id, title: t(step.title) };
    if (!step.needed(ctx.product)) {
      reports.push({
        ...base,
        status: 'not_needed',
        summary: t('step.notNeeded', { product: ctx.product }),
        details: {},
      });
      continue;
    }
    reports.push({ ...base, ...(await step.check(checkCtx)) });
  }
  return reports;
}

export function overall(reports: Array<{ status: StepStatus }>): Overall {
  if (reports.some((r) => r.status === 'failed')) return 'action_required';
  if (reports.some((r) => r.status === 'waiting')) return 'waiting';
  if (reports.every((r) => r.status === 'done' || r.status === 'skipped' || r.status === 'not_needed'))
    return 'complete';
  return 'incomplete';
}

/** What to do next, as commands. */
export function nextSteps(
  profile: string,
  product: Product,
  reports: StepReport[],
): Array<{ command: string; why: string }> {
  const base = `onboard --profile ${profile}${product === 'emr' ? '' : ` --product ${product}`}`;
  const next: Array<{ command: string; why: string }> = [];
  const failed = reports.find((r) => r.status === 'failed');
  const waiting = reports.find((r) => r.status === 'waiting');
  const todo = reports.find((r) => r.status === 'todo');
  if (failed)
    next.push({
      command: `${base} --step ${failed.id}`,
      why: t('next.failed', { step: failed.title, summary: failed.summary }),
    });
  if (waiting) {
    next.push({ command: base, why: t('next.waiting', { step: waiting.title }) });
    next.push({ command: 'onboard sim approve', why: t('next.simApprove') });
  }
  if (!failed && !waiting && todo) next.push({ command: base, why: t('next.todo', { step: todo.title }) });
  if (next.length === 0) {
    const bucket = reports.find((r) => r.id === 'oss')?.details.bucket;
    next.push({
      command: `onboard status --profile ${profile}`,
      why: t(bucket ? 'next.completeEmr' : 'next.complete', { bucket: String(bucket ?? '') }),
    });
  }
  return next;
}

/**
 * Values that depend on each other or on the product, checked before any step
 * runs (each field's own rule was already checked when it was read).
 */
export function validateAcrossFields(
  ctx: Pick<Context, 'answers' | 'product' | 'interactive' | 'yes' | 'profileState' | 'store'>,
  willRun: Set<StepId>,
): void {
  const a = ctx.answers;
  const fail = (key: string, rule: { key: string; params?: Record<string, string | number> } | null) => {
    if (!rule) return;
    const where = sourceName(field(key), a.get(key)?.source ?? 'flag');
    throw new UsageError(
      'answers.invalid',
      { where, rule: t(rule.key as never, rule.params ?? {}) },
      [],
      'InvalidValue',
    );
  };
  const idNumber = a.given('idNumber');
  if (typeof idNumber === 'string')
    fail(
      'idNumber',
      checkIdNumber(idNumber, (a.value('idType') as 'cn-resident-id' | 'passport') ?? 'cn-resident-id'),
    );
  const credit = a.given('creditCode');
  if (typeof credit === 'string') fail('creditCode', checkCreditCode(credit.toUpperCase()));
  if (ctx.product !== 'maxcompute') {
    if (a.given('region') !== undefined) fail('region', regionRule(ctx.product)(a.value('region')));
    if (a.given('storageClass') !== undefined)
      fail('storageClass', storageClassRule(ctx.product)(a.value('storageClass')));
  }
  if (willRun.has('oss') && !ctx.interactive && !ctx.yes) {
    const acl = a.value('acl');
    if (acl !== undefined && acl !== 'private') {
      throw new UsageError('oss.publicNeedsYes', { acl: String(acl) }, [], 'ConfirmationNeeded');
    }
  }
}

/**
 * A non-interactive run fails at once, before anything changes, when a step
 * that will run lacks an answer that has no default.
 */
export function requireAnswers(
  ctx: Pick<Context, 'answers' | 'env'>,
  willRun: Set<StepId>,
  signedIn: boolean,
): void {
  const a = ctx.answers;
  const need = (key: string, message: MessageKey, step: StepId) => {
    if (a.value(key) === undefined)
      throw missingAnswer(key, { message }, { argv: process.argv.slice(2) }, step);
  };
  if (willRun.has('account') || (!signedIn && [...willRun].length > 0)) {
    need('email', 'account.askEmail', 'account');
    if (
      a.given('passwordStdin') !== true &&
      !ctx.env.ONBOARD_PASSWORD &&
      (willRun.has('account') || !signedIn)
    ) {
      throw missingAnswer(
        'passwordStdin',
        { message: 'account.askPassword' },
        { argv: process.argv.slice(2) },
        'account',
      );
    }
  }
  if (willRun.has('identity')) {
    need('identityType', 'identity.askType', 'identity');
    if (a.value('identityType') === 'enterprise') {
      need('companyName', 'identity.askCompanyName', 'identity');
      need('creditCode', 'identity.askCreditCode', 'identity');
      need('legalRepresentative', 'identity.askLegalRepresentative', 'identity');
    } else {
      need('legalName', 'identity.askLegalName', 'identity');
      need('idNumber', 'identity.askResidentId', 'identity');
      if (a.value('idType') === 'passport') need('idCountry', 'identity.askCountry', 'identity');
    }
  }
}

export interface RunOutcome {
  reports: StepReport[];
  /** What stopped the run, if anything (a refusal, a missing answer, ...). */
  error?: OnboardError;
  /** Whether any step started. */
  ran: boolean;
}

interface Prepared {
  reports: StepReport[];
  willRun: Set<StepId>;
}

/**
 * Checks every step, decides which will run, and validates everything those
 * steps need. Changes nothing, so it runs before the lock is taken (bad
 * input never touches the disk) and again after it (state may have moved).
 */
async function prepare(ctx: Context, only: StepId | undefined): Promise<Prepared> {
  const token = await liveToken(ctx, ctx.store.profile(ctx.profile));
  const reports = await checkAll(ctx, token);
  const willRun = new Set<StepId>(
    reports
      .filter((r) => (only ? r.id === only : r.status === 'todo' || r.status === 'failed'))
      .map((r) => r.id),
  );
  if (only && !STEPS.find((s) => s.id === only)?.needed(ctx.product)) {
    throw new UsageError('run.stepNotNeeded', { step: only, product: ctx.product });
  }
  // A step that runs only to repair an interrupted key creation, while its own
  // key stands, will create nothing: it needs no delivery flags.
  const accesskey = reports.find((r) => r.id === 'accesskey');
  const repairOnly = !only && accesskey?.details.pendingRepair === true && Boolean(accesskey.details.keyId);
  const validated = new Set([...willRun].filter((id) => !(repairOnly && id === 'accesskey')));
  validateAcrossFields(ctx, validated);
  // Missing answers are reported in the order the steps ask them.
  if (!ctx.interactive) requireAnswers(ctx, validated, token !== null);
  if (validated.has('accesskey')) accesskeyPreflight(ctx);
  if (validated.has('oss')) await bucketNameFree(ctx, token);
  return { reports, willRun };
}

/**
 * A --bucket that another account holds would fail at the oss step, after the
 * account, identity and key were done; say so before anything changes.
 * (Read-only look-ups; the put itself stays the authority.)
 */
async function bucketNameFree(ctx: Context, token: string | null): Promise<void> {
  const name = ctx.answers.given('bucket');
  if (typeof name !== 'string' || (await ctx.provider.isBucketNameAvailable(name))) return;
  if (token) {
    const owned = await ctx.provider.getBucket(token, name).catch(() => null);
    if (owned) return;
  }
  const error = new RefusedError(
    new ProviderError('BucketAlreadyExists', 409, 'The requested bucket name is not available.', '-'),
    [{ key: 'providerError.BucketAlreadyExists' }],
  );
  error.step = 'oss';
  throw error;
}

/** Runs the steps that need it, in order. `lock` is called once the input has been validated. */
export async function runWizard(
  ctx: Context,
  only?: StepId,
  lock: () => void = () => {},
): Promise<RunOutcome> {
  await prepare(ctx, only);
  lock();
  const { reports, willRun } = await prepare(ctx, only);
  let ran = false;
  for (const [index, step] of STEPS.entries()) {
    const report = reports[index]!;
    if (report.status === 'not_needed') continue;
    const header = `${t('run.stepHeader', { n: index + 1, total: STEPS.length, title: report.title })}`;
    if (!willRun.has(step.id)) {
      if (!only) ctx.out.say(`${ctx.out.c.dim(header)} ${symbolLine(ctx, report)}`);
      if (!only && report.status === 'waiting') return { reports, ran };
      continue;
    }
    ctx.out.heading(header);
    ran = true;
    try {
      const result = await step.run(ctx);
      reports[index] = { ...report, ...result };
      ctx.out.say(symbolLine(ctx, reports[index]!));
      if (result.status === 'waiting') return { reports, ran };
      if (result.status === 'failed') return { reports, error: rejection(step, result), ran };
    } catch (error) {
      if (!isOnboardError(error)) throw error;
      error.step ??= step.id;
      if (report.status !== 'done') reports[index] = { ...report, status: 'todo' };
      return { reports, error, ran };
    }
  }
  return { reports, ran };
}

/** A verification or application decided "no" is a refusal (exit 4). */
function rejection(step: Step, result: StepState): RefusedError {
  const code = step.id === 'identity' ? 'IdentityRejected' : 'QuotaApplicationRejected';
  const reason = String(result.details.reason ?? result.summary);
  const error = new RefusedError(
    new ProviderError(code, 403, reason, '-', false, {
      applicationId: String(result.details.applicationId ?? ''),
    }),
    [{ key: step.id === 'identity' ? 'run.identityRejectedHint' : 'run.highendRejectedHint' }],
  );
  error.step = step.id;
  return error;
}

export function symbolLine(
  ctx: Pick<Context, 'out'>,
  r: Pick<StepReport, 'status' | 'summary' | 'title'>,
): string {
  const c = ctx.out.c;
  const sym: Record<StepStatus, string> = {
    done: c.green('✔'),
    todo: c.dim('○'),
    waiting: c.yellow('◷'),
    failed: c.red('✖'),
    skipped: c.dim('–'),
    not_needed: c.dim('·'),
  };
  return `${sym[r.status]} ${r.summary}`;
}

/** Dry run: validate, then describe every step without changing anything. */
export async function planWizard(
  ctx: Context,
  only?: StepId,
): Promise<Array<StepReport & { plan: PlanEntry | null }>> {
  const { reports, willRun } = await prepare(ctx, only);
  const out: Array<StepReport & { plan: PlanEntry | null }> = [];
  for (const [index, step] of STEPS.entries()) {
    const report = reports[index]!;
    const plan =
      report.status === 'not_needed'
        ? null
        : await step.plan(ctx, willRun.has(step.id) ? { ...report, status: 'todo' } : report);
    out.push({ ...report, plan: willRun.has(step.id) ? plan : plan && { ...plan, calls: [], files: [] } });
  }
  return out;
}

export type { Answers };
