/**
 * The simulated cloud's store as a user meets it (SPEC §5, §5.1, §8): a
 * `simulated-cloud.json` of an earlier version migrated on first use (and a
 * kill in the middle of it), a FIFO where a store file should be, the seed
 * kept out of the database, nonces that outlive a restart, a `--host` that
 * answers the network, the leftovers of a killed one-file server.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { bundle, removeBundles } from '../helpers/bundle.js';
import { collectOutput } from '../helpers/child.js';
import { BIN, baseEnv, finishedJourney, onboard, workspaces } from '../helpers/cli.js';
import { type CloudState, cloudBytes, cloudDb, cloudKeyFile, readCloud } from '../helpers/cloud.js';
import { apiClient, apiConfig, rpc, StsClient } from '../helpers/sdk.js';
import { capture, replay } from '../helpers/serve.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const setup = workspaces('cloud-store');
afterEach(() => killServers());

/** A finished setup, its key's secret shown once. */
const journey = () => finishedJourney(setup);

const seedOf = (cfg: string): string => JSON.parse(readFileSync(cloudKeyFile(cfg), 'utf8')).seed;

/** Turns a config dir's store back into the one-file cloud an earlier version wrote (with its seed). */
function toOneFile(cfg: string, grow?: (state: CloudState) => void): string {
  const state: CloudState = { ...readCloud(cfg), secretSeed: seedOf(cfg) };
  grow?.(state);
  for (const f of [cloudDb(cfg), `${cloudDb(cfg)}-lock`, cloudKeyFile(cfg)]) rmSync(f);
  const file = join(cfg, 'simulated-cloud.json');
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  return file;
}

async function callerOf(endpoint: string, id: string, secret: string): Promise<string | undefined> {
  return (await new StsClient(apiConfig(endpoint, id, secret)).getCallerIdentity()).body?.accountId;
}

