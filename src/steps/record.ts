/** Small helpers steps share to read and write their slice of the profile. */
import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import type { ProfileState } from '../state/schema.js';
import { StoreError } from '../wizard/errors.js';
import type { FieldValue } from '../wizard/fields.js';
import type { StepId } from './ids.js';
import type { StepState } from './types.js';

/** Reads a step's own data slice, validated by the step's schema. */
export function stepData<T>(profile: ProfileState, id: StepId, schema: z.ZodMiniType<T>, file: string): T {
  const raw = profile.steps[id]?.data ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new StoreError('store.stateCorrupt', { file, reason: `steps.${id}.data` }, [
      { key: 'store.stateCorruptFix', params: { file } },
    ]);
  }
  return parsed.data;
}

/** Writes a step's status and data in the profile being changed. */
export function putStep(
  p: ProfileState,
  id: StepId,
  status: 'done' | 'todo' | 'waiting' | 'failed' | 'skipped',
  data: Record<string, unknown>,
): void {
  p.steps[id] = { status, updatedAt: new Date().toISOString(), data };
}

/** Remembers non-secret answers for the next run. */
export function remember(p: ProfileState, values: Record<string, FieldValue | undefined>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) p.answers[k] = v;
}

export function clientToken(): string {
  return randomUUID();
}

export function state(
  status: StepState['status'],
  summary: string,
  details: Record<string, unknown> = {},
): StepState {
  return { status, summary, details };
}
