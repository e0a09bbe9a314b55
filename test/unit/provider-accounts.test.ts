/** The simulated provider: verification codes, registration, sign-in with lockout, sessions. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCloud } from '../../src/provider/simulated/cloud.js';
import { SEEDED_EMAIL } from '../../src/provider/simulated/seed.js';
import { PASSWORD, register as registerAccount } from '../helpers/accounts.js';
import { readCloud, writeCloud } from '../helpers/cloud.js';
import { providerFailure as failureOf } from '../helpers/errors.js';

const MINUTE = 60_000;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A provider on a fresh config dir with a clock the test moves. */
function setup() {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-provider-'));
  dirs.push(configDir);
  const clock = { t: Date.parse('2030-01-01T00:00:00.000Z') };
  const p = new SimulatedCloud({ configDir, reviewSeconds: 0, now: () => clock.t });
  return { p, clock, dir: configDir };
}

const register = (p: SimulatedCloud, email = 'alice@example.com', clientToken = 'reg-1') =>
  registerAccount(p, email, clientToken);

/** A ProviderError with this code and status, and a request id. */
const providerFailure = (promise: Promise<unknown>, code: string, status: number) =>
  failureOf(promise, code, status, /^[0-9A-F-]{36}$/);

describe('verification codes', () => {
  it('mails a 6-digit code valid for 15 minutes to the simulated inbox', async () => {
    const { p, clock } = setup();
    const sent = await p.accounts.sendVerificationCode('Alice@Example.com');
    expect(sent).toEqual({
      email: 'alice@example.com',
      expiresAt: new Date(clock.t + 15 * MINUTE).toISOString(),
    });
    const [message, ...rest] = await p.inbox('alice@example.com');
    expect(rest).toEqual([]);
    expect(message).toEqual({
      to: 'alice@example.com',
      subject: 'Your Alibaba Cloud verification code',
      code: expect.stringMatching(/^[0-9]{6}$/),
      sentAt: new Date(clock.t).toISOString(),
      expiresAt: sent.expiresAt,
    });
    expect(await p.latestCode('ALICE@example.com')).toBe(message!.code);
  });

  it('lists the inbox newest first, for everyone or one address', async () => {
    const { p, clock } = setup();
    await p.accounts.sendVerificationCode('a@example.com');
    clock.t += 1000;
    await p.accounts.sendVerificationCode('b@example.com');
    clock.t += 1000;
    await p.accounts.sendVerificationCode('a@example.com');
    expect((await p.inbox()).map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'a@example.com']);
    const forA = await p.inbox('a@example.com');
    expect(forA).toHaveLength(2);
    expect(await p.latestCode('a@example.com')).toBe(forA[0]!.code);
  });

  it('has no latest code once it expired', async () => {
    const { p, clock } = setup();
    await p.accounts.sendVerificationCode('a@example.com');
    clock.t += 15 * MINUTE;
    expect(await p.latestCode('a@example.com')).toBeNull();
    expect(await p.latestCode('nobody@example.com')).toBeNull();
  });

  it('refuses an invalid address', async () => {
    const { p } = setup();
    const error = await providerFailure(
      p.accounts.sendVerificationCode('not-an-address'),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe('email');
    expect(error.message).toMatch(/^The specified parameter "email" is not valid/);
  });
});

