/**
 * The wizard's context: what a step may use. Steps take only the slice they
 * need (`Pick<Context, ...>`), so a unit test builds just that slice.
 *
 * `ask` is the heart of "every prompt scriptable": a value given by flag, env
 * var or answers file answers the question; otherwise an interactive run
 * prompts (offering the stored answer or default), and a non-interactive run
 * takes the stored answer or default, or fails at once naming the flag.
 */
import { type MessageKey, type Params, t } from '../i18n/index.js';
import type { Provider, Session, SimulationControls } from '../provider/types.js';
import { ProviderError } from '../provider/types.js';
import type { ProfileState } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import type { Product, StepId } from '../steps/ids.js';
import type { Output } from '../ui/output.js';
import type { Progress } from '../ui/progress.js';
import type { Choice, Prompter } from '../ui/prompter.js';
import { checkPassword } from '../validate/index.js';
import { type Answers, checkValue } from './answers.js';
import { RefusedError, UsageError } from './errors.js';
import { type FieldValue, field, menuQuestion, sourceName } from './fields.js';
import { withRetry } from './retry.js';

export interface AskOptions {
  message: MessageKey;
  params?: Params;
  /** A default computed at run time (e.g. a free bucket name); below a stored answer. */
  default?: FieldValue;
  choices?: Choice[];
  /** Extra rule on top of the field's own (e.g. region must offer E-MapReduce). */
  check?: (value: FieldValue) => { key: MessageKey; params?: Params } | null;
  /** Ask even when a stored answer exists (e.g. to redo a step); flags still answer. */
  always?: boolean;
}

export interface Context {
  readonly profile: string;
  readonly product: Product;
  readonly interactive: boolean;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly out: Output;
  readonly store: StateStore;
  readonly provider: Provider;
  readonly sim: SimulationControls;
  readonly answers: Answers;
  readonly progress: Progress;
  /** What the command reports at the end (`--json`'s accessKey) and what must follow the output. */
  readonly report: RunReport;
  ask(key: string, options: AskOptions): Promise<FieldValue>;
  /**
   * An interactive-only menu (see MENU_QUESTIONS): scripts reach the same
   * outcome with another command, named in the error they get instead.
   */
  choose(key: string, options: { message: MessageKey; params?: Params; choices: Choice[] }): Promise<string>;
  /** A yes/no confirmation; `--yes` answers ordinary ones. */
  confirm(
    message: MessageKey,
    params?: Params,
    options?: { default?: boolean; risky?: boolean },
  ): Promise<boolean>;
  /** The password from --password-stdin, ONBOARD_PASSWORD or a prompt (echo off). */
  password(purpose: 'register' | 'signIn', step: StepId): Promise<string>;
  profileState(): ProfileState;
  save(change: (p: ProfileState) => void): Promise<ProfileState>;
  /** A valid session token; signs in again when it has expired (needs the password). */
  session(step: StepId): Promise<string>;
  /** A provider call with a spinner (or a plain line in CI) and retries. */
  call<T>(label: string, fn: (attempt: number) => Promise<T>, step?: StepId): Promise<T>;
}

export interface RunReport {
  accessKey?: { id: string; secret?: string; csv?: string };
  /** Run after the final output is written (e.g. recording a secret delivered in the JSON document). */
  afterOutput: Array<() => Promise<void>>;
}

export interface ContextInit {
  profile: string;
  product: Product;
  interactive: boolean;
  yes: boolean;
  dryRun: boolean;
  env: NodeJS.ProcessEnv;
  out: Output;
  store: StateStore;
  provider: Provider;
  sim: SimulationControls;
  answers: Answers;
  prompter: Prompter;
  progress: Progress;
  readStdin: () => string;
  /** The command line as typed, for "corrected example" hints (secrets removed). */
  argv: string[];
}

