/**
 * Every value the wizard can be given: its flag, its environment variable,
 * its answers-file key and its rule. Flags, env vars, the answers file, the
 * stored answers and the prompts are all derived from this one list, so a
 * question can never exist without a scripted way to answer it.
 */
import { type MessageKey, t } from '../i18n/index.js';
import { ACLS, REDUNDANCIES, STORAGE_CLASSES } from '../provider/types.js';
import { PRODUCTS, type StepId } from '../steps/ids.js';
import {
  checkBucketName,
  checkCidr,
  checkCidrList,
  checkCompanyName,
  checkCountryCode,
  checkEmail,
  checkInstanceType,
  checkLegalName,
  checkLegalRepresentative,
  checkReason,
  checkRegion,
  checkVcpuQuota,
  checkVerificationCode,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_REGION,
  type Invalid,
} from '../validate/index.js';

export type FieldValue = string | number | boolean | string[];

interface BaseField {
  /** The answers-file key: the long flag name in camelCase. */
  key: string;
  /** The long flag, e.g. `--bucket`. */
  flag: string;
  /** The value placeholder shown in help, e.g. `<name>`; absent for booleans. */
  arg?: string;
  env?: string;
  /** The step that asks for it; `run` for values of the whole run. */
  step: StepId | 'run';
  /** Help text (catalog key). */
  help: MessageKey;
  /** Kept in the profile as an earlier answer for the next run. */
  remember?: boolean;
  /** The default when nothing else gives a value (non-interactive runs take it). */
  default?: FieldValue;
}

export type Field =
  | (BaseField & {
      type: 'string';
      check?: (v: string) => Invalid | null;
      pattern?: RegExp;
      maxLength?: number;
    })
  | (BaseField & { type: 'enum'; values: readonly string[] })
  | (BaseField & { type: 'boolean'; negatable?: boolean })
  | (BaseField & { type: 'integer'; min: number; max: number; check?: (v: number) => Invalid | null })
  | (BaseField & {
      type: 'list';
      itemCheck: (v: string) => Invalid | null;
      check: (v: string[]) => Invalid | null;
    });

export const IDENTITY_TYPES = ['individual', 'enterprise'] as const;
export const ID_TYPES = ['cn-resident-id', 'passport'] as const;
export const DEFAULT_REASON = 'E-MapReduce cluster nodes';

