/**
 * Builds what a command works with, in the order that keeps bad input
 * harmless: read and validate every input first (flags, env, answers file,
 * the store), and only then create the config dir and take the profile lock.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { FieldValue } from '../core/types.js';
import { ensurePrivateDir } from '../fs/atomic.js';
import { readStdinBounded } from '../fs/input.js';
import { acquireRunLock, type RunLock } from '../fs/lock.js';
import { t } from '../i18n/index.js';
import { createProvider } from '../provider/index.js';
import type { Credential, KeyAccounts } from '../provider/types.js';
import { KeyRecords } from '../state/keys.js';
import { cloudOf, type ProfileCloud } from '../state/schema.js';
import { StateStore } from '../state/store.js';
import { siteOf } from '../steps/console.js';
import { Output } from '../ui/output.js';
import { loadSpinnerProgress, plainProgress } from '../ui/progress.js';
import { InquirerPrompter } from '../ui/prompter.js';
import { isTerminal } from '../ui/std.js';
import { Answers, loadAnswersFile } from '../wizard/answers.js';
import { callWithProgress } from '../wizard/calls.js';
import { CommandLine } from '../wizard/command-line.js';
import type { RunEnv } from '../wizard/context.js';
import type { Field } from '../wizard/field.js';
import { Questions } from '../wizard/questions.js';
import { newRunReport } from '../wizard/report.js';
import { Sessions } from '../wizard/session.js';
import { type Globals, parseEndpoint } from './globals.js';

let stdinText: Promise<string> | undefined;
/** Standard input, read once and bounded (an answers file `-` and --password-stdin cannot both use it). */
export function readStdinOnce(where: string): Promise<string> {
  stdinText ??= readStdinBounded(where);
  return stdinText;
}

export function makeOutput(g: Pick<Globals, 'colorFlag' | 'interactive' | 'json'>): Promise<Output> {
  return new Output({
    colorFlag: g.colorFlag,
    env: process.env,
    interactive: g.interactive,
    json: g.json,
  }).loadStyles();
}

/** The answers file, read (bounded) and validated as a whole; `{}` without one. */
export async function readAnswersFile(
  g: Globals,
  fields: readonly Field[],
): Promise<Record<string, FieldValue>> {
  if (!g.answersPath) return {};
  const where = `${g.answersWhere} ${g.answersPath}`;
  const stdin = g.answersPath === '-' ? await readStdinOnce(where) : '';
  return loadAnswersFile(g.answersPath, () => stdin, fields, where);
}

export interface OpenOptions {
  /** The command, as recorded in the lock file. */
  command: string;
  /** Every field the command may read. */
  fields: readonly Field[];
  /** Values the parser found (field keys → raw values). */
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>;
  /** The command line as typed (for corrected examples). */
  argv: readonly string[];
  /** Dry runs and `status`: the provider refuses every write and nothing touches the disk. */
  readOnly?: boolean;
  /** The step named with `--step`. */
  only?: string;
  /** Resolve only these fields (a read-only command must not fail on unrelated values). */
  resolve?: readonly string[];
  /** The store to use, when the command opens several profiles (each file is then read once). */
  store?: StateStore;
  /** A listing of profiles: each uses its own cloud, whatever `--provider` says. */
  eachOwnCloud?: boolean;
}

export interface Opened {
  env: RunEnv;
  /**
   * Creates the config dir (0700) and takes the profile's run lock. Commands
   * call it once their input is validated, so bad input changes nothing on disk.
   */
  lock(): void;
  release(): void;
}

/** The site given for this run (flag, variable, answers file), if any. */
function siteAnswer(answers: Answers): { site?: string } {
  const site = answers.given('site');
  return typeof site === 'string' ? { site } : {};
}

/**
 * A key provider's credential for this run: `--access-key-id` with its secret
 * (ALIBABA_CLOUD_ACCESS_KEY_SECRET or --access-key-secret-stdin), else the
 * official chain. A profile whose key came from a named aliyun CLI profile or
 * credentials section looks there again (unless ALIBABA_CLOUD_PROFILE says
 * otherwise), so coming back days later needs nothing retyped.
 */
