/**
 * Builds what a command works with, in the order that keeps bad input
 * harmless: read and validate every input first (flags, env, answers file,
 * the store), and only then create the config dir and take the profile lock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../fs/atomic.js';
import { acquireRunLock, type RunLock } from '../fs/lock.js';
import { t } from '../i18n/index.js';
import { createProvider } from '../provider/index.js';
import { StateStore } from '../state/store.js';
import type { Product } from '../steps/ids.js';
import { Output } from '../ui/output.js';
import { loadSpinnerProgress, plainProgress } from '../ui/progress.js';
import { InquirerPrompter } from '../ui/prompter.js';
import { Answers, loadAnswersFile } from '../wizard/answers.js';
import { type Context, createContext } from '../wizard/context.js';
import { UsageError } from '../wizard/errors.js';
import type { FieldValue } from '../wizard/fields.js';
import type { Globals } from './globals.js';

let stdinText: string | undefined;
/** Standard input, read once (answers file `-` and --password-stdin cannot both use it). */
export function readStdinOnce(): string {
  if (stdinText === undefined) stdinText = readFileSync(0, 'utf8');
  return stdinText;
}

export function makeOutput(g: Globals): Promise<Output> {
  return new Output({
    colorFlag: g.colorFlag,
    env: process.env,
    interactive: g.interactive,
    json: g.json,
  }).loadStyles();
}

export interface OpenOptions {
  command: string;
  /** Values commander parsed (field keys → raw values). */
  flags: Record<string, string | string[] | boolean | undefined>;
  argv: string[];
  /** Take the profile's run lock (commands that change something). */
  /** Dry runs: the provider refuses every write and nothing touches the disk. */
  readOnly?: boolean;
}

export interface Opened {
  ctx: Context;
  /**
   * Creates the config dir (0700) and takes the profile's run lock. Commands
   * call it once their input is validated, so bad input changes nothing on disk.
   */
  lock(): void;
  release(): void;
}

export async function openContext(g: Globals, o: OpenOptions): Promise<Opened> {
  const env = process.env;
  const file: Record<string, FieldValue> = g.answersPath ? loadAnswersFile(g.answersPath, readStdinOnce) : {};
  const store = new StateStore(g.configDir);
  const stored = store.profile(g.profile)?.answers ?? {};
  const answers = new Answers({ flags: o.flags, env, file, stored });
  // Whichever source asked for it, the password and an answers file cannot both come from stdin.
  if (g.answersPath === '-' && answers.given('passwordStdin') === true) {
    throw new UsageError('answers.stdinTwice', {}, [], 'InvalidValue');
  }
  const { provider, sim } = await createProvider({
    configDir: g.configDir,
    env,
    readOnly: o.readOnly ?? false,
  });
  const out = await makeOutput(g);

  let held: RunLock | undefined;
  const lock = () => {
    if (held || o.readOnly) return;
    const fixed = ensurePrivateDir(g.configDir);
    if (fixed.previousMode !== undefined) {
      out.warn(t('store.modeFixed', { file: g.configDir, from: modeText(fixed.previousMode), to: '0700' }));
    }
    for (const f of fixed.fixedFiles ?? [])
      out.warn(t('store.modeFixed', { file: f, from: 'group/other', to: '0600' }));
    held = acquireRunLock(join(g.configDir, `${g.profile}.lock`), { command: o.command });
  };
  const progress =
    g.interactive && process.stderr.isTTY && !g.json ? await loadSpinnerProgress(out) : plainProgress(out);
  const ctx = createContext({
    profile: g.profile,
    product: (answers.value('product') as Product | undefined) ?? 'emr',
    interactive: g.interactive,
    yes: g.yes || answers.value('yes') === true,
    dryRun: o.readOnly ?? false,
    env,
    out,
    store,
    provider,
    sim,
    answers,
    prompter: new InquirerPrompter(process.stdin, process.stderr, () => progress.pause()),
    progress,
    readStdin: readStdinOnce,
    argv: o.argv,
  });
  return { ctx, lock, release: () => held?.release() };
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
