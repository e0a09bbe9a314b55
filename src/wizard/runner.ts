/**
 * The loop over the steps: check every step (live when the account is
 * reachable), validate what the steps that will run need, then run them in
 * order — skipping what is done, stopping at what waits or was refused.
 * Steps save their progress after every action, so an interrupted run
 * resumes where it stopped. No step is named here.
 */
import {
  isOnboardError,
  type OnboardError,
  ProviderError,
  RefusedError,
  UsageError,
} from '../core/errors.js';
import type { Overall } from '../core/types.js';
import { composed, providerText, t } from '../i18n/index.js';
import type { Cloud } from '../provider/types.js';
import { productName, symbolLine as symbol } from '../ui/report.js';
import { refused } from './calls.js';
import { checkContext, prepareContext, type RunEnv, stepContext } from './context.js';
import { type MissingAnswer, missingAnswers } from './missing.js';
import { RUN_FIELDS } from './run-fields.js';
import type { NextEntry, PlanEntry, Step, StepState } from './step.js';

export interface StepReport extends StepState {
  id: string;
  title: string;
}

/** Every step's state, checked live when the cloud is reachable. */
export async function checkAll(
  env: RunEnv,
  steps: readonly Step[],
  cloud: Cloud | null,
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of steps) reports.push(await checkOne(env, step, cloud));
  return reports;
}

async function checkOne(env: RunEnv, step: Step, cloud: Cloud | null): Promise<StepReport> {
  const base = { id: step.id, title: t(step.title) };
  if (!step.needed(env.product)) {
    return {
      ...base,
      status: 'not_needed',
      summary: t('step.notNeeded', { product: productName(env.product) }),
      details: {},
    };
  }
  try {
    return { ...base, ...(await step.check(checkContext(env, step, cloud))) };
  } catch (error) {
    // A refused look-up (e.g. NoPermission for a key without that product's read policy) is the
    // provider refusing, with its hint: exit 4, not an unexpected failure.
    if (error instanceof ProviderError) throw refused(error, step.id);
    throw error;
  }
}

/** A waiting step is `action_required` when the person must act in a console, else `waiting` (a review). */
export function overall(reports: ReadonlyArray<Pick<StepState, 'status' | 'waitingOn'>>): Overall {
  if (reports.some((r) => r.status === 'failed')) return 'action_required';
  if (reports.some((r) => r.status === 'waiting' && r.waitingOn === 'person')) return 'action_required';
  if (reports.some((r) => r.status === 'waiting')) return 'waiting';
  if (reports.every((r) => r.status === 'done' || r.status === 'skipped' || r.status === 'not_needed'))
    return 'complete';
  return 'incomplete';
}

export interface Prepared {
  reports: StepReport[];
  willRun: Set<string>;
}

function stepsToRun(reports: readonly StepReport[], only: string | undefined): Set<string> {
  return new Set(
    reports
      .filter((r) => (only ? r.id === only : r.status === 'todo' || r.status === 'failed'))
      .map((r) => r.id),
  );
}

function missingOf(
  env: RunEnv,
  steps: readonly Step[],
  prepared: Prepared,
  cloud: Cloud | null,
): MissingAnswer[] {
  if (env.interactive) return [];
  const out: MissingAnswer[] = [];
  // A session that expired is renewed with the password by whichever step runs first.
  if (
    prepared.willRun.size > 0 &&
    !cloud &&
    env.sessions.renewable &&
    env.questions.passwordSource() === undefined
  ) {
    const first = steps.find((s) => prepared.willRun.has(s.id));
    if (first) {
      out.push({
        field: env.answers.field('passwordStdin'),
        question: { key: 'account.askPassword' },
        step: first.id,
      });
    }
  }
  for (const [i, step] of steps.entries()) {
    if (!prepared.willRun.has(step.id) || !step.requires) continue;
    for (const m of step.requires(prepareContext(env, step, cloud), prepared.reports[i]!))
      out.push({ ...m, step: step.id });
  }
  return out;
}

/**
 * Checks every step, decides which will run, and validates everything those
 * steps need — all missing answers together. Changes nothing, so it runs
 * before the lock is taken (bad input never touches the disk) and again
 * after it (state may have moved).
 */
