/**
 * Step 1 — register an account or sign in. The result is a session (12 h)
 * kept in the profile; the password itself is never stored.
 */
import * as z from 'zod/mini';
import { t } from '../i18n/index.js';
import { type Context, saveSession } from '../wizard/context.js';
import { clientToken, putStep, remember, state, stepData } from './record.js';
import type { Step } from './types.js';

const data = z.object({
  uid: z.optional(z.string()),
  email: z.optional(z.string()),
  /** The clientToken of a registration in flight, reused after a crash or a lost response. */
  registerToken: z.optional(z.string()),
});

export const account: Step = {
  id: 'account',
  title: 'step.account',
  needed: () => true,
  fields: ['signIn', 'email', 'passwordStdin', 'verificationCode'],

  async check(ctx) {
    const p = ctx.profileState();
    const s = p.session;
    if (!s) return state('todo', t('account.todo'));
    if (ctx.token) {
      const info = await ctx.provider.getAccount(ctx.token);
      return state('done', t('account.done', { email: info.email, uid: info.uid }), {
        uid: info.uid,
        email: info.email,
        live: true,
      });
    }
    return state('done', t('account.doneOffline', { email: s.email, uid: s.uid }), {
      uid: s.uid,
      email: s.email,
      live: false,
    });
  },

  async run(ctx) {
    const signIn = await ctx.ask('signIn', {
      message: 'account.askMode',
      choices: [
        { value: 'false', name: t('account.modeRegister'), description: t('account.modeRegisterHelp') },
        { value: 'true', name: t('account.modeSignIn'), description: t('account.modeSignInHelp') },
      ],
    });
    const email = String(await ctx.ask('email', { message: 'account.askEmail' }))
      .trim()
      .toLowerCase();
    const session = signIn === true ? await signInFlow(ctx, email) : await registerFlow(ctx, email);
    await saveSession(ctx, session);
    await ctx.save((p) => {
      remember(p, { email, signIn: signIn === true });
      putStep(p, 'account', 'done', { uid: session.uid, email: session.email });
    });
    return state('done', t('account.done', { email: session.email, uid: session.uid }), {
      uid: session.uid,
      email: session.email,
    });
  },

  async plan(ctx, current) {
    const signIn = ctx.answers.value('signIn') === true;
    return {
      calls:
        current.status === 'done' ? [] : signIn ? ['signIn'] : ['sendVerificationCode', 'registerAccount'],
      files: current.status === 'done' ? [] : ['state.json'],
      values: { email: ctx.answers.value('email') ?? null, signIn },
    };
  },
};

async function signInFlow(ctx: Context, email: string) {
  const password = await ctx.password('signIn', 'account');
  return ctx.call(
    t('account.signingIn', { email }),
    () => ctx.provider.signIn({ email, password }),
    'account',
  );
}

async function registerFlow(ctx: Context, email: string) {
  const password = await ctx.password('register', 'account');
  // The registration's clientToken is saved before the call, so a retry after a
  // crash or a lost response gets the account it created instead of AccountAlreadyExists.
  const existing = stepData(ctx.profileState(), 'account', data, ctx.store.file);
  const token = existing.registerToken ?? clientToken();
  if (!existing.registerToken) {
    await ctx.save((p) => putStep(p, 'account', 'todo', { registerToken: token, email }));
  }
  let code = ctx.answers.given('verificationCode') as string | undefined;
  if (!code) {
    await ctx.call(
      t('account.sendingCode', { email }),
      () => ctx.provider.sendVerificationCode(email),
      'account',
    );
    if (ctx.interactive) {
      ctx.out.info(t('account.codeSent', { email, command: `onboard sim inbox --email ${email}` }));
      code = String(await ctx.ask('verificationCode', { message: 'account.askCode' }));
    } else {
      code = (await ctx.sim.latestCode(email)) ?? undefined;
      if (code) ctx.out.info(t('account.codeFromInbox', { email }));
      else code = String(await ctx.ask('verificationCode', { message: 'account.askCode' }));
    }
  }
  const verificationCode = code;
  return ctx.call(
    t('account.registering', { email }),
    () => ctx.provider.registerAccount({ email, password, verificationCode, clientToken: token }),
    'account',
  );
}
