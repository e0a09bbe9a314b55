import { describe, expect, it } from 'vitest';
import { validation as en } from '../../src/i18n/en/validation.js';
import { validation as zh } from '../../src/i18n/zh-CN/validation.js';
import {
  type Check,
  COUNTRY_CODES,
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
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_REGION,
  findInstanceType,
  HIGH_END_MIN_VCPU,
  INSTANCE_TYPES,
  isValidCreditCode,
  isValidResidentId,
  networkOf,
  ossEndpoint,
  REGION_IDS,
  REGIONS,
  residentIdCheckChar,
} from '../../src/validate/index.js';

/** The key of the broken rule, or null. */
const keyOf = (check: Check, value: string) => check(value)?.key ?? null;

function expectValid(check: Check, values: string[]) {
  for (const v of values) expect(check(v), JSON.stringify(v)).toBeNull();
}

function expectKey(check: Check, key: string, values: string[]) {
  for (const v of values) expect(keyOf(check, v), JSON.stringify(v)).toBe(key);
}

describe('catalog', () => {
  it('has the same keys in English and Chinese, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(zh[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it('names every region in both languages', () => {
    for (const id of REGION_IDS) {
      expect(en).toHaveProperty([`region.${id}`]);
      expect(zh).toHaveProperty([`region.${id}`]);
    }
    expect(en['region.us-west-1']).toBe('US (Silicon Valley)');
    expect(zh['region.cn-hangzhou']).toBe('华东1（杭州）');
  });
});

describe('checkEmail', () => {
  it('accepts ordinary addresses', () => {
    expectValid(checkEmail, [
      'name@example.com',
      'first.last+tag@sub.example.co.uk',
      "o'brien@example.ie",
      'a@b.cn',
      'USER@EXAMPLE.COM',
      'x_y-z@my-domain.io',
      `${'a'.repeat(64)}@example.com`,
    ]);
  });

  it('rejects malformed addresses', () => {
    expectKey(checkEmail, 'validation.email.format', [
      'plainaddress',
      '@example.com',
      'name@',
      'na me@example.com',
      ' name@example.com',
      '.name@example.com',
      'name.@example.com',
      'na..me@example.com',
      '"quoted"@example.com',
      'name@@example.com',
      `${'a'.repeat(65)}@example.com`,
      '名字@example.com',
    ]);
    expectKey(checkEmail, 'validation.email.domain', [
      'name@localhost',
      'name@example.c',
      'name@example.123',
      'name@-example.com',
      'name@example-.com',
      'name@exa_mple.com',
      'name@example..com',
      'name@.example.com',
      'name@example.com.',
      `name@${'a'.repeat(64)}.com`,
      'name@例子.中国',
      'name@example.com ',
    ]);
    expect(checkEmail('')).toEqual({ key: 'validation.empty' });
  });

  it('limits the length to 254', () => {
    const label = 'a'.repeat(60);
    const long = `x@${[label, label, label, label].join('.')}.com`; // 2 + 4*61 + 3 = 249
    expect(checkEmail(long)).toBeNull();
    expect(checkEmail(`xxxxxx${long}`)).toEqual({
      key: 'validation.email.tooLong',
      params: { max: 254, length: 255 },
    });
  });
});

describe('checkPassword', () => {
  it('accepts 8–20 characters of three or four kinds', () => {
    expectValid(checkPassword, [
      'Abcdefg1',
      'abcdefg1!',
      'ABCDEFG1!',
      'Abcdefgh!',
      'Aa1!Aa1!Aa1!Aa1!Aa1!',
      'P@ssw0rd',
    ]);
  });

  it('names the broken rule without echoing the password', () => {
    expect(checkPassword('Ab1!')).toEqual({
      key: 'validation.password.tooShort',
      params: { min: 8, length: 4 },
    });
    expect(checkPassword('Aa1!'.repeat(6))).toEqual({
      key: 'validation.password.tooLong',
      params: { max: 20, length: 24 },
    });
    expect(checkPassword('abcdefgh1')).toEqual({
      key: 'validation.password.kinds',
      params: { min: 3, kinds: 2 },
    });
    expectKey(checkPassword, 'validation.password.kinds', [
      'abcdefgh',
      'ABCDEFGH',
      '12345678',
      '!@#$%^&*',
      'abcd!@#$',
    ]);
    expectKey(checkPassword, 'validation.password.characters', [
      'Abc def1!',
      'Abcdefg1\t',
      'Abcdefg1\n',
      'Pässwort1!',
      'Abcdefg1\u0000',
      '密码Abcdef1!',
    ]);
    expectKey(checkPassword, 'validation.empty', ['']);
  });
});

