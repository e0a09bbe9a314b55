/**
 * A high-end request and MaxCompute as the real APIs are, end to end: the
 * built CLI with `--provider aliyun` against `onboard sim serve`, and what it
 * filed read back over the wire with the official SDK client, as anyone
 * looking at the account would (Quota Center ListQuotaApplications and
 * ListProductQuotaDimensions, MaxCompute ListQuotas).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { accountArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';
import { apiClient, roa, rpc } from '../helpers/sdk.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const setup = workspaces('aliyun-quota');
afterEach(() => killServers());

/** A simulated, verified account whose root key sits in the SDK credentials file as [boot]. */
function bootAccount(email: string) {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { HOME: home };
  const r = onboard(cfg, [...accountArgs(email), '--accept-key-risk', '--save-to', 'credentials:boot'], {
    input: `${PASSWORD}\n`,
    cwd: dir,
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  const credentials = readFileSync(join(home, '.alibabacloud', 'credentials'), 'utf8');
  const id = /access_key_id = (\S+)/.exec(credentials)?.[1] ?? '';
  const secret = /access_key_secret = (\S+)/.exec(credentials)?.[1] ?? '';
  return { dir, cfg, env, id, secret };
}

type Boot = ReturnType<typeof bootAccount>;

/** The real provider's run against the served cloud, as a script runs it. */
function real(b: Boot, endpoint: string, args: string[]) {
  const r = onboard(
    join(b.dir, 'real-cfg'),
    // The boot key is the setup's key: no RAM user is asked of these runs.
    [
      '--provider',
      'aliyun',
      '--endpoint',
      endpoint,
      '--no-interactive',
      '--json',
      '--site',
      'intl',
      '--no-ram-user',
      ...args,
    ],
    { cwd: b.dir, env: { ...b.env, ALIBABA_CLOUD_PROFILE: 'boot' } },
  );
  const doc = JSON.parse(r.stdout || '{}') as {
    status: string;
    steps: Array<{ id: string; status: string; details: Record<string, unknown> }>;
    next: Array<{ command: string; why: string }>;
  };
  return { ...r, doc, step: (id: string) => doc.steps.find((s) => s.id === id) };
}

/** `onboard sim <action>` on the served cloud's config dir. */
function sim(b: Boot, action: string) {
  const r = onboard(b.cfg, ['sim', action], { cwd: b.dir, env: b.env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

interface Application {
  ApplicationId: string;
  Status: string;
  Dimension: Record<string, string>;
}

describe('a high-end request through Quota Center', () => {
  it('carries every dimension ListProductQuotaDimensions marks required; a cancelled one is reported and filed again', async () => {
    const b = bootAccount('zones@example.com');
    const server = await startServe(b.cfg, { env: { ...b.env, ONBOARD_SIM_REVIEW_SECONDS: '3600' } });
    const api = apiClient(server.endpoint, b.id, b.secret);
    const quotas = async (): Promise<Application[]> =>
      (
        (await rpc(api, '2020-05-10', 'ListQuotaApplications', { ProductCode: 'ecs-spec' })).body as {
          QuotaApplications: Application[];
        }
      ).QuotaApplications;
    const args = ['--region', 'cn-shanghai', '--high-end'];

    const first = real(b, server.endpoint, args);
    expect(first.code, first.stderr).toBe(3);
    expect(first.step('highend')).toMatchObject({ status: 'waiting', details: { zone: 'cn-shanghai-a' } });

    // What Quota Center says is required, and what the application carries.
    const listed = (
      (await rpc(api, '2020-05-10', 'ListProductQuotaDimensions', { ProductCode: 'ecs-spec' })).body as {
        QuotaDimensions: Array<{ DimensionKey: string; Requisite: boolean; DimensionValues: string[] }>;
      }
    ).QuotaDimensions;
    const required = listed.filter((d) => d.Requisite).map((d) => d.DimensionKey);
    expect(required.sort()).toEqual(['chargeType', 'networkType', 'regionId', 'zoneId']);
    const [filed] = await quotas();
    expect(Object.keys(filed?.Dimension ?? {}).sort()).toEqual(required);
    expect(filed).toMatchObject({
      Status: 'Process',
      Dimension: {
        regionId: 'cn-shanghai',
        zoneId: 'cn-shanghai-a',
        chargeType: 'PostPaid',
        networkType: 'vpc',
      },
    });
    // Each value is one the product lists, spelled as it lists it.
    for (const d of listed) {
      if (d.DimensionKey !== 'zoneId') expect(d.DimensionValues).toContain(filed?.Dimension[d.DimensionKey]);
    }

    // Withdrawn in the console: the next run says so before asking again, and files a new one.
    expect(sim(b, 'cancel').stdout).toContain('Cancelled 1');
    const second = real(b, server.endpoint, args);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr.replace(/\s+/g, ' ')).toContain(
      `The earlier request ${filed?.ApplicationId} was cancelled in Quota Center`,
    );
    expect(second.step('highend')).toMatchObject({
      status: 'waiting',
      details: { previous: { applicationId: filed?.ApplicationId, status: 'cancelled' } },
    });
    sim(b, 'approve');
    const third = real(b, server.endpoint, args);
    expect(third.code, third.stderr).toBe(0);
    expect(third.step('highend')?.status).toBe('done');
    expect((await quotas()).map((a) => a.Status)).toEqual(['Cancel', 'Agree']);
  });
});

describe('MaxCompute with --billing subscription', () => {
  it('activates pay-as-you-go at once, hands the purchase to the console (exit 3), then finds the subscription', async () => {
    const b = bootAccount('subscription@example.com');
    const server = await startServe(b.cfg, { env: b.env });
    const api = apiClient(server.endpoint, b.id, b.secret);
    const listQuotas = async () => {
      const body = (
        await roa(api, '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas', {}, undefined, {
          'x-acs-region-id': 'cn-beijing',
        })
      ).body as { data: { quotaInfoList: Array<{ billingPolicy: { billingMethod: string } }> } };
      return body.data.quotaInfoList.map((q) => q.billingPolicy.billingMethod);
    };
    const args = ['--product', 'maxcompute', '--region', 'cn-beijing', '--billing', 'subscription'];

    const first = real(b, server.endpoint, args);
    expect(first.code, first.stderr).toBe(3);
    expect(first.doc.status).toBe('action_required');
    expect(first.step('activate')).toMatchObject({
      status: 'waiting',
      details: { region: 'cn-beijing', billing: 'subscription', subscription: null },
    });
    expect(first.doc.next.map((n) => n.why).join(' ')).toContain(
      'https://common-buy-intl.alibabacloud.com/?commodityCode=odpsplus',
    );
    // The activation is made, never a purchase.
    expect(await listQuotas()).toEqual(['payasyougo']);

    // The person buys in the console (in the simulation: sim approve); the next run finds it.
    expect(sim(b, 'approve').stdout).toContain('bought 1 MaxCompute subscription');
    const second = real(b, server.endpoint, args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.doc.status).toBe('complete');
    expect(second.step('activate')).toMatchObject({
      status: 'done',
      details: { subscription: expect.stringMatching(/^os_\d{16}_sub$/) },
    });
    expect(await listQuotas()).toEqual(['payasyougo', 'subscription']);
  });

  it('in the simulation, next names the command that buys it', () => {
    const { dir, cfg } = setup();
    const r = onboard(
      cfg,
      [...accountArgs('sim-subscription@example.com'), '--accept-key-risk', '--show-secret'].concat([
        '--product',
        'maxcompute',
        '--billing',
        'subscription',
        '--json',
      ]),
      { input: `${PASSWORD}\n`, cwd: dir },
    );
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as { status: string; next: Array<{ command: string; why: string }> };
    expect(doc.status).toBe('action_required');
    const buy = doc.next.find((n) => n.command.endsWith(' sim approve'));
    expect(buy?.command).toContain(`--config-dir ${cfg}`);
    expect(onboard(cfg, ['sim', 'approve'], { cwd: dir }).code).toBe(0);
    expect(onboard(cfg, ['--no-interactive'], { cwd: dir }).code).toBe(0);
  });
});
