/**
 * Reading the SDKs' answers without trusting their shape: the OpenAPI client
 * returns untyped JSON and ali-oss parsed XML, so every field is looked up
 * here and checked for its type, never cast.
 */

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of object keys, or undefined when any step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A string (numbers are shown as strings, as the APIs mix them), or undefined. */
export function text(value: unknown, ...path: string[]): string | undefined {
  const v = at(value, ...path);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(value: unknown, ...path: string[]): number | undefined {
  const v = at(value, ...path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * A list: an array, a single object (XML and some JSON APIs give one item
 * unwrapped), or nothing (an empty list).
 */
export function list(value: unknown, ...path: string[]): unknown[] {
  const v = at(value, ...path);
  if (Array.isArray(v)) return v;
  return v === undefined || v === null || v === '' ? [] : [v];
}

/** An API time (`2024-05-01T08:00:00Z`, or epoch milliseconds) as an ISO string; `fallback` when absent. */
export function isoTime(value: unknown, fallback: string): string {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : fallback;
}
