import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyArgs, onboard, PASSWORD, removeDir, tempDir } from '../helpers/cli.js';

let dir: string;
let cfg: string;
beforeAll(() => {
  dir = tempDir('onboard-e2e-keys-');
  cfg = join(dir, 'cfg');
  const r = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => removeDir(dir));

interface Key {
  id: string;
  status: string;
  created: string;
  lastUsed: string | null;
}
function list(): Key[] {
  const r = onboard(cfg, ['keys', 'list', '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.schemaVersion).toBe(1);
  expect(Object.keys(doc).sort()).toEqual(['keys', 'schemaVersion']);
  for (const k of doc.keys) {
    expect(k.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(['Active', 'Inactive']).toContain(k.status);
    expect(Number.isNaN(Date.parse(k.created))).toBe(false);
    expect(k).toHaveProperty('lastUsed');
  }
  return doc.keys;
}
const create = (n: number, extra: string[] = []) =>
  onboard(cfg, ['keys', 'create', '--accept-key-risk', '--csv', join(dir, `new-${n}.csv`), ...extra], {
    cwd: dir,
  });

describe('keys (sequential, one account)', () => {
  it('limits to five keys, then explains the limit', () => {
    expect(list()).toHaveLength(1);
    for (let n = 2; n <= 5; n++) {
      const r = create(n, n === 2 ? ['--allow-cidr', '10.0.0.0/8', '--allow-cidr', '2001:db8::/32'] : []);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(list()).toHaveLength(5);
    const sixth = create(6);
    expect(sixth.code).toBe(4);
    expect(sixth.stderr).toContain('LimitExceeded.User.AccessKey');
    expect(sixth.stderr).toContain(`--config-dir ${cfg} keys list`);
    expect(list()).toHaveLength(5);
  });

  it('shows the network policy in the list', () => {
    const r = onboard(cfg, ['keys', 'list'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('10.0.0.0/8');
    expect(r.stdout).toContain('2001:db8::/32');
  });

  it('refuses 9 CIDRs with exit 2 and creates nothing', () => {
    const keysBefore = list();
    const cidrs = Array.from({ length: 9 }, (_, i) => ['--allow-cidr', `10.${i}.0.0/16`]).flat();
    const r = create(9, cidrs);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-cidr');
    expect(list()).toEqual(keysBefore);
  });

  it('deletes only disabled keys; unknown ids are EntityNotExist', () => {
    const active = list().find((k) => k.status === 'Active') as Key;
    const del = onboard(cfg, ['keys', 'delete', active.id, '--yes'], { cwd: dir });
    expect(del.code).toBe(4);
    expect(list()).toHaveLength(5);
    // The hint is the command that disables this very key, for this setup: pasted as printed, it works.
    const disable = new RegExp(
      `\\((onboard --profile default --config-dir \\S+ keys disable ${active.id})\\)`,
    ).exec(del.stderr);
    expect(disable, del.stderr).not.toBeNull();
    const words = (disable?.[1] ?? '').split(' ').slice(1);
    expect(onboard(cfg, words.slice(4), { cwd: dir }).code).toBe(0);
    expect(list().find((k) => k.id === active.id)?.status).toBe('Inactive');
    const del2 = onboard(cfg, ['keys', 'delete', active.id, '--yes'], { cwd: dir });
    expect(del2.code, del2.stderr).toBe(0);
    expect(list().map((k) => k.id)).not.toContain(active.id);

    const unknown = onboard(cfg, ['keys', 'disable', 'LTAI00000000000000000000'], { cwd: dir });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('EntityNotExist.User.AccessKey');
  });
});
