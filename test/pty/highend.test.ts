/**
 * The high-end request at a terminal: the zone is chosen from the zones
 * Quota Center lists for the region, the first one offered as the default.
 * Needs the built CLI (`node scripts/build.mjs`; `npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { journeyArgs, onboard, PASSWORD } from '../helpers/cli.js';
import { KEY, ptyWorkspace, stripAnsi } from '../helpers/pty.js';

const ws = ptyWorkspace('onboard-pty-highend-');

describe('the high-end request in a pseudo-terminal', () => {
  it('offers the zones of the region, the first as the default, and files the one picked', async () => {
    // A scripted setup first: the account, its identity and a key; the request is skipped there.
    const prep = onboard(ws.dir, journeyArgs(ws.dir), { input: `${PASSWORD}\n` });
    expect(prep.code, prep.stderr).toBe(0);

    const s = ws.start(['run', '--step', 'highend']);
    await s.waitFor(/Request high-end \(8 vCPU or more\) instance types/, 15_000);
    s.line('y');
    await s.waitFor(/Instance type/);
    s.write(KEY.enter);
    await s.waitFor(/Zone of cn-hangzhou/, 15_000);
    await s.waitFor(/❯ cn-hangzhou-b/);
    expect(stripAnsi(s.text())).toMatch(/cn-hangzhou-k/);
    s.write(KEY.down);
    await s.waitFor(/❯ cn-hangzhou-e/);
    s.write(KEY.enter);
    await s.waitFor(/Total vCPUs wanted in the region/);
    s.write(KEY.enter);
    await s.waitFor(/Reason for the request/);
    s.write(KEY.enter);
    await s.waitFor(/approved: ecs\.g7\.2xlarge, 64 vCPUs in cn-hangzhou-e/, 15_000);
    expect((await s.exit).exitCode).toBe(0);

    // The zone is remembered: a script later files in it without being told again.
    const status = onboard(ws.dir, ['status', '--json']);
    const highend = JSON.parse(status.stdout).steps.find((x: { id: string }) => x.id === 'highend');
    expect(highend.details).toMatchObject({ status: 'approved', zone: 'cn-hangzhou-e' });
  });
});
