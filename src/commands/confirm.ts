/** The confirmation of a destructive command: `--yes` answers it, a script without it is a usage error. */

import { UsageError } from '../core/errors.js';
import { type MessageKey, type Params, t } from '../i18n/index.js';
import { InquirerPrompter } from '../ui/prompter.js';
import type { Globals } from './globals.js';

export async function confirmDestructive(
  g: Globals,
  question: { key: MessageKey; params?: Params },
  needsYes: { key: MessageKey; params?: Params },
): Promise<boolean> {
  if (g.yes) return true;
  if (!g.interactive) throw new UsageError(needsYes.key, needsYes.params ?? {}, [], 'ConfirmationNeeded');
  const answer = await new InquirerPrompter().prompt('yes', {
    kind: 'confirm',
    message: t(question.key, question.params ?? {}),
    default: false,
  });
  return answer === true;
}
