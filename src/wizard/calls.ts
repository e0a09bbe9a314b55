/**
 * Provider calls as a person sees them: a spinner (or one plain line in
 * logs), retries of retryable errors with backoff, and a refusal that
 * outlasts them turned into a typed error (exit 4) with the catalog's
 * explanation of its code.
 */
import { ProviderError, RefusedError } from '../core/errors.js';
import type { MessageRef, Params } from '../core/messages.js';
import { hasKey, t } from '../i18n/index.js';
import type { Progress } from '../ui/progress.js';
import { withRetry } from './retry.js';

/** The explanation of a provider error code, when the catalog has one. */
export function providerHints(error: ProviderError): MessageRef[] {
  const key = `providerError.${error.code}`;
  if (!hasKey(key)) return [];
  const params: Params = {};
  for (const [k, v] of Object.entries(error.data))
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  return [{ key, params }];
}

/**
 * Codes that say the cloud could not be reached (or did not answer), never
 * that a credential is wrong: asking for the key again would not help.
 */
const NETWORK_CODES = new Set(['EndpointUnreachable', 'RequestTimeout', 'InvalidResponse']);

export function isNetworkFailure(error: { code: string }): boolean {
  return NETWORK_CODES.has(error.code);
}

/** A provider refusal as the typed error a command ends with. */
export function refused(error: ProviderError, step?: string): RefusedError {
  const e = new RefusedError(error, providerHints(error));
  if (step) e.step = step;
  return e;
}

export async function callWithProgress<T>(
  progress: Progress,
  label: string,
  fn: (attempt: number) => Promise<T>,
  step?: string,
): Promise<T> {
  const task = progress.start(label);
  try {
    const result = await withRetry(fn, {
      onRetry: ({ error, attempt, delayMs }) =>
        task.update(
          t('progress.retrying', { label, code: error.code, attempt, seconds: (delayMs / 1000).toFixed(1) }),
        ),
    });
    task.succeed();
    return result;
  } catch (error) {
    task.fail();
    // Retryable errors that outlast the retries are refusals too: the provider said no, for now.
    if (error instanceof ProviderError) throw refused(error, step);
    throw error;
  }
}
