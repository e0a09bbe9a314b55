/**
 * The one door to the prompt library. Steps never import it: they ask through
 * the wizard context, which only reaches a Prompter when no flag, env var,
 * answers file or default gives the answer and the run is interactive.
 */
import { styleText } from 'node:util';
import { InterruptedError } from '../core/errors.js';
import { composed, t } from '../i18n/index.js';
import { listInput } from './list-keys.js';
import { stdStream } from './std.js';
import { displayWidth, wrap } from './width.js';

/** The prompts' key hints ("↑↓ navigate • ⏎ select", "ctrl+t show/hide") in the user's language. */
function keysTheme() {
  const actions: Record<string, string> = {
    navigate: t('prompt.navigate'),
    select: t('prompt.select'),
    'toggle visibility': t('prompt.toggleVisibility'),
  };
  return {
    style: {
      keysHelpTip: (keys: [string, string][]) =>
        keys
          .map(([key, a]) => `${styleText('bold', key)} ${styleText('dim', actions[a] ?? a)}`)
          .join(styleText('dim', ' • ')),
    },
  };
}

/** A default answer after a question, in the language's brackets: `(./AccessKey.csv)`, `（是/否（默认））`. */
function defaultAnswer(text: string): string {
  return t('prompt.defaultAnswer', { answer: composed(text) });
}

/**
 * The yes/no prompt in the user's language: answers in it are accepted (是/否,
 * or Yes/No), and y/n always; the default is marked where upper case cannot
 * mark it (`是/否（默认）`).
 */
function confirmTheme() {
  return {
    keywords: {
      yes: t('prompt.yes'),
      no: t('prompt.no'),
      error: ({ yes, no }: { yes: string; no: string }) => t('prompt.confirmError', { yes, no }),
    },
    style: {
      defaultAnswer: (text: string) => styleText('dim', defaultAnswer(text)),
      confirmDefault: (text: string) =>
        text.toUpperCase() !== text.toLowerCase()
          ? text.toUpperCase()
          : t('prompt.defaultMark', { answer: text }),
    },
  };
}

/** The width of a yes/no prompt's hint after its message: ` (y/N) `, ` （是/否（默认）） `. */
function confirmHintWidth(defaultYes: boolean | undefined): number {
  const { keywords, style } = confirmTheme();
  const [yes, no] = [keywords.yes.slice(0, 1).toLowerCase(), keywords.no.slice(0, 1).toLowerCase()];
  const hint =
    defaultYes === false ? `${yes}/${style.confirmDefault(no)}` : `${style.confirmDefault(yes)}/${no}`;
  return displayWidth(defaultAnswer(hint)) + 2;
}

export interface Choice {
  value: string;
  name: string;
  description?: string;
  /** What the answered question shows, when `name` is laid out for the list (columns, padding). */
  short?: string;
}

export type PromptSpec =
  | { kind: 'input'; message: string; default?: string; validate?: (value: string) => string | true }
  | { kind: 'password'; message: string; validate?: (value: string) => string | true }
  | { kind: 'confirm'; message: string; default?: boolean }
  | { kind: 'select'; message: string; choices: Choice[]; default?: string };

export interface Prompter {
  /** Asks one question; `key` names the field (tests answer by it). */
  prompt(key: string, spec: PromptSpec): Promise<string | boolean>;
}

/**
 * The real prompts, on stdin/stderr, loaded only when a question is asked
 * (Node's stdin and stderr streams are created then too, not before).
 */
export class InquirerPrompter implements Prompter {
  constructor(private readonly beforePrompt: () => void = () => {}) {}

  private get input(): NodeJS.ReadStream {
    return process.stdin;
  }

  private get output(): NodeJS.WriteStream {
    return stdStream(2);
  }

  /**
   * The question wrapped between words to the terminal: the prompt library
   * breaks a long line at the last column, mid-word (and Chinese mid-character).
   * On its last line the message leaves room for a yes/no hint or an input's
   * default; a list's descriptions are wrapped too.
   */
  #fit(spec: PromptSpec): PromptSpec {
    const columns = this.output.isTTY ? this.output.columns : 0;
    if (!columns || columns < 40) return spec;
    const hint =
      spec.kind === 'confirm'
        ? confirmHintWidth(spec.default)
        : spec.kind === 'input' && spec.default
          ? displayWidth(defaultAnswer(spec.default)) + 2
          : 0;
    // `? ` before it; a hint too long to share a line wraps on its own.
    const message = wrap(spec.message, columns - 2 - (hint <= columns / 2 ? hint : 0), '  ');
    if (spec.kind !== 'select') return { ...spec, message };
    const choices = spec.choices.map((c) =>
      c.description ? { ...c, description: wrap(c.description, columns - 1, '') } : c,
    );
    return { ...spec, message, choices };
  }

  /**
   * How an answer is shown after its question once given: on the question's
   * last line when it fits there, else on a line of its own (a long choice
   * after a long question would run past the edge, and the terminal cut it).
   */
  #answer(message: string): (text: string) => string {
    const columns = this.output.isTTY ? this.output.columns : 0;
    const lines = message.split('\n');
    // `✔ ` before the first line; later lines carry their own indentation.
    const used = (lines.length === 1 ? 2 : 0) + displayWidth(lines.at(-1) ?? '');
    return (text) =>
      !columns || used + 1 + displayWidth(text) <= columns
        ? styleText('cyan', text)
        : `\n  ${styleText('cyan', text)}`;
  }

  async prompt(_key: string, raw: PromptSpec): Promise<string | boolean> {
    this.beforePrompt();
    const spec = this.#fit(raw);
    const answer = this.#answer(spec.message);
    const p = await import('@inquirer/prompts');
    const context = { input: this.input, output: this.output, clearPromptOnDone: false };
    try {
      switch (spec.kind) {
        case 'input':
          return await p.input(
            {
              message: spec.message,
              default: spec.default,
              validate: spec.validate,
              theme: {
                style: { answer, defaultAnswer: (text: string) => styleText('dim', defaultAnswer(text)) },
              },
            },
            context,
          );
        case 'password':
          return await p.password(
            {
              message: spec.message,
              mask: '•',
              validate: spec.validate,
              theme: { style: { ...keysTheme().style, answer } },
            },
            context,
          );
        case 'confirm':
          return await p.confirm(
            {
              message: spec.message,
              default: spec.default,
              transformer: (answer: boolean) => t(answer ? 'prompt.yes' : 'prompt.no'),
              theme: { ...confirmTheme(), style: { ...confirmTheme().style, answer } },
            },
            context,
          );
        case 'select': {
          // Esc, ← and → never move the highlight (see list-keys.ts).
          const keys = listInput(this.input);
          try {
            return await p.select(
              {
                message: spec.message,
                choices: spec.choices,
                default: spec.default,
                pageSize: 12,
                theme: { style: { ...keysTheme().style, answer } },
                loop: false,
              },
              { ...context, input: keys.input },
            );
          } finally {
            keys.close();
          }
        }
      }
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new InterruptedError();
      }
      throw error;
    }
  }
}
