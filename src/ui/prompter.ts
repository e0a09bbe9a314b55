/**
 * The one door to the prompt library. Steps never import it: they ask through
 * the wizard context, which only reaches a Prompter when no flag, env var,
 * answers file or default gives the answer and the run is interactive.
 */
import { styleText } from 'node:util';
import { InterruptedError } from '../core/errors.js';
import { t } from '../i18n/index.js';

/** The select prompt's key hints ("↑↓ navigate • ⏎ select") in the user's language. */
function selectTheme() {
  const action = (a: string) =>
    a === 'navigate' ? t('prompt.navigate') : a === 'select' ? t('prompt.select') : a;
  return {
    style: {
      keysHelpTip: (keys: [string, string][]) =>
        keys
          .map(([key, a]) => `${styleText('bold', key)} ${styleText('dim', action(a))}`)
          .join(styleText('dim', ' • ')),
    },
  };
}

export interface Choice {
  value: string;
  name: string;
  description?: string;
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

/** The real prompts, on stdin/stderr, loaded only when a question is asked. */
export class InquirerPrompter implements Prompter {
  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stderr,
    private readonly beforePrompt: () => void = () => {},
  ) {}

  async prompt(_key: string, spec: PromptSpec): Promise<string | boolean> {
    this.beforePrompt();
    const p = await import('@inquirer/prompts');
    const context = { input: this.input, output: this.output, clearPromptOnDone: false };
    try {
      switch (spec.kind) {
        case 'input':
          return await p.input(
            { message: spec.message, default: spec.default, validate: spec.validate },
            context,
          );
        case 'password':
          return await p.password({ message: spec.message, mask: '•', validate: spec.validate }, context);
        case 'confirm':
          return await p.confirm(
            {
              message: spec.message,
              default: spec.default,
              transformer: (answer: boolean) => t(answer ? 'prompt.yes' : 'prompt.no'),
            },
            context,
          );
        case 'select':
          return await p.select(
            {
              message: spec.message,
              choices: spec.choices,
              default: spec.default,
              pageSize: 12,
              theme: selectTheme(),
              loop: false,
            },
            context,
          );
      }
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new InterruptedError();
      }
      throw error;
    }
  }
}