async function runCredential(
  keys: KeyAccounts,
  o: { answers: Answers; questions: Questions; env: NodeJS.ProcessEnv; store: StateStore; profile: string },
): Promise<{ credential: Credential; source: string } | undefined> {
  const id = o.answers.given('accessKeyId');
  if (typeof id === 'string') {
    const secret = await o.questions.givenAccessKeySecret();
    if (secret === undefined) {
      throw new UsageError(
        'account.secretNeeded',
        {},
        [{ key: 'account.secretNeededHint' }],
        'MissingAnswer',
      );
    }
    return { credential: { kind: 'access-key', id, secret }, source: '--access-key-id' };
  }
  const recorded = o.store.profile(o.profile)?.steps.account?.data.credentialSource;
  const named =
    typeof recorded === 'string' ? /^(?:aliyun-cli|credentials-file):(.+)$/.exec(recorded)?.[1] : undefined;
  const env = named && !o.env.ALIBABA_CLOUD_PROFILE ? { ...o.env, ALIBABA_CLOUD_PROFILE: named } : o.env;
  return (await keys.findCredential({ env, home: homedir() })) ?? undefined;
}

/** The config dir's store; a corrupt profile's message names the command for that profile. */
export function openStore(g: Pick<Globals, 'configDir' | 'commandContext'>): StateStore {
  return new StateStore(g.configDir, {
    commandFor: (profile) => new CommandLine({ ...g.commandContext, profile }).command(),
  });
}

/**
 * The cloud of this run: the one the profile is set up with (SPEC §5.2), its
 * endpoint unless another is given; for a profile that has none yet, the one
 * given (or the default). Another provider for an existing profile is exit 2,
 * naming the ways out: a new profile, or `reset`.
 */
export function settleCloud(g: Globals, own: ProfileCloud | undefined, eachOwn = false): Globals {
  if (!own) return g;
  if (g.providerWhere && g.provider !== own.provider && !eachOwn) {
    const other = `${g.profile.slice(0, 24)}-${g.provider}`;
    throw new UsageError(
      'provider.profileOther',
      { profile: g.profile, own: own.provider, where: g.providerWhere, given: g.provider },
      [
        {
          key: 'provider.profileOtherHint',
          params: {
            profile: new CommandLine({ ...g.commandContext, profile: other }).command(),
            reset: new CommandLine({ ...g.commandContext, profile: g.profile }).command('reset'),
            given: g.provider,
          },
        },
      ],
      'InvalidValue',
    );
  }
  const endpoint =
    g.endpoint && !eachOwn
      ? g.endpoint
      : own.endpoint === undefined
        ? undefined
        : parseEndpoint(own.endpoint, t('field.sourceStored', { key: 'endpoint' }));
  return { ...g, provider: own.provider, endpoint };
}

/** What the profile keeps of this run's cloud (SPEC §5.2). */
function cloudRecord(g: Globals): ProfileCloud {
  return { provider: g.provider, ...(g.endpoint ? { endpoint: g.endpoint.given } : {}) };
}