describe('registerAccount', () => {
  it('creates a 16-digit uid and a 12-hour session, and consumes the code', async () => {
    const { p, clock } = setup();
    const session = await register(p, 'New.User@Example.com');
    expect(session.uid).toMatch(/^[1-9][0-9]{15}$/);
    expect(session.email).toBe('new.user@example.com');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toBe(new Date(clock.t + 12 * 60 * MINUTE).toISOString());
    expect(await p.latestCode('new.user@example.com')).toBeNull();
    expect(await p.as(session.token).account.whoAmI()).toEqual({
      uid: session.uid,
      email: 'new.user@example.com',
      principal: 'root',
    });
    expect(await p.as(session.token).identity.get()).toEqual({ status: 'none' });
    const stored = readCloud(path.dirname(p.file)).accounts.find(
      (a: { uid: string }) => a.uid === session.uid,
    );
    expect(stored?.createdAt).toBe(new Date(clock.t).toISOString());
  });

  it('refuses an address that has an account', async () => {
    const { p } = setup();
    await p.accounts.sendVerificationCode(SEEDED_EMAIL);
    const code = (await p.latestCode(SEEDED_EMAIL))!;
    const error = await providerFailure(
      p.accounts.register({
        email: SEEDED_EMAIL,
        password: PASSWORD,
        verificationCode: code,
        clientToken: 'x',
      }),
      'AccountAlreadyExists',
      409,
    );
    expect(error.message).toBe('The account already exists.');
  });

  it("says whether an address has an account (the sign-up page's check), whatever its case, changing nothing", async () => {
    const { p } = setup();
    expect(await p.accounts.isRegistered(SEEDED_EMAIL)).toBe(true);
    expect(await p.accounts.isRegistered(SEEDED_EMAIL.toUpperCase())).toBe(true);
    expect(await p.accounts.isRegistered('nobody-yet@example.com')).toBe(false);
    expect(await p.inbox('nobody-yet@example.com')).toEqual([]);
    await register(p, 'nobody-yet@example.com', 'reg-N');
    expect(await p.accounts.isRegistered('nobody-yet@example.com')).toBe(true);
  });

  it('replays a registration with the same clientToken, and refuses another token', async () => {
    const { p } = setup();
    const first = await register(p, 'alice@example.com', 'reg-A');
    const again = await p.accounts.register({
      email: 'alice@example.com',
      password: PASSWORD,
      verificationCode: '000000',
      clientToken: 'reg-A',
    });
    expect(again.uid).toBe(first.uid);
    expect(again.token).not.toBe(first.token);
    await p.as(first.token).account.whoAmI();
    await providerFailure(
      p.accounts.register({
        email: 'alice@example.com',
        password: PASSWORD,
        verificationCode: '000000',
        clientToken: 'reg-B',
      }),
      'AccountAlreadyExists',
      409,
    );
  });

  it('refuses a missing, wrong, superseded or expired code', async () => {
    const { p, clock } = setup();
    const input = { email: 'bob@example.com', password: PASSWORD, clientToken: 'r' };
    await providerFailure(
      p.accounts.register({ ...input, verificationCode: '123456' }),
      'InvalidVerificationCode',
      400,
    );

    await p.accounts.sendVerificationCode('bob@example.com');
    const old = (await p.latestCode('bob@example.com'))!;
    const wrong = old === '000000' ? '111111' : '000000';
    const error = await providerFailure(
      p.accounts.register({ ...input, verificationCode: wrong }),
      'InvalidVerificationCode',
      400,
    );
    expect(error.message).toBe('The verification code is incorrect or has expired.');

    await p.accounts.sendVerificationCode('bob@example.com');
    const newest = (await p.latestCode('bob@example.com'))!;
    if (newest !== old) {
      await providerFailure(
        p.accounts.register({ ...input, verificationCode: old }),
        'InvalidVerificationCode',
        400,
      );
    }
    clock.t += 15 * MINUTE + 1;
    await providerFailure(
      p.accounts.register({ ...input, verificationCode: newest }),
      'InvalidVerificationCode',
      400,
    );
  });

  it('validates the email and password server-side without echoing the password', async () => {
    const { p } = setup();
    await p.accounts.sendVerificationCode('bob@example.com');
    const code = (await p.latestCode('bob@example.com'))!;
    const weak = 'alllowercase';
    const error = await providerFailure(
      p.accounts.register({
        email: 'bob@example.com',
        password: weak,
        verificationCode: code,
        clientToken: 'r',
      }),
      'InvalidParameter',
      400,
    );
    expect(error.data.parameter).toBe('password');
    expect(error.message).not.toContain(weak);
    expect(JSON.stringify(error.data)).not.toContain(weak);
    const bad = await providerFailure(
      p.accounts.register({ email: 'bob@', password: PASSWORD, verificationCode: code, clientToken: 'r' }),
      'InvalidParameter',
      400,
    );
    expect(bad.data.parameter).toBe('email');
    // The code survives a refused attempt.
    expect(await p.latestCode('bob@example.com')).toBe(code);
  });
});

