/**
 * Fields of the whole run rather than of one step: which product to prepare,
 * `--yes`, and the password that opens a session (asked by the account step,
 * and again by any step whose session expired).
 */
import { PRODUCTS } from '../core/types.js';
import { defineFields } from './field.js';

export const RUN_FIELDS = defineFields({
  product: {
    flag: '--product',
    arg: '<product>',
    env: 'ONBOARD_PRODUCT',
    type: 'enum',
    values: PRODUCTS,
    default: 'emr',
    remember: true,
    help: 'field.product',
  },
  yes: { flag: '--yes', env: 'ONBOARD_YES', type: 'boolean', help: 'field.yes' },
});

export const SESSION_FIELDS = defineFields({
  passwordStdin: {
    flag: '--password-stdin',
    env: 'ONBOARD_PASSWORD',
    secretEnv: true,
    type: 'boolean',
    help: 'field.passwordStdin',
  },
});