export async function prepare(
  env: RunEnv,
  steps: readonly Step[],
  argv: readonly string[],
): Promise<Prepared> {
  if (env.only !== undefined) {
    const named = steps.find((s) => s.id === env.only);
    if (!named) {
      throw new UsageError(
        'answers.invalid',
        { where: '--step', rule: t('validation.enum', { values: steps.map((s) => s.id).join(', ') }) },
        [],
        'InvalidValue',
      );
    }
    if (!named.needed(env.product))
      throw new UsageError('run.stepNotNeeded', { step: env.only, product: env.product });
  }
  let cloud = await env.sessions.live();
  const reports = await checkAll(env, steps, cloud);
  let prepared: Prepared = { reports, willRun: stepsToRun(reports, env.only) };
  for (const [i, step] of steps.entries()) {
    if (step.validate && reports[i]!.status !== 'not_needed') {
      step.validate(prepareContext(env, step, cloud), prepared.willRun.has(step.id));
    }
  }
  let missing = missingOf(env, steps, prepared, cloud);
  // A step may reach the account with what it was given (a read, e.g. signing in), so
  // that the steps after it are checked live and ask only what they really need.
  const at = steps.findIndex((s) => s.connect && prepared.willRun.has(s.id));
  const connector = steps[at];
  if (connector?.connect && !env.interactive) {
    const before = new Set(steps.slice(0, at + 1).map((s) => s.id));
    if (missing.some((m) => before.has(m.step))) throw missingAnswers(missing, env.commands.complete(argv));
    const reached = await connector.connect(prepareContext(env, connector, cloud));
    if (reached) {
      cloud = reached;
      for (let j = at + 1; j < steps.length; j++) reports[j] = await checkOne(env, steps[j]!, cloud);
      prepared = { reports, willRun: stepsToRun(reports, env.only) };
      prepared.willRun.add(connector.id);
      missing = missingOf(env, steps, prepared, cloud);
    }
  }
  if (missing.length > 0) throw missingAnswers(missing, env.commands.complete(argv));
  // A step that needs the account, with no account to reach and no step of this run to make
  // one (e.g. `--step identity` on a new profile): said now, before the config dir exists.
  if (!cloud && !steps.some((s) => s.connect && prepared.willRun.has(s.id))) {
    const first = steps.find((s) => prepared.willRun.has(s.id));
    const unreachable = first && env.sessions.unreachable(first.id);
    if (unreachable) throw unreachable;
  }
  for (const [i, step] of steps.entries()) {
    if (prepared.willRun.has(step.id)) await step.preflight?.(prepareContext(env, step, cloud), reports[i]!);
  }
  return prepared;
}

/**
 * Answers given for this run (flags, variables, the answers file) that no
 * step the product needs could use (`--billing` with `--product emr`) are
 * never silent: a warning in a terminal, exit 2 in a script. Answers of steps
 * that are done, or outside `--step`, are fine: a command may be run again.
 */
export function refuseUnused(env: RunEnv, steps: readonly Step[]): void {
  const used = new Set(Object.keys(RUN_FIELDS));
  for (const step of steps)
    if (step.needed(env.product)) for (const key of Object.keys(step.fields)) used.add(key);
  const unused = env.answers.givenKeys().filter((key) => !used.has(key));
  if (unused.length === 0) return;
  const lines = unused.map((key) => {
    const owners = steps.filter((s) => Object.hasOwn(s.fields, key)).map((s) => s.id);
    return t('run.unusedAnswer', {
      where: env.answers.where(key),
      steps: owners.join(', '),
      product: env.product,
    });
  });
  if (env.interactive) {
    for (const line of lines) env.out.warn(line);
    return;
  }
  throw new UsageError(
    'run.unusedAnswers',
    { list: composed(lines.map((line) => `  ${line}`).join('\n')) },
    [{ key: 'run.unusedAnswersHint' }],
    'UnusedAnswer',
  );
}

export interface RunOutcome {
  reports: StepReport[];
  /** What stopped the run, if anything (a refusal, a missing answer, ...). */
  error?: OnboardError;
  /** Whether any step started. */
  ran: boolean;
}

/**
 * What this run was given (flags, variables, the answers file) for the fields
 * a profile keeps is its earlier answer from now on: `--product both`, and
 * `--no-root-key` for a step that has nothing to do (a later `status` must know).
 */
