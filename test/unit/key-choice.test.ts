/**
 * The key decision as a table (SPEC §4.3): answers and where each came from
 * in, which keys out. The same function the steps check, ask, run and plan by.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { FieldValue } from '../../src/core/types.js';
import { ALL_FIELDS } from '../../src/steps/index.js';
import { decideKeys, type KeyAnswers } from '../../src/steps/key-choice.js';
import type { Source } from '../../src/wizard/field.js';

/** Answers: `key: value` given as flags, `key@stored: value` remembered by the profile. */
function answers(given: Record<string, FieldValue>): KeyAnswers {
  const values = new Map<string, { value: FieldValue; source: Source }>();
  for (const [k, value] of Object.entries(given)) {
    const [key = '', where] = k.split('@');
    values.set(key, { value, source: where === 'stored' ? 'stored' : where === 'typed' ? 'typed' : 'flag' });
  }
  return {
    get: (key) => values.get(key),
    field: (key) => {
      const f = ALL_FIELDS.find((x) => x.key === key);
      if (!f) throw new Error(key);
      return f;
    },
  };
}

const keys = (given: Record<string, FieldValue>, interactive = false) =>
  decideKeys(answers(given), interactive);

describe('which keys a run makes', () => {
  it.each<[string, Record<string, FieldValue>, string]>([
    ['no key answer', {}, 'ram-user'],
    ['root-key answers only', { acceptKeyRisk: true, csv: '/tmp/a.csv' }, 'root'],
    ['--root-key alone', { rootKey: true }, 'root'],
    ['--save-to alone', { saveTo: ['credentials:boot'] }, 'root'],
    ['--allow-cidr alone', { allowCidr: ['10.0.0.0/8'] }, 'root'],
    ['RAM-user answers only', { ramUser: 'ops', ramCsv: '/tmp/r.csv' }, 'ram-user'],
    ['--ram-save-to alone', { ramSaveTo: ['aliyun-cli'] }, 'ram-user'],
    ['both kinds', { csv: '/tmp/a.csv', ramCsv: '/tmp/r.csv' }, 'both'],
    ['--no-root-key', { rootKey: false }, 'ram-user'],
    ['--no-ram-user', { ramUser: false }, 'root'],
    ['--root-key with --ram-user', { rootKey: true, ramUser: 'ops' }, 'both'],
    ['--show-secret says nothing of which key', { showSecret: true }, 'ram-user'],
  ])('%s → %s', (_, given, expected) => {
    expect(keys(given).keys).toBe(expected);
  });

  it('asks at a terminal only when no answer decided it; a script takes the RAM user named onboard-admin', () => {
    expect(keys({}, true)).toMatchObject({ ask: true, settled: false, keys: 'ram-user' });
    expect(keys({}, false)).toMatchObject({ ask: false, ramName: 'onboard-admin' });
    expect(keys({ csv: '/tmp/a.csv' }, true).ask).toBe(false);
    expect(keys({ 'rootKey@stored': false }, true).ask).toBe(false);
  });

  it('says the RAM user was left out only when root-key answers of this run alone decided it', () => {
    expect(keys({ acceptKeyRisk: true, csv: '/tmp/a.csv' }).ramLeftOut).toBe(true);
    expect(keys({ ramUser: false, csv: '/tmp/a.csv' }).ramLeftOut).toBe(false);
    expect(keys({ csv: '/tmp/a.csv', 'ramUser@stored': false }).ramLeftOut).toBe(false);
  });

  it('contradictions are exit 2 naming both answers as they were given', () => {
    for (const [given, named] of [
      [{ rootKey: false, csv: '/tmp/a.csv' }, '--no-root-key and --csv'],
      [{ rootKey: false, acceptKeyRisk: true }, '--no-root-key and --accept-key-risk'],
      [{ ramUser: false, ramCsv: '/tmp/r.csv' }, '--no-ram-user and --ram-csv'],
      [{ rootKey: false, ramUser: false }, '--no-root-key and --no-ram-user'],
    ] as Array<[Record<string, FieldValue>, string]>) {
      const error = (() => {
        try {
          keys(given);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toContain(named);
    }
  });

  it('what the profile remembers decides the sides this run leaves open, and yields rather than leave no key', () => {
    // A root-key-only setup, run again with nothing: the same decision.
    expect(keys({ 'rootKey@stored': true, 'ramUser@stored': false }).keys).toBe('root');
    // ... and with RAM-user answers: the RAM user is added.
    expect(keys({ 'rootKey@stored': true, 'ramUser@stored': false, ramUser: 'ops' }).keys).toBe('both');
    expect(keys({ 'rootKey@stored': true, 'ramUser@stored': false, ramCsv: '/tmp/r.csv' }).keys).toBe('both');
    // A RAM-user-only setup, then --no-ram-user: the root key, not "no key at all".
    expect(keys({ 'rootKey@stored': false, 'ramUser@stored': 'ops', ramUser: false }).keys).toBe('root');
    // Remembered answers never contradict: this run's answer wins.
    expect(keys({ 'ramUser@stored': false, ramCsv: '/tmp/r.csv' }).keys).toBe('ram-user');
    // The remembered name is the RAM user's name.
    expect(keys({ 'rootKey@stored': false, 'ramUser@stored': 'ops' })).toMatchObject({
      keys: 'ram-user',
      ramName: 'ops',
      settled: true,
    });
  });

  it('a choice typed at the question decides like a given answer', () => {
    expect(keys({ 'rootKey@typed': true, 'ramUser@typed': 'onboard-admin' }, true)).toMatchObject({
      keys: 'both',
      ask: false,
    });
    expect(keys({ 'rootKey@typed': true, 'ramUser@typed': false }, true).keys).toBe('root');
  });
});
