import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validation as en } from '../../src/i18n/en/validation.js';
import {
  type Check,
  checkBucketName,
  checkCidr,
  checkCidrList,
  checkCompanyName,
  checkCountryCode,
  checkCreditCode,
  checkEmail,
  checkIdNumber,
  checkInstanceType,
  checkLegalName,
  checkLegalRepresentative,
  checkPassportNumber,
  checkPassword,
  checkProfileName,
  checkReason,
  checkRegion,
  checkRegionForProduct,
  checkResidentId,
  checkVcpuQuota,
  checkVerificationCode,
  creditCodeCheckChar,
  type Invalid,
  isValidCreditCode,
  isValidResidentId,
  networkOf,
  residentIdCheckChar,
} from '../../src/validate/index.js';

const CHECKS: Record<string, Check> = {
  checkEmail,
  checkPassword,
  checkVerificationCode,
  checkLegalName,
  checkCompanyName,
  checkLegalRepresentative,
  checkResidentId,
  checkPassportNumber,
  checkCountryCode,
  checkCreditCode,
  checkBucketName,
  checkRegion,
  checkCidr,
  checkInstanceType,
  checkReason,
  checkProfileName,
  residentId: (v) => checkIdNumber(v, 'cn-resident-id'),
  passport: (v) => checkIdNumber(v, 'passport'),
  regionEmr: (v) => checkRegionForProduct(v, 'emr'),
  regionMaxCompute: (v) => checkRegionForProduct(v, 'maxcompute'),
  regionBoth: (v) => checkRegionForProduct(v, 'both'),
  cidrList: (v) => checkCidrList(v.split(',')),
  isValidResidentId: (v) => (isValidResidentId(v) ? null : { key: 'validation.empty' }),
  isValidCreditCode: (v) => (isValidCreditCode(v) ? null : { key: 'validation.empty' }),
};

/** Strings of every kind: ASCII, full Unicode (lone surrogates too), control characters, very long ones, near misses. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\n',
      '\t',
      '\u007f',
      '\u200b',
      '\u2028',
      '\uD800',
      '\uDC00',
      'a',
      '1',
      '-',
      '.',
      ':',
      '/',
      '@',
      'X',
    ),
    maxLength: 30,
  }),
  fc.string({ minLength: 200, maxLength: 3000 }),
  fc.constantFrom(
    '',
    ' ',
    '11010519491231002X',
    '91350100M000100Y43',
    '10.0.0.0/8',
    '::/0',
    'ecs.g7.2xlarge',
    'cn-hangzhou',
    'name@example.com',
  ),
);

function expectCatalogued(result: Invalid | null) {
  if (result === null) return;
  expect(Object.hasOwn(en, result.key), result.key).toBe(true);
  for (const value of Object.values(result.params ?? {}))
    expect(['string', 'number']).toContain(typeof value);
}

describe('every validator, on arbitrary input', () => {
  for (const [name, check] of Object.entries(CHECKS)) {
    it(`${name} never throws and answers null or a catalogued key`, () => {
      fc.assert(
        fc.property(anyString, (value) => {
          expectCatalogued(check(value));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('checkVcpuQuota never throws on any number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer()), (n) => {
        expectCatalogued(checkVcpuQuota(n));
      }),
    );
  });

  it('checkCidrList never throws on any list', () => {
    fc.assert(
      fc.property(fc.array(anyString, { maxLength: 12 }), (values) => {
        expectCatalogued(checkCidrList(values));
      }),
    );
  });
});

const DIGITS = '0123456789';
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 17 digits: an area code (first digit 1–9), a birth date from 1900 to today, a 3-digit sequence. */
const residentPrefix = fc
  .tuple(
    fc.integer({ min: 100000, max: 999999 }),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date(Date.now() - 86_400_000),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([area, date, seq]) => {
    const ymd = date.toISOString().slice(0, 10).replaceAll('-', '');
    return `${area}${ymd}${String(seq).padStart(3, '0')}`;
  });

const creditPrefix = fc.string({ unit: fc.constantFrom(...CREDIT_CHARS), minLength: 17, maxLength: 17 });

describe('check characters', () => {
  it('accepts generated resident ids and rejects any other check character', () => {
    fc.assert(
      fc.property(residentPrefix, fc.constantFrom(...`${DIGITS}X`), (prefix, other) => {
        const check = residentIdCheckChar(prefix);
        expect(checkResidentId(prefix + check)).toBeNull();
        if (other !== check) {
          expect(checkResidentId(prefix + other)).toEqual({ key: 'validation.residentId.checkChar' });
        }
      }),
    );
  });

  it('catches any single-digit change in a resident id', () => {
    fc.assert(
      fc.property(residentPrefix, fc.nat(16), fc.constantFrom(...DIGITS), (prefix, at, digit) => {
        fc.pre(prefix[at] !== digit);
        const id = prefix + residentIdCheckChar(prefix);
        const changed = id.slice(0, at) + digit + id.slice(at + 1);
        expect(checkResidentId(changed)).not.toBeNull();
      }),
    );
  });

  it('accepts generated credit codes and rejects any other check character', () => {
    fc.assert(
      fc.property(creditPrefix, fc.constantFrom(...CREDIT_CHARS), (prefix, other) => {
        const check = creditCodeCheckChar(prefix);
        expect(checkCreditCode(prefix + check)).toBeNull();
        if (other !== check) {
          expect(checkCreditCode(prefix + other)).toEqual({ key: 'validation.creditCode.checkChar' });
        }
      }),
    );
  });

  it('catches any single-character change in a credit code', () => {
    fc.assert(
      fc.property(creditPrefix, fc.nat(16), fc.constantFrom(...CREDIT_CHARS), (prefix, at, ch) => {
        fc.pre(prefix[at] !== ch);
        const code = prefix + creditCodeCheckChar(prefix);
        expect(checkCreditCode(code.slice(0, at) + ch + code.slice(at + 1))).not.toBeNull();
      }),
    );
  });
});

describe('CIDR blocks', () => {
  it('accepts every IPv4 and IPv6 address as a host route', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV6(), (v4, v6) => {
        expect(checkCidr(`${v4}/32`)).toBeNull();
        expect(checkCidr(`${v6}/128`)).toBeNull();
      }),
    );
  });

  it('suggests a network that is itself valid and stable', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })),
          fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })),
        ),
        ([address, prefix]) => {
          const cidr = `${address}/${prefix}`;
          const network = networkOf(cidr);
          expect(checkCidr(network)).toBeNull();
          expect(networkOf(network)).toBe(network);
          const result = checkCidr(cidr);
          if (result !== null)
            expect(result).toMatchObject({ key: 'validation.cidr.hostBits', params: { network } });
        },
      ),
    );
  });
});
