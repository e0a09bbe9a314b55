/**
 * "Every prompt scriptable": a value given by flag, env var or answers file
 * answers the question; otherwise an interactive run prompts (offering the
 * stored answer or default), and a non-interactive run takes the stored
 * answer or default, or fails at once naming the flag and the env var.
 */
import { UsageError } from '../core/errors.js';
import type { MessageKey, MessageRef, Params } from '../core/messages.js';
import type { FieldValue, Invalid } from '../core/types.js';
import { t } from '../i18n/index.js';
import type { Progress } from '../ui/progress.js';
import type { Choice, Prompter } from '../ui/prompter.js';
import { std } from '../ui/std.js';
import { checkAccessKeyId, checkAccessKeySecret, checkPassword } from '../validate/index.js';
import { type Answers, checkValue, invalidAt, normalizeValue, sourceName } from './answers.js';
import { isGiven } from './field.js';
import { missingAnswers } from './missing.js';
import type { AskOptions } from './step.js';

export interface QuestionsInit {
  answers: Answers;
  interactive: boolean;
  yes: boolean;
  prompter: Prompter;
  progress: Progress;
  env: NodeJS.ProcessEnv;
  /** Standard input, read once and bounded (for --password-stdin). */
  readStdin: () => Promise<string>;
  /** The command line as typed, for the corrected example of a missing answer. */
  argv: readonly string[];
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The questions of one run; steps reach them through their context. */
export class Questions {
  #stdinPassword: Promise<string> | undefined;

  constructor(private readonly init: QuestionsInit) {}

  /**
   * A field's answer, of the type its declaration gives (the one place it is
   * narrowed: the value was checked against that declaration on the way in).
   */
  async ask<V extends FieldValue>(key: string, step: string, options: AskOptions<V>): Promise<V> {
    return (await this.askValue(key, step, options)) as V;
  }

