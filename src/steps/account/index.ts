/**
 * Step 1 — register an account or sign in. The result is a session (12 h)
 * kept in the profile; the password itself is never stored. A mistake a
 * person can fix on the spot (a wrong code, a wrong password, an address
 * that already has an account) is asked again, not fatal. With a key
 * provider (the real cloud) the account is the credential's: `key-login.ts`.
 * Either way the run first settles the site (console pages, product codes).
 */
import * as z from 'zod/mini';
import { ProviderError, RefusedError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { PasswordAccounts, Session } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import { checkEmail, checkVerificationCode } from '../../validate/index.js';
import { refused } from '../../wizard/calls.js';
import { defineFields } from '../../wizard/field.js';
import { RUN_FIELDS, SESSION_FIELDS } from '../../wizard/run-fields.js';
import { defineStep, type Missing, type PrepareContext, type StepContext, state } from '../../wizard/step.js';
import { suggestedSite } from '../console.js';
import { checkKey, keyData, requiresKey, runKey } from './key-login.js';

const fields = defineFields({
  signIn: {
    flag: '--sign-in',
    env: 'ONBOARD_SIGN_IN',
    type: 'boolean',
    default: false,
    remember: true,
    help: 'field.signIn',
  },
  email: {
    flag: '--email',
    arg: '<address>',
    env: 'ONBOARD_EMAIL',
    type: 'string',
    check: checkEmail,
    normalize: (v) => v.trim().toLowerCase(),
    maxLength: 254,
    remember: true,
    help: 'field.email',
  },
  verificationCode: {
    flag: '--verification-code',
    arg: '<code>',
    env: 'ONBOARD_VERIFICATION_CODE',
    type: 'string',
    check: checkVerificationCode,
    normalize: (v) => v.trim(),
    pattern: /^\d{6}$/,
    secret: true,
    help: 'field.verificationCode',
  },
});
const SITE_FIELDS = { site: RUN_FIELDS.site };
type Fields = typeof fields & typeof SESSION_FIELDS & typeof SITE_FIELDS;
type Ctx = StepContext<Fields>;

const data = z.object({
  uid: z.optional(z.string()),
  email: z.optional(z.string()),
  /** The clientToken of a registration in flight, reused after a crash or a lost response. */
  registerToken: z.optional(z.string()),
});

function accounts(ctx: { provider: { passwordAccounts?: PasswordAccounts } }): PasswordAccounts {
  const a = ctx.provider.passwordAccounts;
  if (!a) throw new Error('this provider has no password accounts');
  return a;
}

export const account = defineStep({
  id: 'account',
  title: 'step.account',
  fields: { ...fields, ...SESSION_FIELDS, ...SITE_FIELDS },
  needed: () => true,

  async check(ctx) {
    if (ctx.provider.keyAccounts) return checkKey(ctx, ctx.data(keyData));
    const s = ctx.profileState().session;
    // A sign-in made before anything changed (held for this run, not saved yet) is not the step
    // done: its run saves the session, so the profile has it for later runs and commands.
    if (ctx.cloud && !s && ctx.provider.passwordAccounts) return state('todo', t('account.todo'));
    if (ctx.cloud) {
      const who = await ctx.cloud.account.whoAmI();
      const email = who.email ?? s?.email ?? '';
      return state('done', t('account.done', { email, uid: who.uid }), { uid: who.uid, email, live: true });
    }
    if (!s) return state('todo', t('account.todo'));
    return state('done', t('account.doneOffline', { email: s.email, uid: s.uid }), {
      uid: s.uid,
      email: s.email,
      live: false,
    });
  },

  requires(ctx) {
    if (ctx.provider.keyAccounts) return requiresKey(ctx);
    const missing: Missing[] = [];
    if (ctx.answers.value('email') === undefined)
      missing.push({ field: fields.email, question: { key: 'account.askEmail' } });
    if (ctx.answers.given('passwordStdin') !== true && !ctx.env.ONBOARD_PASSWORD) {
      missing.push({ field: SESSION_FIELDS.passwordStdin, question: { key: 'account.askPassword' } });
    }
    return missing;
  },

  async preflight(ctx) {
    if (ctx.provider.keyAccounts) return;
    // A taken address is found before the password is read or a code mailed (a read).
    const email = ctx.answers.value('email');
    // (A registration already under way may have made the account: its retry gets it.)
    const underWay = ctx.data(data).registerToken !== undefined;
    if (ctx.answers.value('signIn') !== true && email !== undefined && !ctx.session.held && !underWay) {
      if (await accounts(ctx).isRegistered(email)) throw accountExists(email);
    }
    // A weak or empty password is refused before anything is created (exit 2).
    await ctx.givenPassword(ctx.answers.value('signIn') === true ? 'signIn' : 'register');
  },

  /** Signing in is a read: do it first, so that later steps are checked live and ask only what they need. */
  async connect(ctx: PrepareContext<Fields>) {
    if (ctx.provider.keyAccounts) return null;
    const email = ctx.answers.value('email');
    if (ctx.answers.value('signIn') !== true || email === undefined) return null;
    const password = await ctx.givenPassword('signIn');
    if (password === undefined) return null;
    const session =
      ctx.session.held ??
      (await ctx.call(t('account.signingIn', { email }), () => accounts(ctx).signIn({ email, password })));
    ctx.session.hold(session);
    return ctx.provider.connect({ kind: 'session', token: session.token });
  },

  async run(ctx) {
    await settleSite(ctx);
    if (ctx.provider.keyAccounts) return runKey(ctx, ctx.data(keyData));
    const held = ctx.session.held;
    const session = held ?? (await askAndOpen(ctx));
    await ctx.remember({ email: session.email });
    await ctx.record('done', { uid: session.uid, email: session.email });
    // The session is on disk before anything else happens, with the records above: one write.
    await ctx.session.save(session);
    return state('done', t('account.done', { email: session.email, uid: session.uid }), {
      uid: session.uid,
      email: session.email,
    });
  },

  async plan(ctx, current) {
    if (ctx.provider.keyAccounts) {
      return {
        calls: ['GetCallerIdentity'],
        files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
        values: { credentialSource: ctx.keyInUse()?.source ?? null },
      };
    }
    const signIn = ctx.answers.value('signIn') === true;
    return {
      calls:
        current.status === 'done' ? [] : signIn ? ['signIn'] : ['sendVerificationCode', 'registerAccount'],
      files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
      values: { email: ctx.answers.value('email') ?? null, signIn },
    };
  },
});

/**
 * The site, once per profile: given, remembered, asked interactively
 * (suggesting the language's), or the suggestion taken by a script.
 */
async function settleSite(ctx: Ctx): Promise<void> {
  if (ctx.answers.value('site') !== undefined) {
    if (ctx.answers.given('site') !== undefined) await ctx.remember({ site: ctx.answers.value('site') });
    return;
  }
  const site = await ctx.ask('site', {
    message: 'account.askSite',
    default: suggestedSite(),
    choices: [
      { value: 'cn', name: t('account.siteCn'), description: 'aliyun.com' },
      { value: 'intl', name: t('account.siteIntl'), description: 'alibabacloud.com' },
    ],
  });
  await ctx.remember({ site });
}

async function askAndOpen(ctx: Ctx): Promise<Session> {
  let signIn = await ctx.ask('signIn', {
    message: 'account.askMode',
    choices: [
      { value: 'false', name: t('account.modeRegister'), description: t('account.modeRegisterHelp') },
      { value: 'true', name: t('account.modeSignIn'), description: t('account.modeSignInHelp') },
    ],
  });
  let email = await ctx.ask('email', { message: 'account.askEmail' });
  // Remembered before anything is mailed: a rerun continues with this address.
  await ctx.remember({ email, signIn });
  for (;;) {
    try {
      // The sign-up page's own check, before a password is chosen or a code mailed.
      // (A registration already under way may have made the account: its retry gets it.)
      const underWay = ctx.data(data).registerToken !== undefined;
      if (!signIn && !underWay && (await accounts(ctx).isRegistered(email))) throw accountExists(email);
      return signIn ? await signInFlow(ctx, email) : await registerFlow(ctx, email);
    } catch (error) {
      if (!(error instanceof RefusedError) || !ctx.interactive || error.code !== 'AccountAlreadyExists')
        throw error;
      // The address already has an account: sign in to it instead, or register another address.
      ctx.out.warn(t('account.exists', { email }));
      if (await ctx.confirm('account.offerSignIn', { email }, { default: true })) {
        signIn = true;
      } else {
        const taken = email;
        email = await ctx.ask('email', {
          message: 'account.askOtherEmail',
          always: true,
          check: (v) => (v === taken ? { key: 'account.emailTaken', params: { email: taken } } : null),
        });
      }
      await ctx.remember({ email, signIn });
    }
  }
}

/** `AccountAlreadyExists`, found by the sign-up's own check (a read) before anything was sent. */
function accountExists(email: string): RefusedError {
  return refused(
    new ProviderError('AccountAlreadyExists', 409, 'The account already exists.', '-', false, { email }),
    'account',
  );
}

async function signInFlow(ctx: Ctx, email: string): Promise<Session> {
  for (;;) {
    const password = await ctx.password('signIn');
    try {
      return await ctx.call(t('account.signingIn', { email }), () =>
        accounts(ctx).signIn({ email, password }),
      );
    } catch (error) {
      // A wrong password is asked again (the provider counts the attempts and locks at five).
      if (!(error instanceof RefusedError) || error.code !== 'InvalidPassword' || !ctx.interactive)
        throw error;
      ctx.out.warn(
        t('account.wrongPassword', { remaining: String(error.cause.data.remainingAttempts ?? '?') }),
      );
    }
  }
}

async function registerFlow(ctx: Ctx, email: string): Promise<Session> {
  const password = await ctx.password('register');
  // The registration's clientToken is saved before the call, so a retry after a
  // crash or a lost response gets the account it created instead of AccountAlreadyExists.
  const existing = ctx.data(data);
  const token = existing.registerToken ?? crypto.randomUUID();
  if (!existing.registerToken) await ctx.record('todo', { registerToken: token, email });
  let code = ctx.answers.given('verificationCode');
  for (;;) {
    if (code === undefined) {
      await ctx.call(t('account.sendingCode', { email }), () => accounts(ctx).sendVerificationCode(email));
      code = await readCode(ctx, email);
    }
    const verificationCode = code;
    try {
      return await ctx.call(t('account.registering', { email }), () =>
        accounts(ctx).register({ email, password, verificationCode, clientToken: token }),
      );
    } catch (error) {
      // A wrong or expired code is asked again; a new one is mailed.
      if (!(error instanceof RefusedError) || error.code !== 'InvalidVerificationCode' || !ctx.interactive)
        throw error;
      ctx.out.warn(t('account.wrongCode'));
      code = undefined;
    }
  }
}

async function readCode(ctx: Ctx, email: string): Promise<string> {
  const inbox = ctx.provider.simulation;
  if (ctx.interactive) {
    ctx.out.info(t(inbox ? 'account.codeSentSimulated' : 'account.codeSent', { email }));
    if (inbox) ctx.out.command(ctx.commands.command('sim', 'inbox', '--email', email));
    return ctx.ask('verificationCode', { message: 'account.askCode', always: true });
  }
  const code = inbox ? await inbox.latestCode(email) : null;
  if (code) {
    ctx.out.info(t('account.codeFromInbox', { email }));
    return code;
  }
  return ctx.ask('verificationCode', { message: 'account.askCode' });
}
