/**
 * Which keys a setup makes (SPEC §4.3, §4.6): the account's own (a root key),
 * a RAM user's (recommended), or both. Shared by the `accesskey` step, which
 * asks interactively first, and the `ramuser` step, which makes the RAM user.
 */
import { checkRamUserName } from '../validate/index.js';
import { defineFields } from '../wizard/field.js';

export const KEY_CHOICE_FIELDS = defineFields({
  rootKey: {
    flag: '--root-key',
    env: 'ONBOARD_ROOT_KEY',
    type: 'boolean',
    negatable: true,
    remember: true,
    help: 'field.rootKey',
  },
  ramUser: {
    flag: '--ram-user',
    arg: '<name>',
    env: 'ONBOARD_RAM_USER',
    type: 'nameOrOff',
    check: checkRamUserName,
    normalize: (v) => v.trim(),
    pattern: /^[A-Za-z0-9._-]{1,64}$/,
    remember: true,
    help: 'field.ramUser',
  },
});

/** The RAM user's name the wizard suggests. */
export const DEFAULT_RAM_USER = 'onboard-admin';

/** The interactive question that answers both at once; scripts give the flags. */
export const KEY_CHOICE_MENU = {
  key: 'keyChoice',
  scriptedBy: 'onboard --no-root-key --ram-user <name>  (both keys: --accept-key-risk --ram-user <name>)',
} as const;