describe('a simulated-cloud.json of an earlier version', () => {
  it('is read as it is, migrated by the first change, and kept as simulated-cloud.json.migrated without its seed', async () => {
    const j = journey();
    const seed = seedOf(j.cfg);
    const file = toOneFile(j.cfg);
    // Reads use it as it is and create nothing.
    const status = onboard(j.cfg, ['status', '--json'], { cwd: j.dir });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).status).toBe('complete');
    expect(existsSync(cloudDb(j.cfg))).toBe(false);
    expect(existsSync(file)).toBe(true);
    // The first change migrates it (a change that changes nothing would not).
    const create = [
      'keys',
      'create',
      '--no-interactive',
      '--accept-key-risk',
      '--csv',
      join(j.dir, 'k2.csv'),
    ];
    const created = onboard(j.cfg, create, { cwd: j.dir });
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    const backup = JSON.parse(readFileSync(`${file}.migrated`, 'utf8'));
    expect(backup.secretSeed).toBeUndefined();
    expect(backup.accounts.map((a: { uid: string }) => a.uid)).toContain(j.uid);
    expect(readFileSync(`${file}.migrated`, 'utf8')).not.toContain(seed);
    expect(statSync(`${file}.migrated`).mode & 0o777).toBe(0o600);
    // The seed moved to the key file: the key made before still signs.
    expect(seedOf(j.cfg)).toBe(seed);
    const keys = readCloud(j.cfg).accounts.find((a) => a.uid === j.uid)?.accessKeys;
    expect(keys?.map((k) => k.id)).toHaveLength(2);
    expect(keys?.[0]?.id).toBe(j.id);
    const server = await startServe(j.cfg);
    expect(await callerOf(server.endpoint, j.id, j.secret)).toBe(j.uid);
    expect((await server.stop()).code).toBe(0);
  });

  it('one written again beside the database (an earlier version run once more) is kept as a second backup, never over the first', () => {
    const j = journey();
    const file = toOneFile(j.cfg);
    const create = (csv: string) =>
      onboard(j.cfg, ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', join(j.dir, csv)], {
        cwd: j.dir,
      });
    expect(create('k2.csv').code).toBe(0);
    const first = readFileSync(`${file}.migrated`, 'utf8');
    // An earlier version writes its one file again, with an account of its own.
    const again = JSON.parse(first);
    again.accounts[0].email = 'again@example.com';
    writeFileSync(file, JSON.stringify(again), { mode: 0o600 });
    expect(create('k3.csv').code).toBe(0);
    expect(readFileSync(`${file}.migrated`, 'utf8')).toBe(first);
    expect(readFileSync(`${file}.migrated-2`, 'utf8')).toContain('again@example.com');
    expect(existsSync(file)).toBe(false);
  });

  it('killed in the middle of its migration: the old file stays in use, or the new store is complete', async () => {
    const j = journey();
    const extra = 1500;
    const template = readCloud(j.cfg).accounts.find((a) => a.uid === j.uid);
    if (!template) throw new Error('no account');
    // A cloud big enough that its migration takes a while: accounts with RAM users and keys.
    const grow = (state: CloudState) => {
      for (let i = 0; i < extra; i++) {
        const uid = String(2000000000000000 + i);
        state.accounts.push({
          ...template,
          uid,
          email: `grown-${i}@example.com`,
          accessKeys: [],
          quotaApplications: [],
          ramRoles: [],
          ramUsers: Array.from({ length: 4 }, (_, n) => ({
            name: `user-${n}`,
            createdAt: template.createdAt,
            policies: ['AliyunOSSFullAccess'],
            accessKeys: [],
          })),
        });
      }
    };
    const expected = extra + readCloud(j.cfg).accounts.length;
    const file = toOneFile(j.cfg, grow);
    const legacy = readFileSync(file, 'utf8');
    let killedMidway = 0;
    for (const delay of [40, 120, 250, 400, 700]) {
      writeFileSync(file, legacy, { mode: 0o600 });
      for (const f of [cloudDb(j.cfg), `${cloudDb(j.cfg)}-lock`, cloudKeyFile(j.cfg), `${file}.migrated`]) {
        rmSync(f, { force: true });
      }
      // sim serve migrates the cloud before it listens.
      const child = spawn(process.execPath, [BIN, '--config-dir', j.cfg, 'sim', 'serve', '--port', '0'], {
        env: baseEnv(),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let listening = false;
      child.stdout.on('data', () => {
        listening = true;
      });
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      if (!listening) killedMidway++;
      // Whatever the moment: the cloud reads whole, from the old file or from the complete store.
      expect(readCloud(j.cfg).accounts).toHaveLength(expected);
      if (!existsSync(file)) expect(existsSync(`${file}.migrated`)).toBe(true);
      // And the next start finishes the job: the old key signs.
      const server = await startServe(j.cfg);
      expect(existsSync(file)).toBe(false);
      expect(readCloud(j.cfg).accounts).toHaveLength(expected);
      expect(await callerOf(server.endpoint, j.id, j.secret)).toBe(j.uid);
      await server.stop();
    }
    // At least one kill landed before the server was up (else this test tried nothing).
    expect(killedMidway).toBeGreaterThan(0);
  }, 120_000);
});

