/**
 * Output that fits where it goes, at a real terminal: colour and wrapping
 * follow the stream (`keys list > file`, `status | cat` are plain text while
 * stderr is the terminal), nothing passes the edge at 60 or 80 columns nor
 * splits a word (status, keys list with LAST USED dates, a dry run's plan,
 * the `sim serve` banner; English and Chinese), and Esc at a list prompt
 * leaves the highlight where it is. Needs the built CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { STEP_IDS } from '../../src/steps/index.js';
import { displayWidth } from '../../src/ui/width.js';
import { accountArgs, onboard, PASSWORD, removeDir, tempDir } from '../helpers/cli.js';
import { cloudDb } from '../helpers/cloud.js';
import { KEY, type PtySession, type SpawnOptions, spawnPty, stripAnsi } from '../helpers/pty.js';
import { apiConfig, StsClient } from '../helpers/sdk.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const SGR = /\x1b\[[0-9;]*m/;

let dir = '';
let rootKey = '';
const sessions: PtySession[] = [];

/** A finished setup (root key, RAM user, high-end, both products) whose root key has signed a served call. */
beforeAll(async () => {
  dir = tempDir('onboard-pty-fit-');
  const r = onboard(
    dir,
    [
      ...accountArgs(),
      '--product',
      'both',
      '--high-end',
      '--root-key',
      '--accept-key-risk',
      '--csv',
      join(dir, 'AccessKey.csv'),
      '--ram-user',
      'onboard-admin',
      '--ram-csv',
      join(dir, 'onboard-admin_AccessKey.csv'),
      '--show-secret',
      '--json',
    ],
    { input: `${PASSWORD}\n` },
  );
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  rootKey = doc.accessKey.id;
  // A served call with the root key: LAST USED gets a date.
  const server = await startServe(dir);
  await new StsClient(apiConfig(server.endpoint, rootKey, doc.accessKey.secret)).getCallerIdentity();
  await server.stop('SIGINT');
}, 60_000);
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.kill();
    await Promise.race([s.exit, new Promise((r) => setTimeout(r, 2000))]);
  }
  await killServers();
});
afterAll(() => removeDir(dir));

function start(args: string[], opts: SpawnOptions = {}): PtySession {
  const s = spawnPty(dir, args, opts);
  sessions.push(s);
  return s;
}

/** Latin words (ids, names, paths, codes): one split by a line break would leave fragments. */
const latinWords = (text: string) => new Set(stripAnsi(text).match(/[A-Za-z0-9][A-Za-z0-9._@:/-]*/g) ?? []);

/** Every line of the screen within `columns`, and every Latin word one of the unwrapped output's. */
function expectFits(screen: string, unwrapped: string, columns: number): void {
  for (const line of screen.split('\n'))
    expect(displayWidth(line), `${line}\n--- on the screen ---\n${screen}`).toBeLessThanOrEqual(columns);
  const whole = latinWords(unwrapped);
  for (const word of latinWords(screen)) expect(whole.has(word), `"${word}" split in\n${screen}`).toBe(true);
}

describe('colour and wrapping follow the stream they are written to', () => {
  it('keys list > file: a plain, unwrapped table in the file while stderr (the terminal) has colour', async () => {
    const s = start(['keys', 'list'], { cols: 60, redirect: '> keys.txt' });
    expect((await s.exit).exitCode, s.text()).toBe(0);
    const file = readFileSync(join(dir, 'keys.txt'), 'utf8');
    expect(file).not.toContain('\x1b');
    // The table as it is, one row per key, though wider than the 60-column terminal.
    expect(file).toMatch(/^ID +STATUS +CREATED +LAST USED +ALLOWED FROM\n/);
    expect(file).toMatch(
      new RegExp(`^${rootKey} \\* +Active +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +\\d{4}-`, 'm'),
    );
    // stderr is the terminal: its line is styled.
    expect(s.raw()).toMatch(SGR);
    expect(s.text()).toMatch(/1 of 5 keys/);
  });

  it('status | cat: plain, one line per step, though the terminal is 60 columns wide', async () => {
    const s = start(['status'], { cols: 60, redirect: '| cat' });
    expect((await s.exit).exitCode, s.text()).toBe(0);
    expect(s.raw()).not.toMatch(SGR);
    expect(s.text()).toMatch(
      /^ {2}RAM user +✔ onboard-admin@\d{16}\.onaliyun\.com with AliyunOSSFullAccess, .+$/m,
    );
    expect(s.text()).toMatch(
      /^ {2}onboard --profile default --config-dir \S+ keys list --ram-user onboard-admin$/m,
    );
  });

  it('keys list 2> file: the terminal (stdout) has colour, the file (stderr) none', async () => {
    const s = start(['keys', 'list'], { cols: 80, redirect: '2> err.txt' });
    expect((await s.exit).exitCode, s.text()).toBe(0);
    expect(s.raw()).toMatch(SGR);
    const err = readFileSync(join(dir, 'err.txt'), 'utf8');
    expect(err).toMatch(/1 of 5 keys/);
    expect(err).not.toContain('\x1b');
  });
});