/** The fields, in the order the wizard asks for them. */
export const FIELDS: readonly Field[] = [
  {
    key: 'product',
    flag: '--product',
    arg: '<product>',
    env: 'ONBOARD_PRODUCT',
    step: 'run',
    type: 'enum',
    values: PRODUCTS,
    default: 'emr',
    remember: true,
    help: 'field.product',
  },
  { key: 'yes', flag: '--yes', env: 'ONBOARD_YES', step: 'run', type: 'boolean', help: 'field.yes' },
  // account
  {
    key: 'signIn',
    flag: '--sign-in',
    env: 'ONBOARD_SIGN_IN',
    step: 'account',
    type: 'boolean',
    default: false,
    remember: true,
    help: 'field.signIn',
  },
  {
    key: 'email',
    flag: '--email',
    arg: '<address>',
    env: 'ONBOARD_EMAIL',
    step: 'account',
    type: 'string',
    check: checkEmail,
    maxLength: 254,
    remember: true,
    help: 'field.email',
  },
  {
    key: 'passwordStdin',
    flag: '--password-stdin',
    env: 'ONBOARD_PASSWORD',
    step: 'account',
    type: 'boolean',
    help: 'field.passwordStdin',
  },
  {
    key: 'verificationCode',
    flag: '--verification-code',
    arg: '<code>',
    env: 'ONBOARD_VERIFICATION_CODE',
    step: 'account',
    type: 'string',
    check: checkVerificationCode,
    pattern: /^\d{6}$/,
    help: 'field.verificationCode',
  },
  // identity
  {
    key: 'identityType',
    flag: '--identity-type',
    arg: '<type>',
    env: 'ONBOARD_IDENTITY_TYPE',
    step: 'identity',
    type: 'enum',
    values: IDENTITY_TYPES,
    remember: true,
    help: 'field.identityType',
  },
  {
    key: 'legalName',
    flag: '--legal-name',
    arg: '<name>',
    env: 'ONBOARD_LEGAL_NAME',
    step: 'identity',
    type: 'string',
    check: checkLegalName,
    maxLength: 64,
    remember: true,
    help: 'field.legalName',
  },
  {
    key: 'idType',
    flag: '--id-type',
    arg: '<type>',
    env: 'ONBOARD_ID_TYPE',
    step: 'identity',
    type: 'enum',
    values: ID_TYPES,
    default: 'cn-resident-id',
    remember: true,
    help: 'field.idType',
  },
  {
    key: 'idNumber',
    flag: '--id-number',
    arg: '<n>',
    env: 'ONBOARD_ID_NUMBER',
    step: 'identity',
    type: 'string',
    pattern: /^[A-Za-z0-9]{5,20}$/,
    help: 'field.idNumber',
  },
  {
    key: 'idCountry',
    flag: '--id-country',
    arg: '<CC>',
    env: 'ONBOARD_ID_COUNTRY',
    step: 'identity',
    type: 'string',
    check: checkCountryCode,
    pattern: /^[A-Z]{2}$/,
    remember: true,
    help: 'field.idCountry',
  },
  {
    key: 'companyName',
    flag: '--company-name',
    arg: '<name>',
    env: 'ONBOARD_COMPANY_NAME',
    step: 'identity',
    type: 'string',
    check: checkCompanyName,
    maxLength: 128,
    remember: true,
    help: 'field.companyName',
  },
  {
    key: 'creditCode',
    flag: '--credit-code',
    arg: '<code>',
    env: 'ONBOARD_CREDIT_CODE',
    step: 'identity',
    type: 'string',
    pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/,
    help: 'field.creditCode',
  },
  {
    key: 'legalRepresentative',
    flag: '--legal-representative',
    arg: '<name>',
    env: 'ONBOARD_LEGAL_REPRESENTATIVE',
    step: 'identity',
    type: 'string',
    check: checkLegalRepresentative,
    maxLength: 64,
    remember: true,
    help: 'field.legalRepresentative',
  },
  // accesskey
  {
    key: 'acceptKeyRisk',
    flag: '--accept-key-risk',
    env: 'ONBOARD_ACCEPT_KEY_RISK',
    step: 'accesskey',
    type: 'boolean',
    help: 'field.acceptKeyRisk',
  },
  {
    key: 'csv',
    flag: '--csv',
    arg: '<path>',
    env: 'ONBOARD_CSV',
    step: 'accesskey',
    type: 'string',
    maxLength: 4096,
    help: 'field.csv',
  },
  { key: 'showSecret', flag: '--show-secret', step: 'accesskey', type: 'boolean', help: 'field.showSecret' },
  {
    key: 'allowCidr',
    flag: '--allow-cidr',
    arg: '<cidr>',
    env: 'ONBOARD_ALLOW_CIDR',
    step: 'accesskey',
    type: 'list',
    itemCheck: checkCidr,
    check: checkCidrList,
    help: 'field.allowCidr',
  },
  // oss
  {
    key: 'region',
    flag: '--region',
    arg: '<id>',
    env: 'ONBOARD_REGION',
    step: 'oss',
    type: 'string',
    check: checkRegion,
    default: DEFAULT_REGION,
    remember: true,
    help: 'field.region',
  },
  {
    key: 'bucket',
    flag: '--bucket',
    arg: '<name>',
    env: 'ONBOARD_BUCKET',
    step: 'oss',
    type: 'string',
    check: checkBucketName,
    pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    remember: true,
    help: 'field.bucket',
  },
  {
    key: 'storageClass',
    flag: '--storage-class',
    arg: '<class>',
    env: 'ONBOARD_STORAGE_CLASS',
    step: 'oss',
    type: 'enum',
    values: STORAGE_CLASSES,
    default: 'Standard',
    remember: true,
    help: 'field.storageClass',
  },
  {
    key: 'acl',
    flag: '--acl',
    arg: '<acl>',
    env: 'ONBOARD_ACL',
    step: 'oss',
    type: 'enum',
    values: ACLS,
    default: 'private',
    remember: true,
    help: 'field.acl',
  },
  {
    key: 'redundancy',
    flag: '--redundancy',
    arg: '<type>',
    env: 'ONBOARD_REDUNDANCY',
    step: 'oss',
    type: 'enum',
    values: REDUNDANCIES,
    default: 'LRS',
    remember: true,
    help: 'field.redundancy',
  },
  // highend
  {
    key: 'highEnd',
    flag: '--high-end',
    env: 'ONBOARD_HIGH_END',
    step: 'highend',
    type: 'boolean',
    negatable: true,
    default: false,
    remember: true,
    help: 'field.highEnd',
  },
  {
    key: 'instanceType',
    flag: '--instance-type',
    arg: '<type>',
    env: 'ONBOARD_INSTANCE_TYPE',
    step: 'highend',
    type: 'string',
    check: checkInstanceType,
    default: DEFAULT_INSTANCE_TYPE,
    remember: true,
    help: 'field.instanceType',
  },
  {
    key: 'vcpuQuota',
    flag: '--vcpu-quota',
    arg: '<n>',
    env: 'ONBOARD_VCPU_QUOTA',
    step: 'highend',
    type: 'integer',
    min: 8,
    max: 2000,
    check: checkVcpuQuota,
    default: 64,
    remember: true,
    help: 'field.vcpuQuota',
  },
  {
    key: 'reason',
    flag: '--reason',
    arg: '<text>',
    env: 'ONBOARD_REASON',
    step: 'highend',
    type: 'string',
    check: checkReason,
    maxLength: 500,
    default: DEFAULT_REASON,
    remember: true,
    help: 'field.reason',
  },
];

const BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

export function field(key: string): Field {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`unknown field ${key}`);
  return found;
}

/** Where a value came from; used to name the culprit in messages. */
export type Source = 'flag' | 'env' | 'file' | 'stored' | 'default';

/** The name of a field as its source spells it: `--bucket`, `ONBOARD_BUCKET`, or the answers-file key. */
export function sourceName(f: Field, source: Source): string {
  if (source === 'env' && f.env) return f.env;
  if (source === 'file') return t('field.sourceFile', { key: f.key });
  if (source === 'stored') return t('field.sourceStored', { key: f.key });
  return f.flag;
}

/**
 * Interactive-only menus. Each names the command that does the same in a
 * script, so no question is without a non-interactive way to answer it.
 */
export const MENU_QUESTIONS = [
  { key: 'keyToFree', step: 'accesskey', scriptedBy: 'onboard keys list' },
  { key: 'keyAction', step: 'accesskey', scriptedBy: 'onboard keys disable <id> / onboard keys delete <id>' },
] as const;

export function menuQuestion(key: string): (typeof MENU_QUESTIONS)[number] {
  const found = MENU_QUESTIONS.find((q) => q.key === key);
  if (!found) throw new Error(`unknown menu question ${key}`);
  return found;
}
