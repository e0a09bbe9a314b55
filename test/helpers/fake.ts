/**
 * Test doubles for unit tests of the wizard and the steps: a prompter that
 * answers by field key and records every question, and a real Context built
 * with `createContext` over a temp config dir, the real StateStore and the
 * real simulated provider, writing to in-memory streams.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FieldValue, Product } from '../../src/core/types.js';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import { simulatedOptionsFromEnv } from '../../src/provider/simulated/env.js';
import { simulatedProvider } from '../../src/provider/simulated/index.js';
import type { Provider } from '../../src/provider/types.js';
import { KeyRecords } from '../../src/state/keys.js';
import type { ProfileState } from '../../src/state/schema.js';
import { StateStore } from '../../src/state/store.js';
import { ALL_FIELDS, STEPS } from '../../src/steps/index.js';
import { Output } from '../../src/ui/output.js';
import { plainProgress } from '../../src/ui/progress.js';
import type { Prompter, PromptSpec } from '../../src/ui/prompter.js';
import type { StdWriter } from '../../src/ui/std.js';
import { creditCodeCheckChar } from '../../src/validate/index.js';
import { Answers } from '../../src/wizard/answers.js';
import { CommandLine } from '../../src/wizard/command-line.js';
import { checkContext, profileOf, type RunEnv, stepContext } from '../../src/wizard/context.js';
import type { FieldSet } from '../../src/wizard/field.js';
import { Questions } from '../../src/wizard/questions.js';
import { newRunReport } from '../../src/wizard/report.js';
import { prepare, type RunOutcome, runSteps } from '../../src/wizard/runner.js';
import { Sessions } from '../../src/wizard/session.js';
import type { Step, StepState } from '../../src/wizard/step.js';
import { runTempDir } from './temp-root.js';

export { PASSWORD, RESIDENT_ID } from './accounts.js';

export const CREDIT_CODE = `91110000600037341${creditCodeCheckChar('91110000600037341')}`;

/** An answer: a value, or a function of the question (may be async). */
export type Answer =
  | string
  | boolean
  | ((spec: PromptSpec, key: string) => string | boolean | Promise<string | boolean>);

export interface Asked {
  key: string;
  spec: PromptSpec;
}

/** Answers by field key from a map and records every (key, spec) asked; throws on anything unanswered. */
export class FakePrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(readonly answers: Record<string, Answer> = {}) {}

  async prompt(key: string, spec: PromptSpec): Promise<string | boolean> {
    this.asked.push({ key, spec });
    if (!Object.hasOwn(this.answers, key)) {
      throw new Error(`FakePrompter: unanswered question "${key}" (${spec.kind}: ${spec.message})`);
    }
    const a = this.answers[key]!;
    const value = typeof a === 'function' ? await a(spec, key) : a;
    if (spec.kind === 'input' || spec.kind === 'password') {
      const verdict = spec.validate?.(String(value));
      if (verdict !== undefined && verdict !== true) {
        throw new Error(`FakePrompter: answer for "${key}" rejected by validate: ${verdict}`);
      }
    }
    if (spec.kind === 'select' && !spec.choices.some((c) => c.value === value)) {
      throw new Error(`FakePrompter: "${String(value)}" is not a choice of "${key}"`);
    }
    return value;
  }

  keys(): string[] {
    return this.asked.map((a) => a.key);
  }
}

/** A stream that keeps what is written, and is not a terminal. */
export class MemoryStream implements StdWriter {
  readonly chunks: string[] = [];
  isTTY = false;
  columns = 0;
  write(text: string): void {
    this.chunks.push(text);
  }
  async writeAsync(text: string): Promise<void> {
    this.chunks.push(text);
  }
  text(): string {
    return this.chunks.join('');
  }
}

const tempDirs: string[] = [];

