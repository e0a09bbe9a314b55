/**
 * The steps, in order (their ids are fixed by the contract: they appear in
 * `status`, `--json` and `--step`). A new step is its folder, its catalog
 * entries, and one line here.
 */
import type { Field } from '../wizard/field.js';
import { RUN_FIELDS } from '../wizard/run-fields.js';
import type { Step } from '../wizard/step.js';
import { accesskey } from './accesskey/index.js';
import { account } from './account/index.js';
import { activate } from './activate/index.js';
import { highend } from './highend/index.js';
import { identity } from './identity/index.js';
import { oss } from './oss/index.js';
import { ramuser } from './ramuser/index.js';
import { roles } from './roles/index.js';

export const STEPS: readonly Step[] = [account, identity, accesskey, ramuser, roles, oss, highend, activate];

export const STEP_IDS = STEPS.map((s) => s.id);

/** Every field of the run and of the steps, once each, in the order they are asked. */
export const ALL_FIELDS: readonly Field[] = uniqueFields([
  ...Object.values(RUN_FIELDS),
  ...STEPS.flatMap((s) => Object.values(s.fields)),
]);

function uniqueFields(fields: readonly Field[]): Field[] {
  const seen = new Map<string, Field>();
  for (const f of fields) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}