describe.each([60, 80])('at %i columns', (cols) => {
  describe.each(['en', 'zh-CN'])('%s', (lang) => {
    const fresh = [
      '--profile',
      'fresh',
      '--no-interactive',
      '--email',
      'fresh@example.com',
      '--identity-type',
      'individual',
      '--legal-name',
      'Li Lei',
      '--id-number',
      '11010519491231002X',
      '--no-root-key',
      '--ram-user',
      'onboard-admin',
      '--ram-csv',
      './fresh_AccessKey.csv',
      '--product',
      'both',
      '--high-end',
    ];
    const commands: Array<[string, string[]]> = [
      ['status', ['status']],
      ['keys list (LAST USED has a date)', ['keys', 'list']],
      ['the simulated inbox', ['sim', 'inbox']],
      ['a dry run’s plan', ['run', '--dry-run', ...fresh]],
    ];
    for (const [name, args] of commands) {
      it(`${name}: nothing past the edge, no word split`, async () => {
        const argv = ['--lang', lang, ...args];
        const env = { ONBOARD_PASSWORD: PASSWORD };
        const s = start(argv, { cols, env });
        expect((await s.exit).exitCode, s.text()).toBe(0);
        const piped = onboard(dir, argv, { env, cwd: dir });
        expect(piped.code, piped.stderr).toBe(0);
        expectFits(s.text(), piped.stdout + piped.stderr, cols);
        if (args[0] === 'status') {
          // Each step's lines stay in the checklist: none falls back to the left edge.
          const checklist = s.text().split('\n\n')[0]?.split('\n').slice(1) ?? [];
          expect(checklist.length).toBeGreaterThan(STEP_IDS.length);
          for (const line of checklist) expect(line, s.text()).toMatch(/^ {2}/);
        }
      });
    }

    it('the sim serve banner', async () => {
      const s = start(['--lang', lang, 'sim', 'serve'], { cols });
      const endpoint = (await s.waitFor(/^(127\.0\.0\.1:\d+)$/m))[1] as string;
      await s.waitFor(/Ctrl-C/);
      const file = cloudDb(dir);
      const screen = s.text();
      expectFits(screen, `${screen.replace(/\n\s*/g, ' ')} ${file} http://${endpoint}`, cols);
      expect(screen).toContain(file);
      expect(screen).toContain(`http://${endpoint}`);
      s.write(KEY.ctrlC);
      expect((await s.exit).exitCode).toBe(0);
    });
  });
});

describe.each([
  [
    60,
    'zh-CN',
    /您的账号属于哪个阿里云站点/,
    /您是否已有阿里云账号/,
    /\? 邮箱地址/,
    /\? 设置密码/,
    /\? 验证码（6 位数字）/,
  ],
  [
    80,
    'en',
    /Which Alibaba Cloud site/,
    /Do you have an Alibaba Cloud account/,
    /\? Email address/,
    /\? New password/,
    /\? Verification code/,
  ],
])('questions and answers at %i columns (%s)', (cols, lang, site, account, email, password, code) => {
  it('no line past the edge, an answer too long for its question’s line on its own', async () => {
    const s = start(['--lang', lang, '--profile', `prompts-${cols}`], { cols });
    await s.waitFor(site);
    s.write(KEY.down);
    await s.waitFor(/❯ (?:国际站|International site)/);
    s.write(KEY.enter);
    await s.waitFor(account);
    s.write(KEY.enter);
    await s.waitFor(email);
    s.line(`prompts-${cols}@example.com`);
    await s.waitFor(password);
    s.line(PASSWORD);
    // A new password is typed twice.
    await s.waitFor(lang === 'en' ? /The same password again/ : /再次输入相同的密码/);
    s.line(PASSWORD);
    await s.waitFor(code);
    // A prompt redraws its lines from their first column (`ESC [ G`, `ESC [ 2K`): each piece written
    // from there is a line on the screen.
    const pieces = stripAnsi(s.raw().replace(/\x1b\[(?:\d*G|2K)|\r/g, '\n')).split('\n');
    for (const line of pieces)
      expect(displayWidth(line), `${line}\n--- on the screen ---\n${s.text()}`).toBeLessThanOrEqual(cols);
    // The prompt library cuts a line at the edge wherever it falls; every answer is whole on its line.
    const whole = (text: string) =>
      expect(
        pieces.some((p) => p.includes(text)),
        `${text} in\n${s.text()}`,
      ).toBe(true);
    whole(lang === 'en' ? 'International site (alibabacloud.com)' : '国际站（alibabacloud.com）');
    whole('•'.repeat(PASSWORD.length));
    whole(`prompts-${cols}@example.com`);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
  });
});

describe('Esc at a list prompt', () => {
  it('Esc, ← and → leave the highlight where it is; ↑ ↓ and typing still move it', async () => {
    const s = start(['run', '--step', 'oss'], { cols: 80 });
    await s.waitFor(/Region \(where the cluster will run\)/);
    await s.waitFor(/❯ cn-hangzhou/);
    s.write(KEY.down);
    await s.waitFor(/❯ cn-shanghai/);
    s.write(KEY.down);
    await s.waitFor(/❯ cn-qingdao/);
    const from = s.text().length;
    s.write('\x1b');
    s.write('\x1b[D');
    s.write('\x1b[C');
    // Typing finds a choice by its first letters: the screen shows the keys before it were read.
    s.write('us');
    await s.waitFor(/❯ us-west-1/);
    expect(s.text().slice(from)).not.toMatch(/❯ cn-hangzhou/);
    s.write(KEY.up);
    await s.waitFor(/❯ cn-hongkong/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
  });
});