describe('checkVerificationCode', () => {
  it('wants exactly six ASCII digits', () => {
    expectValid(checkVerificationCode, ['123456', '000000']);
    expectKey(checkVerificationCode, 'validation.verificationCode.format', [
      '12345',
      '1234567',
      '12345a',
      ' 123456',
      '１２３４５６',
      '12 456',
    ]);
  });
});

describe('text fields', () => {
  it('counts code points on the trimmed value', () => {
    expectValid(checkLegalName, ['张三', 'Li Lei', '  Jo  ', '𠀋𠀋', 'Zoë Ångström']);
    expect(checkLegalName('张')).toEqual({ key: 'validation.text.tooShort', params: { min: 2, length: 1 } });
    expect(checkLegalName('𠀋')?.key).toBe('validation.text.tooShort'); // one code point, two UTF-16 units
    expect(checkLegalName(' a ')?.key).toBe('validation.text.tooShort');
    expect(checkLegalName('名'.repeat(64))).toBeNull();
    expect(checkLegalName('名'.repeat(65))).toEqual({
      key: 'validation.text.tooLong',
      params: { max: 64, length: 65 },
    });
  });

  it('rejects empty text and control characters', () => {
    expectKey(checkLegalName, 'validation.empty', ['', '   ', '\t']);
    expectKey(checkLegalName, 'validation.text.control', [
      'Li\nLei',
      'Li\u0007Lei',
      'Li\u2028Lei',
      'Li\uD800Lei',
    ]);
  });

  it('has the lengths of the contract', () => {
    expect(checkCompanyName('a'.repeat(128))).toBeNull();
    expect(checkCompanyName('a'.repeat(129))?.key).toBe('validation.text.tooLong');
    expect(checkCompanyName('阿里')).toBeNull();
    expect(checkLegalRepresentative('a'.repeat(65))?.key).toBe('validation.text.tooLong');
    expect(checkReason('E-MapReduce cluster nodes')).toBeNull();
    expect(checkReason('too short')).toEqual({
      key: 'validation.text.tooShort',
      params: { min: 10, length: 9 },
    });
    expect(checkReason('x'.repeat(500))).toBeNull();
    expect(checkReason('x'.repeat(501))?.key).toBe('validation.text.tooLong');
  });
});

describe('checkResidentId', () => {
  const make = (first17: string) => first17 + residentIdCheckChar(first17);

  it('computes ISO 7064 MOD 11-2 check characters', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });

  it('accepts real numbers', () => {
    expectValid(checkResidentId, [
      '11010519491231002X',
      '440524198001010013',
      make('32010619000101123'),
      make('51010820000229987'), // a leap day
      make('33010219991231000'),
    ]);
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(checkIdNumber('11010519491231002X', 'cn-resident-id')).toBeNull();
  });

  it('rejects the length, the format and a lower-case x', () => {
    expect(checkResidentId('1101051949123100')).toEqual({
      key: 'validation.residentId.length',
      params: { length: 16 },
    });
    expectKey(checkResidentId, 'validation.residentId.length', ['11010519491231002X1', '11010519491231002']);
    expectKey(checkResidentId, 'validation.residentId.format', [
      '1101051949123100XX',
      '11010519491231002Y',
      'A1010519491231002X',
      '110105 9491231002X',
      '１10105194912310021',
    ]);
    expectKey(checkResidentId, 'validation.residentId.lowerX', ['11010519491231002x']);
    expectKey(checkResidentId, 'validation.residentId.area', [make('01010519491231002')]);
  });

  it('rejects impossible birth dates', () => {
    const next = new Date(Date.now() + 2 * 86_400_000);
    const future = `${next.getUTCFullYear()}${String(next.getUTCMonth() + 1).padStart(2, '0')}${String(next.getUTCDate()).padStart(2, '0')}`;
    expectKey(checkResidentId, 'validation.residentId.birthDate', [
      '440524188001010014', // a published example, but born before 1900
      make('11010519000229002'), // 1900 was not a leap year
      make('11010520230229002'),
      make('11010519491331002'),
      make('11010519490001002'),
      make('11010519490100002'),
      make('11010519490431002'),
      make(`110105${future}002`),
      make('11010599990101002'),
    ]);
  });

  it('rejects a wrong check character without revealing the right one', () => {
    const bad = checkResidentId('110105194912310021');
    expect(bad).toEqual({ key: 'validation.residentId.checkChar' });
    expect(checkResidentId('110105194912310029')?.key).toBe('validation.residentId.checkChar');
    expect(isValidResidentId('110105194912310021')).toBe(false);
  });
});

