/**
 * What a step is. A step is one home (`src/steps/<id>/`) that owns its
 * fields, its rules, what it requires, its pre-checks, check/run/plan, how a
 * failure maps to an error and what to do next. The runner is a loop over a
 * list of these and knows none of them by name.
 *
 * Each hook receives only the context it needs; the field set `F` types
 * `ctx.ask` and `ctx.answers` so a step reads its answers without casts.
 */
import type * as z from 'zod/mini';
import type { ProviderError } from '../core/errors.js';
import type { MessageKey, MessageRef } from '../core/messages.js';
import type { Invalid, Product, StepStatus } from '../core/types.js';
import type { Caller, Cloud, Provider } from '../provider/types.js';
import type { KeyRecords } from '../state/keys.js';
import type { ProfileState } from '../state/schema.js';
import type { Output } from '../ui/output.js';
import type { Choice } from '../ui/prompter.js';
import type { AnswersView } from './answers.js';
import type { CommandLine } from './command-line.js';
import type { Field, FieldSet, ValueOf } from './field.js';
import type { RunReport } from './report.js';
import type { Sessions } from './session.js';

/** Where a step stands, as `status` and `--json` show it. */
export interface StepState {
  status: StepStatus;
  /** One human line. */
  summary: string;
  details: Record<string, unknown>;
  /** For `waiting`: on a review (the provider's hands) or on the person, in a console (`action_required`). */
  waitingOn?: 'review' | 'person';
}

export function state(status: StepStatus, summary: string, details: Record<string, unknown> = {}): StepState {
  return { status, summary, details };
}

/** A dry run's description of a step. */
export interface PlanEntry {
  /** Provider operations it would call. */
  calls: string[];
  /** Files it would write. */
  files: string[];
  /** Values it would use (never secrets). */
  values: Record<string, unknown>;
}

/** A command for the person to run next, and why. */
export interface NextEntry {
  command: string;
  why: string;
}

/** An answer a non-interactive run lacks: the runner reports all of them together. */
export interface Missing {
  field: Field;
  question: MessageRef;
  /** Other options that answer it as well (e.g. --show-secret beside --csv). */
  alternatives?: readonly Field[];
}

/** An interactive-only menu: scripts reach the same outcome with the named command. */
export interface MenuQuestion {
  key: string;
  scriptedBy: string;
}

/** What every hook can read. */
export interface BaseContext<F extends FieldSet> {
  readonly profile: string;
  readonly product: Product;
  readonly interactive: boolean;
  readonly yes: boolean;
  /** The environment (secrets such as ONBOARD_PASSWORD are read where they are used, never stored). */
  readonly env: NodeJS.ProcessEnv;
  /** The home directory (other tools' files live under it). */
  readonly home: string;
  /** Output is one JSON document (stdout holds nothing else). */
  readonly json: boolean;
  /** The AccessKey a key provider calls with in this run, and where it came from (never the secret). */
  keyInUse(): { id: string; source: string } | undefined;
  /** Who that credential belongs to, once it was found to work. */
  caller(): Caller | undefined;
  /** This step was named with `--step` (redo it even when done). */
  readonly explicit: boolean;
  readonly answers: AnswersView<F>;
  readonly provider: Provider;
  /** Commands to print for the person, carrying this run's --profile, --config-dir, ... */
  readonly commands: CommandLine;
  /** Keys whose secret was delivered, and creations in flight, per key owner. */
  readonly keyRecords: KeyRecords;
  /** The step's own facts in the profile, validated by its schema. */
  data<T>(schema: z.ZodMiniType<T>): T;
  /** The status the step last recorded (`todo` when never). */
  recorded(): StepStatus;
  /** Another step's facts (read-only), for steps that build on it. */
  peek(stepId: string): Readonly<Record<string, unknown>>;
  profileState(): ProfileState;
}

/** Checking where a step stands, live when the account's cloud is reachable; never changes anything. */
export interface CheckContext<F extends FieldSet> extends BaseContext<F> {
  /** The account's cloud when the stored session or credential works, else null (answer from the store). */
  readonly cloud: Cloud | null;
}

/** Before anything changes: rules across fields, required answers, pre-checks that may read the cloud. */
export interface PrepareContext<F extends FieldSet> extends CheckContext<F> {
  /** The password given without a prompt (stdin or ONBOARD_PASSWORD), validated; undefined when none. */
  givenPassword(purpose: 'register' | 'signIn'): Promise<string | undefined>;
  /** A provider call with progress, retries and refusals as typed errors (reads, or a sign-in). */
  call<T>(label: string, fn: (attempt: number) => Promise<T>): Promise<T>;
  readonly session: Sessions;
}

export interface AskOptions<V> {
  message: MessageKey;
  params?: MessageRef['params'];
  /** A default computed at run time (e.g. a free bucket name); below a stored answer. */
  default?: V;
  choices?: Choice[];
  /** Extra rule on top of the field's own (e.g. the region must offer E-MapReduce). */
  check?(value: V): MessageRef | null;
  /** Ask even when a stored answer exists (e.g. to redo a step); given values still answer. */
  always?: boolean;
  /** A value never offered as the default (e.g. the name a review rejected); typing it is still allowed. */
  avoid?: V;
}

