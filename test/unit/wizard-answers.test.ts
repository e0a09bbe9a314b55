/** Answers: precedence, env parsing, the answers file and its JSON Schema. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaDocument } from '../../src/commands/schema.js';
import { UsageError } from '../../src/core/errors.js';
import { ALL_FIELDS as FIELDS } from '../../src/steps/index.js';
import { type AnswerSources, Answers, loadAnswersFile as load, parseBool } from '../../src/wizard/answers.js';
import { thrown } from '../helpers/errors.js';
import { cleanupTempDirs, tempDir } from '../helpers/fake.js';

afterAll(() => cleanupTempDirs());

function answers(s: Partial<AnswerSources>): Answers {
  return new Answers(FIELDS, { flags: {}, env: {}, file: {}, stored: {}, ...s });
}

/** The answers file as `--answers` reads it, with every field of the wizard. */
function loadAnswersFile(file: string, readStdin: () => string) {
  return load(file, readStdin, FIELDS);
}

function usageError(fn: () => unknown): UsageError {
  const error = thrown(fn, UsageError);
  expect(error.exitCode).toBe(2);
  return error;
}

describe('precedence: flag > env > file > stored > default', () => {
  const cases = [
    {
      key: 'region',
      env: 'ONBOARD_REGION',
      values: ['cn-shanghai', 'cn-beijing', 'cn-qingdao', 'cn-shenzhen'],
      def: 'cn-hangzhou',
    },
    {
      key: 'storageClass',
      env: 'ONBOARD_STORAGE_CLASS',
      values: ['IA', 'Archive', 'ColdArchive', 'DeepColdArchive'],
      def: 'Standard',
    },
    {
      key: 'reason',
      env: 'ONBOARD_REASON',
      values: ['flag reason text', 'env reason text', 'file reason text', 'stored reason text'],
      def: 'E-MapReduce cluster nodes',
    },
    {
      key: 'acl',
      env: 'ONBOARD_ACL',
      values: ['public-read', 'public-read-write', 'private', 'public-read'],
      def: 'private',
    },
  ] as const;

  for (const c of cases) {
    it(c.key, () => {
      const [flag, env, file, stored] = c.values;
      const all = {
        flags: { [c.key]: flag },
        env: { [c.env]: env },
        file: { [c.key]: file },
        stored: { [c.key]: stored },
      };
      expect(answers(all).get(c.key)).toEqual({ value: flag, source: 'flag' });
      expect(answers({ ...all, flags: {} }).get(c.key)).toEqual({ value: env, source: 'env' });
      expect(answers({ ...all, flags: {}, env: {} }).get(c.key)).toEqual({ value: file, source: 'file' });
      expect(answers({ stored: all.stored }).get(c.key)).toEqual({ value: stored, source: 'stored' });
      expect(answers({}).get(c.key)).toEqual({ value: c.def, source: 'default' });
    });
  }

  it('integers from flags and env, and a stored vcpuQuota', () => {
    expect(
      answers({ flags: { vcpuQuota: '128' }, env: { ONBOARD_VCPU_QUOTA: '256' } }).value('vcpuQuota'),
    ).toBe(128);
    expect(answers({ env: { ONBOARD_VCPU_QUOTA: '256' }, file: { vcpuQuota: 512 } }).value('vcpuQuota')).toBe(
      256,
    );
    expect(answers({ file: { vcpuQuota: 512 }, stored: { vcpuQuota: 32 } }).value('vcpuQuota')).toBe(512);
    expect(answers({ stored: { vcpuQuota: 32 } }).value('vcpuQuota')).toBe(32);
    expect(answers({}).value('vcpuQuota')).toBe(64);
  });

  it('a field without a default and no value is undefined; given() ignores stored and default', () => {
    const a = answers({ stored: { email: 'me@example.com' } });
    expect(a.value('email')).toBe('me@example.com');
    expect(a.given('email')).toBeUndefined();
    expect(a.given('region')).toBeUndefined();
    expect(answers({}).value('email')).toBeUndefined();
  });

  it('an empty env var is ignored; an invalid stored answer falls back to the default', () => {
    expect(answers({ env: { ONBOARD_REGION: '' } }).get('region')?.source).toBe('default');
    expect(answers({ stored: { region: 'mars-1' } }).get('region')).toEqual({
      value: 'cn-hangzhou',
      source: 'default',
    });
  });

  it('an invalid flag or env value is a UsageError naming the flag or env var', () => {
    expect(usageError(() => answers({ flags: { region: 'mars-1' } })).message).toContain('--region');
    expect(usageError(() => answers({ env: { ONBOARD_REGION: 'mars-1' } })).message).toContain(
      'ONBOARD_REGION',
    );
    expect(usageError(() => answers({ env: { ONBOARD_VCPU_QUOTA: 'lots' } })).message).toContain(
      'ONBOARD_VCPU_QUOTA',
    );
    expect(usageError(() => answers({ flags: { vcpuQuota: '5' } })).message).toContain('--vcpu-quota');
  });

  it('ONBOARD_PASSWORD never becomes the passwordStdin answer', () => {
    expect(answers({ env: { ONBOARD_PASSWORD: 'Secr3t-Passw0rd' } }).value('passwordStdin')).toBeUndefined();
  });
});

