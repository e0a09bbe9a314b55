/**
 * The account step with a key provider (the real Alibaba Cloud): there is
 * no API to register an account, verify a real name or make the first
 * AccessKey, so the account is the one the credential belongs to. The
 * credential is `--access-key-id` with its secret, else what the official
 * chain finds; with neither, an interactive run walks the person through
 * the console pages (each link shown, opened only when they say so) and
 * asks for the key. The secret is never stored: the profile keeps only
 * where the credential came from, and whose it is.
 */
import * as z from 'zod/mini';
import { RefusedError, UsageError } from '../../core/errors.js';
import { tildify } from '../../delivery/choice.js';
import { t } from '../../i18n/index.js';
import type { Caller } from '../../provider/types.js';
import { openInBrowser } from '../../ui/browser.js';
import { DEFAULT_REGION } from '../../validate/index.js';
import { isNetworkFailure } from '../../wizard/calls.js';
import type { FieldSet } from '../../wizard/field.js';
import { SESSION_FIELDS } from '../../wizard/run-fields.js';
import { sourceText } from '../../wizard/session.js';
import type { CheckContext, Missing, PrepareContext, StepContext, StepState } from '../../wizard/step.js';
import { state } from '../../wizard/step.js';
import { type ConsolePage, consoleUrl } from '../console.js';

/** What the step keeps of a key login: whose the credential is and where it came from (never the secret). */
export const keyData = z.object({
  uid: z.optional(z.string()),
  principal: z.optional(z.enum(['root', 'ram-user'])),
  userName: z.optional(z.string()),
  keyId: z.optional(z.string()),
  credentialSource: z.optional(z.string()),
});
export type KeyData = z.infer<typeof keyData>;

/** `root key LTAI…` or `RAM user dev's key LTAI…`, as the summary says it. */
function whose(caller: Pick<Caller, 'principal' | 'userName'>, keyId: string): string {
  return caller.principal === 'root'
    ? t('account.keyRoot', { id: keyId })
    : t('account.keyRamUser', { name: caller.userName ?? '', id: keyId });
}

function doneState(caller: Caller, key: { id: string; source: string }, live: boolean): StepState {
  return state(
    'done',
    t('account.doneKey', { uid: caller.uid, whose: whose(caller, key.id), source: sourceText(key.source) }),
    {
      uid: caller.uid,
      principal: caller.principal,
      userName: caller.userName ?? null,
      keyId: key.id,
      credentialSource: key.source,
      live,
    },
  );
}

export async function checkKey<F extends FieldSet>(ctx: CheckContext<F>, saved: KeyData): Promise<StepState> {
  const key = ctx.keyInUse();
  if (ctx.cloud && key) {
    const caller = ctx.caller() ?? (await ctx.cloud.account.whoAmI());
    mismatch(saved, caller, key.source);
    const done = doneState(caller, key, true);
    // The profile keeps whose account it is and where the key came from: recorded by running the step.
    if (saved.uid !== caller.uid || saved.keyId !== key.id || saved.credentialSource !== key.source) {
      return { ...done, status: 'todo' };
    }
    return done;
  }
  if (saved.uid && saved.keyId && saved.credentialSource) {
    return state(
      ctx.recorded(),
      t('account.keyOffline', { uid: saved.uid, source: sourceText(saved.credentialSource) }),
      { uid: saved.uid, credentialSource: saved.credentialSource, live: false },
    );
  }
  return state('todo', t('account.todoKey'));
}

/**
 * The profile belongs to one account: a credential of another account (say a
 * different aliyun CLI profile became `current`) is refused before anything
 * is done with it.
 */
function mismatch(saved: KeyData, caller: Caller, source: string): void {
  if (saved.uid && saved.uid !== caller.uid) {
    throw new UsageError(
      'account.otherAccount',
      { uid: saved.uid, other: caller.uid, source: sourceText(source) },
      [{ key: 'account.otherAccountHint', params: { source: saved.credentialSource ?? '' } }],
      'InvalidValue',
    );
  }
}

/** Non-interactively a missing credential is a missing answer naming the options and variables. */
export function requiresKey<F extends FieldSet>(ctx: PrepareContext<F>): Missing[] {
  if (ctx.session.known) return [];
  return [
    {
      field: SESSION_FIELDS.accessKeyId,
      question: { key: 'account.askCredential' },
      alternatives: [SESSION_FIELDS.accessKeySecretStdin],
    },
  ];
}