export async function openRun(given: Globals, o: OpenOptions): Promise<Opened> {
  const env = process.env;
  const file = await readAnswersFile(given, o.fields);
  const store = o.store ?? openStore(given);
  const g = settleCloud(given, cloudOf(store.profile(given.profile)), o.eachOwnCloud);
  const stored = store.profile(g.profile)?.answers ?? {};
  const answers = new Answers(o.fields, { flags: o.flags, env, file, stored }, o.resolve);
  // Whichever source asked for it, stdin gives one thing: the password, a key's secret, or an answers file.
  const fromStdin = [
    g.answersPath === '-',
    o.flags.passwordStdin === true,
    o.flags.accessKeySecretStdin === true,
  ];
  if (fromStdin.filter(Boolean).length > 1) {
    throw new UsageError('answers.stdinTwice', {}, [], 'InvalidValue');
  }
  // A key is how a key provider (the real cloud) is reached; the simulated one signs in with a password.
  if (g.provider !== 'aliyun') {
    const keyFlag =
      o.flags.accessKeyId !== undefined
        ? '--access-key-id'
        : o.flags.accessKeySecretStdin
          ? '--access-key-secret-stdin'
          : undefined;
    if (keyFlag) throw new UsageError('provider.needsAliyun', { option: keyFlag }, [], 'InvalidValue');
    if (g.endpoint)
      throw new UsageError('provider.needsAliyun', { option: g.endpoint.where }, [], 'InvalidValue');
  }
  const provider = await createProvider({
    kind: g.provider,
    configDir: g.configDir,
    env,
    readOnly: o.readOnly ?? false,
    ...(g.endpoint ? { endpoint: { protocol: g.endpoint.protocol, host: g.endpoint.host } } : {}),
    // The site is settled by the account step when never given: read it when a call needs it.
    site: () => siteOf({ answers: { ...store.profile(g.profile)?.answers, ...siteAnswer(answers) } }),
  });
  const out = await makeOutput(g);
  const progress =
    g.interactive && isTerminal(2) && !g.json ? await loadSpinnerProgress(out) : plainProgress(out);
  const commands = new CommandLine(g.commandContext);
  const questions = new Questions({
    answers,
    interactive: g.interactive,
    yes: g.yes || answers.value('yes') === true,
    prompter: new InquirerPrompter(() => {
      // Progress is on disk before a person is asked anything (they may stop there).
      store.flush();
      progress.pause();
    }),
    progress,
    env,
    readStdin: () => readStdinOnce('--password-stdin'),
    argv: commands.complete(o.argv),
  });
  const credential = provider.keyAccounts
    ? await runCredential(provider.keyAccounts, { answers, questions, env, store, profile: g.profile })
    : undefined;
  const sessions = new Sessions({
    provider,
    store,
    profile: g.profile,
    ...(credential ? { credential } : {}),
    signInCommand: commands.command(),
    warn: (text) => out.warn(text),
    renew: async (email, step) => {
      const accounts = provider.passwordAccounts;
      if (!accounts) throw new Error('this provider has no password accounts');
      const password = await questions.password('signIn', step);
      return callWithProgress(progress, t('account.signingIn', { email }), () =>
        accounts.signIn({ email, password }),
      );
    },
  });
  const product = answers.value('product');
  const run: RunEnv = {
    profile: g.profile,
    product: product === 'maxcompute' || product === 'both' ? product : 'emr',
    interactive: g.interactive,
    yes: g.yes || answers.value('yes') === true,
    env,
    home: homedir(),
    ...(o.only === undefined ? {} : { only: o.only }),
    answers,
    provider,
    store,
    out,
    progress,
    questions,
    sessions,
    commands,
    keyRecords: new KeyRecords(store, g.profile),
    report: newRunReport(),
    cloud: cloudRecord(g),
  };

  let held: RunLock | undefined;
  const lock = () => {
    if (held || o.readOnly) return;
    const fixed = ensurePrivateDir(g.configDir);
    if (fixed.previousMode !== undefined) {
      out.warn(
        t('store.modeFixed', {
          file: g.configDir,
          from: `0${(fixed.previousMode & 0o777).toString(8)}`,
          to: '0700',
        }),
      );
    }
    for (const f of fixed.fixedFiles)
      out.warn(t('store.modeFixed', { file: f, from: 'group/other', to: '0600' }));
    for (const f of store.tighten(g.profile)) out.warn(t('store.modeFixed', f));
    held = acquireRunLock(join(g.configDir, `${g.profile}.lock`), { command: o.command });
  };
  const release = () => {
    try {
      // Anything a step staged and nothing wrote yet (the runner writes it at its end already).
      store.flush();
    } finally {
      held?.release();
    }
  };
  return { env: run, lock, release };
}
