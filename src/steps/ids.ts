/** Step ids are fixed by the contract: they appear in `status`, `--json` and `--step`. */
export const STEP_IDS = ['account', 'identity', 'accesskey', 'oss', 'highend'] as const;
export type StepId = (typeof STEP_IDS)[number];

export const PRODUCTS = ['emr', 'maxcompute', 'both'] as const;
export type Product = (typeof PRODUCTS)[number];

export type StepStatus = 'done' | 'todo' | 'waiting' | 'failed' | 'skipped' | 'not_needed';