describe('a FIFO where a file of the store should be', () => {
  it.each([
    ['simulated-cloud.lmdb'],
    ['simulated-cloud.lmdb-lock'],
    ['simulated-cloud.key'],
  ])('%s: exit 5 naming it, at once, never opened', (name) => {
    const j = journey();
    const path = join(j.cfg, name);
    rmSync(path);
    const made = spawn('mkfifo', [path]);
    return new Promise<void>((resolve, reject) => {
      made.on('close', (code) => {
        try {
          expect(code).toBe(0);
          for (const args of [['status'], ['sim', 'inbox'], ['sim', 'reset', '--yes']]) {
            const started = Date.now();
            const r = onboard(j.cfg, args, { cwd: j.dir, timeout: 15_000 });
            expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
            expect(r.stderr).toContain(path);
            expect(Date.now() - started).toBeLessThan(15_000);
          }
          expect(statSync(path).isFIFO()).toBe(true);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
  });
});

describe('a store file that is not what it should be', () => {
  it('a database cut short (at any page): exit 5 naming it, never a crash; sim reset makes a new one', () => {
    const j = journey();
    const db = cloudDb(j.cfg);
    const whole = readFileSync(db);
    const pages = whole.length / 4096;
    expect(Number.isInteger(pages) && pages > 3).toBe(true);
    for (const size of [2 * 4096, Math.floor(pages / 2) * 4096, whole.length - 4096, whole.length - 100]) {
      writeFileSync(db, whole.subarray(0, size));
      const r = onboard(j.cfg, ['status'], { cwd: j.dir });
      expect(r.code, `${size}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toContain(db);
      expect(r.stderr).toContain('truncated');
      expect(readFileSync(db).length).toBe(size);
    }
    const reset = onboard(j.cfg, ['sim', 'reset', '--yes'], { cwd: j.dir });
    expect(reset.code, reset.stderr).toBe(0);
    expect(onboard(j.cfg, ['sim', 'inbox'], { cwd: j.dir }).code).toBe(0);
  });

  it('a database emptied (0 bytes beside its key file): exit 5 naming it, not a new cloud; sim reset makes one', () => {
    const j = journey();
    const db = cloudDb(j.cfg);
    writeFileSync(db, '');
    for (const args of [
      ['status', '--json'],
      ['sim', 'inbox'],
    ]) {
      const r = onboard(j.cfg, args, { cwd: j.dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toContain(db);
      expect(r.stderr).toContain('empty');
      expect(r.stderr).toContain('sim reset');
    }
    // Nothing was made in its place.
    expect(statSync(db).size).toBe(0);
    const reset = onboard(j.cfg, ['sim', 'reset', '--yes'], { cwd: j.dir });
    expect(reset.code, reset.stderr).toBe(0);
    expect(onboard(j.cfg, ['sim', 'inbox'], { cwd: j.dir }).code).toBe(0);
  });

  it.each([
    ['simulated-cloud.lmdb-lock', 'a folder'],
    ['simulated-cloud.lmdb', 'a dangling symbolic link'],
    ['simulated-cloud.key', 'a symbolic link to a file'],
  ])('%s as %s: exit 5 naming it, nothing opened or made through it', (name, kind) => {
    const j = journey();
    const file = join(j.cfg, name);
    const target = join(j.dir, `elsewhere-${name}`);
    rmSync(file);
    if (kind === 'a folder') mkdirSync(file);
    else {
      if (kind === 'a symbolic link to a file') writeFileSync(target, 'x');
      symlinkSync(target, file);
    }
    for (const args of [['status'], ['sim', 'inbox'], ['sim', 'reset', '--yes']]) {
      const r = onboard(j.cfg, args, { cwd: j.dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('folder or a symbolic link');
    }
    expect(kind === 'a symbolic link to a file' ? readFileSync(target, 'utf8') : existsSync(target)).toBe(
      kind === 'a symbolic link to a file' ? 'x' : false,
    );
  });

  it('a corrupt key file: sim serve refuses to start (exit 5 naming it) instead of answering 500', async () => {
    const j = journey();
    writeFileSync(cloudKeyFile(j.cfg), 'garbage\n');
    const r = onboard(j.cfg, ['sim', 'serve', '--port', '0'], { cwd: j.dir, timeout: 20_000 });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(cloudKeyFile(j.cfg));
  });
});

describe('the seed of derived secrets', () => {
  it('is in a 0600 key file beside the database, never in the database', () => {
    const j = journey();
    const seed = seedOf(j.cfg);
    expect(statSync(cloudKeyFile(j.cfg)).mode & 0o777).toBe(0o600);
    const bytes = cloudBytes(j.cfg);
    expect(bytes.includes(Buffer.from(seed))).toBe(false);
    expect(bytes.includes(Buffer.from(seed, 'base64'))).toBe(false);
    expect(bytes.includes(Buffer.from(j.secret))).toBe(false);
    // sim reset makes a new one: keys derived from the old seed are gone with the old cloud.
    expect(onboard(j.cfg, ['sim', 'reset', '--yes'], { cwd: j.dir }).code).toBe(0);
    expect(seedOf(j.cfg)).not.toBe(seed);
    expect(statSync(cloudKeyFile(j.cfg)).mode & 0o777).toBe(0o600);
  });
});

describe('sim serve: used nonces', () => {
  it.each([
    ['ACS3', false],
    ['HMAC-SHA1', true],
  ] as const)('%s: a request replayed after a restart is SignatureNonceUsed', async (_name, v2) => {
    const j = journey();
    const c = await capture(
      (endpoint) => rpc(apiClient(endpoint, j.id, j.secret, v2), '2015-04-01', 'GetCallerIdentity'),
      '{"RequestId":"R","AccountId":"1"}',
    );
    const send = (port: number) => replay(port, c);
    const first = await startServe(j.cfg);
    expect((await send(first.port)).status).toBe(200);
    expect((await first.stop()).code).toBe(0);
    const second = await startServe(j.cfg);
    const again = await send(second.port);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body)).toMatchObject({ Code: 'SignatureNonceUsed' });
    // A fresh request of the same key is served.
    expect(await callerOf(second.endpoint, j.id, j.secret)).toBe(j.uid);
    await second.stop();
  });

  it('one signed change sent to two servers on one store at once is made once; the other answer is SignatureNonceUsed', async () => {
    const j = journey();
    const ram = (endpoint: string, action: string, params: Record<string, string>) =>
      rpc(apiClient(endpoint, j.id, j.secret), '2015-05-01', action, params);
    // Both servers check the nonce before either records it: the latency holds both requests there.
    const env = { ONBOARD_SIM_LATENCY_MS: '400' };
    const [a, b] = await Promise.all([startServe(j.cfg, { env }), startServe(j.cfg, { env })]);
    await ram(a.endpoint, 'CreateUser', { UserName: 'twice' });
    const c = await capture((endpoint) => ram(endpoint, 'CreateAccessKey', { UserName: 'twice' }));
    const answers = await Promise.all([replay(a.port, c), replay(b.port, c)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = answers.find((r) => r.status === 400);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ Code: 'SignatureNonceUsed' });
    // A CreateAccessKey made twice would have left two keys.
    const keys = (await ram(a.endpoint, 'ListAccessKeys', { UserName: 'twice' })) as {
      body: { AccessKeys: { AccessKey: unknown[] } };
    };
    expect(keys.body.AccessKeys.AccessKey).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe('sim serve --host', () => {
  it('other than loopback: a warning that the simulator answers the network', async () => {
    const { cfg } = setup();
    // Bound to every address, but no request is sent anywhere: the warning is printed at start.
    const open = await startServe(cfg, { args: ['--host', '0.0.0.0'] });
    await vi.waitFor(() => expect(open.stderr()).toContain('answers the network'), { timeout: 10_000 });
    expect(open.stderr()).toContain('0.0.0.0');
    expect((await open.stop()).code).toBe(0);
    const local = await startServe(cfg, { args: ['--host', '127.0.0.1'] });
    await vi.waitFor(() => expect(local.stderr()).toContain('Ctrl-C'), { timeout: 10_000 });
    expect(local.stderr()).not.toContain('answers the network');
    await local.stop();
  });
});

describe('leftovers of a one-file server killed while it held the cloud', () => {
  it('its .mutex is removed at the next start; a live holder’s is left alone', async () => {
    const { dir, cfg } = setup();
    const mutex = join(cfg, 'simulated-cloud.json.mutex');
    const dead = { pid: 4194305, startedAt: new Date().toISOString(), command: 'mutex', host: hostname() };
    expect(onboard(cfg, ['sim', 'reset', '--yes'], { cwd: dir }).code).toBe(0);
    writeFileSync(mutex, `${JSON.stringify(dead)}\n`, { mode: 0o600 });
    writeFileSync(`${mutex}.tmp-4194305-0a1b2c`, 'half', { mode: 0o600 });
    const server = await startServe(cfg);
    expect(existsSync(mutex)).toBe(false);
    expect(existsSync(`${mutex}.tmp-4194305-0a1b2c`)).toBe(false);
    await server.stop();
    // A holder that is alive (this test's own process) keeps its mutex.
    writeFileSync(mutex, `${JSON.stringify({ ...dead, pid: process.pid })}\n`, { mode: 0o600 });
    const again = await startServe(cfg);
    expect(existsSync(mutex)).toBe(true);
    await again.stop();
  });
});

describe('the turn to open the database', () => {
  it('left by a process killed in it, or by another machine (a restored cache): no run waits on it', () => {
    const j = journey();
    const mutex = `${cloudDb(j.cfg)}.mutex`;
    const old = new Date(Date.now() - 3_600_000);
    for (const holder of [
      { pid: 4194305, host: hostname() },
      { pid: process.pid, host: 'ci-runner-7' },
    ]) {
      writeFileSync(
        mutex,
        `${JSON.stringify({ ...holder, startedAt: old.toISOString(), command: 'mutex' })}\n`,
        {
          mode: 0o600,
        },
      );
      utimesSync(mutex, old, old);
      const started = Date.now();
      const r = onboard(j.cfg, ['status', '--json'], { cwd: j.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).status).toBe('complete');
      // Taken over at once, not after a wait.
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(existsSync(mutex)).toBe(false);
    }
  });
});

describe('many processes changing one store at once', () => {
  afterAll(removeBundles);

  it('every change each one made is there, to it and to the others, while others open and close the store', async () => {
    const main = await bundle('test/helpers/main/store-writer.ts');
    const writers = 16;
    const changes = 30;
    for (let round = 0; round < 3; round++) {
      const { dir } = setup();
      const cfg = join(dir, `round-${round}`);
      // Started together, they open the store (the first one creates it) while the others already
      // change it, and close it while the others still do: what parallel CI steps do.
      const runs = Array.from({ length: writers }, (_, i) =>
        collectOutput(
          spawn(process.execPath, [main, cfg, `w${i}`, String(changes)], {
            env: baseEnv(),
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
      );
      const results = await Promise.all(runs.map((r) => r.done));
      results.forEach((r, i) => {
        expect(r.code, `round ${round}, w${i}: ${r.stderr}`).toBe(0);
      });
      const mails = readCloud(cfg).inbox;
      expect(mails).toHaveLength(writers * changes);
      for (let i = 0; i < writers; i++) {
        expect(
          mails.filter((m) => m.to === `w${i}@example.com`),
          `round ${round}, w${i}`,
        ).toHaveLength(changes);
      }
    }
  }, 120_000);
});

describe('what loading the store brings in', () => {
  // /proc/<pid>/maps lists the shared objects a process has loaded (Linux).
  it.runIf(process.platform === 'linux')(
    'lmdb’s addon and not msgpackr’s string decoder, which strings never use (a second dlopen for nothing)',
    async () => {
      const j = journey();
      const server = await startServe(j.cfg);
      // A signed call reads the store, so lmdb is loaded whatever sim serve did at its start.
      expect(await callerOf(server.endpoint, j.id, j.secret)).toBe(j.uid);
      const maps = readFileSync(`/proc/${server.child.pid}/maps`, 'utf8');
      expect(maps).toMatch(/lmdb[^\n]*\.node/);
      expect(maps).not.toMatch(/msgpackr-extract/);
      await server.stop();
    },
  );
});
