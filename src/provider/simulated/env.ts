/**
 * The simulated provider's environment variables (SPEC §5), validated before
 * anything happens: a bad value is a UsageError naming the variable and its rule.
 */
import { UsageError } from '../../core/errors.js';
import type { SimulatedOptions } from './cloud.js';
import { parseFaults } from './faults.js';

// A day: longer would only be a typo, and setTimeout overflows past 2^31 ms.
const MAX_LATENCY_MS = 86_400_000;

/** `ONBOARD_SIM_LATENCY_MS`: a whole number of milliseconds ≥ 0; unset or empty means 0. */
export function parseLatency(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const v = value.trim();
  if (!/^[0-9]+$/.test(v) || Number(v) > MAX_LATENCY_MS) {
    throw new UsageError('provider.env.latency', {
      env: 'ONBOARD_SIM_LATENCY_MS',
      value,
      max: MAX_LATENCY_MS,
    });
  }
  return Number(v);
}

/** `ONBOARD_SIM_REVIEW_SECONDS`: a number of seconds ≥ 0 (fractions allowed); unset or empty means 10. */
export function parseReviewSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 10;
  const v = value.trim();
  if (!/^[0-9]+(\.[0-9]+)?$/.test(v) || !Number.isFinite(Number(v))) {
    throw new UsageError('provider.env.reviewSeconds', { env: 'ONBOARD_SIM_REVIEW_SECONDS', value });
  }
  return Number(v);
}

/** Latency, review time and faults from the environment. */
export function simulatedOptionsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<SimulatedOptions, 'latencyMs' | 'reviewSeconds' | 'faults'> {
  return {
    latencyMs: parseLatency(env.ONBOARD_SIM_LATENCY_MS),
    reviewSeconds: parseReviewSeconds(env.ONBOARD_SIM_REVIEW_SECONDS),
    faults: parseFaults(env.ONBOARD_SIM_FAULTS),
  };
}