  private async askValue(key: string, step: string, options: AskOptions<FieldValue>): Promise<FieldValue> {
    const { answers, interactive, prompter } = this.init;
    const f = answers.field(key);
    const resolved = answers.get(key);
    const extra = (v: FieldValue) => options.check?.(v) ?? null;
    if (resolved && isGiven(resolved.source)) {
      const bad = extra(resolved.value);
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
    // A secret (a verification code) is never offered back as a default.
    const avoided = fallback !== undefined && JSON.stringify(fallback) === JSON.stringify(options.avoid);
    const usable = fallback !== undefined && !f.secret && !extra(fallback) && !avoided ? fallback : undefined;
    if (!interactive) {
      if (usable !== undefined) return usable;
      // An earlier answer that no longer fits (e.g. after --product changed) is named as such.
      const stale = fallback !== undefined && resolved?.source === 'stored' ? extra(fallback) : null;
      if (stale) {
        throw new UsageError(
          'answers.invalid',
          { where: sourceName(f, 'stored'), rule: t(stale.key, stale.params) },
          [{ key: 'answers.staleHint', params: { flag: f.flag } }],
          'InvalidValue',
        );
      }
      throw missingAnswers(
        [{ field: f, question: { key: options.message, params: options.params ?? {} }, step }],
        this.init.argv,
      );
    }
    this.init.progress.pause();
    const message = t(options.message, options.params);
    const typed = (raw: string): FieldValue =>
      normalizeValue(
        f,
        f.type === 'list'
          ? splitList(raw)
          : f.type === 'integer' && /^\d+$/.test(raw.trim())
            ? Number(raw.trim())
            : raw,
      );
    const validate = (raw: string): string | true => {
      const value = typed(raw);
      const bad: MessageRef | null =
        f.type === 'integer' && typeof value !== 'number'
          ? { key: 'validation.integer' }
          : (checkValue(f, value) ?? extra(value));
      return bad ? t(bad.key, bad.params ?? {}) : true;
    };
    let answer: FieldValue;
    if (options.choices || f.type === 'enum') {
      const choices =
        options.choices ?? (f.type === 'enum' ? f.values.map((v) => ({ value: v, name: v })) : []);
      const picked = String(
        await prompter.prompt(key, {
          kind: 'select',
          message,
          choices,
          default: usable === undefined || Array.isArray(usable) ? undefined : String(usable),
        }),
      );
      answer = f.type === 'boolean' ? picked === 'true' : f.type === 'integer' ? Number(picked) : picked;
    } else if (f.type === 'boolean') {
      answer =
        (await prompter.prompt(key, {
          kind: 'confirm',
          message,
          default: typeof usable === 'boolean' ? usable : undefined,
        })) === true;
    } else {
      const raw = String(
        await prompter.prompt(key, {
          kind: 'input',
          message,
          default:
            usable === undefined ? undefined : Array.isArray(usable) ? usable.join(',') : String(usable),
          validate: (v) => (f.type === 'list' && v.trim() === '' ? true : validate(v)),
        }),
      );
      answer = typed(raw);
    }
    // Kept as typed, not as given: a typed value can be asked again (e.g. a taken bucket name).
    answers.set(key, answer, 'typed');
    return answer;
  }

  async choose(
    key: string,
    options: { message: MessageKey; params?: Params; choices: Choice[] },
  ): Promise<string> {
    this.init.progress.pause();
    return String(
      await this.init.prompter.prompt(key, {
        kind: 'select',
        message: t(options.message, options.params),
        choices: options.choices,
      }),
    );
  }

  async confirm(
    message: MessageKey,
    params: Params = {},
    options: { default?: boolean; risky?: boolean } = {},
  ): Promise<boolean> {
    if (this.init.yes && !options.risky) return true;
    if (!this.init.interactive) {
      if (options.risky) return false;
      throw new UsageError('answers.confirmNeeded', { question: t(message, params) }, [
        { key: 'answers.confirmHint' },
      ]);
    }
    this.init.progress.pause();
    return (
      (await this.init.prompter.prompt('yes', {
        kind: 'confirm',
        message: t(message, params),
        default: options.default ?? false,
      })) === true
    );
  }

  /**
   * A new secret that is never a flag (e.g. a RAM user's console password):
   * from its environment variable, else typed twice with echo off. A script
   * without the variable fails naming it.
   */
  async newSecret(o: {
    env: string;
    message: MessageKey;
    again: MessageKey;
    mismatch: MessageKey;
    check: (v: string) => Invalid | null;
    step: string;
  }): Promise<string> {
    const given = this.init.env[o.env];
    if (given !== undefined && given !== '') {
      const bad = o.check(given);
      if (bad) throw invalidAt(o.env, bad);
      return given;
    }
    if (!this.init.interactive) {
      throw new UsageError(
        'answers.missingEnvOnly',
        { step: o.step, question: t(o.message), env: o.env },
        [],
        'MissingAnswer',
      );
    }
    this.init.progress.pause();
    const validate = (v: string) => {
      const bad = o.check(v);
      return bad ? t(bad.key, bad.params ?? {}) : true;
    };
    for (;;) {
      const first = String(
        await this.init.prompter.prompt('secret', { kind: 'password', message: t(o.message), validate }),
      );
      const second = String(
        await this.init.prompter.prompt('secret', { kind: 'password', message: t(o.again) }),
      );
      if (first === second) return first;
      this.init.progress.pause();
      std(2).write(`${t(o.mismatch)}\n`);
    }
  }

  /** Where the password will come from without a prompt, if anywhere. */
  passwordSource(): '--password-stdin' | 'ONBOARD_PASSWORD' | undefined {
    if (this.init.answers.given('passwordStdin') === true) return '--password-stdin';
    if (this.init.env.ONBOARD_PASSWORD) return 'ONBOARD_PASSWORD';
    return undefined;
  }

  /** The password given without a prompt, validated; undefined when none was given. */
  async givenPassword(purpose: 'register' | 'signIn'): Promise<string | undefined> {
    const where = this.passwordSource();
    if (!where) return undefined;
    let value: string;
    if (where === '--password-stdin') {
      this.#stdinPassword ??= this.init.readStdin().then((text) => text.replace(/\r?\n$/, ''));
      value = await this.#stdinPassword;
    } else {
      value = this.init.env.ONBOARD_PASSWORD ?? '';
    }
    const bad =
      value === ''
        ? { key: 'validation.empty' as const }
        : purpose === 'register'
          ? checkPassword(value)
          : null;
    if (bad) throw invalidAt(where, bad);
    return value;
  }

  /** Where the AccessKey secret comes from without a prompt, if anywhere. */
  accessKeySecretSource(): '--access-key-secret-stdin' | 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' | undefined {
    if (this.init.answers.given('accessKeySecretStdin') === true) return '--access-key-secret-stdin';
    if (this.init.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) return 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
    return undefined;
  }