export async function runKey<F extends FieldSet>(ctx: StepContext<F>, saved: KeyData): Promise<StepState> {
  if (!ctx.session.known) await consoleStart(ctx);
  const key = ctx.keyInUse();
  if (!key) throw new Error('no credential after the console start');
  const cloud = await ctx.cloud();
  const caller = await ctx.call(t('account.checkingKey', { id: key.id }), () => cloud.account.whoAmI());
  mismatch(saved, caller, key.source);
  await ctx.record('done', {
    uid: caller.uid,
    principal: caller.principal,
    ...(caller.userName ? { userName: caller.userName } : {}),
    keyId: key.id,
    credentialSource: key.source,
  });
  return doneState(caller, key, true);
}

const PAGES: ReadonlyArray<{
  page: ConsolePage;
  text: 'account.pageSignUp' | 'account.pageRealName' | 'account.pageAccessKey';
}> = [
  { page: 'signUp', text: 'account.pageSignUp' },
  { page: 'realName', text: 'account.pageRealName' },
  { page: 'accessKeys', text: 'account.pageAccessKey' },
];

/**
 * A key typed at the prompt is gone after this run (onboard keeps no secret):
 * offered to the aliyun CLI's config, where the CLI and the next run find it.
 */
async function offerToSave<F extends FieldSet>(
  ctx: StepContext<F>,
  key: { id: string; secret: string },
): Promise<void> {
  const name = ctx.profile;
  if (!(await ctx.confirm('account.offerSaveKey', { name }, { default: true }))) {
    ctx.out.hint(t('account.keyNotSaved'));
    return;
  }
  const tools = await import('../../delivery/to-tools.js');
  const region = ctx.answers.all.value('region');
  const env = { env: ctx.env, home: ctx.home };
  const target = { spec: { kind: 'aliyun-cli' as const, name }, where: t('delivery.yourChoice') };
  try {
    const accepted = await tools.checkTargets([target], {
      env,
      overwrite: false,
      json: false,
      showSecret: false,
      confirm: (spec, path) =>
        ctx.confirm(
          'delivery.confirmReplace',
          { name: spec.name, path: tildify(path, ctx.home) },
          { default: false, risky: true },
        ),
    });
    if (accepted.length === 0) {
      ctx.out.hint(t('account.keyNotSaved'));
      return;
    }
    for (const saved of tools.writeFileTargets(accepted, env, key, {
      // The setup's region when this run was given one (or remembers it); its questions come later.
      region: typeof region === 'string' ? region : DEFAULT_REGION,
      overwrite: true,
    })) {
      ctx.out.success(t('delivery.saved', { where: tools.savedLine(saved, ctx.home) }));
    }
    // Found there from now on (the next run looks in this profile first).
    ctx.session.useCredential({ kind: 'access-key', id: key.id, secret: key.secret }, `aliyun-cli:${name}`);
  } catch (error) {
    // A file that cannot be used is no reason to stop: the key works for this run.
    if (!(error instanceof UsageError)) throw error;
    ctx.out.warn(t(error.key, error.params));
    ctx.out.hint(t('account.keyNotSaved'));
  }
}

/**
 * The console-guided start (interactive only): sign up, verify the real name,
 * create an AccessKey — each page's link printed and opened only when the
 * person says so — then the key is asked for and tried until it works.
 */
async function consoleStart<F extends FieldSet>(ctx: StepContext<F>): Promise<void> {
  if (!ctx.interactive) throw new Error('the console start is interactive only');
  ctx.out.say(t('account.consoleIntro'));
  for (const [i, { page, text }] of PAGES.entries()) {
    const url = consoleUrl(ctx.profileState(), page);
    ctx.out.say();
    ctx.out.say(`${i + 1}/${PAGES.length}  ${t(text)}`);
    ctx.out.command(url);
    // Never opened on its own: a person's yes (not --yes) opens it.
    if (await ctx.confirm('account.openPage', {}, { default: false, risky: true })) {
      if (!(await openInBrowser(url, ctx.env))) ctx.out.warn(t('account.cannotOpen'));
    }
  }
  ctx.out.say();
  for (;;) {
    const typed = await ctx.typedAccessKey();
    ctx.session.useCredential({ kind: 'access-key', id: typed.id, secret: typed.secret }, 'prompt');
    try {
      await ctx.session.live();
      await offerToSave(ctx, typed);
      return;
    } catch (error) {
      // A key that does not work (mistyped, disabled) is asked again; a cloud out of reach is no fault
      // of the key: the run ends (exit 4) naming the endpoint, instead of asking for the key again.
      if (!(error instanceof RefusedError) || isNetworkFailure(error)) throw error;
      ctx.out.warn(t('account.keyDidNotWork', { id: typed.id, code: error.code }));
    }
  }
}
