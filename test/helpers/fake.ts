/**
 * Test doubles for unit tests of the wizard and the steps: a prompter that
 * answers by field key and records every question, and a real Context built
 * with `createContext` over a temp config dir, the real StateStore and the
 * real simulated provider, writing to in-memory streams.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createProvider } from '../../src/provider/index.js';
import type { Provider, SimulationControls } from '../../src/provider/types.js';
import { StateStore } from '../../src/state/store.js';
import type { Product } from '../../src/steps/ids.js';
import { Output } from '../../src/ui/output.js';
import { plainProgress } from '../../src/ui/progress.js';
import type { Prompter, PromptSpec } from '../../src/ui/prompter.js';
import { creditCodeCheckChar, residentIdCheckChar } from '../../src/validate/index.js';
import { Answers } from '../../src/wizard/answers.js';
import { type Context, createContext } from '../../src/wizard/context.js';
import type { FieldValue } from '../../src/wizard/fields.js';

export const PASSWORD = 'Secr3t-Passw0rd';
export const RESIDENT_ID = `11010519491231002${residentIdCheckChar('11010519491231002')}`;
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
export class MemoryStream extends Writable {
  readonly chunks: string[] = [];
  isTTY = false;
  columns = 0;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    done();
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
  /** Flag values as commander gives them (field keys). */
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
}

export interface Harness {
  configDir: string;
  ctx: Context;
  store: StateStore;
  provider: Provider;
  sim: SimulationControls;
  prompter: FakePrompter;
  stdout: MemoryStream;
  stderr: MemoryStream;
}

/** A real Context over a temp config dir, the real store and the simulated provider. */
export async function makeHarness(o: HarnessOptions = {}): Promise<Harness> {
  const configDir = o.configDir ?? tempDir();
  const profile = o.profile ?? 'default';
  const env = o.env ?? {};
  const store = new StateStore(configDir);
  const stored = store.profile(profile)?.answers ?? {};
  const answers = new Answers({ flags: o.flags ?? {}, env, file: o.file ?? {}, stored });
  const { provider, sim } = await createProvider({
    configDir,
    env: { ONBOARD_SIM_REVIEW_SECONDS: '0', ...o.providerEnv },
  });
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const interactive = o.interactive ?? false;
  const out = new Output({
    colorFlag: false,
    env: {},
    interactive,
    json: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
  });
  const prompter = new FakePrompter(o.answers ?? {});
  const ctx = createContext({
    profile,
    product: o.product ?? (answers.value('product') as Product | undefined) ?? 'emr',
    interactive,
    yes: o.yes ?? false,
    dryRun: false,
    env,
    out,
    store,
    provider,
    sim,
    answers,
    prompter,
    progress: plainProgress(out, true),
    readStdin: o.readStdin ?? (() => ''),
    argv: [],
  });
  return { configDir, ctx, store, provider, sim, prompter, stdout, stderr };
}

/** A fresh unique e-mail address. */
let counter = 0;
export function freshEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}