export function createContext(init: ContextInit): Context {
  let stdinPassword: string | undefined;

  const ctx: Context = {
    profile: init.profile,
    product: init.product,
    interactive: init.interactive,
    yes: init.yes,
    dryRun: init.dryRun,
    env: init.env,
    out: init.out,
    store: init.store,
    provider: init.provider,
    sim: init.sim,
    answers: init.answers,
    progress: init.progress,
    report: { afterOutput: [] },

    async ask(key, options) {
      const f = field(key);
      const resolved = init.answers.get(key);
      if (
        resolved &&
        (resolved.source === 'flag' || resolved.source === 'env' || resolved.source === 'file')
      ) {
        const bad = options.check?.(resolved.value);
        if (bad) {
          throw new UsageError(
            'answers.invalid',
            { where: sourceName(f, resolved.source), rule: t(bad.key, bad.params) },
            [],
            'InvalidValue',
          );
        }
        return resolved.value;
      }
      const fallback =
        resolved?.source === 'stored' && !options.always
          ? resolved.value
          : (options.default ?? resolved?.value);
      const usable = fallback !== undefined && !options.check?.(fallback) ? fallback : undefined;
      if (!init.interactive) {
        if (usable !== undefined) return usable;
        // An earlier answer that no longer fits (e.g. after --product changed) is named as such.
        const stale =
          fallback !== undefined && resolved?.source === 'stored' ? options.check?.(fallback) : null;
        if (stale) {
          throw new UsageError(
            'answers.invalid',
            { where: sourceName(f, 'stored'), rule: t(stale.key, stale.params) },
            [{ key: 'answers.staleHint', params: { flag: f.flag } }],
            'InvalidValue',
          );
        }
        throw missingAnswer(key, options, init);
      }
      init.progress.pause();
      const message = t(options.message, options.params);
      const validate = (raw: string): string | true => {
        const value: FieldValue =
          f.type === 'list'
            ? splitList(raw)
            : f.type === 'integer' && /^\d+$/.test(raw.trim())
              ? Number(raw.trim())
              : raw;
        const bad =
          f.type === 'integer' && typeof value !== 'number'
            ? { key: 'validation.integer' as MessageKey }
            : (checkValue(f, value) ?? options.check?.(value) ?? null);
        return bad ? t(bad.key as MessageKey, bad.params ?? {}) : true;
      };
      let answer: FieldValue;
      if (options.choices || f.type === 'enum') {
        const choices =
          options.choices ?? (f.type === 'enum' ? f.values.map((v) => ({ value: v, name: v })) : []);
        const picked = String(
          await init.prompter.prompt(key, {
            kind: 'select',
            message,
            choices,
            default: usable === undefined || Array.isArray(usable) ? undefined : String(usable),
          }),
        );
        answer = f.type === 'boolean' ? picked === 'true' : f.type === 'integer' ? Number(picked) : picked;
      } else if (f.type === 'boolean') {
        answer = (await init.prompter.prompt(key, {
          kind: 'confirm',
          message,
          default: typeof usable === 'boolean' ? usable : undefined,
        })) as boolean;
      } else {
        const raw = String(
          await init.prompter.prompt(key, {
            kind: 'input',
            message,
            default:
              usable === undefined ? undefined : Array.isArray(usable) ? usable.join(',') : String(usable),
            validate: (v) => (f.type === 'list' && v.trim() === '' ? true : validate(v)),
          }),
        );
        answer = f.type === 'integer' ? Number(raw.trim()) : f.type === 'list' ? splitList(raw) : raw;
      }
      // Kept as an earlier answer, not as a flag: a typed value is not "given"
      // (so a taken bucket name can be asked again with `always`).
      init.answers.set(key, answer, 'stored');
      return answer;
    },

    async choose(key, options) {
      menuQuestion(key);
      init.progress.pause();
      return String(
        await init.prompter.prompt(key, {
          kind: 'select',
          message: t(options.message, options.params),
          choices: options.choices,
        }),
      );
    },

    async confirm(message, params = {}, options = {}) {
      if (init.yes && !options.risky) return true;
      if (!init.interactive) {
        if (options.risky) return false;
        throw new UsageError('answers.confirmNeeded', { question: t(message, params) }, [
          { key: 'answers.confirmHint' },
        ]);
      }
      init.progress.pause();
      return (await init.prompter.prompt('yes', {
        kind: 'confirm',
        message: t(message, params),
        default: options.default ?? false,
      })) as boolean;
    },

    async password(purpose, step) {
      const check = purpose === 'register' ? checkPassword : () => null;
      const fromStdin = init.answers.given('passwordStdin') === true;
      let value: string | undefined;
      let where = '--password-stdin';
      if (fromStdin) {
        stdinPassword ??= init.readStdin().replace(/\r?\n$/, '');
        value = stdinPassword;
      } else if (init.env.ONBOARD_PASSWORD) {
        value = init.env.ONBOARD_PASSWORD;
        where = 'ONBOARD_PASSWORD';
      }
      if (value !== undefined) {
        const bad = value === '' ? { key: 'validation.empty' as MessageKey } : check(value);
        if (bad) {
          throw new UsageError(
            'answers.invalid',
            { where, rule: t(bad.key as MessageKey, bad.params ?? {}) },
            [],
            'InvalidValue',
          );
        }
        return value;
      }
      if (!init.interactive) {
        throw missingAnswer('passwordStdin', { message: 'account.askPassword' }, init, step);
      }
      init.progress.pause();
      return String(
        await init.prompter.prompt('passwordStdin', {
          kind: 'password',
          message: t(purpose === 'register' ? 'account.askNewPassword' : 'account.askPassword'),
          validate: (v) => {
            const bad = v === '' ? { key: 'validation.empty' as MessageKey } : check(v);
            return bad ? t(bad.key as MessageKey, bad.params ?? {}) : true;
          },
        }),
      );
    },

    profileState() {
      return init.store.profile(init.profile) ?? { createdAt: '', updatedAt: '', answers: {}, steps: {} };
    },

    save(change) {
      return init.store.update(init.profile, change);
    },

    async session(step) {
      const p = ctx.profileState();
      const s = p.session;
      if (s && Date.parse(s.expiresAt) > Date.now() + 60_000) {
        try {
          await init.provider.getAccount(s.token);
          return s.token;
        } catch (error) {
          if (!(error instanceof ProviderError) || error.code !== 'InvalidSession') throw error;
        }
      }
      const email = s?.email ?? (typeof p.answers.email === 'string' ? p.answers.email : undefined);
      if (!email)
        throw new UsageError('account.notDone', { step }, [
          { key: 'account.notDoneHint', params: { profile: init.profile } },
        ]);
      init.out.warn(t('account.sessionExpired', { email }));
      const password = await ctx.password('signIn', step);
      const session = await ctx.call(
        t('account.signingIn', { email }),
        () => init.provider.signIn({ email, password }),
        step,
      );
      await saveSession(ctx, session);
      return session.token;
    },

    async call(label, fn, step) {
      const task = init.progress.start(label);
      try {
        const result = await withRetry(fn, {
          onRetry: ({ error, attempt, delayMs }) =>
            task.update(
              t('progress.retrying', {
                label,
                code: error.code,
                attempt,
                seconds: (delayMs / 1000).toFixed(1),
              }),
            ),
        });
        task.succeed();
        return result;
      } catch (error) {
        task.fail();
        // Retryable errors that outlast the retries are refusals too: the provider said no, for now.
        if (error instanceof ProviderError) {
          const refused = new RefusedError(error, providerHints(error));
          refused.step = step;
          throw refused;
        }
        throw error;
      }
    },
  };
  return ctx;
}