function rememberGiven(env: RunEnv): void {
  const given = env.answers.givenToKeep();
  const profile = env.store.profile(env.profile);
  const stored = profile?.answers ?? {};
  const cloud = env.cloud;
  const sameCloud = !cloud || JSON.stringify(profile?.cloud) === JSON.stringify(cloud);
  if (sameCloud && Object.entries(given).every(([k, v]) => JSON.stringify(stored[k]) === JSON.stringify(v)))
    return;
  // Saved with the run's first write (or at its end): on its own it is no action.
  env.store.stage(env.profile, (p) => {
    Object.assign(p.answers, given);
    // Which cloud the profile is set up with: later commands use it without the flags.
    if (cloud) p.cloud = cloud;
  });
}

/**
 * Flags this run was given that the next run still needs and the profile does
 * not keep: those of steps still to do (or to redo) that are never remembered (where a new
 * key goes, `--ram-save-to aliyun-cli:ops`). Secrets and stdin are never carried.
 */
function carriedFlags(env: RunEnv, steps: readonly Step[], reports: readonly StepReport[]): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const [i, step] of steps.entries()) {
    const status = reports[i]?.status;
    // A step under review used its answers already; one to do (or to redo) still needs them.
    if (status !== 'todo' && status !== 'failed') continue;
    for (const field of Object.values(step.fields)) {
      if (field.remember || field.secret || field.secretEnv || seen.has(field.key)) continue;
      seen.add(field.key);
      if (env.answers.get(field.key)?.source !== 'flag') continue;
      const value = env.answers.value(field.key);
      if (value === true) words.push(field.flag);
      else if (Array.isArray(value)) for (const v of value) words.push(field.flag, v);
      else if (typeof value === 'string' || typeof value === 'number') words.push(field.flag, String(value));
    }
  }
  return words;
}

/** Runs the prepared steps in order; what they recorded is on disk when it returns. */
export async function runSteps(env: RunEnv, steps: readonly Step[], prepared: Prepared): Promise<RunOutcome> {
  let outcome: RunOutcome;
  try {
    outcome = await runEach(env, steps, prepared);
  } catch (error) {
    // A bug stopped the run: keep what the steps finished before it, if the disk lets us.
    try {
      env.store.flush(env.profile);
    } catch {
      // The bug is what to report.
    }
    throw error;
  }
  env.store.flush(env.profile);
  return outcome;
}

