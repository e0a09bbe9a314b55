import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { CREDIT_CODE, journeyArgs, onboard, PASSWORD, removeDir, tempDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    const st = statSync(p);
    out[f] = st.isFile()
      ? `${(st.mode & 0o777).toString(8)}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`
      : 'dir';
  }
  return out;
}

describe('run --dry-run', () => {
  it('changes nothing after a partial setup and prints a plan per step', () => {
    const dir = tempDir('onboard-e2e-dry-');
    dirs.push(dir);
    const cfg = join(dir, 'cfg');
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    // Partial: account done, enterprise identity under review.
    const partial = [
      ...journeyArgs(dir).filter(
        (a) =>
          !['individual', 'Li Lei', '--legal-name', '--id-number'].includes(a) && !/^\d{17}[\dX]$/.test(a),
      ),
    ];
    partial.splice(partial.indexOf('--identity-type') + 1, 0, 'enterprise');
    partial.push(
      '--company-name',
      'Acme Ltd',
      '--credit-code',
      CREDIT_CODE,
      '--legal-representative',
      'Li Lei',
    );
    const r = onboard(cfg, partial, { input: `${PASSWORD}\n`, env, cwd: dir });
    expect(r.code, r.stderr).toBe(3);

    const before = snapshot(cfg);
    const beforeDir = snapshot(dir);
    const human = onboard(cfg, ['run', '--dry-run', ...partial], { input: `${PASSWORD}\n`, env, cwd: dir });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout + human.stderr).not.toBe('');
    const json = onboard(cfg, ['run', '--dry-run', '--json', ...partial], {
      input: `${PASSWORD}\n`,
      env,
      cwd: dir,
    });
    expect(json.code, json.stderr).toBe(0);
    expect(snapshot(cfg)).toEqual(before);
    expect(snapshot(dir)).toEqual(beforeDir);

    const doc = JSON.parse(json.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.steps.map((s: { id: string }) => s.id)).toEqual(STEP_IDS);
    const status = Object.fromEntries(doc.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(status.account).toBe('done');
    expect(status.identity).toBe('waiting');
    for (const s of doc.steps) expect(s, s.id).toHaveProperty('plan');
  });
});

describe('schema', () => {
  it('prints a strict JSON Schema of the answers file', () => {
    const dir = tempDir('onboard-e2e-dry-');
    dirs.push(dir);
    const r = onboard(join(dir, 'cfg'), ['schema'], { cwd: dir });
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.additionalProperties).toBe(false);
    for (const k of ['email', 'bucket', 'region']) expect(schema.properties).toHaveProperty(k);
    expect(schema.properties).not.toHaveProperty('password');
  });
});
