/**
 * The options of a key's delivery, shared by every step and command that
 * creates a key for the account itself (the `accesskey` step, `keys create`).
 */
import type { Invalid } from '../core/types.js';
import { checkCidr, checkCidrList, MAX_CIDRS } from '../validate/index.js';
import { defineFields } from '../wizard/field.js';
import { expandHome } from './csv.js';
import { parseTarget } from './targets/spec.js';

/** At most this many `--save-to` targets for one key. */
const MAX_TARGETS = 6;

/** One `--save-to` value: `aliyun-cli[:<name>]`, `credentials[:<name>]` or `env`. */
function checkTargetValue(value: string): Invalid | null {
  const spec = parseTarget(value, 'default');
  return 'problem' in spec ? spec.rule : null;
}

/** The same target named twice would write one key twice. */
function checkTargetList(values: string[]): Invalid | null {
  const seen = new Set<string>();
  for (const value of values) {
    const label = value.trim();
    if (seen.has(label)) return { key: 'delivery.targetTwice', params: { value: label } };
    seen.add(label);
  }
  return null;
}

/** `--save-to`-like list fields (the root key's and the RAM user's). */
function saveToField<const Flag extends string, const Env extends string>(flag: Flag, env: Env) {
  return {
    flag,
    arg: '<target>',
    env,
    type: 'list',
    itemCheck: checkTargetValue,
    check: checkTargetList,
    maxItems: MAX_TARGETS,
    help: 'field.saveTo',
  } as const;
}

/** Replacing a profile or section of the same name (else exit 2 before any key exists). */
const OVERWRITE_FIELDS = defineFields({
  overwriteProfile: {
    flag: '--overwrite-profile',
    env: 'ONBOARD_OVERWRITE_PROFILE',
    type: 'boolean',
    help: 'field.overwriteProfile',
  },
});

/** The RAM user's key to other tools (`--ram-save-to`). */
export const RAM_SAVE_FIELDS = defineFields({
  ramSaveTo: { ...saveToField('--ram-save-to', 'ONBOARD_RAM_SAVE_TO'), help: 'field.ramSaveTo' },
  ...OVERWRITE_FIELDS,
});

export const KEY_FIELDS = defineFields({
  csv: {
    flag: '--csv',
    arg: '<path>',
    env: 'ONBOARD_CSV',
    type: 'string',
    normalize: (v) => expandHome(v),
    maxLength: 4096,
    help: 'field.csv',
  },
  showSecret: { flag: '--show-secret', type: 'boolean', help: 'field.showSecret' },
  allowCidr: {
    flag: '--allow-cidr',
    arg: '<cidr>',
    env: 'ONBOARD_ALLOW_CIDR',
    type: 'list',
    itemCheck: checkCidr,
    check: checkCidrList,
    maxItems: MAX_CIDRS,
    help: 'field.allowCidr',
  },
  saveTo: saveToField('--save-to', 'ONBOARD_SAVE_TO'),
  ...OVERWRITE_FIELDS,
});

/** Creating a key for the account itself (a root key) needs the risk accepted. */
export const ROOT_KEY_FIELDS = defineFields({
  acceptKeyRisk: {
    flag: '--accept-key-risk',
    env: 'ONBOARD_ACCEPT_KEY_RISK',
    type: 'boolean',
    help: 'field.acceptKeyRisk',
  },
});