  /** The AccessKey secret given without a prompt, validated (never shown); undefined when none was given. */
  async givenAccessKeySecret(): Promise<string | undefined> {
    const where = this.accessKeySecretSource();
    if (!where) return undefined;
    const value =
      where === '--access-key-secret-stdin'
        ? ((await this.init.readStdin()).split(/\r?\n/)[0] ?? '').trim()
        : (this.init.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? '').trim();
    const bad = checkAccessKeySecret(value);
    if (bad) throw invalidAt(where, bad);
    return value;
  }

  /** The AccessKey ID and secret typed at the prompt (the secret with echo off), e.g. after the console's AccessKey page. */
  async typedAccessKey(): Promise<{ id: string; secret: string }> {
    this.init.progress.pause();
    const id = String(
      await this.init.prompter.prompt('accessKeyId', {
        kind: 'input',
        message: t('account.askKeyId'),
        validate: (v) => {
          const bad = checkAccessKeyId(v.trim());
          return bad ? t(bad.key, bad.params ?? {}) : true;
        },
      }),
    ).trim();
    const secret = String(
      await this.init.prompter.prompt('accessKeySecretStdin', {
        kind: 'password',
        message: t('account.askKeySecret', { id }),
        validate: (v) => {
          const bad = checkAccessKeySecret(v.trim());
          return bad ? t(bad.key, bad.params ?? {}) : true;
        },
      }),
    ).trim();
    return { id, secret };
  }

  /** The password from --password-stdin, ONBOARD_PASSWORD or a prompt (echo off). */
  async password(purpose: 'register' | 'signIn', step: string): Promise<string> {
    const given = await this.givenPassword(purpose);
    if (given !== undefined) return given;
    if (!this.init.interactive) {
      const f = this.init.answers.field('passwordStdin');
      throw missingAnswers([{ field: f, question: { key: 'account.askPassword' }, step }], this.init.argv);
    }
    this.init.progress.pause();
    const check = purpose === 'register' ? checkPassword : () => null;
    const ask = async (message: MessageKey, validate: boolean) =>
      String(
        await this.init.prompter.prompt('passwordStdin', {
          kind: 'password',
          message: t(message),
          ...(validate
            ? {
                validate: (v: string) => {
                  const bad = v === '' ? { key: 'validation.empty' as const } : check(v);
                  return bad ? t(bad.key, bad.params ?? {}) : true;
                },
              }
            : {}),
        }),
      );
    if (purpose === 'signIn') return ask('account.askPassword', true);
    // A new password is typed twice (echo off): a typo would otherwise lock the person out.
    for (;;) {
      const first = await ask('account.askNewPassword', true);
      if ((await ask('account.askNewPasswordAgain', false)) === first) return first;
      this.init.progress.pause();
      std(2).write(`${t('account.passwordMismatch')}\n`);
    }
  }
}