describe('checkPassportNumber and checkIdNumber', () => {
  it('wants 5–20 letters and digits', () => {
    expectValid(checkPassportNumber, ['E12345678', 'g1234567', '12345', 'A'.repeat(20)]);
    expect(checkPassportNumber('1234')).toEqual({
      key: 'validation.passport.length',
      params: { min: 5, max: 20, length: 4 },
    });
    expectKey(checkPassportNumber, 'validation.passport.length', ['A'.repeat(21)]);
    expectKey(checkPassportNumber, 'validation.passport.characters', ['E1234-567', 'E 1234567', 'É12345678']);
    expect(checkIdNumber('E12345678', 'passport')).toBeNull();
    expect(checkIdNumber('E12345678', 'cn-resident-id')?.key).toBe('validation.residentId.length');
  });
});

describe('checkCountryCode', () => {
  it('knows the 249 assigned codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expectValid(checkCountryCode, ['CN', 'US', 'GB', 'HK', 'MO', 'TW', 'SS', 'CW', 'AX', 'ZW']);
  });

  it('rejects unassigned, malformed and lower-case codes', () => {
    expect(checkCountryCode('UK')).toEqual({ key: 'validation.country.unknown', params: { value: 'UK' } });
    expectKey(checkCountryCode, 'validation.country.unknown', ['XK', 'EU', 'ZZ', 'AN', 'xx']);
    expectKey(checkCountryCode, 'validation.country.format', ['CHN', 'C', '12', 'C1', 'ＣＮ']);
    expect(checkCountryCode('cn')).toEqual({ key: 'validation.country.case', params: { suggestion: 'CN' } });
  });
});

describe('checkCreditCode', () => {
  it('accepts published codes and computed ones', () => {
    expectValid(checkCreditCode, ['91350100M000100Y43', '91440300708461136T', '91110000802100433B']);
    const first17 = '91330106MA2B0XJ7P';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toBeNull();
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(() => creditCodeCheckChar('91350100I000100Y4')).toThrow(RangeError);
  });

  it('maps a remainder of 0 to check character 0', () => {
    // find a prefix whose weighted sum is a multiple of 31: 31 − 0 = 31 → '0'
    let found = '';
    for (let n = 0; n < 100_000 && !found; n++) {
      const prefix = `9135010000${String(n).padStart(7, '0')}`;
      if (creditCodeCheckChar(prefix) === '0') found = prefix;
    }
    expect(found).not.toBe('');
    expect(checkCreditCode(`${found}0`)).toBeNull();
  });

  it('rejects length, charset and check character', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({
      key: 'validation.creditCode.length',
      params: { length: 17 },
    });
    expectKey(checkCreditCode, 'validation.creditCode.characters', [
      '91350100M000100Y4I',
      '91350100O000100Y43',
      '91350100m000100y43',
      '91350100S000100Y43',
      '91350100Z000100Y43',
      '91350100-000100Y43',
    ]);
    expectKey(checkCreditCode, 'validation.creditCode.checkChar', [
      '91350100M000100Y44',
      '91350100M000100Y4A',
    ]);
  });
});

describe('checkBucketName', () => {
  it('accepts OSS names', () => {
    expectValid(checkBucketName, [
      'abc',
      'my-bucket-1',
      '123',
      'emr-1234-cn-hangzhou',
      'a'.repeat(63),
      'a--b',
    ]);
  });

  it('has separate keys for length, characters and edges', () => {
    expect(checkBucketName('ab')).toEqual({
      key: 'validation.bucket.length',
      params: { min: 3, max: 63, length: 2 },
    });
    expectKey(checkBucketName, 'validation.bucket.length', ['a'.repeat(64), 'a']);
    expect(checkBucketName('My-bucket')).toEqual({
      key: 'validation.bucket.characters',
      params: { char: "'M'" },
    });
    expect(checkBucketName('my_bucket')?.params).toEqual({ char: "'_'" });
    expect(checkBucketName('my bucket')?.params).toEqual({ char: 'U+0020' });
    expect(checkBucketName('my.bucket')?.key).toBe('validation.bucket.characters');
    expect(checkBucketName('桶桶桶')?.params).toEqual({ char: 'U+6876' });
    expectKey(checkBucketName, 'validation.bucket.edge', ['-abc', 'abc-', '---']);
    expectKey(checkBucketName, 'validation.empty', ['']);
  });
});

