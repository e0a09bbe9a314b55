/**
 * `findCredential`: the official chain's providers in the contract's order
 * (environment, aliyun CLI profile, shared credentials file, then ECS, OIDC
 * and a credentials URI only when named), the source of the answer, clear
 * errors for credentials that exist but cannot be used, and no network
 * unless an address was named. Every file lives in a temporary home; this
 * process's HOME points at one too, so nothing can reach the real home.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fakeHome = vi.hoisted(() => {
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'onboard-cred-home-'));
  process.env.HOME = dir;
  return dir;
});

import { UsageError } from '../../src/core/errors.js';
import { findCredential } from '../../src/provider/aliyun/credentials.js';
import { bundle, removeBundles, runBundle } from '../helpers/bundle.js';
import { baseEnv } from '../helpers/cli.js';

const AK = 'LTAI5tEnvKey000000000001';
const SECRET = 'envSecret00000000000000000001';
let home: string;
const servers: Server[] = [];

/** Counts TCP connections this process opens (the official chain would ask 100.100.100.200). */
let connections = 0;
const connect = net.Socket.prototype.connect;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-cred-'));
  connections = 0;
  net.Socket.prototype.connect = function counted(this: net.Socket, ...args: never[]) {
    connections++;
    return Reflect.apply(connect, this, args);
  };
});
afterEach(async () => {
  net.Socket.prototype.connect = connect;
  fs.rmSync(home, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
afterAll(() => {
  removeBundles();
  fs.rmSync(fakeHome, { recursive: true, force: true });
});

function write(rel: string, content: string): string {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

function cliConfig(current: string, profiles: Array<Record<string, unknown>>): void {
  write('.aliyun/config.json', JSON.stringify({ current, profiles }, null, 2));
}

function credentialsFile(rel: string, sections: Record<string, Record<string, string>>): string {
  const text = Object.entries(sections)
    .map(
      ([name, values]) =>
        `[${name}]\n${Object.entries(values)
          .map(([k, v]) => `${k} = ${v}`)
          .join('\n')}\n`,
    )
    .join('\n');
  return write(rel, text);
}

const find = (env: NodeJS.ProcessEnv = {}) => findCredential({ env, home });

async function unusable(env: NodeJS.ProcessEnv = {}): Promise<UsageError> {
  try {
    await find(env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('findCredential', () => {
  it('nothing anywhere: null, and no connection was opened (ECS and URI are not asked unless named)', async () => {
    expect(await find()).toBeNull();
    expect(
      await find({ ALIBABA_CLOUD_ECS_METADATA: 'role', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }),
    ).toBeNull();
    // Half of OIDC's variables are not an OIDC configuration.
    expect(await find({ ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/r' })).toBeNull();
    expect(connections).toBe(0);
  });

  it('the environment: a key, with an STS token when one is set', async () => {
    expect(await find({ ALIBABA_CLOUD_ACCESS_KEY_ID: AK, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET })).toEqual({
      credential: { kind: 'access-key', id: AK, secret: SECRET },
      source: 'env',
    });
    const sts = await find({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.x',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: 'token-1',
    });
    expect(sts?.credential).toEqual({
      kind: 'access-key',
      id: 'STS.x',
      secret: SECRET,
      securityToken: 'token-1',
    });
  });

  it('half a pair in the environment is an error naming what is missing, not a fall-through', async () => {
    const error = await unusable({ ALIBABA_CLOUD_ACCESS_KEY_ID: AK });
    expect(error).toMatchObject({
      code: 'CredentialUnusable',
      exitCode: 2,
      key: 'provider.credential.incomplete',
    });
    expect(error.params).toMatchObject({ source: 'env', missing: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' });
  });

  it('the aliyun CLI profile: `current`, or ALIBABA_CLOUD_PROFILE; StsToken mode carries its token', async () => {
    cliConfig('default', [
      { name: 'default', mode: 'AK', access_key_id: 'LTAI5tCliDefault00000001', access_key_secret: 's1' },
      { name: 'work', mode: 'AK', access_key_id: 'LTAI5tCliWork00000000001', access_key_secret: 's2' },
      { name: 'temp', mode: 'StsToken', access_key_id: 'STS.t', access_key_secret: 's3', sts_token: 'tok' },
    ]);
    expect(await find()).toEqual({
      credential: { kind: 'access-key', id: 'LTAI5tCliDefault00000001', secret: 's1' },
      source: 'aliyun-cli:default',
    });
    expect(await find({ ALIBABA_CLOUD_PROFILE: 'work' })).toMatchObject({
      credential: { id: 'LTAI5tCliWork00000000001' },
      source: 'aliyun-cli:work',
    });
    expect(await find({ ALIBABA_CLOUD_PROFILE: 'temp' })).toMatchObject({
      credential: { id: 'STS.t', securityToken: 'tok' },
      source: 'aliyun-cli:temp',
    });
    // The environment comes first.
    expect(
      (await find({ ALIBABA_CLOUD_ACCESS_KEY_ID: AK, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }))?.source,
    ).toBe('env');
  });

  it('a CLI profile of a kind onboard cannot use is an error (no role is assumed, nothing is asked)', async () => {
    cliConfig('role', [
      {
        name: 'role',
        mode: 'RamRoleArn',
        access_key_id: 'a',
        access_key_secret: 'b',
        ram_role_arn: 'acs:ram::1:role/x',
      },
    ]);
    const error = await unusable();
    expect(error).toMatchObject({ key: 'provider.credential.unsupported' });
    expect(error.params).toMatchObject({ source: 'aliyun-cli:role', mode: 'RamRoleArn' });
    expect(connections).toBe(0);
  });

  it('a CLI config that is not JSON is an error that does not quote the file (it holds secrets)', async () => {
    write('.aliyun/config.json', '{ "profiles": [ { "access_key_secret": "TopSecret123" ');
    const error = await unusable();
    expect(error).toMatchObject({ key: 'provider.credential.unreadable' });
    expect(JSON.stringify(error.params)).not.toContain('TopSecret123');
  });

  it('the shared credentials file: its default path in home, the section ALIBABA_CLOUD_PROFILE names, else default', async () => {
    credentialsFile('.alibabacloud/credentials', {
      default: { type: 'access_key', access_key_id: 'LTAI5tFileDefault0000001', access_key_secret: 'f1' },
      ci: { type: 'access_key', access_key_id: 'LTAI5tFileCi000000000001', access_key_secret: 'f2' },
    });
    expect(await find()).toEqual({
      credential: { kind: 'access-key', id: 'LTAI5tFileDefault0000001', secret: 'f1' },
      source: 'credentials-file:default',
    });
    expect(await find({ ALIBABA_CLOUD_PROFILE: 'ci' })).toMatchObject({ source: 'credentials-file:ci' });
    expect(await find({ ALIBABA_CLOUD_PROFILE: 'absent' })).toBeNull();
  });

  it('ALIBABA_CLOUD_CREDENTIALS_FILE names the file; a named file that is missing is an error', async () => {
    const file = credentialsFile('elsewhere/creds.ini', {
      default: { type: 'access_key', access_key_id: 'LTAI5tNamedFile000000001', access_key_secret: 'n1' },
    });
    expect(await find({ ALIBABA_CLOUD_CREDENTIALS_FILE: file })).toMatchObject({
      credential: { id: 'LTAI5tNamedFile000000001' },
      source: 'credentials-file:default',
    });
    const error = await unusable({ ALIBABA_CLOUD_CREDENTIALS_FILE: path.join(home, 'missing.ini') });
    expect(error).toMatchObject({ key: 'provider.credential.unreadable' });
  });

  it('a credentials-file section of another type is an error', async () => {
    credentialsFile('.alibabacloud/credentials', { default: { type: 'ecs_ram_role', role_name: 'r' } });
    expect(await unusable()).toMatchObject({
      key: 'provider.credential.unsupported',
      params: { mode: 'ecs_ram_role' },
    });
    expect(connections).toBe(0);
  });

  it('order: the CLI profile before the credentials file; a profile the CLI lacks falls to the file', async () => {
    cliConfig('default', [
      { name: 'default', mode: 'AK', access_key_id: 'LTAI5tCli000000000000001', access_key_secret: 'c' },
    ]);
    credentialsFile('.alibabacloud/credentials', {
      default: { type: 'access_key', access_key_id: 'LTAI5tFile00000000000001', access_key_secret: 'f' },
      other: { type: 'access_key', access_key_id: 'LTAI5tFileOther000000001', access_key_secret: 'o' },
    });
    expect((await find())?.source).toBe('aliyun-cli:default');
    expect(await find({ ALIBABA_CLOUD_PROFILE: 'other' })).toMatchObject({
      source: 'credentials-file:other',
    });
    expect(await find({ ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' })).toMatchObject({
      source: 'credentials-file:default',
    });
  });

  it('a credentials URI, only when named: its STS key; a URI that fails is an error naming the source', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          AccessKeyId: 'STS.uri',
          AccessKeySecret: 'uriSecret',
          SecurityToken: 'uriToken',
          Expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await find({ ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${port}/cred` })).toEqual({
      credential: { kind: 'access-key', id: 'STS.uri', secret: 'uriSecret', securityToken: 'uriToken' },
      source: 'uri',
    });
    // The connection counter sees a provider's requests (the control for the tests above).
    expect(connections).toBeGreaterThan(0);
    const error = await unusable({ ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:9/cred?token=abc' });
    expect(error).toMatchObject({ key: 'provider.credential.failed', params: { source: 'uri' } });
    expect(JSON.stringify(error.params)).not.toContain('token=abc');
  });
});

describe('findCredential in a child process, as the CLI calls it (HOME decides)', () => {
  it('reads the temporary HOME’s aliyun CLI profile, and nothing when HOME is empty', async () => {
    const main = await bundle('test/helpers/main/find-credential.ts');
    cliConfig('default', [
      { name: 'default', mode: 'AK', access_key_id: 'LTAI5tChild0000000000001', access_key_secret: 'c' },
    ]);
    const env = baseEnv({ HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' });
    expect(runBundle(main, env).json).toEqual({
      source: 'aliyun-cli:default',
      id: 'LTAI5tChild0000000000001',
      hasSecret: true,
    });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-cred-empty-'));
    try {
      expect(runBundle(main, baseEnv({ HOME: empty })).json).toBeNull();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
