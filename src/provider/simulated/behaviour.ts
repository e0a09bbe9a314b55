/**
 * How a simulated cloud behaves, whether the wizard calls it in process or
 * `sim serve` serves it: its file, the clock, the review time, the latency of
 * every call and the injected faults (`ONBOARD_SIM_*`, parsed by `env.ts`).
 */
import type { Ctx } from './common.js';
import { type FaultEntry, FaultPlan } from './faults.js';
import { CloudStore } from './store.js';

export interface BehaviourOptions {
  configDir: string;
  /** Delay of every call, in milliseconds. */
  latencyMs?: number;
  /** Time until an enterprise identity or a quota application is decided. */
  reviewSeconds?: number;
  /** Injected faults of mutating calls, in order per operation. */
  faults?: readonly FaultEntry[];
  /** The clock (tests move it instead of waiting). */
  now?: () => number;
}

export class Behaviour {
  readonly store: CloudStore;
  readonly faults: FaultPlan;
  readonly #latencyMs: number;
  readonly #reviewMs: number;
  readonly now: () => number;

  constructor(options: BehaviourOptions, readOnly: boolean) {
    this.store = new CloudStore(options.configDir, readOnly);
    this.faults = new FaultPlan(options.faults ?? []);
    this.#latencyMs = options.latencyMs ?? 0;
    this.#reviewMs = Math.round((options.reviewSeconds ?? 10) * 1000);
    this.now = options.now ?? Date.now;
  }

  /** What the rules read of the moment: the time, and how long a review takes. */
  ctx(): Ctx {
    return { now: this.now(), reviewMs: this.#reviewMs };
  }

  /** The simulated network's delay, before a call is handled. */
  async delay(): Promise<void> {
    if (this.#latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
  }
}
