/**
 * Retries of retryable provider errors (throttling, unavailability, lost
 * responses) with capped, jittered exponential backoff. Every mutating call
 * the wizard makes is safe to repeat (client tokens or look-up-before-create),
 * which is what makes retrying a lost response correct.
 */
import { ProviderError } from '../core/errors.js';

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  capMs?: number;
  /** Told before each wait, e.g. to show it in the spinner. */
  onRetry?: (info: { error: ProviderError; attempt: number; delayMs: number }) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY = { attempts: 6, baseMs: 200, capMs: 3000 } as const;

/** "Full jitter": a random delay between half and all of the capped exponential step. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseMs = options.baseMs ?? DEFAULT_RETRY.baseMs;
  const capMs = options.capMs ?? DEFAULT_RETRY.capMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable || attempt >= attempts) throw error;
      const delayMs = backoffDelay(attempt, baseMs, capMs, options.random);
      options.onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs);
    }
  }
}
