/** The printed JSON Schema is usable by editors: it accepts a complete answers file and rejects each kind of mistake. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE, onboard, RESIDENT_ID, removeDir, tempDir } from '../helpers/cli.js';

const dir = tempDir('onboard-schema-');
const printed = onboard(dir, ['schema']);
removeDir(dir);
const schema = JSON.parse(printed.stdout);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const complete = {
  $schema: './answers.schema.json',
  product: 'both',
  yes: true,
  signIn: false,
  email: 'dev@example.com',
  passwordStdin: true,
  verificationCode: '123456',
  identityType: 'enterprise',
  legalName: 'Li Lei',
  idType: 'cn-resident-id',
  idNumber: RESIDENT_ID,
  idCountry: 'CN',
  companyName: 'Example Data Co., Ltd.',
  creditCode: CREDIT_CODE,
  legalRepresentative: 'Li Lei',
  acceptKeyRisk: true,
  csv: './AccessKey.csv',
  showSecret: false,
  allowCidr: ['10.0.0.0/8', '2001:db8::/32'],
  region: 'cn-shanghai',
  bucket: 'my-emr-data',
  storageClass: 'Standard',
  acl: 'private',
  redundancy: 'ZRS',
  highEnd: true,
  instanceType: 'ecs.g7.2xlarge',
  vcpuQuota: 64,
  reason: 'E-MapReduce cluster nodes',
};

describe('onboard schema', () => {
  it('prints a schema that compiles', () => {
    expect(printed.code).toBe(0);
    expect(typeof validate).toBe('function');
  });

  it('accepts a complete valid answers file, and an empty one', () => {
    expect(validate(complete), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({})).toBe(true);
  });

  it.each([
    ['an unknown key', { emial: 'dev@example.com' }],
    ['a wrong type', { highEnd: 'yes' }],
    ['a value outside an enum', { acl: 'public' }],
    ['a pattern broken', { bucket: 'Ab' }],
    ['a number out of range', { vcpuQuota: 4 }],
    ['a fraction where a whole number is needed', { vcpuQuota: 64.5 }],
    ['a string too long', { reason: 'x'.repeat(501) }],
    ['too many list items', { allowCidr: Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`) }],
    ['an empty string', { email: '' }],
  ])('rejects %s', (_kind, bad) => {
    expect(validate({ ...complete, ...bad })).toBe(false);
  });
});
