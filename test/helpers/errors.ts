/** Errors a test expects: thrown or rejected, of the right class, or the test fails. */
import { expect } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';

/** The error `fn` throws, which must be a `type` (the test fails when it throws nothing or another). */
export function thrown<T>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected a ${type.name}`);
}

/** What `promise` rejects with (the test fails when it resolves). */
export function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** The ProviderError `promise` rejects with, which must have this code and HTTP status (and a request id like `requestId`). */
export async function providerFailure(
  promise: Promise<unknown>,
  code: string,
  status: number,
  requestId?: RegExp,
): Promise<ProviderError> {
  const error = await rejected(promise);
  expect(error).toBeInstanceOf(ProviderError);
  const e = error as ProviderError;
  expect({ code: e.code, status: e.httpStatus }).toEqual({ code, status });
  if (requestId) expect(e.requestId).toMatch(requestId);
  return e;
}
