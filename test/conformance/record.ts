/**
 * What the conformance suite records while the provider contract runs
 * against `sim serve`: per OpenAPI action, the parameter names clients sent,
 * the names `sim serve`'s handlers looked up, the response fields it answered
 * and the error codes it answered (from the server's log), and the response
 * fields the real provider read (its OpenApi calls' answers, watched).
 */
import type {
  OpenApiOperation,
  Operation,
  Principal,
  ServeBackend,
} from '../../src/provider/serve/backend.js';
import type { LogEntry } from '../../src/provider/serve/server.js';
import { type ActionRecord, type Records, recordOf } from './check.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every field path of an answer, array elements transparent. */
export function fieldPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) fieldPaths(item, prefix, out);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.add(path);
    fieldPaths(child, path, out);
  }
}

/** A view of an object that notes every name looked up in it. */
function noting<T extends object>(target: T, names: Set<string>): T {
  return new Proxy(target, {
    get(t, property, receiver) {
      if (typeof property === 'string') names.add(property);
      return Reflect.get(t, property, receiver);
    },
    getOwnPropertyDescriptor(t, property) {
      if (typeof property === 'string') names.add(property);
      return Reflect.getOwnPropertyDescriptor(t, property);
    },
  });
}

/**
 * The backend behind the wire, watched: what each OpenAPI call sent, what its
 * handler looked up, what it answered. OSS calls pass through unwatched (OSS
 * has no model in the official SDK packages read here).
 */
export class RecordingBackend implements ServeBackend {
  readonly apis: ServeBackend['apis'];

  constructor(
    private readonly inner: ServeBackend,
    private readonly records: Records,
  ) {
    this.apis = inner.apis;
  }

  lookupKey(accessKeyId: string) {
    return this.inner.lookupKey(accessKeyId);
  }

  faultFor(op: Operation, principal: Principal) {
    return this.inner.faultFor?.(op, principal);
  }

  async call(op: Operation, principal: Principal): Promise<unknown> {
    if (op.product === 'oss') return this.inner.call(op, principal);
    const record = recordOf(this.records, `${op.product}:${op.action}`);
    for (const name of Object.keys(op.params)) record.sent.add(name);
    if (isPlainObject(op.body)) for (const name of Object.keys(op.body)) record.sent.add(name);
    const watched: OpenApiOperation = {
      ...op,
      params: noting(op.params, record.read),
      ...(isPlainObject(op.body) ? { body: noting(op.body, record.read) } : {}),
    };
    const result = await this.inner.call(watched, principal);
    // The wire adds the request id (MaxCompute spells it requestId).
    record.answered.add(op.product === 'maxcompute' ? 'requestId' : 'RequestId');
    fieldPaths(result, '', record.answered);
    return result;
  }
}

/** The server's log: every error code an action answered. */
export function recordErrors(records: Records): (entry: LogEntry) => void {
  return (entry) => {
    if (entry.code === '-' || entry.product === 'oss' || entry.product === 'openapi' || entry.action === '-')
      return;
    recordOf(records, `${entry.product}:${entry.action}`).errors.add(entry.code);
  };
}

/** Names a watched answer's reader asks that are not fields (promises, conversions, arrays' own). */
const NOT_FIELDS = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'toString', 'length']);

/**
 * An answer of the real provider's OpenApi call, watched: every field the
 * provider looks up is noted as a path (array elements transparent).
 */
export function watchAnswer(value: unknown, used: ActionRecord['used'], prefix = ''): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const array = Array.isArray(value);
  return new Proxy(value, {
    get(target, property, receiver) {
      const child = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || NOT_FIELDS.has(property)) return child;
      if (array) {
        return /^\d+$/.test(property) ? watchAnswer(child, used, prefix) : child;
      }
      const path = prefix === '' ? property : `${prefix}.${property}`;
      used.add(path);
      return watchAnswer(child, used, path);
    },
  });
}
