/**
 * How the simulated provider exposes its rule modules. Each module lists its
 * rules under the capability's method names (`read(rule)`, or
 * `write(fault, rule)` with the operation's `ONBOARD_SIM_FAULTS` name), and
 * {@link bind} turns such a table into the capability, every call wrapped
 * once by the cloud (`cloud.ts`: latency, read-only refusal, faults, the
 * store's transaction). A rule takes the scope of its call first, then the
 * capability method's own arguments: no forwarding method per operation.
 */
import type { Ctx } from './common.js';
import type { FaultName } from './faults.js';
import type { CloudTx } from './records.js';
import type { StoredAccount } from './state.js';

/**
 * What every rule is given: the cloud's records inside the call's transaction
 * (a snapshot for a read; for a change, what the rule changes is written back
 * at its end) and the moment.
 */
export interface World {
  db: CloudTx;
  ctx: Ctx;
}

/** A call made for one account (the session's, or the key's on the wire). */
export interface Scope extends World {
  account: StoredAccount;
}

/** Whether a rule changes the cloud, and its fault name: all the wrapper needs to know of it. */
export interface RuleMode {
  readonly kind: 'read' | 'write';
  /** The `ONBOARD_SIM_FAULTS` name of a change (null: a change no fault names); null for reads. */
  readonly fault: FaultName | null;
}

/** A rule as a capability method. */
export interface Rule<S, A extends unknown[], R> extends RuleMode {
  readonly run: (scope: S, ...args: A) => R;
}

/** Rules reached through a narrower scope, by a method's arguments (`ram.userKeys(name)`). */
export interface Within<S, A extends unknown[], N, T> {
  readonly kind: 'within';
  readonly narrow: (scope: S, ...args: A) => N;
  readonly rules: T;
}

/** Rules reached through a narrower scope, as a property (the account's own `accessKeys`). */
export interface Under<S, N, T> {
  readonly kind: 'under';
  readonly narrow: (scope: S) => N;
  readonly rules: T;
}

/** A table of rules for a scope `S`; nested plain tables are capabilities of their own. */
export type Rules<S> = {
  readonly [name: string]:
    | Rule<S, never, unknown>
    | Within<S, never, unknown, unknown>
    | Under<S, unknown, unknown>
    | Rules<S>;
};

/** A rule that only reads: never faulted, never written, a snapshot that waits for no writer. */
export function read<S, A extends unknown[], R>(run: (scope: S, ...args: A) => R): Rule<S, A, R> {
  return { kind: 'read', fault: null, run };
}

/** A rule that changes the cloud, in one store transaction, faulted as `fault` (null: never faulted). */
export function write<S, A extends unknown[], R>(
  fault: FaultName | null,
  run: (scope: S, ...args: A) => R,
): Rule<S, A, R> {
  return { kind: 'write', fault, run };
}

/** A method returning the rules of a narrower scope (`ram.userKeys(name)`). */
export function within<S, A extends unknown[], N, T extends Rules<N>>(
  narrow: (scope: S, ...args: A) => N,
  rules: T,
): Within<S, A, N, T> {
  return { kind: 'within', narrow, rules };
}

/** A property holding the rules of a narrower scope (the account's own `accessKeys`). */
export function under<S, N, T extends Rules<N>>(narrow: (scope: S) => N, rules: T): Under<S, N, T> {
  return { kind: 'under', narrow, rules };
}

/** A table of rules as the capability it implements. */
export type Bound<T> = {
  readonly [K in keyof T]: T[K] extends Rule<never, infer A, infer R>
    ? (...args: A) => Promise<R>
    : T[K] extends Under<never, unknown, infer U>
      ? Bound<U>
      : T[K] extends Within<never, infer A, unknown, infer U>
        ? (...args: A) => Bound<U>
        : Bound<T[K]>;
};

/** Runs one rule's call: `call` builds the scope from the world and applies the rule. */
export type Runner = <R>(rule: RuleMode, call: (world: World) => R) => Promise<R>;

/** A rule or a table seen from inside `bind`, whatever its scope and arguments. */
interface Loose {
  readonly kind?: string;
  readonly fault?: FaultName | null;
  readonly run?: (scope: unknown, ...args: unknown[]) => unknown;
  readonly narrow?: (scope: unknown, ...args: unknown[]) => unknown;
  readonly rules?: object;
}

/**
 * The capability of a table: each rule becomes a method that the runner
 * wraps. `enter` makes the rules' scope from the world inside the call (a
 * session resolved to its account, a user to its keys), so the scope is read
 * in the same transaction as the rule acts.
 */
export function bind<S, T extends Rules<S>>(rules: T, enter: (world: World) => S, runner: Runner): Bound<T>;
export function bind(
  rules: object,
  enter: (world: World) => unknown,
  runner: Runner,
): Record<string, unknown> {
  return bindAll(rules, enter, runner);
}

function bindAll(rules: object, enter: (world: World) => unknown, runner: Runner): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(rules)) {
    const { kind, fault, run, narrow, rules: inner }: Loose = entry;
    if ((kind === 'read' || kind === 'write') && run) {
      const rule: RuleMode = { kind, fault: fault ?? null };
      out[name] = (...args: unknown[]) => runner(rule, (world) => run(enter(world), ...args));
    } else if ((kind === 'within' || kind === 'under') && narrow) {
      const scoped = (args: unknown[]) =>
        bindAll(inner ?? {}, (world) => narrow(enter(world), ...args), runner);
      out[name] = kind === 'under' ? scoped([]) : (...args: unknown[]) => scoped(args);
    } else {
      out[name] = bindAll(entry, enter, runner);
    }
  }
  return out;
}