describe('regions', () => {
  it('lists the 21 regions of the contract in order', () => {
    expect(REGION_IDS).toEqual([
      'cn-hangzhou',
      'cn-shanghai',
      'cn-qingdao',
      'cn-beijing',
      'cn-zhangjiakou',
      'cn-huhehaote',
      'cn-wulanchabu',
      'cn-shenzhen',
      'cn-heyuan',
      'cn-guangzhou',
      'cn-chengdu',
      'cn-hongkong',
      'us-west-1',
      'us-east-1',
      'ap-northeast-1',
      'ap-southeast-1',
      'ap-southeast-3',
      'ap-southeast-5',
      'eu-central-1',
      'eu-west-1',
      'me-east-1',
    ]);
    expect(REGIONS.filter((r) => !r.emr).map((r) => r.id)).toEqual(['cn-heyuan', 'cn-guangzhou']);
    expect(DEFAULT_REGION).toBe('cn-hangzhou');
    expect(ossEndpoint('cn-beijing')).toBe('oss-cn-beijing.aliyuncs.com');
  });

  it('checks region ids and suggests near misses', () => {
    expectValid(checkRegion, [...REGION_IDS]);
    expect(checkRegion('cn-hangzou')).toEqual({
      key: 'validation.region.didYouMean',
      params: { value: 'cn-hangzou', suggestion: 'cn-hangzhou' },
    });
    expect(checkRegion('CN-BEIJING')?.params?.suggestion).toBe('cn-beijing');
    expect(checkRegion('mars-1')?.key).toBe('validation.region.unknown');
    expect(checkRegion('mars-1')?.params?.regions).toContain('cn-hangzhou, cn-shanghai');
  });

  it('needs E-MapReduce for emr and both', () => {
    expect(checkRegionForProduct('cn-hangzhou', 'emr')).toBeNull();
    expect(checkRegionForProduct('cn-heyuan', 'maxcompute')).toBeNull();
    expect(checkRegionForProduct('cn-guangzhou', 'both')).toEqual({
      key: 'validation.region.noEmr',
      params: { value: 'cn-guangzhou', suggestion: 'cn-shenzhen' },
    });
    expect(checkRegionForProduct('cn-heyuan', 'emr')?.key).toBe('validation.region.noEmr');
    expect(checkRegionForProduct('nowhere', 'maxcompute')?.key).toBe('validation.region.unknown');
  });
});

