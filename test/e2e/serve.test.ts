/**
 * `onboard sim serve` end to end: the built CLI as a child process on
 * 127.0.0.1, keys made by the wizard (and by served calls) used through the
 * official SDKs unmodified, the wizard and the server sharing one cloud
 * file, faults, the request log, a graceful stop, and no secret on disk.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import * as ram from '@alicloud/ram20150501';
import { hashSecret } from '../../src/provider/simulated/hash.js';
import { finishedJourney, type Journey, onboard, workspaces } from '../helpers/cli.js';
import { cloudDb, cloudKeyFile, readCloud } from '../helpers/cloud.js';
import { apiClient, apiConfig, ossClient, RamClient, rejection, rpc, StsClient } from '../helpers/sdk.js';
import { killServers, type ServeChild, startServe } from '../helpers/serve-child.js';

const setup = workspaces('serve');

/** A finished setup made by the wizard, with the key's secret shown once (--show-secret --json). */
const journey = () => finishedJourney(setup);

/** The secret with its last character changed (never to the one it had). */
function wrongSecret(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
}

/** Every file under a dir, as text. */
function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [[p, readFileSync(p, 'latin1')] as [string, string]];
  });
}

const keysOf = (j: Journey) =>
  JSON.parse(onboard(j.cfg, ['keys', 'list', '--json'], { cwd: j.dir }).stdout).keys as Array<{
    id: string;
    status: string;
    lastUsed: string | null;
    cannotSign?: boolean;
  }>;

