/** What a rotation decides before it changes anything: the new CSV's name, the key to free at the limit, the key to replace. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyToFree, nextCsvPath, oldKeyOf } from '../../src/commands/rotate/plan.js';
import type { AccessKeyInfo } from '../../src/provider/types.js';
import { runTempDir } from '../helpers/temp-root.js';

const key = (id: string, status: 'Active' | 'Inactive', created: string): AccessKeyInfo => ({
  id,
  status,
  created,
  lastUsed: null,
  allowCidrs: [],
});

describe('nextCsvPath', () => {
  it('puts the new CSV beside the old one: -2, then the first free -N', () => {
    const dir = runTempDir('onboard-rotate-plan-');
    expect(nextCsvPath(join(dir, 'AccessKey.csv'))).toBe(join(dir, 'AccessKey-2.csv'));
    writeFileSync(join(dir, 'AccessKey-2.csv'), '');
    expect(nextCsvPath(join(dir, 'AccessKey.csv'))).toBe(join(dir, 'AccessKey-3.csv'));
    expect(nextCsvPath(join(dir, 'ops_AccessKey-3.csv'))).toBe(join(dir, 'ops_AccessKey-4.csv'));
  });
});

describe('keyToFree', () => {
  const keys = [
    key('A', 'Active', '2024-01-01T00:00:00Z'),
    key('B', 'Inactive', '2024-03-01T00:00:00Z'),
    key('C', 'Inactive', '2024-02-01T00:00:00Z'),
    key('D', 'Active', '2023-01-01T00:00:00Z'),
  ];
  it('an Inactive key before an Active one, one not delivered here first, the oldest first, never the one rotated', () => {
    expect(keyToFree(keys, new Set(), 'A')?.id).toBe('C');
    expect(keyToFree(keys, new Set(['C']), 'A')?.id).toBe('B');
    expect(keyToFree(keys.slice(0, 1).concat(keys[3] as AccessKeyInfo), new Set(['D']), 'A')?.id).toBe('D');
    expect(keyToFree([keys[0] as AccessKeyInfo], new Set(), 'A')).toBeUndefined();
  });
});

describe('oldKeyOf', () => {
  const record = {
    delivered: [
      { id: 'A', via: 'targets' },
      { id: 'B', via: 'csv' },
    ],
  };
  it('the one delivered Active key when none is named; several or none are said', () => {
    expect(oldKeyOf(undefined, record, [key('A', 'Active', '2024-01-01T00:00:00Z')])).toMatchObject({
      id: 'A',
    });
    expect(
      oldKeyOf(undefined, record, [
        key('A', 'Active', '2024-01-01T00:00:00Z'),
        key('B', 'Active', '2024-01-01T00:00:00Z'),
      ]),
    ).toEqual({ several: ['A', 'B'] });
    expect(oldKeyOf(undefined, record, [key('A', 'Inactive', '2024-01-01T00:00:00Z')])).toEqual({
      none: true,
    });
    expect(oldKeyOf('B', record, [])).toEqual({ id: 'B', delivered: { id: 'B', via: 'csv' } });
  });
});
