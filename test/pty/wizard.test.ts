/**
 * Real pseudo-terminal sessions: what a person at a terminal sees and types.
 * Needs the built CLI (`node scripts/build.mjs`; `npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  baseEnv,
  createKeys,
  journeyArgs,
  onboard,
  PASSWORD,
  RESIDENT_ID,
  stepHeader,
} from '../helpers/cli.js';
import { readBack } from '../helpers/official.js';
import { KEY, type PtySession, ptyWorkspace, toNewAccountEmail } from '../helpers/pty.js';

const EMAIL = 'pty@example.com';
const SGR_COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3|9)\d(?:;[0-9;]*)?m/;

const ws = ptyWorkspace('onboard-pty-');
const start = ws.start;

/** The latest verification code mailed to `email`, read as the wizard tells the user to. */
function inboxCode(email: string): string {
  const r = spawnSync(process.execPath, [BIN, 'sim', 'inbox', '--config-dir', ws.dir, '--email', email], {
    env: baseEnv(),
    cwd: ws.dir,
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const codes = [...r.stdout.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/\b(\d{6})\b/g)].map((m) => m[1]);
  expect(codes.length, r.stdout).toBeGreaterThan(0);
  return codes.at(-1) as string;
}

/** Walks the account step: register (the default), email, password, code. */
async function registerAccount(s: PtySession, email = EMAIL): Promise<void> {
  // The site comes first (English suggests the international one).
  await s.waitFor(/Which Alibaba Cloud site is your account on\?/);
  s.write(KEY.enter);
  await s.waitFor(/Do you have an Alibaba Cloud account\?/);
  await s.waitFor(/Register a new account/);
  s.write(KEY.enter);
  await s.waitFor(/Email address/);
  s.line(email);
  await s.waitFor(/New password/);
  s.line(PASSWORD);
  // Typed twice (echo off): a typo would lock the person out of the new account.
  await s.waitFor(/The same password again/);
  s.line(PASSWORD);
  await s.waitFor(/Verification code \(6 digits\)/, 15_000);
  // The inbox command is printed whole (folded with `\` continuations), for this config dir.
  const joined = s
    .text()
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/ \\\r?\n\s*/g, ' ');
  expect(joined).toContain(`onboard --profile default --config-dir ${ws.dir} sim inbox --email ${email}`);
  s.line(inboxCode(email));
}

/** Walks the identity step as an individual with a resident ID card. */
async function verifyIdentity(s: PtySession): Promise<void> {
  await s.waitFor(/Verify as/, 15_000);
  s.write(KEY.enter);
  await s.waitFor(/Legal name/);
  s.line('Li Lei');
  await s.waitFor(/Document type/);
  s.write(KEY.enter);
  await s.waitFor(/Resident ID number/);
  s.line(RESIDENT_ID);
}

