/**
 * The one door to the prompt library. Steps never import it: they ask through
 * the wizard context, which only reaches a Prompter when no flag, env var,
 * answers file or default gives the answer and the run is interactive.
 */
import { InterruptedError } from '../wizard/errors.js';

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
          return await p.confirm({ message: spec.message, default: spec.default }, context);
        case 'select':
          return await p.select(
            {
              message: spec.message,
              choices: spec.choices,
              default: spec.default,
              pageSize: 12,
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
