import type { MessageKey } from '../i18n/index.js';
import type { Context } from '../wizard/context.js';
import type { Product, StepId, StepStatus } from './ids.js';

/** Where a step stands, as `status` and `--json` show it. */
export interface StepState {
  status: StepStatus;
  /** One human line. */
  summary: string;
  details: Record<string, unknown>;
}

/** What a step can read when checking without changing anything. */
export interface CheckContext
  extends Pick<Context, 'provider' | 'profileState' | 'product' | 'answers' | 'store'> {
  /** A session token that worked, or null when there is none or it expired. */
  token: string | null;
}

/** A dry run's description of a step. */
export interface PlanEntry {
  /** Provider operations it would call. */
  calls: string[];
  /** Files it would write. */
  files: string[];
  /** Values it would use (never secrets). */
  values: Record<string, unknown>;
}

/** One step of the wizard. Adding a step = a new file that exports one of these, listed in `steps/index.ts`. */
export interface Step {
  id: StepId;
  title: MessageKey;
  needed(product: Product): boolean;
  /** The fields this step may ask (see wizard/fields.ts). */
  fields: readonly string[];
  /** Where it stands, checked live against the provider; never changes anything. */
  check(ctx: CheckContext): Promise<StepState>;
  /** Does (or redoes) the step. */
  run(ctx: Context): Promise<StepState>;
  /** Dry run: what `run` would do, after validating the answers. */
  plan(ctx: Context, current: StepState): Promise<PlanEntry>;
}
