/**
 * Missing answers of a non-interactive run: all of them in one error (exit 2),
 * each with its step, question, flag and environment variable, and one
 * corrected example command that keeps every flag given and adds the missing ones.
 */
import { UsageError } from '../core/errors.js';
import type { MessageRef } from '../core/messages.js';
import { composed, t } from '../i18n/index.js';
import { shellWord } from './command-line.js';
import type { Field } from './field.js';

export interface MissingAnswer {
  field: Field;
  question: MessageRef;
  step: string;
  /** Other options that answer it as well. */
  alternatives?: readonly Field[];
}

/** Flags whose values are never echoed (they are secrets). */
const SECRET_FLAGS = new Set(['--verification-code']);

function flagText(f: Field): string {
  return f.arg ? `${f.flag} ${f.arg}` : f.flag;
}

/** A value that is never a flag (a secret): only its environment variable gives it. */
function envOnly(f: Field): boolean {
  return f.flag === '';
}

/** The command as typed (secret values masked) plus the missing flags. */
export function exampleCommand(argv: readonly string[], missing: readonly Field[]): string {
  const shown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [name] = a.split('=', 1);
    if (name !== undefined && SECRET_FLAGS.has(name)) {
      if (a.includes('=')) shown.push(`${name}=******`);
      else {
        shown.push(a, '******');
        i++;
      }
    } else shown.push(shellWord(a));
  }
  const added = missing.filter((f) => !envOnly(f) && !argv.includes(f.flag)).map(flagText);
  const vars = missing.filter((f) => envOnly(f) && f.env).map((f) => `${f.env}=…`);
  const command = [...vars, 'onboard', ...shown, ...added].join(' ');
  return missing.some((f) => f.flag === '--password-stdin')
    ? `printf '%s\\n' "$ONBOARD_PASSWORD" | ${command}`
    : command;
}

/** One UsageError for every missing answer (deduplicated by field, in the order given). */
export function missingAnswers(list: readonly MissingAnswer[], argv: readonly string[]): UsageError {
  const seen = new Set<string>();
  const unique = list.filter((m) => !seen.has(m.field.key) && seen.add(m.field.key));
  const example = {
    key: 'answers.example' as const,
    params: {
      command: exampleCommand(
        argv,
        unique.map((m) => m.field),
      ),
    },
  };
  const first = unique[0];
  if (!first) throw new Error('missingAnswers needs at least one');
  const line = (m: MissingAnswer) => {
    const all = [m.field, ...(m.alternatives ?? [])].filter((f) => !envOnly(f));
    const envs = all.map((f) => f.env).filter((e): e is string => e !== undefined);
    return {
      step: m.step,
      question: t(m.question.key, m.question.params ?? {}),
      flag: all.length ? all.map(flagText).join(t('answers.or')) : t('answers.noFlag'),
      env: envs.length ? envs.join(t('answers.or')) : '—',
    };
  };
  const error =
    unique.length === 1
      ? new UsageError(
          envOnly(first.field) ? 'answers.missingEnvOnly' : 'answers.missing',
          line(first),
          [example],
          'MissingAnswer',
        )
      : new UsageError(
          'answers.missingMany',
          {
            count: unique.length,
            list: composed(unique.map((m) => t('answers.missingLine', line(m))).join('\n')),
          },
          [example],
          'MissingAnswer',
        );
  error.step = first.step;
  return error;
}