async function runEach(env: RunEnv, steps: readonly Step[], prepared: Prepared): Promise<RunOutcome> {
  const { reports, willRun } = prepared;
  rememberGiven(env);
  let ran = false;
  // Steps that wait (a review, a payment), and those held up by them: a step runs unless
  // a step it depends on is among these (SPEC §4: activate runs while highend waits).
  const held = new Set<string>();
  for (const [index, step] of steps.entries()) {
    const report = reports[index]!;
    if (report.status === 'not_needed') continue;
    const header = t('run.stepHeader', { n: index + 1, total: steps.length, title: report.title });
    // The earliest of its dependencies that waits (or is held itself) is the one it waits for.
    const waitsFor = env.only
      ? undefined
      : (step.dependsOn ?? steps.slice(0, index).map((s) => s.id)).find((id) => held.has(id));
    // (A step done already is not held: it has nothing left to wait for.)
    if (waitsFor !== undefined && report.status !== 'done' && report.status !== 'skipped') {
      held.add(step.id);
      const title = reports.find((r) => r.id === waitsFor)?.title ?? waitsFor;
      const line =
        report.status === 'waiting'
          ? symbolLine(env, report)
          : env.out.c.dim(t('run.heldBy', { step: title }));
      env.out.say(`${env.out.c.dim(header)} ${line}`);
      continue;
    }
    if (!willRun.has(step.id) && !env.only && (await becameTodo(env, step, reports, index)))
      willRun.add(step.id);
    if (!willRun.has(step.id) || waitsFor !== undefined) {
      if (!env.only) env.out.say(`${env.out.c.dim(header)} ${symbolLine(env, report)}`);
      if (!env.only && report.status === 'waiting') held.add(step.id);
      continue;
    }
    env.out.heading(header);
    ran = true;
    try {
      const result = await step.run(stepContext(env, step));
      reports[index] = { ...report, ...result };
      env.out.say(symbolLine(env, reports[index]!));
      if (result.status === 'waiting') held.add(step.id);
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

/**
 * A step an earlier step's outcome brought into play (e.g. the RAM user taken
 * instead of a declined root key): checked again just before its turn.
 */
async function becameTodo(env: RunEnv, step: Step, reports: StepReport[], index: number): Promise<boolean> {
  const before = reports[index];
  if (!before || !env.interactive || before.status === 'not_needed' || before.status === 'done') return false;
  const now = await checkOne(env, step, await env.sessions.live());
  reports[index] = now;
  return now.status === 'todo' || now.status === 'failed';
}

/** A verification or application decided "no" is a refusal (exit 4). */
function rejection(step: Step, result: StepState): RefusedError {
  const failure = step.failure?.(result);
  if (!failure) throw new Error(`step ${step.id} failed without saying why`);
  const error = refused(failure.error, step.id);
  // The review's reason in the person's language; the JSON keeps the provider's words.
  return new RefusedError(error.cause, [failure.hint], providerText(error.cause.message));
}

export function symbolLine(env: Pick<RunEnv, 'out'>, r: Pick<StepReport, 'status' | 'summary'>): string {
  return symbol(env.out, r);
}

/** Dry run: validate, then describe every step without changing anything. */
export async function planSteps(
  env: RunEnv,
  steps: readonly Step[],
  prepared: Prepared,
): Promise<Array<StepReport & { plan: PlanEntry | null }>> {
  const { reports, willRun } = prepared;
  const cloud = await env.sessions.live();
  const out: Array<StepReport & { plan: PlanEntry | null }> = [];
  for (const [index, step] of steps.entries()) {
    const report = reports[index]!;
    const runs = willRun.has(step.id);
    const plan =
      report.status === 'not_needed'
        ? null
        : await step.plan(prepareContext(env, step, cloud), runs ? { ...report, status: 'todo' } : report);
    out.push({ ...report, plan: runs ? plan : plan && { ...plan, calls: [], files: [] } });
  }
  return out;
}

/** What to do next, as commands that paste as printed. */
export function nextSteps(env: RunEnv, steps: readonly Step[], reports: readonly StepReport[]): NextEntry[] {
  const product = env.product === 'emr' ? [] : ['--product', env.product];
  const carried = carriedFlags(env, steps, reports);
  const run = (...words: string[]) => env.commands.command(...words, ...product, ...carried);
  const next: NextEntry[] = [];
  const stepOf = (r: StepReport) => steps.find((s) => s.id === r.id);
  const own = (r: StepReport) => {
    const step = stepOf(r);
    return step?.next ? step.next(r, checkContext(env, step, null)) : [];
  };
  const failed = reports.find((r) => r.status === 'failed');
  const waiting = reports.find((r) => r.status === 'waiting');
  const todo = reports.find((r) => r.status === 'todo');
  if (failed) {
    next.push({
      command: run('run', '--step', failed.id),
      why: t('next.failed', { step: failed.title, summary: failed.summary }),
    });
    next.push(...own(failed));
  } else if (waiting) {
    // Every wait is listed (independent steps went on while one waited), each with its own next.
    const waits = reports.filter((r) => r.status === 'waiting');
    for (const w of waits) next.push(...own(w));
    const phrase = (w: StepReport, one: boolean) =>
      t(
        w.waitingOn === 'person'
          ? one
            ? 'next.actionRequired'
            : 'next.waitPerson'
          : one
            ? 'next.waiting'
            : 'next.waitReview',
        { step: w.title },
      );
    next.push({
      command: run(),
      why:
        waits.length === 1
          ? phrase(waiting, true)
          : t('next.waits', { list: waits.map((w) => phrase(w, false)).join(t('next.waitsJoin')) }),
    });
    // The simulation finishes a review, or pays an order, as the console would: say how, every time.
    const expedite = env.provider.expedite;
    if (expedite) next.push({ command: env.commands.command(...expedite.words), why: t(expedite.why) });
  } else if (todo) {
    next.push({ command: run(), why: t('next.todo', { step: todo.title }) });
  } else {
    for (const r of reports) if (r.status === 'done') next.push(...own(r));
    if (next.length === 0) next.push({ command: env.commands.command('status'), why: t('next.complete') });
  }
  return next;
}