/** Running a step: questions, provider calls with progress, and saving progress. */
export interface StepContext<F extends FieldSet> extends BaseContext<F> {
  readonly out: Output;
  /** A given value answers; else an interactive run prompts and a script takes the default or fails. */
  ask<K extends keyof F & string>(key: K, options: AskOptions<ValueOf<F[K]>>): Promise<ValueOf<F[K]>>;
  /** An AccessKey typed at the prompt (the secret with echo off): a key provider's console start. */
  typedAccessKey(): Promise<{ id: string; secret: string }>;
  /** An interactive-only menu (see `Step.menus`). */
  choose(
    key: string,
    options: { message: MessageKey; params?: MessageRef['params']; choices: Choice[] },
  ): Promise<string>;
  /** A yes/no confirmation; `--yes` answers ordinary ones, never a risky one. */
  confirm(
    message: MessageKey,
    params?: MessageRef['params'],
    options?: { default?: boolean; risky?: boolean },
  ): Promise<boolean>;
  /** The account's cloud, signing in again when the session expired (may ask for the password). */
  cloud(): Promise<Cloud>;
  /**
   * A provider call with a spinner (or a plain line in logs), retries, and
   * refusals as typed errors. What the step recorded so far is written first
   * (its intent is on disk before the cloud acts), unless the call only reads
   * (`{ reads: true }`): then it stays staged for the next write.
   */
  call<T>(label: string, fn: (attempt: number) => Promise<T>, options?: { reads?: boolean }): Promise<T>;
  /**
   * Records the step's status and facts. Saved (atomically, with the step's
   * answers) before the next action: the next provider call made with `call`,
   * the next prompt, a key's record or the session, or the end of the run. So
   * an intent recorded before a call is on disk when the call is made.
   */
  record(status: Exclude<StepStatus, 'not_needed'>, data: Record<string, unknown>): Promise<void>;
  /** Keeps answers for the next run (never secrets); saved like `record`. */
  remember(values: Partial<{ [K in keyof F]: ValueOf<F[K]> }>): Promise<void>;
  /** The password from --password-stdin, ONBOARD_PASSWORD or a prompt (echo off); never stored. */
  password(purpose: 'register' | 'signIn'): Promise<string>;
  /** A new secret that is never a flag: its env var, else typed twice (echo off); never stored. */
  newSecret(o: {
    env: string;
    message: MessageKey;
    again: MessageKey;
    mismatch: MessageKey;
    check: (v: string) => Invalid | null;
  }): Promise<string>;
  /** The profile's session (the account step saves it; everything else uses it through `cloud()`). */
  readonly session: Sessions;
  /** What the command reports at the end (`--json`'s accessKey, ramUser). */
  readonly report: RunReport;
}

/** One check of `onboard doctor`: how it came out and, when not ok, the fix (a command to paste where there is one). */
export interface DoctorFinding {
  /** Stable, for `--json` (e.g. `policy:onboard-admin:AliyunOSSFullAccess`). */
  id: string;
  status: 'ok' | 'warning' | 'problem';
  /** One line. */
  summary: string;
  fix?: string;
}

/** What a step's doctor hook reads: the step as `check` sees it, live, and the cloud as a key's owner. */
export interface DoctorContext<F extends FieldSet> extends CheckContext<F> {
  readonly cloud: Cloud;
  /**
   * The cloud reached with a delivered key of `owner` (`root`, `ram:<user>`),
   * its secret read back from where it was saved: what a tool of the person's
   * would do. Null where the provider takes no key in-process (the simulated
   * one: `provider.keyAccounts` is absent) or no saved copy can be read.
   */
  asOwner(owner: string): Promise<Cloud | null>;
}

/** One step of the wizard. */
export interface Step<F extends FieldSet = FieldSet> {
  readonly id: string;
  readonly title: MessageKey;
  readonly fields: F;
  readonly menus?: readonly MenuQuestion[];
  /**
   * The steps whose outcome this one needs: while one of them waits (a review,
   * a payment), this one waits too. Without it, every step before it; with
   * it, a step runs while an unrelated one waits (SPEC §4).
   */
  readonly dependsOn?: readonly string[];
  needed(product: Product): boolean;
  /** Where it stands, checked live when it can be; never changes anything. */
  check(ctx: CheckContext<F>): Promise<StepState>;
  /** Rules across given values (and the product), checked for every needed step before anything runs. */
  validate?(ctx: PrepareContext<F>, willRun: boolean): void;
  /** Answers a non-interactive run must have for this step to do what it will do from `current`. */
  requires?(ctx: PrepareContext<F>, current: StepState): Missing[];
  /**
   * Before anything changes, a step may reach the account with what it was
   * given (e.g. sign in: a read), so that later steps are checked live and
   * ask only what they really need. Returns the cloud it reached.
   */
  connect?(ctx: PrepareContext<F>): Promise<Cloud | null>;
  /** Checks against the world that must pass before anything changes (paths, names). */
  preflight?(ctx: PrepareContext<F>, current: StepState): Promise<void>;
  /** Does (or redoes) the step. */
  run(ctx: StepContext<F>): Promise<StepState>;
  /** Dry run: what `run` would do. */
  plan(ctx: PrepareContext<F>, current: StepState): Promise<PlanEntry>;
  /** The refusal a `failed` outcome stands for (exit 4), with a hint. */
  failure?(result: StepState): { error: ProviderError; hint: MessageRef };
  /** What to do next when the setup stands at this step (`current`), or when it is complete. */
  next?(current: StepState, ctx: BaseContext<F>): NextEntry[];
  /**
   * `onboard doctor`'s checks that what the step set up still works from the
   * person's side; called when the step was done. Without it, doctor checks
   * that `check` still finds the step done (and names `run --step <id>` as the fix).
   */
  doctor?(ctx: DoctorContext<F>): Promise<DoctorFinding[]>;
}

/** Declares a step with its field set inferred, so its hooks are typed by its own fields. */
export function defineStep<F extends FieldSet>(step: Step<F>): Step<F> {
  return step;
}