describe('checkCidr', () => {
  it('accepts IPv4 blocks', () => {
    expectValid(checkCidr, [
      '10.0.0.0/8',
      '192.168.1.0/24',
      '0.0.0.0/0',
      '203.0.113.7/32',
      '172.16.0.0/12',
      '255.255.255.255/32',
    ]);
  });

  it('accepts IPv6 blocks in every notation', () => {
    expectValid(checkCidr, [
      '2001:db8::/32',
      '2001:DB8:0:0:0:0:0:0/32',
      '2001:0db8:0000:0000:0000:0000:0000:0001/128',
      '::/0',
      '::1/128',
      'fe80::/10',
      '::ffff:192.0.2.1/128',
      '::ffff:0:0/96',
      '64:ff9b::/96',
      '0:0:0:0:0:ffff:c000:201/128',
      '0:0:0:0:0:ffff:192.0.2.1/128',
      '1:2:3:4:5:6:7::/128',
      '::2:3:4:5:6:7:8/128',
    ]);
  });

  it('rejects bad addresses', () => {
    expectKey(checkCidr, 'validation.cidr.address', [
      '256.0.0.0/8',
      '10.0.0/8',
      '10.0.0.0.0/8',
      '010.0.0.0/8',
      '10.00.0.0/16',
      ' 10.0.0.0/8',
      '10.0.0.-1/32',
      '2001:db8::1::/64',
      '2001:db8:::/64',
      ':2001:db8::/64',
      '1:2:3:4:5:6:7:8:9/128',
      '1:2:3:4:5:6:7/112',
      '1:2:3:4:5:6:7:8::/128',
      '12345::/16',
      'g::/16',
      '1.2.3.4::/128',
      '::1.2.3.256/128',
      '::1.2.3.4:5/128',
      'fe80::1%eth0/128',
      '/8',
    ]);
  });

  it('rejects bad prefixes', () => {
    expect(checkCidr('10.0.0.0/33')).toEqual({
      key: 'validation.cidr.prefix',
      params: { max: 32, value: '33' },
    });
    expect(checkCidr('::/129')).toEqual({
      key: 'validation.cidr.prefix',
      params: { max: 128, value: '129' },
    });
    expectKey(checkCidr, 'validation.cidr.prefix', [
      '10.0.0.0/',
      '10.0.0.0/08',
      '10.0.0.0/-1',
      '10.0.0.0/8/8',
      '10.0.0.0/ 8',
      '10.0.0.0/8 ',
      '::/1e2',
    ]);
  });

  it('asks for a prefix when there is none', () => {
    expect(checkCidr('203.0.113.7')).toEqual({
      key: 'validation.cidr.missingPrefix',
      params: { suggestion: '203.0.113.7/32' },
    });
    expect(checkCidr('2001:db8::1')?.params).toEqual({ suggestion: '2001:db8::1/128' });
    expect(checkCidr('banana')).toEqual({ key: 'validation.cidr.format', params: { value: 'banana' } });
    expect(checkCidr('')).toEqual({ key: 'validation.empty' });
  });

  it('rejects host bits and suggests the network', () => {
    expect(checkCidr('10.1.2.3/8')).toEqual({
      key: 'validation.cidr.hostBits',
      params: { value: '10.1.2.3/8', network: '10.0.0.0/8' },
    });
    expect(checkCidr('192.168.1.130/25')?.params?.network).toBe('192.168.1.128/25');
    expect(checkCidr('2001:db8::1/64')?.params?.network).toBe('2001:db8::/64');
    expect(checkCidr('::ffff:192.0.2.1/96')?.params?.network).toBe('::ffff:0:0/96');
    expect(checkCidr('1.2.3.4/0')?.params?.network).toBe('0.0.0.0/0');
  });
});

