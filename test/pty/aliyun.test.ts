/**
 * `onboard --provider aliyun` at a terminal, as a new user meets it: no
 * credential anywhere, so the console pages come first (each link shown,
 * opened only when the person says yes), then the AccessKey is asked for
 * (the secret never echoed) and the setup finishes against `sim serve`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountArgs, onboard, PASSWORD, profilePath, removeDir, tempDir } from '../helpers/cli.js';
import { KEY, type PtySession, spawnPty } from '../helpers/pty.js';
import { closedPort } from '../helpers/serve.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const dirs: string[] = [];
const sessions: PtySession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.kill();
  await killServers();
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('the console-guided start', () => {
  it('shows the pages, opens one only when asked, takes the key typed and finishes', async () => {
    const dir = tempDir('onboard-pty-aliyun-');
    dirs.push(dir);
    const home = join(dir, 'home');
    mkdirSync(home);
    // A simulated account whose root key the person "made in the console" (its secret shown once, here).
    const sim = join(dir, 'sim');
    const made = onboard(
      sim,
      [
        ...accountArgs('new@example.com'),
        '--json',
        '--accept-key-risk',
        '--show-secret',
        '--product',
        'maxcompute',
      ],
      { input: `${PASSWORD}\n`, cwd: dir, env: { HOME: home } },
    );
    expect(made.code, made.stderr).toBe(0);
    const key = JSON.parse(made.stdout).accessKey as { id: string; secret: string };
    const server = await startServe(sim, { env: { HOME: home } });

    // A browser that only notes what it was asked to open.
    const opened = join(dir, 'opened.txt');
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
    chmodSync(browser, 0o755);

    const s = spawnPty(join(dir, 'real'), ['--provider', 'aliyun', '--endpoint', server.endpoint], {
      cwd: dir,
      env: { HOME: home, BROWSER: browser },
    });
    sessions.push(s);
    await s.waitFor(/Which Alibaba Cloud site is your account on\?/, 15_000);
    s.write(KEY.enter);
    await s.waitFor(/No AccessKey was found/);
    await s.waitFor(/1\/3\s+Create your Alibaba Cloud account/);
    await s.waitFor(/https:\/\/account\.alibabacloud\.com\/register\/intl_register\.htm/);
    await s.waitFor(/Open this page in your browser\? \(y\/N\)/);
    s.line('y');
    await s.waitFor(/2\/3\s+Complete real-name verification/);
    await s.waitFor(/Open this page in your browser\?/);
    s.line('n');
    await s.waitFor(/3\/3\s+Create an AccessKey/);
    await s.waitFor(/Open this page in your browser\?/);
    s.write(KEY.enter);
    await s.waitFor(/AccessKey ID/);
    s.line(key.id);
    await s.waitFor(/AccessKey secret of/);
    s.line(key.secret);
    // onboard keeps no secret: the key is offered to the aliyun CLI, where the next run finds it.
    await s.waitFor(/Save this key as the aliyun CLI profile default/, 15_000);
    s.line('y');
    await s.waitFor(/Saved it as the aliyun CLI profile default in ~\/\.aliyun\/config\.json/);
    await s.waitFor(/account \d{16}, with its own \(root\) key/, 15_000);

    // The RAM user is offered; not now. Then the bucket with every default, no high-end request.
    await s.waitFor(/Create a RAM user/, 15_000);
    s.write(KEY.down);
    await s.waitFor(/❯ No, not now/);
    s.write(KEY.enter);
    for (const q of [/Region/, /Bucket name/, /Storage class/, /Access control/, /Redundancy/]) {
      await s.waitFor(q, 15_000);
      s.write(KEY.enter);
    }
    await s.waitFor(/Request high-end/, 15_000);
    s.write(KEY.enter);
    const exit = await s.exit;
    expect(exit.exitCode, s.text().slice(-2000)).toBe(0);
    expect(s.text()).toMatch(/Status: complete/);
    // The secret was typed with echo off and written nowhere.
    expect(s.raw()).not.toContain(key.secret);
    expect(readFileSync(profilePath(join(dir, 'real')), 'utf8')).not.toContain(key.secret);
    // Coming back later: the key is found in the aliyun CLI profile, nothing is asked.
    const later = onboard(
      join(dir, 'real'),
      ['--provider', 'aliyun', '--endpoint', server.endpoint, 'status', '--json'],
      {
        cwd: dir,
        env: { HOME: home },
      },
    );
    expect(later.code, later.stderr).toBe(0);
    const account = JSON.parse(later.stdout).steps.find((x: { id: string }) => x.id === 'account');
    expect(account.details).toMatchObject({
      credentialSource: 'aliyun-cli:default',
      keyId: key.id,
      live: true,
    });
    // Only the page the person said yes to was opened.
    expect(existsSync(opened)).toBe(true);
    expect(readFileSync(opened, 'utf8')).toBe(
      'https://account.alibabacloud.com/register/intl_register.htm\n',
    );
  });
});

describe('a cloud that cannot be reached', () => {
  it('is said to be out of reach (naming the endpoint), exit 4; the key is not blamed or asked again', async () => {
    const dir = tempDir('onboard-pty-unreachable-');
    dirs.push(dir);
    const home = join(dir, 'home');
    mkdirSync(home);
    const endpoint = `127.0.0.1:${await closedPort()}`;
    const s = spawnPty(
      join(dir, 'real'),
      ['--provider', 'aliyun', '--endpoint', endpoint, '--site', 'intl'],
      {
        cwd: dir,
        env: { HOME: home },
      },
    );
    sessions.push(s);
    for (let page = 0; page < 3; page++) {
      await s.waitFor(/Open this page in your browser\? \(y\/N\)/, 15_000);
      s.write(KEY.enter);
    }
    await s.waitFor(/AccessKey ID/);
    s.line('LTAI5tNoSuchKey000000001');
    await s.waitFor(/AccessKey secret of/);
    s.line('x'.repeat(30));
    const exit = await s.exit;
    // Lines wrapped at the terminal's width, joined again.
    const screen = s.text().replace(/\n\s*/g, ' ');
    expect(exit.exitCode, screen.slice(-2000)).toBe(4);
    expect(screen).toContain(
      `EndpointUnreachable: The cloud could not be reached at the endpoint ${endpoint}`,
    );
    expect(screen).not.toMatch(/did not work|type it again/);
    expect(screen.match(/✔ AccessKey ID/g)).toHaveLength(1);

    // A script with a key: the same words, the same exit code, at once.
    const script = onboard(
      join(dir, 'script'),
      ['--provider', 'aliyun', '--endpoint', endpoint, '--access-key-id', 'LTAI5tNoSuchKey000000001'],
      { cwd: dir, env: { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x'.repeat(30), CI: '1' } },
    );
    expect(script.code, script.stderr).toBe(4);
    expect(script.stderr).toContain(`The cloud could not be reached at the endpoint ${endpoint}`);
    expect(script.stderr).not.toMatch(/AccessKey .*(wrong|did not work)/);
  });
});