/** The explanation of a provider error code, when the catalog has one. */
export function providerHints(error: ProviderError): Array<{ key: MessageKey; params?: Params }> {
  const key = `providerError.${error.code}` as MessageKey;
  const params: Params = {};
  for (const [k, v] of Object.entries(error.data))
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  return [{ key, params }];
}

export async function saveSession(ctx: Pick<Context, 'save'>, session: Session): Promise<void> {
  await ctx.save((p) => {
    p.session = {
      token: session.token,
      uid: session.uid,
      email: session.email,
      expiresAt: session.expiresAt,
    };
  });
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function missingAnswer(
  key: string,
  options: Pick<AskOptions, 'message' | 'params'>,
  init: Pick<ContextInit, 'argv'>,
  stepOverride?: StepId,
): UsageError {
  const f = field(key);
  const step = stepOverride ?? (f.step === 'run' ? 'account' : f.step);
  const example = exampleCommand(init.argv, f.flag, f.arg);
  const error = new UsageError(
    'answers.missing',
    {
      step,
      question: t(options.message, options.params ?? {}),
      flag: f.arg ? `${f.flag} ${f.arg}` : f.flag,
      env: f.env ?? '—',
    },
    [{ key: 'answers.example', params: { command: example } }],
    'MissingAnswer',
  );
  error.step = step;
  return error;
}

/** The command as typed plus the missing flag; values of secret flags are masked. */
function exampleCommand(argv: string[], flag: string, arg: string | undefined): string {
  const shown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--verification-code') {
      shown.push(a, '******');
      i++;
    } else if (a.startsWith('--verification-code=')) shown.push('--verification-code=******');
    else shown.push(/^[\w@./:=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  }
  if (flag === '--password-stdin')
    return `printf '%s' "$ONBOARD_PASSWORD" | onboard ${shown.join(' ')} --password-stdin`.replace(
      /\s+/g,
      ' ',
    );
  return `onboard ${shown.join(' ')} ${flag}${arg ? ` ${arg}` : ''}`.replace(/\s+/g, ' ');
}
