import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { CREDIT_CODE, journeyArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';
import { isReaderTable } from '../helpers/cloud.js';

const setup = workspaces('dry');

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    const st = statSync(p);
    if (isReaderTable(f)) {
      out[f] = (st.mode & 0o777).toString(8);
      continue;
    }
    out[f] = st.isFile()
      ? `${(st.mode & 0o777).toString(8)}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`
      : 'dir';
  }
  return out;
}

describe('run --dry-run', () => {
  it('changes nothing after a partial setup and prints a plan per step', () => {
    const { dir, cfg } = setup();
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

describe('run --dry-run of a high-end request', () => {
  it('names the zone the run would file in (the first Quota Center lists), and refuses one of another region', () => {
    const { dir, cfg } = setup();
    const prep = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
    expect(prep.code, prep.stderr).toBe(0);
    const plan = onboard(cfg, ['run', '--dry-run', '--json', '--step', 'highend', '--high-end'], {
      cwd: dir,
    });
    expect(plan.code, plan.stderr).toBe(0);
    const highend = JSON.parse(plan.stdout).steps.find((s: { id: string }) => s.id === 'highend');
    // The bucket's region (cn-hangzhou, the default), and its first zone.
    expect(highend.plan.values).toMatchObject({ region: 'cn-hangzhou', zone: 'cn-hangzhou-b' });
    expect(highend.plan.calls).toContain('ListProductQuotaDimensions');
    const other = onboard(
      cfg,
      ['run', '--dry-run', '--step', 'highend', '--high-end', '--zone', 'cn-beijing-a'],
      { cwd: dir },
    );
    expect(other.code).toBe(2);
    expect(other.stderr.replace(/\s+/g, ' ')).toContain('--zone: cn-beijing-a is not a zone of cn-hangzhou');
  });
});

describe('schema', () => {
  it('prints a strict JSON Schema of the answers file', () => {
    const { dir } = setup();
    const r = onboard(join(dir, 'cfg'), ['schema'], { cwd: dir });
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.additionalProperties).toBe(false);
    for (const k of ['email', 'bucket', 'region', 'zone']) expect(schema.properties).toHaveProperty(k);
    expect(schema.properties).not.toHaveProperty('password');
  });
});
