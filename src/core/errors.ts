/**
 * Typed errors, one class per exit code. Commands and steps throw these; the
 * one boundary (`src/boundary.ts`) turns them into an exit code, a message
 * for people and the `error` object of `--json`. Messages are catalog keys,
 * rendered at the boundary in the user's language.
 */
import { formatEnglish, type MessageKey, type MessageRef, type Params } from './messages.js';

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

/**
 * An error shaped like Alibaba Cloud's: code, HTTP status, message, request
 * id, and whether a retry may succeed. Every provider throws these.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly requestId: string,
    readonly retryable = false,
    /** Extra machine-readable facts (never secrets), e.g. `{ lockedUntil }`. */
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

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
    readonly hints: MessageRef[] = [],
  ) {
    super(key);
    // Rendered when read: the catalog may load after the error was made (e.g. at start-up).
    Object.defineProperty(this, 'message', { get: () => formatEnglish(key, params), configurable: true });
  }
}

/** Bad flag, invalid value, missing answer in non-interactive mode. Nothing was changed. */
export class UsageError extends OnboardError {
  readonly exitCode = EXIT.usage;
  constructor(
    key: MessageKey,
    params: Params = {},
    hints: MessageRef[] = [],
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
    hints: MessageRef[] = [],
    /** The provider's message as the person reads it (translated); the JSON keeps `cause.message`. */
    shownMessage: string = cause.message,
  ) {
    // A refusal decided on this side (a review's outcome, a pre-check) has no request id.
    super(
      cause.requestId === '-' ? 'error.providerRefusedLocal' : 'error.providerRefused',
      { code: cause.code, message: shownMessage, requestId: cause.requestId },
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
    hints: MessageRef[] = [],
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
export interface ErrorJson {
  code: string;
  message: string;
  step?: string;
  exitCode: number;
}

export function errorJson(error: OnboardError): ErrorJson {
  return {
    code: error.code,
    message: error instanceof RefusedError ? error.cause.message : formatEnglish(error.key, error.params),
    ...(error.step ? { step: error.step } : {}),
    exitCode: error.exitCode,
  };
}
