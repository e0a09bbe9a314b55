/**
 * Typed errors. Commands throw these; the one boundary in `cli.ts` turns them
 * into an exit code, a message for people and the `error` object of `--json`.
 * Messages are catalog keys so that they are translated at the boundary.
 */
import type { MessageKey, Params } from '../i18n/index.js';
import { tEn } from '../i18n/index.js';
import type { ProviderError } from '../provider/types.js';

export const EXIT = {
  ok: 0,
  bug: 1,
  usage: 2,
  waiting: 3,
  refused: 4,
  store: 5,
  interrupted: 130,
  terminated: 143,
} as const;

/** Base of every error the wizard expects. `key`/`params` render the message in the user's language. */
export abstract class OnboardError extends Error {
  abstract readonly exitCode: number;
  /** Stable identifier for `--json` (`error.code`). */
  abstract readonly code: string;
  /** The step this happened in, if any. */
  step?: string;
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    /** Extra lines: how to fix it (catalog keys with their params). */
    readonly hints: Array<{ key: MessageKey; params?: Params }> = [],
  ) {
    super(tEn(key, params));
  }
}

/** Bad flag, invalid value, missing answer in non-interactive mode. Nothing was changed. */
export class UsageError extends OnboardError {
  readonly exitCode = EXIT.usage;
  constructor(
    key: MessageKey,
    params: Params = {},
    hints: Array<{ key: MessageKey; params?: Params }> = [],
    readonly code: string = 'UsageError',
  ) {
    super(key, params, hints);
  }
}

/** The provider said no: a limit, a taken name, a rejected verification, a wrong password. */
export class RefusedError extends OnboardError {
  readonly exitCode = EXIT.refused;
  readonly code: string;
  constructor(
    override readonly cause: ProviderError,
    hints: Array<{ key: MessageKey; params?: Params }> = [],
  ) {
    // A refusal decided on this side (a review's outcome, a pre-check) has no request id.
    super(
      cause.requestId === '-' ? 'error.providerRefusedLocal' : 'error.providerRefused',
      { code: cause.code, message: cause.message, requestId: cause.requestId },
      hints,
    );
    this.code = cause.code;
  }
}

/** The local store (or the simulated cloud's file) cannot be used: corrupt, unreadable or locked. */
export class StoreError extends OnboardError {
  readonly exitCode = EXIT.store;
  constructor(
    key: MessageKey,
    params: Params & { file: string },
    hints: Array<{ key: MessageKey; params?: Params }> = [],
    readonly code: string = 'StoreUnusable',
  ) {
    super(key, params, hints);
  }
}

/** Ctrl-C or SIGTERM. Progress up to the last finished action is kept. */
export class InterruptedError extends OnboardError {
  readonly code = 'Interrupted';
  constructor(readonly exitCode: number = EXIT.interrupted) {
    super('error.interrupted');
  }
}

export function isOnboardError(error: unknown): error is OnboardError {
  return error instanceof Error && 'exitCode' in error && 'key' in error;
}

/** The `error` object of a `--json` document: one shape for every path. */
export function errorJson(error: OnboardError): {
  code: string;
  message: string;
  step?: string;
  exitCode: number;
} {
  return {
    code: error.code,
    message: error instanceof RefusedError ? error.cause.message : tEn(error.key, error.params),
    ...(error.step ? { step: error.step } : {}),
    exitCode: error.exitCode,
  };
}
