/**
 * Fields of the whole run rather than of one step: which product to prepare,
 * `--yes`, and the password that opens a session (asked by the account step,
 * and again by any step whose session expired).
 */
import { PRODUCTS, SITES } from '../core/types.js';
import { checkAccessKeyId } from '../validate/index.js';
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
  /** Console pages and product codes; asked once (suggesting the language's site), then remembered. */
  site: {
    flag: '--site',
    arg: '<site>',
    env: 'ONBOARD_SITE',
    type: 'enum',
    values: SITES,
    defaultHelp: 'field.siteDefault',
    remember: true,
    help: 'field.site',
  },
});

export const SESSION_FIELDS = defineFields({
  passwordStdin: {
    flag: '--password-stdin',
    env: 'ONBOARD_PASSWORD',
    secretEnv: true,
    type: 'boolean',
    help: 'field.passwordStdin',
  },
  /** A key provider's credential, given for this run (else the official credential chain finds one). */
  accessKeyId: {
    flag: '--access-key-id',
    arg: '<id>',
    type: 'string',
    check: checkAccessKeyId,
    normalize: (v) => v.trim(),
    pattern: /^[A-Za-z0-9]{16,64}$/,
    maxLength: 64,
    help: 'field.accessKeyId',
  },
  accessKeySecretStdin: {
    flag: '--access-key-secret-stdin',
    env: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    secretEnv: true,
    type: 'boolean',
    help: 'field.accessKeySecretStdin',
  },
});
