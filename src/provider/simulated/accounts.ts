/**
 * Accounts, the simulated inbox, sign-in with lockout, and sessions.
 */
import { checkEmail, checkPassword } from '../../validate/index.js';
import type { Caller, InboxMessage, Session } from '../types.js';
import { type Ctx, check, clientToken, iso, ms, str } from './common.js';
import { providerError } from './errors.js';
import { hashPassword, hashToken, newToken, newUid, newVerificationCode, verifyHash } from './hash.js';
import type { CloudTx } from './records.js';
import { read, type Scope, type World, write } from './rules.js';
import { newAccount, type StoredAccount } from './state.js';

const MINUTE = 60_000;
const CODE_VALIDITY_MS = 15 * MINUTE;
const SESSION_MS = 12 * 60 * MINUTE;
const MAX_FAILED_SIGN_INS = 5;
const LOCK_MS = 15 * MINUTE;
// Expired sessions are kept a while so that their holder hears "expired" rather than "invalid".
const SESSION_RETENTION_MS = 7 * 24 * 60 * MINUTE;
const INBOX_MAX = 200;

/** The subject of every verification mail. */
export const VERIFICATION_SUBJECT = 'Your Alibaba Cloud verification code';

/** Addresses are matched case-insensitively, as by any mail system. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function validEmail(value: unknown): string {
  const email = str(value).trim();
  check('email', checkEmail(email));
  return normalizeEmail(email);
}

/** Whether an account uses the address (the sign-up page asks before anything else). */
export function isRegistered({ db }: World, rawEmail: string): boolean {
  return db.accountByEmail(validEmail(rawEmail)) !== undefined;
}

/** "Mails" a new code; only the newest code of an address is valid. */
export function sendVerificationCode({ db, ctx }: World, rawEmail: string) {
  const email = validEmail(rawEmail);
  const expiresAt = iso(ctx.now + CODE_VALIDITY_MS);
  db.addMail(
    {
      to: email,
      subject: VERIFICATION_SUBJECT,
      code: newVerificationCode(),
      sentAt: iso(ctx.now),
      expiresAt,
      used: false,
    },
    INBOX_MAX,
  );
  return { email, expiresAt };
}

/** The simulated mailbox, newest first, optionally for one address. */
export function inbox(db: CloudTx, email?: string): InboxMessage[] {
  const to = email === undefined ? undefined : normalizeEmail(email);
  return db
    .mails(to)
    .map(({ to, subject, code, sentAt, expiresAt }) => ({ to, subject, code, sentAt, expiresAt }));
}

/** The code a registration would accept now for `email`, if any. */
export function latestCode(db: CloudTx, email: string, ctx: Ctx): string | null {
  const message = db.newestMail(normalizeEmail(email));
  return message && !message.used && ms(message.expiresAt) > ctx.now ? message.code : null;
}

/** Adds a session for the account and drops a few sessions long expired. */
function issueSession(db: CloudTx, account: StoredAccount, ctx: Ctx): Session {
  const token = newToken();
  const expiresAt = iso(ctx.now + SESSION_MS);
  db.pruneSessions(iso(ctx.now - SESSION_RETENTION_MS));
  db.addSession({ tokenHash: hashToken(token), uid: account.uid, issuedAt: iso(ctx.now), expiresAt });
  return { token, uid: account.uid, email: account.email, expiresAt };
}

/**
 * Creates an account. A call that repeats the clientToken (and password) of
 * the registration that created the account gets a new session for it
 * instead of `AccountAlreadyExists`, so a lost response can be retried.
 */
export function registerAccount(
  { db, ctx }: World,
  input: { email: string; password: string; verificationCode: string; clientToken: string },
): Session {
  const email = validEmail(input.email);
  const password = str(input.password);
  check('password', checkPassword(password));
  const token = clientToken(input.clientToken);

  const existing = db.accountByEmail(email);
  if (existing) {
    if (existing.registerClientToken === token && verifyHash(password, existing.password)) {
      return issueSession(db, existing, ctx);
    }
    throw providerError('AccountAlreadyExists', { email });
  }

  const message = db.newestMail(email);
  const code = str(input.verificationCode).trim();
  if (!message || message.used || ms(message.expiresAt) <= ctx.now || message.code !== code) {
    throw providerError('InvalidVerificationCode');
  }

  let uid = newUid();
  while (db.uidTaken(uid)) uid = newUid();
  const account = newAccount({
    uid,
    email,
    createdAt: iso(ctx.now),
    password: hashPassword(password),
    registerClientToken: token,
  });
  db.addAccount(account);
  message.used = true;
  return issueSession(db, account, ctx);
}

/**
 * Signs in. Five wrong passwords in a row lock sign-in for 15 minutes (the
 * fifth already answers `AccountLocked`); while locked even the right
 * password is refused. The failed attempts are stored, so the caller must
 * keep the state changes of a thrown error (the store does).
 */
export function signIn({ db, ctx }: World, input: { email: string; password: string }): Session {
  const email = validEmail(input.email);
  const account = db.accountByEmail(email);
  if (!account) throw providerError('AccountNotFound', { email });

  if (account.lockedUntil !== undefined) {
    if (ms(account.lockedUntil) > ctx.now) {
      throw providerError('AccountLocked', { lockedUntil: account.lockedUntil });
    }
    delete account.lockedUntil;
    account.failedSignIns = 0;
  }

  if (!verifyHash(str(input.password), account.password)) {
    account.failedSignIns++;
    if (account.failedSignIns >= MAX_FAILED_SIGN_INS) {
      account.failedSignIns = 0;
      account.lockedUntil = iso(ctx.now + LOCK_MS);
      throw providerError('AccountLocked', { lockedUntil: account.lockedUntil });
    }
    throw providerError('InvalidPassword', {
      remainingAttempts: MAX_FAILED_SIGN_INS - account.failedSignIns,
    });
  }

  account.failedSignIns = 0;
  delete account.lockedUntil;
  return issueSession(db, account, ctx);
}

/** The account a session token belongs to, or `InvalidSession` (401). */
export function requireSession(db: CloudTx, token: string, ctx: Ctx): StoredAccount {
  const tokenHash = typeof token === 'string' && token !== '' ? hashToken(token) : '';
  const session = tokenHash === '' ? undefined : db.session(tokenHash);
  if (!session) throw providerError('InvalidSession', { expired: false });
  if (ms(session.expiresAt) <= ctx.now) throw providerError('InvalidSession', { expired: true });
  const account = db.account(session.uid);
  if (!account) throw providerError('InvalidSession', { expired: false });
  return account;
}

/** Who the session belongs to: the account itself (a session is always the root's). */
export function whoAmI({ account }: Scope): Caller {
  return { uid: account.uid, email: account.email, principal: 'root' };
}

/** Registering and signing in (the simulated cloud's `PasswordAccounts`). */
export const PASSWORD_ACCOUNT_RULES = {
  isRegistered: read(isRegistered),
  // Mailing a code changes the inbox but has no fault name: SPEC §5 lists none.
  sendVerificationCode: write(null, sendVerificationCode),
  register: write('registerAccount', registerAccount),
  signIn: write('signIn', signIn),
};

/** The `account` capability. */
export const ACCOUNT_RULES = { whoAmI: read(whoAmI) };
