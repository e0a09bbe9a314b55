/**
 * At a terminal (issue #11): mistakes a person can fix are asked again,
 * Ctrl-C during a spinner ends like Ctrl-C at a prompt, long questions wrap
 * between words at 80 columns, Chinese mode speaks Chinese at every prompt
 * (and accepts 是/否), and the key-limit menu and the repair question say
 * what they do. Needs the built CLI (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/width.js';
import {
  BIN,
  baseEnv,
  createKeys,
  journeyArgs,
  onboard,
  PASSWORD,
  readProfile,
  stepHeader,
  writeProfile,
} from '../helpers/cli.js';
import { readCloud } from '../helpers/cloud.js';
import { KEY, type PtySession, ptyWorkspace, stripAnsi, toNewAccountEmail } from '../helpers/pty.js';

const ws = ptyWorkspace('onboard-pty-polish-', { cols: 80 });
const start = ws.start;

/** The screen's text with folded commands (` \` + newline) joined into one line. */
const joined = (s: PtySession) => s.text().replace(/ \\\n\s*/g, ' ');

/** Runs a command as the wizard printed it, through a shell, `onboard` being this build. */
function runPrinted(command: string) {
  const r = spawnSync('sh', ['-c', `onboard() { "${process.execPath}" "${BIN}" "$@"; }\n${command}`], {
    env: baseEnv(),
    cwd: ws.dir,
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The newest code in the inbox, read with the command the wizard printed for it. */
function codeFromPrintedInbox(s: PtySession, email: string): string {
  const command = [...joined(s).matchAll(/^\s*(onboard --\S.* sim inbox --email \S+)\s*$/gm)].at(-1)?.[1];
  expect(command, s.text().slice(-800)).toContain(email);
  const out = runPrinted(command ?? '');
  expect(out).not.toMatch(/empty|no mail/);
  // Newest first.
  return /\b(\d{6})\b/.exec(out)?.[1] ?? '';
}

/**
 * Every line the terminal received after `from` (a position in the raw output) fits 80
 * columns: nothing is left for the terminal to cut mid-word. (A prompt redraws its line
 * with cursor moves; the text before its answer is not a line of its own.)
 */
function fits80(s: PtySession, from = 0): void {
  const text = stripAnsi(s.raw().slice(from));
  for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
}

const EMAIL = 'pty2@example.com';

/** A pattern for a sentence that may be wrapped: any run of spaces may be a line break (and indentation). */
function wrapped(sentence: string): RegExp {
  return new RegExp(
    sentence
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  );
}

/** A finished setup made by a script, and its first key. */
function finishedSetup(): string {
  const r = onboard(ws.dir, journeyArgs(ws.dir), { input: `${PASSWORD}\n` });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(onboard(ws.dir, ['keys', 'list', '--json']).stdout).keys[0].id;
}

describe('mistakes a person can fix on the spot are asked again', () => {
  it('a wrong verification code: a new one is mailed and asked for', async () => {
    const s = start([]);
    await toNewAccountEmail(s);
    s.line(EMAIL);
    await s.waitFor(/New password/);
    s.line(PASSWORD);
    // Typed twice; two that differ are asked again.
    await s.waitFor(/The same password again/);
    s.line(`${PASSWORD}x`);
    await s.waitFor(/The two passwords differ; type them again\./);
    await s.waitFor(/New password/);
    s.line(PASSWORD);
    await s.waitFor(/The same password again/);
    s.line(PASSWORD);
    await s.waitFor(/Verification code \(6 digits\)/, 15_000);
    const first = codeFromPrintedInbox(s, EMAIL);
    s.line(first === '000000' ? '111111' : '000000');
    await s.waitFor(/The verification code is incorrect or has expired; a new one was mailed\./, 15_000);
    await s.waitFor(/Verification code \(6 digits\)/, 15_000);
    s.line(codeFromPrintedInbox(s, EMAIL));
    await s.waitFor(new RegExp(`${stepHeader('identity')} Identity`), 15_000);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    const status = JSON.parse(onboard(ws.dir, ['status', '--json']).stdout);
    expect(status.steps[0].status).toBe('done');
  });

  it('a wrong password on sign-in: asked again, with the attempts left', async () => {
    finishedSetup();
    const s = start(['--profile', 'second']);
    // The site comes first (English suggests the international one).
    await s.waitFor(/Which Alibaba Cloud site is your account on\?/);
    s.write(KEY.enter);
    await s.waitFor(/Do you have an Alibaba Cloud account\?/);
    s.write(KEY.down);
    await s.waitFor(/❯ Sign in to an existing account/);
    s.write(KEY.enter);
    await s.waitFor(/Email address/);
    s.line('dev@example.com');
    await s.waitFor(/Password/);
    s.line('Wrong0rd!x');
    await s.waitFor(/The password is incorrect \(4 attempts left/, 15_000);
    await s.waitFor(/Password/);
    s.line(PASSWORD);
    await s.waitFor(/dev@example\.com — account \d{16}/, 15_000);
    // The account is verified already: nothing is asked about identity.
    await s.waitFor(new RegExp(`${stepHeader('identity')} Identity\\s+\\S+\\s+verified`), 15_000);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    expect(s.text()).not.toMatch(/Verify as/);
  });

  it('an address that has an account is found before the password and the code: sign in, or another address', async () => {
    const s = start([]);
    await toNewAccountEmail(s);
    s.line('taken@example.com');
    // The sign-up's own check: nothing was asked or mailed yet.
    await s.waitFor(/taken@example\.com already has an account\./, 15_000);
    await s.waitFor(/Sign in to taken@example\.com instead\? \(Y\/n\)/);
    expect(s.text()).not.toMatch(/New password|Verification code/);
    // Not this account: another address, and the run goes on (no exit).
    s.line('n');
    await s.waitFor(/Another email address to register/);
    s.line('taken@example.com');
    await s.waitFor(/taken@example\.com already has an account: give another address/);
    s.write(KEY.backspace.repeat(20));
    s.line(EMAIL);
    await s.waitFor(/New password/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    // Saying yes signs in to it instead.
    const again = start([]);
    // (The site is remembered from the run before.)
    await again.waitFor(/Do you have an Alibaba Cloud account\?/);
    again.write(KEY.enter);
    await again.waitFor(/Email address/);
    again.write(KEY.backspace.repeat(30));
    again.line('taken@example.com');
    await again.waitFor(/Sign in to taken@example\.com instead\? \(Y\/n\)/, 15_000);
    again.write(KEY.enter);
    await again.waitFor(/Password/);
    expect(again.text()).not.toMatch(/New password|Verification code/);
    again.write(KEY.ctrlC);
    expect((await again.exit).exitCode).toBe(130);
  });
});

describe('Ctrl-C during a spinner', () => {
  it('leaves the label with ✖ and the note wrapped at 80 columns, exit 130', async () => {
    const s = start([], { ONBOARD_SIM_LATENCY_MS: '3000' });
    await toNewAccountEmail(s);
    s.line(EMAIL);
    await s.waitFor(/New password/);
    s.line(PASSWORD);
    await s.waitFor(/The same password again/);
    s.line(PASSWORD);
    await s.waitFor(/Mailing a verification code/);
    await new Promise((r) => setTimeout(r, 300));
    const before = s.raw().length;
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    const screen = s.text();
    expect(screen).toMatch(/✖ Mailing a verification code to pty2@example\.com/);
    expect(screen.replace(/\n\s*/g, ' ')).toContain(
      '✖ Interrupted. Progress up to the last finished action is kept; run the same command again to resume.',
    );
    expect(s.raw().slice(before)).toContain('\x1b[?25h');
    fits80(s, before);
  });
});

describe('long questions at 80 columns', () => {
  it('the key-delete confirmation wraps between words', async () => {
    const id = finishedSetup();
    expect(onboard(ws.dir, ['keys', 'disable', id]).code).toBe(0);
    const s = start(['keys', 'delete', id]);
    await s.waitFor(/\(y\/N\)/);
    fits80(s);
    expect(s.text().replace(/\n\s*/g, ' ')).toContain(
      `Delete AccessKey ${id}? Anything still using it will stop working. (y/N)`,
    );
    s.line('n');
    expect((await s.exit).exitCode).toBe(0);
    expect(s.text()).toContain(`Kept ${id}.`);
  });
});

describe('Chinese at every prompt', () => {
  it('the password prompt’s key hint, and 是 at a yes/no question', async () => {
    const s = start(['--lang', 'zh-CN']);
    await s.waitFor(/您的账号属于哪个阿里云站点/);
    await s.waitFor(/❯ 中国站/);
    s.write(KEY.enter);
    await s.waitFor(/您是否已有阿里云账号/);
    s.write(KEY.enter);
    await s.waitFor(/\? 邮箱地址/);
    s.line(EMAIL);
    await s.waitFor(/ctrl\+t 显示\/隐藏/);
    expect(s.text()).not.toMatch(/toggle visibility/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);

    const id = finishedSetup();
    expect(onboard(ws.dir, ['keys', 'disable', id]).code).toBe(0);
    const del = start(['--lang', 'zh-CN', 'keys', 'delete', id]);
    await del.waitFor(/是\/否（默认）/);
    fits80(del);
    del.line('是');
    expect((await del.exit).exitCode).toBe(0);
    expect(del.text()).toContain(`已删除 ${id}。`);
    expect(del.text()).not.toMatch(/You must answer|Yes|No\b/);
  });

  it('the key-limit menu: Cancel first, statuses and local times in Chinese', async () => {
    finishedSetup();
    createKeys(ws.dir, ['k2.csv', 'k3.csv', 'k4.csv', 'k5.csv']);
    const s = start(['--lang', 'zh-CN', 'keys', 'create']);
    await s.waitFor(/❯ 取消（保留所有 AccessKey）/, 15_000);
    // The table fits 80 columns in Chinese too: its header is one line, not wrapped.
    fits80(s);
    expect(s.text()).toMatch(/^\s*ID\s+状态\s+创建时间\s+最后使用时间\s+\S+$/m);
    s.write(KEY.down);
    await s.waitFor(/创建于 \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(s.text()).toMatch(/LTAI[A-Za-z0-9]{20}\s+已启用/);
    expect(s.text()).not.toMatch(/\bActive\b|\bInactive\b|created /);
    s.write(KEY.up);
    await s.waitFor(/❯ 取消/);
    s.write(KEY.enter);
    // Cancel keeps every key: the limit stands (exit 4), and no risk question was asked.
    expect((await s.exit).exitCode).toBe(4);
    expect(s.text()).not.toMatch(/仍要创建/);
  });
});

describe('repairing a key an interrupted run showed', () => {
  /** A finished setup, and a second key whose secret a run showed on screen before it died. */
  function shownThenInterrupted(): string {
    finishedSetup();
    const csv = join(ws.dir, 'second.csv');
    expect(
      onboard(ws.dir, ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', csv]).code,
    ).toBe(0);
    const id = readFileSync(csv, 'utf8').split('\n')[1]?.split(',')[0] ?? '';
    const cloud = JSON.stringify(readCloud(ws.dir));
    const token = new RegExp(`"id":\\s*"${id}"[^}]*?"clientToken":\\s*"([^"]+)"`).exec(cloud)?.[1];
    const state = readProfile(ws.dir);
    const root = state.keys.root!;
    root.delivered = root.delivered.filter((d) => d.id !== id);
    root.pending = { clientToken: token, keyId: id, shown: true, startedAt: new Date().toISOString() };
    writeProfile(ws.dir, state);
    return id;
  }

  it('asks whether the shown secret was saved; yes keeps the key as delivered', async () => {
    const id = shownThenInterrupted();
    const s = start(['keys', 'create']);
    await s.waitFor(
      wrapped(`An interrupted run showed you the secret of key ${id}. Did you save it?`),
      15_000,
    );
    await s.waitFor(/\(y\/N\)/);
    s.line('y');
    expect((await s.exit).exitCode).toBe(0);
    const root = readProfile(ws.dir).keys.root!;
    expect(root.delivered.map((d) => d.id)).toContain(id);
    expect(root.pending).toBeUndefined();
  });

  it('no: the key is disabled and deleted, and the wizard says so', async () => {
    const id = shownThenInterrupted();
    const s = start(['keys', 'create']);
    await s.waitFor(wrapped('Did you save it?'), 15_000);
    s.line('n');
    await s.waitFor(
      wrapped(`Key ${id} was shown by an interrupted run but never confirmed as saved`),
      15_000,
    );
    await s.waitFor(/Create a root AccessKey anyway\?/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    const keys = JSON.parse(onboard(ws.dir, ['keys', 'list', '--json']).stdout).keys as Array<{ id: string }>;
    expect(keys.map((k) => k.id)).not.toContain(id);
  });
});