describe('signIn', () => {
  it('signs in with the right password', async () => {
    const { p } = setup();
    const registered = await register(p);
    const session = await p.accounts.signIn({ email: 'ALICE@example.com', password: PASSWORD });
    expect(session.uid).toBe(registered.uid);
    expect((await p.as(session.token).account.whoAmI()).uid).toBe(registered.uid);
  });

  it('does not know an unregistered address', async () => {
    const { p } = setup();
    const error = await providerFailure(
      p.accounts.signIn({ email: 'ghost@example.com', password: PASSWORD }),
      'AccountNotFound',
      404,
    );
    expect(error.message).toBe('The account does not exist.');
  });

  it('counts wrong passwords down and locks sign-in for 15 minutes at the fifth', async () => {
    const { p, clock } = setup();
    await register(p);
    const wrong = { email: 'alice@example.com', password: 'Wr0ng-Password' };
    for (const remaining of [4, 3, 2, 1]) {
      const error = await providerFailure(p.accounts.signIn(wrong), 'InvalidPassword', 401);
      expect(error.message).toBe('The password is incorrect.');
      expect(error.data).toEqual({ remainingAttempts: remaining });
    }
    const locked = await providerFailure(p.accounts.signIn(wrong), 'AccountLocked', 403);
    const lockedUntil = new Date(clock.t + 15 * MINUTE).toISOString();
    expect(locked.message).toBe('Sign-in is locked for 15 minutes after too many failed attempts.');
    expect(locked.data).toEqual({ lockedUntil });
    expect(locked.retryable).toBe(false);

    clock.t += 14 * MINUTE;
    const stillLocked = await providerFailure(
      p.accounts.signIn({ email: 'alice@example.com', password: PASSWORD }),
      'AccountLocked',
      403,
    );
    expect(stillLocked.data).toEqual({ lockedUntil });

    clock.t += MINUTE;
    await p.accounts.signIn({ email: 'alice@example.com', password: PASSWORD });
  });

  it('starts counting again after a successful sign-in', async () => {
    const { p } = setup();
    await register(p);
    const wrong = { email: 'alice@example.com', password: 'Wr0ng-Password' };
    for (let i = 0; i < 4; i++) await providerFailure(p.accounts.signIn(wrong), 'InvalidPassword', 401);
    await p.accounts.signIn({ email: 'alice@example.com', password: PASSWORD });
    const error = await providerFailure(p.accounts.signIn(wrong), 'InvalidPassword', 401);
    expect(error.data).toEqual({ remainingAttempts: 4 });
  });

  it('refuses the seeded account, whose password nobody knows', async () => {
    const { p } = setup();
    await providerFailure(
      p.accounts.signIn({ email: SEEDED_EMAIL, password: PASSWORD }),
      'InvalidPassword',
      401,
    );
  });
});

describe('sessions', () => {
  it('refuses an unknown token as invalid', async () => {
    const { p } = setup();
    const error = await providerFailure(p.as('made-up').account.whoAmI(), 'InvalidSession', 401);
    expect(error.message).toBe('The session has expired or is invalid. Sign in again.');
    expect(error.data).toEqual({ expired: false });
    await providerFailure(p.as('').account.whoAmI(), 'InvalidSession', 401);
  });

  it('expires a token 12 hours after it was issued', async () => {
    const { p, clock } = setup();
    const session = await register(p);
    clock.t += 12 * 60 * MINUTE - 1;
    await p.as(session.token).account.whoAmI();
    clock.t += 1;
    const error = await providerFailure(p.as(session.token).account.whoAmI(), 'InvalidSession', 401);
    expect(error.data).toEqual({ expired: true });
    await providerFailure(
      p.as(session.token).accessKeys.create({ clientToken: 'k', allowCidrs: [] }),
      'InvalidSession',
      401,
    );
  });

  it('honours an expiry edited in the file', async () => {
    const { p, dir } = setup();
    const session = await register(p);
    const data = readCloud(dir);
    for (const s of data.sessions) s.expiresAt = '2001-01-01T00:00:00.000Z';
    writeCloud(dir, data);
    const error = await providerFailure(p.as(session.token).identity.get(), 'InvalidSession', 401);
    expect(error.data).toEqual({ expired: true });
  });

  it('ends every session when the simulated cloud is reset', async () => {
    const { p } = setup();
    const session = await register(p);
    await p.reset();
    const error = await providerFailure(p.as(session.token).account.whoAmI(), 'InvalidSession', 401);
    expect(error.data).toEqual({ expired: false });
  });
});