describe('boolean environment variables', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['yes', true],
    ['TRUE', true],
    [' Yes ', true],
    ['0', false],
    ['false', false],
    ['no', false],
    ['NO', false],
  ])('%j → %s', (raw, expected) => {
    expect(parseBool(raw)).toBe(expected);
    expect(answers({ env: { ONBOARD_YES: raw } }).value('yes')).toBe(expected);
    expect(answers({ env: { ONBOARD_HIGH_END: raw } }).get('highEnd')).toEqual({
      value: expected,
      source: 'env',
    });
    expect(answers({ env: { ONBOARD_SIGN_IN: raw } }).value('signIn')).toBe(expected);
  });

  it.each(['maybe', 'on', 'off', 'y', '2'])('%j is a usage error naming the variable', (raw) => {
    expect(parseBool(raw)).toBeUndefined();
    for (const env of ['ONBOARD_YES', 'ONBOARD_ACCEPT_KEY_RISK', 'ONBOARD_HIGH_END']) {
      expect(usageError(() => answers({ env: { [env]: raw } })).message).toContain(env);
    }
  });

  it('a flag beats a contradicting env var', () => {
    expect(answers({ flags: { highEnd: false }, env: { ONBOARD_HIGH_END: 'yes' } }).get('highEnd')).toEqual({
      value: false,
      source: 'flag',
    });
  });
});