describe('networkOf', () => {
  it('clears host bits and canonicalises IPv6 (RFC 5952)', () => {
    expect(networkOf('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(networkOf('172.31.255.255/12')).toBe('172.16.0.0/12');
    expect(networkOf('10.1.2.3/32')).toBe('10.1.2.3/32');
    expect(networkOf('2001:0DB8:0000:0000:0000:0000:0000:0001/32')).toBe('2001:db8::/32');
    expect(networkOf('2001:db8:0:1:0:0:0:1/128')).toBe('2001:db8:0:1::1/128');
    expect(networkOf('2001:db8:0:0:1:0:0:1/128')).toBe('2001:db8::1:0:0:1/128');
    expect(networkOf('2001:db8:0:1:1:1:1:1/128')).toBe('2001:db8:0:1:1:1:1:1/128');
    expect(networkOf('::/0')).toBe('::/0');
    expect(networkOf('1::/128')).toBe('1::/128');
    expect(networkOf('::1/128')).toBe('::1/128');
    expect(networkOf('fe80::1234/10')).toBe('fe80::/10');
    expect(() => networkOf('10.0.0.0')).toThrow(RangeError);
    expect(() => networkOf('nope/8')).toThrow(RangeError);
  });
});

describe('checkCidrList', () => {
  it('allows up to 8 distinct valid blocks', () => {
    expect(checkCidrList([])).toBeNull();
    expect(checkCidrList(['10.0.0.0/8', '2001:db8::/32'])).toBeNull();
    expect(checkCidrList(Array.from({ length: 8 }, (_, i) => `10.${i}.0.0/16`))).toBeNull();
    expect(checkCidrList(Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`))).toEqual({
      key: 'validation.cidrList.tooMany',
      params: { max: 8, count: 9 },
    });
  });

  it('reports the first invalid block and duplicates (compared canonically)', () => {
    expect(checkCidrList(['10.0.0.0/8', '10.0.0.1/8'])?.key).toBe('validation.cidr.hostBits');
    expect(checkCidrList(['10.0.0.0/8', '10.0.0.0/8'])).toEqual({
      key: 'validation.cidrList.duplicate',
      params: { value: '10.0.0.0/8' },
    });
    expect(checkCidrList(['2001:db8::/32', '2001:DB8:0::/32'])?.key).toBe('validation.cidrList.duplicate');
    expect(checkCidrList(['10.0.0.0/8', '10.0.0.0/16'])).toBeNull();
  });
});

describe('instance types', () => {
  it('has a consistent catalog', () => {
    const g7 = findInstanceType(DEFAULT_INSTANCE_TYPE);
    expect(g7).toEqual({ id: 'ecs.g7.2xlarge', vcpu: 8, memoryGiB: 32, family: 'g7' });
    expect(findInstanceType('ecs.c7.large')).toMatchObject({ vcpu: 2, memoryGiB: 4 });
    expect(findInstanceType('ecs.r8i.4xlarge')).toMatchObject({ vcpu: 16, memoryGiB: 128 });
    expect(findInstanceType('ecs.hfg7.3xlarge')).toMatchObject({ vcpu: 12, memoryGiB: 48 });
    expect(new Set(INSTANCE_TYPES.map((t) => t.id)).size).toBe(INSTANCE_TYPES.length);
    for (const family of ['g7', 'c7', 'r7', 'g8i', 'c8i', 'r8i', 'g6', 'hfg7']) {
      expect(INSTANCE_TYPES.some((t) => t.family === family)).toBe(true);
    }
    for (const t of INSTANCE_TYPES) {
      expect(t.id.startsWith(`ecs.${t.family}.`)).toBe(true);
      const ratio = { g: 4, c: 2, r: 8 }[t.family.replace(/^hf/, '')[0] as 'g' | 'c' | 'r'];
      expect(t.memoryGiB, t.id).toBe(t.vcpu * ratio);
    }
  });

  it('accepts only known types with at least 8 vCPUs', () => {
    expectValid(checkInstanceType, [
      'ecs.g7.2xlarge',
      'ecs.c8i.16xlarge',
      'ecs.r7.32xlarge',
      'ecs.hfg7.8xlarge',
    ]);
    expect(checkInstanceType('ecs.g7.xlarge')).toEqual({
      key: 'validation.instanceType.tooSmall',
      params: { value: 'ecs.g7.xlarge', vcpu: 4, min: HIGH_END_MIN_VCPU, example: 'ecs.g7.2xlarge' },
    });
    expect(checkInstanceType('ecs.g7.2xlarg')).toEqual({
      key: 'validation.instanceType.didYouMean',
      params: { value: 'ecs.g7.2xlarg', suggestion: 'ecs.g7.2xlarge' },
    });
    expect(checkInstanceType('m5.large')?.key).toBe('validation.instanceType.unknown');
    expect(checkInstanceType('')?.key).toBe('validation.empty');
  });
});

describe('checkVcpuQuota', () => {
  it('wants a whole number from 8 to 2000', () => {
    for (const n of [8, 64, 1000, 2000]) expect(checkVcpuQuota(n)).toBeNull();
    expect(checkVcpuQuota(7)).toEqual({
      key: 'validation.vcpuQuota.range',
      params: { min: 8, max: 2000, value: 7 },
    });
    expect(checkVcpuQuota(2001)?.key).toBe('validation.vcpuQuota.range');
    expect(checkVcpuQuota(-8)?.key).toBe('validation.vcpuQuota.range');
    for (const n of [8.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(checkVcpuQuota(n)?.key).toBe('validation.vcpuQuota.integer');
    }
  });
});

describe('checkProfileName', () => {
  it('follows [a-z0-9][a-z0-9_-]{0,31}', () => {
    expectValid(checkProfileName, ['default', 'a', '0', 'prod_2-eu', `a${'b'.repeat(31)}`]);
    expectKey(checkProfileName, 'validation.profile.format', ['Default', '-a', '_a', 'a.b', 'a b', 'é']);
    expect(checkProfileName(`a${'b'.repeat(32)}`)).toEqual({
      key: 'validation.profile.tooLong',
      params: { max: 32, length: 33 },
    });
    expectKey(checkProfileName, 'validation.empty', ['']);
  });
});
