/**
 * Picks and builds the provider. Today that is always the simulated cloud;
 * `ONBOARD_PROVIDER` is the seam where a real Alibaba Cloud adapter will plug
 * in (SPEC §9) without the steps changing.
 */
import { UsageError } from '../wizard/errors.js';
import { parseFaults } from './simulated/faults.js';
import { SimulatedProvider } from './simulated/index.js';
import type { Provider, SimulationControls } from './types.js';

/** Providers that exist (`aliyun` is planned, not built). */
export const PROVIDER_KINDS = ['simulated'] as const;

/** What `createProvider` needs. */
export interface CreateProviderOptions {
  /** The config dir; the simulated cloud lives in `simulated-cloud.json` there. */
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** Dry runs: reads work, every change throws, nothing is written to disk. */
  readOnly?: boolean;
}

/**
 * Builds the provider named by `ONBOARD_PROVIDER` (default `simulated`) after
 * validating its environment variables; a bad value is a {@link UsageError}
 * naming the variable and its rule, raised before anything happens.
 */
export async function createProvider(
  opts: CreateProviderOptions,
): Promise<{ provider: Provider; sim: SimulationControls }> {
  const kind = opts.env.ONBOARD_PROVIDER?.trim() || 'simulated';
  if (kind !== 'simulated') {
    // When the aliyun adapter exists it is imported lazily here, so the simulated path stays light.
    throw new UsageError('provider.env.kind', {
      env: 'ONBOARD_PROVIDER',
      value: kind,
      known: PROVIDER_KINDS.join(', '),
    });
  }
  const sim = new SimulatedProvider({
    configDir: opts.configDir,
    latencyMs: parseLatency(opts.env.ONBOARD_SIM_LATENCY_MS),
    reviewSeconds: parseReviewSeconds(opts.env.ONBOARD_SIM_REVIEW_SECONDS),
    faults: parseFaults(opts.env.ONBOARD_SIM_FAULTS),
    readOnly: opts.readOnly ?? false,
  });
  return { provider: sim, sim };
}

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