describe('list environment variables', () => {
  it('ONBOARD_ALLOW_CIDR is comma-separated, spaces trimmed', () => {
    expect(
      answers({ env: { ONBOARD_ALLOW_CIDR: '10.0.0.0/8, 192.168.1.0/24,2001:db8::/32' } }).value('allowCidr'),
    ).toEqual(['10.0.0.0/8', '192.168.1.0/24', '2001:db8::/32']);
  });

  it('repeated flags give the list and beat env', () => {
    const a = answers({
      flags: { allowCidr: ['10.0.0.0/8', '172.16.0.0/12'] },
      env: { ONBOARD_ALLOW_CIDR: '192.168.0.0/16' },
    });
    expect(a.get('allowCidr')).toEqual({ value: ['10.0.0.0/8', '172.16.0.0/12'], source: 'flag' });
  });

  it('an invalid CIDR or more than eight is a usage error naming the variable', () => {
    expect(
      usageError(() => answers({ env: { ONBOARD_ALLOW_CIDR: '10.0.0.0/8,not-a-cidr' } })).message,
    ).toContain('ONBOARD_ALLOW_CIDR');
    const nine = Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`).join(',');
    expect(usageError(() => answers({ env: { ONBOARD_ALLOW_CIDR: nine } })).message).toContain(
      'ONBOARD_ALLOW_CIDR',
    );
  });
});

describe('loadAnswersFile', () => {
  const dir = tempDir();
  let n = 0;
  const write = (text: string) => {
    const file = path.join(dir, `answers-${++n}.json`);
    fs.writeFileSync(file, text);
    return file;
  };
  const noStdin = () => {
    throw new Error('stdin not expected');
  };

  it('reads a valid file, and `-` from stdin', () => {
    const doc = {
      $schema: 'x',
      email: 'a@example.com',
      vcpuQuota: 128,
      highEnd: true,
      allowCidr: ['10.0.0.0/8'],
      acl: 'private',
    };
    const file = write(JSON.stringify(doc));
    expect(loadAnswersFile(file, noStdin)).toEqual({
      email: 'a@example.com',
      vcpuQuota: 128,
      highEnd: true,
      allowCidr: ['10.0.0.0/8'],
      acl: 'private',
    });
    expect(loadAnswersFile('-', () => '{"bucket":"my-bucket-1"}')).toEqual({ bucket: 'my-bucket-1' });
  });

  it('the file sits between env and stored answers', () => {
    const file = loadAnswersFile(write('{"region":"cn-beijing"}'), noStdin);
    expect(answers({ file, stored: { region: 'cn-shanghai' } }).get('region')).toEqual({
      value: 'cn-beijing',
      source: 'file',
    });
    expect(answers({ file, env: { ONBOARD_REGION: 'cn-qingdao' } }).get('region')?.source).toBe('env');
  });

  it('an unknown key names the key and the file', () => {
    const file = write('{"emial":"a@example.com"}');
    const e = usageError(() => loadAnswersFile(file, noStdin));
    expect(e.message).toContain('emial');
    expect(e.message).toContain(file);
    expect(e.code).toBe('InvalidAnswersFile');
  });

  it.each([
    ['vcpuQuota', '"64"'],
    ['highEnd', '"yes"'],
    ['allowCidr', '"10.0.0.0/8"'],
    ['email', '42'],
    ['acl', '"open"'],
    ['vcpuQuota', '64.5'],
    ['bucket', '"UPPER"'],
  ])('a wrong type or value of %s names the key', (key, value) => {
    const e = usageError(() => loadAnswersFile(write(`{"${key}": ${value}}`), noStdin));
    expect(e.message).toContain(key);
    expect(e.code).toBe('InvalidValue');
  });

  it.each(['[]', 'null', '42', '"text"', 'true'])('%s is not an object', (text) => {
    const file = write(text);
    const e = usageError(() => loadAnswersFile(file, noStdin));
    expect(e.message).toContain(file);
    expect(e.key).toBe('answers.fileNotObject');
  });

  it.each(['{', '', '{"a":1,}', "{'email':'x'}"])('%j is not JSON', (text) => {
    const file = write(text);
    const e = usageError(() => loadAnswersFile(file, noStdin));
    expect(e.message).toContain(file);
    expect(e.key).toBe('answers.fileNotJson');
  });

  it('an unreadable file (missing, a directory) names the file', () => {
    const missing = path.join(dir, 'missing.json');
    const e = usageError(() => loadAnswersFile(missing, noStdin));
    expect(e.message).toContain(missing);
    expect(e.key).toBe('answers.fileUnreadable');
    expect(usageError(() => loadAnswersFile(dir, noStdin)).message).toContain(dir);
  });

  it('bytes that are not UTF-8 are refused naming the file, never read as U+FFFD', () => {
    const file = path.join(dir, 'latin1.json');
    // {"legalName": "Zoë"} saved as Latin-1: ë is the lone byte 0xEB.
    fs.writeFileSync(file, Buffer.from([...Buffer.from('{"legalName": "Zo'), 0xeb, ...Buffer.from('"}')]));
    const e = usageError(() => loadAnswersFile(file, noStdin));
    expect(e.key).toBe('input.notUtf8');
    expect(e.message).toBe(
      `--answers ${file}: not UTF-8 text (bytes that no character is made of); nothing was used.`,
    );
  });

  it.each([
    ['a lone surrogate escape', '{"legalName": "Zo\\ud800"}'],
    ['U+FFFD', '{"legalName": "Zo\ufffd"}'],
    ['U+FFFD in a list', '{"ramPolicy": ["AliyunOSSFullAccess", "x\ufffd"]}'],
  ])('%s in a value is refused naming the key', (_, text) => {
    const key = JSON.parse(text.replace('\\ud800', '')) as object;
    const e = usageError(() => loadAnswersFile(write(text), noStdin));
    expect(e.key).toBe('answers.invalid');
    expect(e.message).toContain(Object.keys(key)[0]);
    expect(e.message).toContain('U+FFFD');
  });

  it('a list holding something other than strings is a usage error, not a crash', () => {
    const file = write('{"allowCidr":[0]}');
    expect(() => loadAnswersFile(file, noStdin)).toThrow(UsageError);
  });

  it('property: any JSON value or string gives a result or a UsageError, never another exception', () => {
    const keyed = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          ...FIELDS.map((f) => f.key),
          '$schema',
          '__proto__',
          ...Object.getOwnPropertyNames(Object.prototype),
        ),
        fc.string(),
      ),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          keyed.map((d) => JSON.stringify(d)),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        (text) => {
          const file = write(text);
          try {
            const result = loadAnswersFile(file, noStdin);
            expect(typeof result).toBe('object');
            // Whatever was accepted must also be accepted by the Answers resolver.
            answers({ file: result });
          } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            expect(error.exitCode).toBe(2);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('JSON Schema of the answers file', () => {
  it('has every FIELDS key and additionalProperties: false', () => {
    const doc = schemaDocument();
    expect(doc.type).toBe('object');
    expect(doc.additionalProperties).toBe(false);
    const props = doc.properties as Record<string, Record<string, unknown>>;
    for (const f of FIELDS) {
      expect(props[f.key], f.key).toBeDefined();
      expect(typeof props[f.key]!.description, f.key).toBe('string');
    }
    expect(Object.keys(props).sort()).toEqual(['$schema', ...FIELDS.map((f) => f.key)].sort());
    expect(doc.required ?? []).toEqual([]);
    expect(props.vcpuQuota).toMatchObject({ type: 'integer', minimum: 8, maximum: 2000 });
    expect(props.highEnd).toMatchObject({ type: 'boolean' });
    expect((props.acl as { enum: string[] }).enum).toEqual(['private', 'public-read', 'public-read-write']);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
