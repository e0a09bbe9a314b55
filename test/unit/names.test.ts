/**
 * Names from users are data (SPEC §8, version 3): every function that takes
 * a name a person gave — a profile, a target, a RAM user, a policy, a bucket,
 * a region, a zone, an e-mail address, an answers-file key — is fed every
 * member of Object.prototype (and other strings around them) and answers as
 * for any unknown name: a rule broken or nothing found, never a crash and
 * never an inherited function taken for a table's entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byName } from '../../src/core/names.js';
import { nameProblem, parseTarget } from '../../src/delivery/targets/spec.js';
import { zonesOf } from '../../src/provider/simulated/dimensions.js';
import {
  allows,
  isSystemPolicy,
  POLICY_DESCRIPTIONS,
  policyDocument,
  SYSTEM_POLICIES,
} from '../../src/provider/simulated/policies.js';
import { ALL_FIELDS } from '../../src/steps/index.js';
import {
  checkBucketName,
  checkCountryCode,
  checkEmail,
  checkInstanceType,
  checkPolicyName,
  checkProfileName,
  checkRamUserName,
  checkRegion,
  checkZone,
  findRegion,
} from '../../src/validate/index.js';
import { checkValue, parseAnswersFile } from '../../src/wizard/answers.js';

const PROTO_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
/** A member of Object.prototype, as it is or in a name around it. */
const protoName = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc
    .tuple(fc.constantFrom(...PROTO_NAMES), fc.constantFrom('', '.', '-', '_', '@example.com', 'x'))
    .map(([name, affix]) => `${name}${affix}`),
  fc.constantFrom(...PROTO_NAMES).map((name) => name.toLowerCase()),
);

const CHECKS = {
  checkProfileName,
  checkBucketName,
  checkRamUserName,
  checkPolicyName,
  checkEmail,
  checkRegion,
  checkZone,
  checkInstanceType,
  checkCountryCode,
};

describe('every Object.prototype name, wherever a name is taken', () => {
  it('validators give a rule or accept it as a name, never throw', () => {
    fc.assert(
      fc.property(protoName, (name) => {
        for (const [check, fn] of Object.entries(CHECKS)) {
          const result = fn(name);
          expect(result === null || typeof result.key === 'string', `${check}(${name})`).toBe(true);
        }
        expect(findRegion(name)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
    // Only lower-case ones pass the profile rule; they are then a profile like any other.
    expect(PROTO_NAMES.filter((n) => checkProfileName(n) === null)).toEqual(['constructor']);
  });

  it('every field of the wizard checks it as a value without throwing', () => {
    fc.assert(
      fc.property(protoName, (name) => {
        for (const f of ALL_FIELDS) {
          const value =
            f.type === 'list' ? [name] : f.type === 'integer' ? 1 : f.type === 'boolean' ? true : name;
          const result = checkValue(f, value);
          expect(result === null || typeof result.key === 'string', `${f.key}: ${name}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('as answers-file keys: unknown keys, refused as such; as values: checked like any', () => {
    for (const name of PROTO_NAMES) {
      expect(() => parseAnswersFile(JSON.stringify({ [name]: 'x' }), 'a.json', ALL_FIELDS)).toThrow(
        expect.objectContaining({ key: 'answers.unknownKey' }),
      );
      // JSON gives `__proto__` as an own key, never as the object's prototype.
      expect(() =>
        parseAnswersFile(`{"__proto__": {"email": "${name}@example.com"}}`, 'a.json', ALL_FIELDS),
      ).toThrow(expect.objectContaining({ key: 'answers.unknownKey' }));
      const parsed = parseAnswersFile(
        JSON.stringify({ ramUser: name, email: `${name}@example.com` }),
        'a.json',
        ALL_FIELDS,
      );
      expect(
        Object.getPrototypeOf(parsed) === null || Object.getPrototypeOf(parsed) === Object.prototype,
      ).toBe(true);
      expect(parsed.ramUser).toBe(name);
    }
  });

  it('as targets: never a credentials section; an aliyun CLI profile when its characters are allowed', () => {
    fc.assert(
      fc.property(protoName, (name) => {
        // A member itself is refused; a name around one (`constructor-2`, `tostring`) is just a name.
        const member = PROTO_NAMES.includes(name);
        const section = parseTarget(`credentials:${name}`, 'dev');
        if (member) expect(nameProblem('credentials', name)).toBe('sectionBuiltIn');
        expect('problem' in section).toBe(
          member || !/^[A-Za-z0-9_-]{1,64}$/.test(name) || name === 'DEFAULT',
        );
        const profile = parseTarget(`aliyun-cli:${name}`, 'dev');
        expect('problem' in profile).toBe(!/^[A-Za-z0-9_.-]{1,64}$/.test(name));
      }),
      { numRuns: 200 },
    );
  });

  it('the simulated cloud’s tables know no such policy, region or parameter', () => {
    for (const name of PROTO_NAMES) {
      expect(isSystemPolicy(name)).toBe(false);
      expect(SYSTEM_POLICIES[name]).toBeUndefined();
      expect(POLICY_DESCRIPTIONS[name]).toBeUndefined();
      expect(allows([name], 'ecs', 'DescribeInstances')).toBe(false);
      expect(policyDocument(name)).toBe('');
      expect(zonesOf(name)).toEqual([]);
    }
    // The real entries are still there.
    expect(isSystemPolicy('AliyunOSSFullAccess')).toBe(true);
    expect(zonesOf('cn-qingdao')).toEqual(['cn-qingdao-b', 'cn-qingdao-c']);
  });

  it('byName: a frozen table with no inherited member', () => {
    const table = byName({ a: 1 });
    expect(Object.getPrototypeOf(table)).toBeNull();
    expect(Object.isFrozen(table)).toBe(true);
    for (const name of PROTO_NAMES) expect(table[name]).toBeUndefined();
    expect(table.a).toBe(1);
  });
});
