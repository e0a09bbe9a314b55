/**
 * `ONBOARD_SIM_FAULTS`: injected failures of mutating calls, so that the
 * wizard's retries and its handling of lost responses can be exercised.
 * The plan lives in memory for one process (each run starts afresh).
 */
import { UsageError } from '../../core/errors.js';
import { memberOf } from '../../core/types.js';
import { WIRE } from './wire.js';

/** The name `ONBOARD_SIM_FAULTS` gives an operation that changes the cloud (the wire table's `fault`). */
export type FaultName = NonNullable<(typeof WIRE)[number]['fault']>;

/**
 * Operations that change the cloud and can be faulted by `ONBOARD_SIM_FAULTS`:
 * every fault name of the wire table, in the order it first appears there.
 */
export const MUTATING_OPERATIONS: readonly FaultName[] = [
  ...new Set(WIRE.flatMap((entry) => (entry.fault === null ? [] : [entry.fault]))),
];

/** The kinds of fault. */
export const FAULT_KINDS = ['throttle', 'unavailable', 'lost-response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One `operation:fault[:times]` entry. */
export interface FaultEntry {
  operation: FaultName;
  fault: FaultKind;
  times: number;
}

const ENV = 'ONBOARD_SIM_FAULTS';

/**
 * Parses `operation:fault[:times],...`. Empty entries (`a,,b`, a trailing
 * comma) are ignored; anything else that does not fit is a {@link UsageError}
 * naming the variable, the entry and the rule.
 */
export function parseFaults(spec: string | undefined): FaultEntry[] {
  if (spec === undefined || spec.trim() === '') return [];
  const entries: FaultEntry[] = [];
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parts = entry.split(':').map((p) => p.trim());
    if (parts.length < 2 || parts.length > 3) {
      throw new UsageError('provider.env.faultFormat', { env: ENV, entry });
    }
    const [name = '', kind = '', times] = parts;
    const operation = memberOf(MUTATING_OPERATIONS, name);
    const fault = memberOf(FAULT_KINDS, kind);
    if (operation === undefined) {
      throw new UsageError('provider.env.faultOperation', {
        env: ENV,
        operation: name,
        known: MUTATING_OPERATIONS.join(', '),
      });
    }
    if (fault === undefined) {
      throw new UsageError('provider.env.faultKind', {
        env: ENV,
        fault: kind,
        known: FAULT_KINDS.join(', '),
      });
    }
    if (times !== undefined && !/^[1-9][0-9]{0,5}$/.test(times)) {
      throw new UsageError('provider.env.faultTimes', { env: ENV, times, entry });
    }
    entries.push({
      operation,
      fault,
      times: times === undefined ? 1 : Number(times),
    });
  }
  return entries;
}

/** The remaining faults per operation, consumed in the order they were given. */
export class FaultPlan {
  private readonly queues = new Map<FaultName, Array<{ fault: FaultKind; left: number }>>();

  constructor(entries: readonly FaultEntry[]) {
    for (const e of entries) {
      const queue = this.queues.get(e.operation) ?? [];
      queue.push({ fault: e.fault, left: e.times });
      this.queues.set(e.operation, queue);
    }
  }

  /** The fault this call of `operation` suffers, if any (and uses it up). */
  next(operation: FaultName): FaultKind | undefined {
    const queue = this.queues.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.left--;
    if (head.left <= 0) queue.shift();
    return head.fault;
  }
}
