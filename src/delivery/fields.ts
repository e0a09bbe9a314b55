/**
 * The options of a key's delivery, shared by every step and command that
 * creates a key for the account itself (the `accesskey` step, `keys create`).
 */
import { checkCidr, checkCidrList, MAX_CIDRS } from '../validate/index.js';
import { defineFields } from '../wizard/field.js';
import { expandHome } from './csv.js';

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
