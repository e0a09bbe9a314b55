import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountArgs, enterpriseArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';

const setup = workspaces('review');

const byId = (doc: { steps: { id: string; status: string }[] }, id: string) =>
  doc.steps.find((s) => s.id === id);

describe('enterprise review', () => {
  it('waits (exit 3) until approved, then completes', () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const r = onboard(cfg, enterpriseArgs(dir, 'Acme Ltd'), { input: `${PASSWORD}\n`, env, cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    const st = JSON.parse(onboard(cfg, ['status', '--json'], { env, cwd: dir }).stdout);
    expect(byId(st, 'identity')?.status).toBe('waiting');
    expect(st.status).toBe('waiting');

    const approve = onboard(cfg, ['sim', 'approve'], { env, cwd: dir });
    expect(approve.code, approve.stderr).toBe(0);

    const again = onboard(cfg, [...enterpriseArgs(dir, 'Acme Ltd'), '--json'], {
      input: `${PASSWORD}\n`,
      env,
      cwd: dir,
    });
    expect(again.code, again.stderr).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.status).toBe('complete');
    expect(byId(doc, 'identity')?.status).toBe('done');
  });

  it('a REJECT company name is refused at once with review 0 (exit 4, identity failed)', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, enterpriseArgs(dir, 'REJECT Trading Co'), { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    const st = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir }).stdout);
    expect(byId(st, 'identity')?.status).toBe('failed');
  });
});

describe('a wait holds up only the steps that depend on it', () => {
  it('activate runs while highend waits for its review; the run ends with exit 3 listing every wait', () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const args = [
      ...accountArgs('both@example.com'),
      '--ram-csv',
      join(dir, 'ram.csv'),
      '--product',
      'both',
      '--high-end',
      '--billing',
      'subscription',
      '--json',
    ];
    const r = onboard(cfg, args, { input: `${PASSWORD}\n`, env, cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout);
    // MaxCompute was activated although the high-end request (before it) is under review.
    expect(byId(doc, 'highend')?.status).toBe('waiting');
    expect(byId(doc, 'activate')?.status).toBe('waiting');
    expect(doc.status).toBe('action_required');
    const whys = doc.next.map((n: { why: string }) => n.why).join('\n');
    expect(whys).toContain('High-end instances is under review');
    expect(whys).toContain('MaxCompute waits for you in the console');
    // In the simulation, every wait names the command that ends it, as the console would.
    const approve = doc.next.find((n: { command: string }) => n.command.endsWith(' sim approve'));
    expect(approve?.why).toMatch(/buy the subscription|pay waiting orders/);
  });

  it('a wait for the identity review still holds up every step after it', () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '3600' };
    const r = onboard(
      cfg,
      [...enterpriseArgs(dir, 'Acme Ltd'), '--product', 'both', '--ram-csv', join(dir, 'r.csv')],
      { input: `${PASSWORD}\n`, env, cwd: dir },
    );
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(onboard(cfg, ['status', '--json'], { env, cwd: dir }).stdout);
    expect(byId(doc, 'identity')?.status).toBe('waiting');
    for (const id of ['accesskey', 'ramuser', 'oss', 'activate'])
      expect(byId(doc, id)?.status, id).toBe('todo');
    expect(r.stderr).toMatch(/MaxCompute waits for Identity/);
  });
});
