/**
 * The conformance check, a pure function of what was recorded on the wire
 * (`record.ts`) and the official definitions (`official.ts`): every parameter
 * name sent or read, every response field answered or read, is one the
 * official model of that action has; every error code answered is one the docs
 * name for that action (or the gateway's, the product's denial, or one of the
 * simulation's own listed with its reason).
 */
import { canonicalName, type OfficialAction, type OfficialErrors } from './official.js';

/** What was seen of one action (`<product>:<Action>`). */
export interface ActionRecord {
  /** Parameter names a client sent (query, form or JSON body). */
  sent: Set<string>;
  /** Parameter names a `sim serve` handler looked up. */
  read: Set<string>;
  /** Response paths `sim serve` answered. */
  answered: Set<string>;
  /** Response paths the real provider read. */
  used: Set<string>;
  /** Error codes answered. */
  errors: Set<string>;
}

export type Records = Map<string, ActionRecord>;

export function emptyRecord(): ActionRecord {
  return { sent: new Set(), read: new Set(), answered: new Set(), used: new Set(), errors: new Set() };
}

/** The record of an action, made on first use. */
export function recordOf(records: Records, key: string): ActionRecord {
  let record = records.get(key);
  if (!record) {
    record = emptyRecord();
    records.set(key, record);
  }
  return record;
}

function allowedError(key: string, code: string, errors: OfficialErrors): boolean {
  const product = key.slice(0, key.indexOf(':'));
  if (errors.actions.get(key)?.has(code)) return true;
  if (errors.gateway.has(code)) return true;
  if (errors.denials.get(product) === code) return true;
  return errors.own.some(
    (own) => own.code === code && own.where.some((w) => w === '*' || w === key || w === `${product}:*`),
  );
}

/**
 * Every name or code that no official definition has, as one line each
 * (`ims:SetAccessKeyPolicy sent "UserAccesKeyId": not in the request model of …`).
 * `official` answers undefined for an action no source has: that is a problem too.
 */
export function conformanceProblems(
  records: Records,
  official: (product: string, action: string) => OfficialAction | undefined,
  errors: OfficialErrors,
): string[] {
  const problems: string[] = [];
  for (const [key, record] of [...records].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [product = '', action = ''] = key.split(':');
    const model = official(product, action);
    if (!model) {
      problems.push(`${key}: no official model of this action`);
      continue;
    }
    const inMap = (name: string) =>
      [...model.maps].some((map) => name.startsWith(`${map}.`) && !name.slice(map.length + 1).includes('.'));
    const check = (what: string, names: Set<string>, allowed: ReadonlySet<string>, side: string) => {
      for (const name of [...names].sort()) {
        const canonical = canonicalName(name);
        if (!allowed.has(canonical) && !(side === 'response' && inMap(canonical))) {
          problems.push(`${key} ${what} "${name}": not in the ${side} model of ${model.from}`);
        }
      }
    };
    check('sent', record.sent, model.request, 'request');
    check('read', record.read, model.request, 'request');
    check('answered', record.answered, model.response, 'response');
    check('used', record.used, model.response, 'response');
    for (const code of [...record.errors].sort()) {
      if (!allowedError(key, code, errors))
        problems.push(`${key} answered ${code}: no doc names it for this action`);
    }
  }
  return problems;
}