describe('a wizard-made setup, served', () => {
  let j: Journey;
  let server: ServeChild;
  beforeAll(async () => {
    j = journey();
    server = await startServe(j.cfg, { args: ['--log'] });
  });
  afterAll(killServers);

  it('prints its endpoint on stdout and answers the official SDKs with the wizard key', async () => {
    expect(server.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.stdout()).toBe(`${server.endpoint}\n`);
    for (const v2 of [false, true]) {
      const who = await new StsClient(apiConfig(server.endpoint, j.id, j.secret, v2)).getCallerIdentity();
      expect(who.body).toMatchObject({
        identityType: 'Account',
        accountId: j.uid,
        arn: `acs:ram::${j.uid}:root`,
      });
    }
    for (const options of [{}, { v4: true }, { style: 'path' }, { style: 'path', v4: true }] as const) {
      const listed = (await ossClient(server.port, j.id, j.secret, options).listBuckets(
        {} as never,
      )) as unknown as {
        buckets: Array<{ name: string }>;
      };
      expect(listed.buckets.map((b) => b.name)).toContain(j.bucket);
    }
    const lastUsed = keysOf(j).find((k) => k.id === j.id)?.lastUsed ?? '';
    expect(Date.now() - Date.parse(lastUsed)).toBeLessThan(120_000);
  });

  it('refuses a wrong secret, and the key once `onboard keys disable` disabled it', async () => {
    const wrong = await rejection(
      rpc(apiClient(server.endpoint, j.id, wrongSecret(j.secret)), '2015-04-01', 'GetCallerIdentity'),
    );
    expect(wrong).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    const wrongOss = await rejection(ossClient(server.port, j.id, 'x'.repeat(30)).listBuckets({} as never));
    expect(wrongOss).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });

    expect(onboard(j.cfg, ['keys', 'disable', j.id], { cwd: j.dir }).code).toBe(0);
    for (const v2 of [false, true]) {
      const err = await rejection(
        new StsClient(apiConfig(server.endpoint, j.id, j.secret, v2)).getCallerIdentity(),
      );
      expect(err).toMatchObject({ code: 'InvalidAccessKeyId.Inactive', statusCode: 400 });
    }
    const oss = await rejection(ossClient(server.port, j.id, j.secret).listBuckets({} as never));
    expect(oss).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
    expect(onboard(j.cfg, ['keys', 'enable', j.id], { cwd: j.dir }).code).toBe(0);
    await new StsClient(apiConfig(server.endpoint, j.id, j.secret)).getCallerIdentity();
  });

  it('a RAM user with only AliyunOSSFullAccess creates a bucket and cannot create a user', async () => {
    const root = new RamClient(apiConfig(server.endpoint, j.id, j.secret));
    await root.createUser(new ram.CreateUserRequest({ userName: 'storage' }));
    await root.attachPolicyToUser(
      new ram.AttachPolicyToUserRequest({
        userName: 'storage',
        policyName: 'AliyunOSSFullAccess',
        policyType: 'System',
      }),
    );
    const key = (await root.createAccessKey(new ram.CreateAccessKeyRequest({ userName: 'storage' }))).body
      ?.accessKey;
    const ak = key?.accessKeyId ?? '';
    const sk = key?.accessKeySecret ?? '';
    const who = await new StsClient(apiConfig(server.endpoint, ak, sk)).getCallerIdentity();
    expect(who.body).toMatchObject({
      identityType: 'RAMUser',
      accountId: j.uid,
      arn: `acs:ram::${j.uid}:user/storage`,
    });
    await ossClient(server.port, ak, sk, { v4: true }).putBucket(`storage-${j.uid}`);
    const denied = await rejection(
      new RamClient(apiConfig(server.endpoint, ak, sk)).createUser(
        new ram.CreateUserRequest({ userName: 'x' }),
      ),
    );
    expect(denied).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(String(denied.message)).toContain('ram:CreateUser');
  });

  it('a bucket created through ali-oss is found owned by the wizard (run --step oss, then status)', async () => {
    const name = `served-${j.uid}`;
    await ossClient(server.port, j.id, j.secret, { v4: true, region: 'oss-cn-shanghai' }).putBucket(name);
    const run = onboard(
      j.cfg,
      ['run', '--step', 'oss', '--no-interactive', '--bucket', name, '--region', 'cn-shanghai'],
      {
        cwd: j.dir,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(onboard(j.cfg, ['status', '--json'], { cwd: j.dir }).stdout);
    expect(status.steps.find((s: { id: string }) => s.id === 'oss')).toMatchObject({
      status: 'done',
      details: { bucket: name, region: 'cn-shanghai' },
    });
    // Another account's bucket is refused, not adopted.
    const theirs = onboard(j.cfg, ['run', '--step', 'oss', '--no-interactive', '--bucket', 'test'], {
      cwd: j.dir,
    });
    expect(theirs.code).toBe(4);
  });

  it('logs one line per request, never a query string or a password (CreateLoginProfile)', async () => {
    const password = 'Pa55-w0rd!Served';
    const root = new RamClient(apiConfig(server.endpoint, j.id, j.secret, true));
    await root.createUser(new ram.CreateUserRequest({ userName: 'console' }));
    await root.createLoginProfile(new ram.CreateLoginProfileRequest({ userName: 'console', password }));
    await vi.waitFor(() => expect(server.stderr()).toMatch(/POST ram CreateLoginProfile 200 - \d+ms/));
    const lines = server.stderr().split('\n');
    const requests = lines.filter((l) => /^(GET|POST|PUT|DELETE) /.test(l));
    expect(requests.length).toBeGreaterThan(10);
    for (const line of requests)
      expect(line).toMatch(/^[A-Z]+ [a-z]+ [A-Za-z-]+ (\d{3}|dropped|aborted) [A-Za-z0-9.-]+ \d+ms$/);
    for (const secret of [password, 'Password=', '?', j.secret, j.id])
      expect(server.stderr()).not.toContain(secret);
  });

  it('no secret reaches the disk: not the wizard key, not the keys made through served calls', async () => {
    const root = new RamClient(apiConfig(server.endpoint, j.id, j.secret));
    await root.createUser(new ram.CreateUserRequest({ userName: 'keyholder' }));
    const secrets = [j.secret];
    for (const userName of ['keyholder', undefined]) {
      const made = await root.createAccessKey(new ram.CreateAccessKeyRequest(userName ? { userName } : {}));
      secrets.push(made.body?.accessKey?.accessKeySecret ?? '');
    }
    const ims = await rpc(apiClient(server.endpoint, j.id, j.secret), '2019-08-15', 'CreateAccessKey', {
      UserPrincipalName: `keyholder@${j.uid}.onaliyun.com`,
    });
    secrets.push((ims.body as { AccessKey: { AccessKeySecret: string } }).AccessKey.AccessKeySecret);
    expect(secrets.every((s) => /^[A-Za-z0-9]{30}$/.test(s))).toBe(true);
    const files = filesUnder(j.cfg);
    expect(files.map(([p]) => p)).toContain(cloudDb(j.cfg));
    for (const [file, text] of files)
      for (const s of secrets) expect(text.includes(s), `${s} in ${file}`).toBe(false);
  });
});

