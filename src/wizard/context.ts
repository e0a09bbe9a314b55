/**
 * The contexts steps receive, built from one run's environment. A step gets
 * only its own fields (typed), its own record, and the services of the run;
 * it never sees another step's answers except through `peek`.
 */

import type * as z from 'zod/mini';
import type { Product, StepStatus } from '../core/types.js';
import type { Cloud, Provider } from '../provider/types.js';
import type { KeyRecords } from '../state/keys.js';
import type { ProfileCloud, ProfileState } from '../state/schema.js';
import { newProfile } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import type { Output } from '../ui/output.js';
import type { Progress } from '../ui/progress.js';
import { type Answers, AnswersView } from './answers.js';
import { callWithProgress } from './calls.js';
import type { CommandLine } from './command-line.js';
import type { FieldSet } from './field.js';
import type { Questions } from './questions.js';
import type { RunReport } from './report.js';
import type { Sessions } from './session.js';
import type { BaseContext, CheckContext, PrepareContext, Step, StepContext } from './step.js';

/** Everything one run shares: built once by the command, read by every step's context. */
export interface RunEnv {
  readonly profile: string;
  readonly product: Product;
  readonly interactive: boolean;
  readonly yes: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** The home directory (other tools' files live under it). */
  readonly home: string;
  /** The step named with `--step`, if any. */
  readonly only?: string;
  readonly answers: Answers;
  readonly provider: Provider;
  readonly store: StateStore;
  readonly out: Output;
  readonly progress: Progress;
  readonly questions: Questions;
  readonly sessions: Sessions;
  readonly commands: CommandLine;
  readonly keyRecords: KeyRecords;
  readonly report: RunReport;
  /** The cloud this run uses: the profile keeps it from its first run on (SPEC §5.2). */
  readonly cloud?: ProfileCloud;
}

/** The profile as stored, or an empty one. */
export function profileOf(env: Pick<RunEnv, 'store' | 'profile'>): ProfileState {
  return env.store.profile(env.profile) ?? newProfile(new Date(0));
}

/** What a context needs of a step: its id, its fields and its menus (a command acting like a step has these too). */
export type StepShape<F extends FieldSet> = Pick<Step<F>, 'id' | 'fields' | 'menus'>;

export function baseContext<F extends FieldSet>(env: RunEnv, step: StepShape<F>): BaseContext<F> {
  return {
    profile: env.profile,
    product: env.product,
    interactive: env.interactive,
    yes: env.yes,
    env: env.env,
    home: env.home,
    json: env.out.json,
    keyInUse: () => env.sessions.accessKey,
    caller: () => env.sessions.caller,
    explicit: env.only === step.id,
    answers: new AnswersView(env.answers, step.fields),
    provider: env.provider,
    commands: env.commands,
    keyRecords: env.keyRecords,
    data<T>(schema: z.ZodMiniType<T>): T {
      const raw = profileOf(env).steps[step.id]?.data ?? {};
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw env.store.invalid(env.profile, `steps.${step.id}.data`);
      return parsed.data;
    },
    recorded(): StepStatus {
      return profileOf(env).steps[step.id]?.status ?? 'todo';
    },
    peek(stepId) {
      return profileOf(env).steps[stepId]?.data ?? {};
    },
    profileState: () => profileOf(env),
  };
}

export function checkContext<F extends FieldSet>(
  env: RunEnv,
  step: StepShape<F>,
  cloud: Cloud | null,
): CheckContext<F> {
  return { ...baseContext(env, step), cloud };
}

export function prepareContext<F extends FieldSet>(
  env: RunEnv,
  step: StepShape<F>,
  cloud: Cloud | null,
): PrepareContext<F> {
  return {
    ...checkContext(env, step, cloud),
    givenPassword: (purpose) => env.questions.givenPassword(purpose),
    call: (label, fn) => callWithProgress(env.progress, label, fn, step.id),
    session: env.sessions,
  };
}

export function stepContext<F extends FieldSet>(env: RunEnv, step: StepShape<F>): StepContext<F> {
  const base = baseContext(env, step);
  const ctx: StepContext<F> = {
    ...base,
    out: env.out,
    session: env.sessions,
    keyRecords: env.keyRecords,
    report: env.report,
    ask: (key, options) => env.questions.ask(key, step.id, options),
    choose: (key, options) => {
      if (!step.menus?.some((m) => m.key === key)) throw new Error(`unknown menu question ${key}`);
      return env.questions.choose(key, options);
    },
    confirm: (message, params, options) => env.questions.confirm(message, params, options),
    password: (purpose) => env.questions.password(purpose, step.id),
    typedAccessKey: () => env.questions.typedAccessKey(),
    newSecret: (o) => env.questions.newSecret({ ...o, step: step.id }),
    cloud: () => env.sessions.require(step.id),
    call: (label, fn, options) => {
      // What the step recorded so far is on disk before the provider acts (its intent, a client
      // token); a call that only reads changes nothing that a crash could lose track of.
      if (options?.reads !== true) env.store.flush(env.profile);
      return callWithProgress(env.progress, label, fn, step.id);
    },
    // Staged: written together by the next provider call, prompt or durable write, or at the end
    // of the run, so that one finished action is one write (see state/store.ts).
    async record(status, data) {
      const updatedAt = new Date().toISOString();
      env.store.stage(env.profile, (p) => {
        p.steps[step.id] = { status, updatedAt, data };
      });
    },
    async remember(values) {
      env.store.stage(env.profile, (p) => {
        for (const [k, v] of Object.entries(values)) if (v !== undefined) p.answers[k] = v;
      });
    },
  };
  return ctx;
}

export type { Progress, Output };