describe('interactive wizard in a pseudo-terminal', () => {
  it('walks the whole journey with defaults (the recommended RAM user), password hidden, secret shown once', async () => {
    // A home of its own: the key is handed to the aliyun CLI there, and read back by the official client.
    const home = join(ws.dir, 'home');
    mkdirSync(home);
    const s = start([], { HOME: home });
    await registerAccount(s);
    await verifyIdentity(s);

    // accesskey: which key? The RAM user's is the default and recommended; no root-key risk then.
    await s.waitFor(/Which AccessKey do you want\?/, 15_000);
    await s.waitFor(/❯ A RAM user's key \(recommended\)/);
    s.write(KEY.enter);
    // ramuser: the suggested name, the product's policies, its own key shown once.
    await s.waitFor(/RAM user name \(logon name\) \(onboard-admin\)/, 15_000);
    s.write(KEY.enter);
    const secret = await s.waitFor(/AccessKey Secret\W*([A-Za-z0-9]{30})\b/, 15_000);
    expect(s.text()).toMatch(/LTAI[A-Za-z0-9]{20}/);
    expect(s.text()).not.toMatch(/Create a root AccessKey anyway/);
    await s.waitFor(/Save it to a CSV file as well\?/);
    s.line('y');
    await s.waitFor(/onboard-admin_AccessKey\.csv/);
    s.write(KEY.enter);
    // The tools: no aliyun CLI set up here yet, so "No" comes first; pick the aliyun CLI.
    await s.waitFor(/Also hand the key to your tools\?/);
    // Every choice says where the key would go, "Both" too.
    s.write(KEY.down + KEY.down + KEY.down);
    await s.waitFor(/❯ Both\s+~\/\.aliyun\/config\.json and the SDK credentials file/);
    s.write(KEY.up + KEY.up);
    await s.waitFor(/❯ The aliyun CLI \(profile default\)/);
    s.write(KEY.enter);
    // The CLI profile names the setup's region: asked now (the oss step's question), not defaulted.
    await s.waitFor(/Region/, 15_000);
    s.write(KEY.down);
    await s.waitFor(/❯ cn-shanghai/);
    s.write(KEY.enter);
    // The answer reads as a phrase, without the list's column padding.
    await s.waitFor(/✔ Region \(where the cluster will run\) cn-shanghai China \(Shanghai\)\n/);
    await s.waitFor(/Saved it as the aliyun CLI profile default in ~\/\.aliyun\/config\.json/);
    await s.waitFor(/I have saved the AccessKey secret/);
    s.line('y');

    // oss: the region is known already; every other default
    await s.waitFor(/Bucket name \(emr-\d{6}-cn-shanghai\)/, 15_000);
    s.write(KEY.enter);
    await s.waitFor(/Storage class/);
    s.write(KEY.enter);
    await s.waitFor(/Access control/);
    s.write(KEY.enter);
    await s.waitFor(/Redundancy/);
    s.write(KEY.enter);

    // highend: default No
    await s.waitFor(/Request high-end \(8 vCPU or more\) instance types for E-MapReduce\? \(y\/N\)/, 15_000);
    s.write(KEY.enter);
    await s.waitFor(/skipped \(run with --high-end to request\)/);

    const exit = await s.exit;
    expect(exit.exitCode, s.text().slice(-2000)).toBe(0);
    expect(s.text()).toMatch(/Setup of profile default \(E-MapReduce\)/);
    expect(s.text()).toMatch(/Status: complete/);

    // The password never reached the screen.
    expect(s.raw()).not.toContain(PASSWORD);
    expect(s.text()).not.toContain(PASSWORD);

    const csv = readFileSync(join(ws.dir, 'onboard-admin_AccessKey.csv'), 'utf8');
    expect(csv).toMatch(
      /^UserPrincipalName,AccessKeyId,AccessKeySecret\nonboard-admin@\d{16}\.onaliyun\.com,LTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/,
    );
    expect(csv).toContain(secret[1]);
    // The official client finds the same key in the aliyun CLI profile.
    const keyId = /,(LTAI[A-Za-z0-9]{20}),/.exec(csv)?.[1];
    expect(await readBack(home, { ALIBABA_CLOUD_PROFILE: 'default' })).toMatchObject({
      id: keyId,
      secret: secret[1],
    });
    // With the region of the bucket, asked once.
    const cli = JSON.parse(readFileSync(join(home, '.aliyun', 'config.json'), 'utf8'));
    expect(cli.profiles[0]).toMatchObject({ name: 'default', region_id: 'cn-shanghai' });
    expect(s.text().match(/✔ Region/g)).toHaveLength(1);

    const status = onboard(ws.dir, ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.status).toBe('complete');
    const human = onboard(ws.dir, ['status']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Status: complete/);
    for (const step of ['Account', 'Identity', 'RAM user', 'OSS bucket']) {
      expect(human.stdout).toMatch(new RegExp(`^\\s*${step}\\s+✔`, 'm'));
    }
    for (const step of ['account', 'identity', 'ramuser', 'oss']) {
      expect(doc.steps.find((x: { id: string }) => x.id === step)?.status, step).toBe('done');
    }
    expect(doc.steps.find((x: { id: string }) => x.id === 'accesskey')?.status).toBe('skipped');
  });

  it('validates inline: a bad email shows an error and the prompt stays', async () => {
    const s = start([]);
    await toNewAccountEmail(s);
    s.line('not-an-email');
    // The rule appears under the prompt, which stays open with the typed value.
    await s.waitFor(/Email address not-an-email\n> must be an email address like name@example\.com/);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.text()).not.toMatch(/New password/);
    expect(s.text()).not.toMatch(/✔ Email address/);
    // Clear the input and type a valid address.
    s.write(KEY.backspace.repeat(20));
    s.line(EMAIL);
    await s.waitFor(/✔ Email address pty@example\.com/);
    await s.waitFor(/New password/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
  });

  it('Ctrl-C at a prompt exits 130, keeps progress, restores the cursor; the next run resumes', async () => {
    const s = start([]);
    await registerAccount(s);
    await s.waitFor(new RegExp(`${stepHeader('identity')} Identity`), 15_000);
    await s.waitFor(/Verify as/);
    s.write(KEY.enter);
    await s.waitFor(/Legal name/);
    await new Promise((r) => setTimeout(r, 100));
    const before = s.raw().length;
    s.write(KEY.ctrlC);
    const exit = await s.exit;
    expect(exit.exitCode, s.text().slice(-1500)).toBe(130);
    const after = s.raw().slice(before);
    expect(after).toContain('\x1b[?25h');
    expect(s.text()).toMatch(/Interrupted\. Progress up to the last finished action is kept/);
    expect(s.text()).not.toMatch(/^\s+at /m);
    expect(s.text()).not.toMatch(/Error:|ExitPromptError/);

    const again = start([]);
    await again.waitFor(
      new RegExp(`${stepHeader('account')} Account\\s+\\S+\\s+pty@example\\.com — account \\d{16}`),
      15_000,
    );
    await again.waitFor(new RegExp(`${stepHeader('identity')} Identity`));
    await again.waitFor(/Verify as/);
    expect(again.text()).not.toMatch(/Do you have an Alibaba Cloud account\?/);
    expect(again.text()).not.toMatch(/New password|Password/);
    again.write(KEY.ctrlC);
    expect((await again.exit).exitCode).toBe(130);
  });

  it('at five keys, offers to free a slot and then delivers the new key', async () => {
    const prep = onboard(ws.dir, journeyArgs(ws.dir), { input: `${PASSWORD}\n` });
    expect(prep.code, prep.stderr).toBe(0);
    createKeys(ws.dir, ['k1.csv', 'k2.csv', 'k3.csv', 'k4.csv']);
    const listBefore = onboard(ws.dir, ['keys', 'list', '--json']);
    expect(listBefore.code, listBefore.stderr).toBe(0);
    const keysBefore = JSON.parse(listBefore.stdout).keys as Array<{ id: string }>;
    expect(keysBefore).toHaveLength(5);

    const s = start(['keys', 'create']);
    // The limit is checked first (before the risk question); the safe choice, Cancel, comes first.
    await s.waitFor(/already 5 AccessKeys/, 15_000);
    await s.waitFor(/ID\s+STATUS\s+CREATED\s+LAST USED/);
    await s.waitFor(/Free a slot: which key\?/);
    for (const k of keysBefore) expect(s.text()).toContain(k.id);
    await s.waitFor(/❯ Cancel/);
    s.write(KEY.down);
    const first = await s.waitFor(/❯ (LTAI[A-Za-z0-9]{20})/);
    const picked = first[1] as string;
    s.write(KEY.enter);
    await s.waitFor(new RegExp(`What should happen to ${picked}\\?`));
    await s.waitFor(/Disable and delete it/);
    s.write(KEY.down);
    s.write(KEY.down);
    await s.waitFor(/❯ Disable and delete it/);
    s.write(KEY.enter);
    await s.waitFor(new RegExp(`Delete AccessKey ${picked}\\?`));
    s.line('y');
    await s.waitFor(/Create a root AccessKey anyway\? \(y\/N\)/, 15_000);
    s.line('y');
    const secret = await s.waitFor(/AccessKey Secret\W*([A-Za-z0-9]{30})\b/, 15_000);
    await s.waitFor(/Save it to a CSV file as well\?/);
    s.line('y');
    // ./AccessKey.csv exists (the journey wrote it), so the next free name is offered.
    await s.waitFor(/\? CSV file \(\.\/AccessKey-2\.csv\)/);
    s.write(KEY.enter);
    await s.waitFor(/Saved the AccessKey to .*AccessKey-2\.csv/);
    await s.waitFor(/Also hand the key to your tools\?/);
    s.write(KEY.enter);
    await s.waitFor(/I have saved the AccessKey secret/);
    s.line('y');
    const exit = await s.exit;
    expect(exit.exitCode, s.text().slice(-2000)).toBe(0);
    const csv = readFileSync(join(ws.dir, 'AccessKey-2.csv'), 'utf8');
    expect(csv).toMatch(/^AccessKey ID,AccessKey Secret\nLTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/);
    expect(csv).toContain(secret[1]);

    const list = onboard(ws.dir, ['keys', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const ids = (JSON.parse(list.stdout).keys as Array<{ id: string }>).map((k) => k.id);
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(picked);
  });

  it('NO_COLOR: no colour sequences in status or at a prompt', async () => {
    const status = start(['status'], { NO_COLOR: '1' });
    expect((await status.exit).exitCode).toBe(0);
    expect(status.text()).toMatch(/Account/);
    expect(status.raw()).not.toMatch(SGR_COLOUR);

    const s = start([], { NO_COLOR: '1' });
    await toNewAccountEmail(s);
    s.line('bad');
    await s.waitFor(/must be an email address/);
    s.write(KEY.ctrlC);
    expect((await s.exit).exitCode).toBe(130);
    expect(s.raw()).not.toMatch(SGR_COLOUR);
    // Sanity: the same session with colour does use colour sequences.
    const coloured = start(['status']);
    await coloured.exit;
    // The site was remembered by the first session: not asked again.
    const c2 = start([]);
    await c2.waitFor(/Do you have an Alibaba Cloud account\?/);
    c2.write(KEY.ctrlC);
    await c2.exit;
    expect(c2.raw()).toMatch(SGR_COLOUR);
  });
});