describe('faults, latency and stopping', () => {
  afterEach(killServers);

  it('lost-response on CreateUser applies the user and drops the connection; throttle is 429', async () => {
    const j = journey();
    const server = await startServe(j.cfg, {
      env: { ONBOARD_SIM_FAULTS: 'createUser:lost-response:1,putBucket:throttle:1', ONBOARD_SIM_LOG: '1' },
    });
    const client = new RamClient(apiConfig(server.endpoint, j.id, j.secret));
    const lost = await rejection(client.createUser(new ram.CreateUserRequest({ userName: 'lost' })));
    expect(String(lost.message)).toMatch(/socket hang up|ECONNRESET/);
    const got = await client.getUser(new ram.GetUserRequest({ userName: 'lost' }));
    expect(got.body?.user?.userName).toBe('lost');
    const oss = ossClient(server.port, j.id, j.secret);
    expect(await rejection(oss.putBucket(`later-${j.uid}`))).toMatchObject({
      code: 'Throttling.User',
      status: 429,
    });
    await oss.putBucket(`later-${j.uid}`);
    // A line is logged once its answer is sent: the client may read the answer first.
    await vi.waitFor(() => {
      expect(server.stderr()).toMatch(/POST ram CreateUser dropped - \d+ms/);
      expect(server.stderr()).toMatch(/PUT oss PutBucket 429 Throttling\.User \d+ms/);
    });
  });

  it.each([
    'SIGTERM',
    'SIGINT',
  ] as const)('%s: finishes the request in flight, then exits 0', async (signal) => {
    const j = journey();
    const server = await startServe(j.cfg, { args: ['--log'], env: { ONBOARD_SIM_LATENCY_MS: '800' } });
    const call = new StsClient(apiConfig(server.endpoint, j.id, j.secret)).getCallerIdentity();
    await vi.waitFor(() => expect(server.stderr()).toContain('Serving'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = server.stop(signal);
    const answer = await call;
    expect(answer.body?.accountId).toBe(j.uid);
    const result = await stopped;
    expect(result.code).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.stderr).toMatch(/POST sts GetCallerIdentity 200 - \d+ms/);
    expect(result.stderr).toContain('Stopped.');
  });

  it('writes the request log only when asked: nothing by default, --log <file> appends (0600)', async () => {
    const j = journey();
    const quiet = await startServe(j.cfg);
    await new StsClient(apiConfig(quiet.endpoint, j.id, j.secret)).getCallerIdentity();
    const quietEnd = await quiet.stop('SIGTERM');
    expect(quietEnd.stderr).toContain('Serving');
    expect(quietEnd.stderr).not.toMatch(/GetCallerIdentity/);

    const file = join(j.dir, 'requests.log');
    for (const args of [['--log', file], []]) {
      const server = await startServe(j.cfg, { args, env: args.length ? {} : { ONBOARD_SIM_LOG: file } });
      await new StsClient(apiConfig(server.endpoint, j.id, j.secret)).getCallerIdentity();
      const end = await server.stop('SIGTERM');
      expect(end.code).toBe(0);
      expect(end.stderr).not.toMatch(/GetCallerIdentity/);
    }
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^POST sts GetCallerIdentity 200 - \d+ms$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('--log into a FIFO or an unwritable place is exit 2 naming where it came from', () => {
    const { dir, cfg } = setup();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = onboard(cfg, ['sim', 'serve', '--log', fifo], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--log');
    const e = onboard(cfg, ['sim', 'serve'], {
      cwd: dir,
      env: { ONBOARD_SIM_LOG: join(dir, 'no/such/dir/x.log') },
    });
    expect(e.code, e.stderr).toBe(2);
    expect(e.stderr).toContain('ONBOARD_SIM_LOG');
  });

  it('--json prints its own one-line document; the port is free afterwards', async () => {
    const { cfg } = setup();
    const server = await startServe(cfg, { args: ['--json'] });
    const doc = JSON.parse(server.stdout().split('\n')[0] ?? '');
    expect(doc).toEqual({ schemaVersion: 1, endpoint: `127.0.0.1:${server.port}`, port: server.port });
    expect((await server.stop('SIGINT')).code).toBe(0);
  });
});

describe('usage', () => {
  it.each([
    [['--port', '70000'], {}, '--port'],
    [['--port', 'abc'], {}, '--port'],
    [[], { ONBOARD_SIM_PORT: '-1' }, 'ONBOARD_SIM_PORT'],
    [['--host', 'bad host!'], {}, '--host'],
    [[], { ONBOARD_SIM_HOST: 'exa mple' }, 'ONBOARD_SIM_HOST'],
    [['--provider', 'aliyun'], {}, 'simulated'],
  ] as const)('%j %j is exit 2 naming %s', (args, env, named) => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['sim', 'serve', ...args], { cwd: dir, env, timeout: 10_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stdout).toBe('');
  });

  it('a port in use is exit 2 with a hint', async () => {
    const { dir, cfg } = setup();
    const first = await startServe(cfg);
    const r = onboard(cfg, ['sim', 'serve', '--port', String(first.port)], { cwd: dir, timeout: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('EADDRINUSE');
    expect(r.stderr).toContain('--port');
    await first.stop();
  });
});

describe('a cloud from version 1 (hashed secrets)', () => {
  afterAll(killServers);

  it('its old key lists as cannotSign and is refused when served; a new key signs', async () => {
    const j = journey();
    // The one-file cloud of version 1, where no database is yet: migrated by the first command.
    const file = join(j.cfg, 'simulated-cloud.json');
    const state = JSON.parse(JSON.stringify(readCloud(j.cfg)));
    state.version = 1;
    delete state.secretSeed;
    for (const account of state.accounts) {
      for (const key of account.accessKeys) {
        delete key.derived;
        key.secret = hashSecret(key.id === j.id ? j.secret : 'x');
      }
    }
    for (const f of [cloudDb(j.cfg), `${cloudDb(j.cfg)}-lock`, cloudKeyFile(j.cfg)]) rmSync(f);
    writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });

    expect(keysOf(j)).toEqual([expect.objectContaining({ id: j.id, cannotSign: true })]);
    const human = onboard(j.cfg, ['keys', 'list'], { cwd: j.dir });
    expect(human.stdout).toContain(`${j.id} * !`);
    expect(human.stdout).toContain('cannot sign');
    expect(human.stderr).toContain('keys create');

    const server = await startServe(j.cfg);
    for (const v2 of [false, true]) {
      const err = await rejection(
        new StsClient(apiConfig(server.endpoint, j.id, j.secret, v2)).getCallerIdentity(),
      );
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    }
    const created = onboard(j.cfg, ['keys', 'create', '--accept-key-risk', '--show-secret', '--json'], {
      cwd: j.dir,
    });
    expect(created.code, created.stderr).toBe(0);
    const fresh = JSON.parse(created.stdout).accessKey;
    const who = await new StsClient(apiConfig(server.endpoint, fresh.id, fresh.secret)).getCallerIdentity();
    expect(who.body?.accountId).toBe(j.uid);

    const listed = keysOf(j);
    expect(listed.find((k) => k.id === fresh.id)).not.toHaveProperty('cannotSign');
    // Migrated: the database holds the cloud, the key file its new seed, the old file is the backup.
    expect(readCloud(j.cfg).accounts.find((a) => a.uid === j.uid)?.accessKeys).toHaveLength(2);
    expect(JSON.parse(readFileSync(cloudKeyFile(j.cfg), 'utf8')).seed).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(existsSync(file)).toBe(false);
    expect(JSON.parse(readFileSync(`${file}.migrated`, 'utf8')).version).toBe(1);
    for (const [, text] of filesUnder(j.cfg)) {
      expect(text).not.toContain(fresh.secret);
      expect(text).not.toContain(j.secret);
    }
  });
});
