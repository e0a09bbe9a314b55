/**
 * Shared vocabulary of every layer: products, step states, overall states,
 * and the shape of a rule violation. Imports nothing of the project.
 */
import type { MessageKey, PlainParams } from './messages.js';

export const PRODUCTS = ['emr', 'maxcompute', 'both'] as const;
export type Product = (typeof PRODUCTS)[number];

/** The Alibaba Cloud sites: China (aliyun.com) and international (alibabacloud.com). */
export const SITES = ['cn', 'intl'] as const;
export type Site = (typeof SITES)[number];

/**
 * A step id. The fixed list lives with the steps (`src/steps/index.ts`);
 * layers below the steps treat ids as opaque names.
 */
export type StepId = string;

export type StepStatus = 'done' | 'todo' | 'waiting' | 'failed' | 'skipped' | 'not_needed';

/** The overall state of a setup (SPEC §7). */
export type Overall = 'complete' | 'incomplete' | 'waiting' | 'action_required';

/** A rule a value broke: a catalog key and its parameters. */
export interface Invalid {
  key: MessageKey;
  params?: PlainParams;
}

/** The member of a fixed list equal to `value`, if any (narrows without a cast). */
export function memberOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((v) => v === value);
}

/** A value a person or a script can give (flag, env var, answers file, prompt). */
export type FieldValue = string | number | boolean | string[];