export function tempDir(prefix = 'onboard-unit-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temp dir made by `tempDir` (call in afterEach/afterAll). */
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface HarnessOptions {
  /** The config dir; a fresh temp dir when absent. Share it to share the simulated cloud. */
  configDir?: string;
  profile?: string;
  product?: Product;
  interactive?: boolean;
  yes?: boolean;
  /** Flag values as the parser gives them (field keys). */
  flags?: Record<string, string | string[] | boolean | undefined>;
  /** The environment the wizard sees (never process.env). */
  env?: NodeJS.ProcessEnv;
  /** Answers-file values. */
  file?: Record<string, FieldValue>;
  /** Prompter answers (interactive runs). */
  answers?: Record<string, Answer>;
  /** Environment of the simulated provider; ONBOARD_SIM_REVIEW_SECONDS defaults to 0. */
  providerEnv?: NodeJS.ProcessEnv;
  readStdin?: () => string;
  /** The step named with --step. */
  only?: string;
}

export interface Harness {
  configDir: string;
  env: RunEnv;
  /** What tests read of the run: the profile as stored, the product, the answers, the store. */
  ctx: { profileState: () => ProfileState; product: Product; answers: Answers; store: StateStore };
  store: StateStore;
  /** The simulated cloud's own API (by session token), for setting up and inspecting. */
  provider: SimulatedCloud;
  sim: SimulatedCloud;
  /** The provider as the wizard sees it (capabilities). */
  capabilities: Provider;
  prompter: FakePrompter;
  stdout: MemoryStream;
  stderr: MemoryStream;
  /** Runs one step with its own context. */
  run<F extends FieldSet>(step: Step<F>): Promise<StepState>;
  /** Checks one step, live when the stored session works. */
  check<F extends FieldSet>(step: Step<F>): Promise<StepState>;
  /** The whole wizard (prepare, then run), as `onboard run` does. */
  wizard(only?: string): Promise<RunOutcome>;
}

/** A real run environment over a temp config dir, the real store and the simulated provider. */
export async function makeHarness(o: HarnessOptions = {}): Promise<Harness> {
  const configDir = o.configDir ?? tempDir();
  const profile = o.profile ?? 'default';
  const env = o.env ?? {};
  const store = new StateStore(configDir);
  const stored = store.profile(profile)?.answers ?? {};
  const answers = new Answers(ALL_FIELDS, { flags: o.flags ?? {}, env, file: o.file ?? {}, stored });
  const cloud = new SimulatedCloud({
    configDir,
    ...simulatedOptionsFromEnv({ ONBOARD_SIM_REVIEW_SECONDS: '0', ...o.providerEnv }),
  });
  const provider = simulatedProvider(cloud);
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const interactive = o.interactive ?? false;
  const out = new Output({
    colorFlag: false,
    env: {},
    interactive,
    json: false,
    stdout,
    stderr,
  });
  const prompter = new FakePrompter(o.answers ?? {});
  const progress = plainProgress(out, true);
  const yes = o.yes ?? false;
  const questions = new Questions({
    answers,
    interactive,
    yes,
    prompter,
    progress,
    env,
    readStdin: async () => (o.readStdin ?? (() => ''))(),
    argv: [],
  });
  const commands = new CommandLine({ profile, configDir });
  const sessions = new Sessions({
    provider,
    store,
    profile,
    signInCommand: commands.command(),
    renew: async (email, step) =>
      provider.passwordAccounts!.signIn({ email, password: await questions.password('signIn', step) }),
  });
  const product = o.product ?? answers.value('product');
  const runEnv: RunEnv = {
    profile,
    product: product === 'maxcompute' || product === 'both' ? product : 'emr',
    interactive,
    yes,
    env,
    // Never the real home: other tools' files (the aliyun CLI's, the SDKs') land in a temp dir.
    home: env.HOME ?? runTempDir('onboard-home-'),
    ...(o.only === undefined ? {} : { only: o.only }),
    answers,
    provider,
    store,
    out,
    progress,
    questions,
    sessions,
    commands,
    keyRecords: new KeyRecords(store, profile),
    report: newRunReport(),
  };
  const withOnly = (only?: string): RunEnv => (only === undefined ? runEnv : { ...runEnv, only });
  return {
    configDir,
    env: runEnv,
    ctx: { profileState: () => profileOf(runEnv), product: runEnv.product, answers, store },
    store,
    provider: cloud,
    sim: cloud,
    capabilities: provider,
    prompter,
    stdout,
    stderr,
    // One step as a run of its own: what it staged is on disk at its end, as after `onboard run`.
    async run(step) {
      const state = await step.run(stepContext(runEnv, step));
      store.flush();
      return state;
    },
    check: async (step) => step.check(checkContext(runEnv, step, await sessions.live())),
    async wizard(only) {
      const e = withOnly(only);
      return runSteps(e, STEPS, await prepare(e, STEPS, []));
    },
  };
}

/** A fresh unique e-mail address. */
let counter = 0;
export function freshEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}
