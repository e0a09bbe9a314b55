/**
 * Step 2 — real-name verification. Individuals are decided at once;
 * enterprises go under review, so the step can be `waiting` (exit 3) and is
 * checked again on every run. Until it is verified, OSS and quotas refuse.
 * The account's identity is read live first: what is already verified (e.g.
 * by another profile of the same account) asks nothing.
 */
import * as z from 'zod/mini';
import { ProviderError, UsageError } from '../../core/errors.js';
import { hasKey, providerText, t } from '../../i18n/index.js';
import type { IdentityInfo, IdentitySubmission } from '../../provider/types.js';
import { profileFileName } from '../../state/store.js';
import {
  checkCompanyName,
  checkCountryCode,
  checkCreditCode,
  checkIdNumber,
  checkLegalName,
  checkLegalRepresentative,
} from '../../validate/index.js';
import { defineFields } from '../../wizard/field.js';
import { tokenFor } from '../../wizard/intent.js';
import { defineStep, type Missing, type StepContext, type StepState, state } from '../../wizard/step.js';
import { consoleUrl } from '../console.js';

const ID_TYPES = ['cn-resident-id', 'passport'] as const;

const fields = defineFields({
  identityType: {
    flag: '--identity-type',
    arg: '<type>',
    env: 'ONBOARD_IDENTITY_TYPE',
    type: 'enum',
    values: ['individual', 'enterprise'],
    remember: true,
    help: 'field.identityType',
  },
  legalName: {
    flag: '--legal-name',
    arg: '<name>',
    env: 'ONBOARD_LEGAL_NAME',
    type: 'string',
    check: checkLegalName,
    maxLength: 64,
    remember: true,
    help: 'field.legalName',
  },
  idType: {
    flag: '--id-type',
    arg: '<type>',
    env: 'ONBOARD_ID_TYPE',
    type: 'enum',
    values: ID_TYPES,
    default: 'cn-resident-id',
    remember: true,
    help: 'field.idType',
  },
  idNumber: {
    flag: '--id-number',
    arg: '<n>',
    env: 'ONBOARD_ID_NUMBER',
    type: 'string',
    // A resident ID's check character is an upper-case X; a lower-case x is certainly meant.
    normalize: (v) => v.trim().replace(/x$/, 'X'),
    pattern: /^[A-Za-z0-9]{5,20}$/,
    secret: true,
    help: 'field.idNumber',
  },
  idCountry: {
    flag: '--id-country',
    arg: '<CC>',
    env: 'ONBOARD_ID_COUNTRY',
    type: 'string',
    check: checkCountryCode,
    normalize: (v) => v.trim().toUpperCase(),
    pattern: /^[A-Za-z]{2}$/,
    remember: true,
    help: 'field.idCountry',
  },
  companyName: {
    flag: '--company-name',
    arg: '<name>',
    env: 'ONBOARD_COMPANY_NAME',
    type: 'string',
    check: checkCompanyName,
    maxLength: 128,
    remember: true,
    help: 'field.companyName',
  },
  creditCode: {
    flag: '--credit-code',
    arg: '<code>',
    env: 'ONBOARD_CREDIT_CODE',
    type: 'string',
    check: checkCreditCode,
    normalize: (v) => v.trim().toUpperCase(),
    pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$/,
    help: 'field.creditCode',
  },
  legalRepresentative: {
    flag: '--legal-representative',
    arg: '<name>',
    env: 'ONBOARD_LEGAL_REPRESENTATIVE',
    type: 'string',
    check: checkLegalRepresentative,
    maxLength: 64,
    remember: true,
    help: 'field.legalRepresentative',
  },
});
type Ctx = StepContext<typeof fields>;

const data = z.object({
  /** The clientToken of a submission in flight, reused after a crash or a lost response. */
  submitToken: z.optional(z.string()),
  /** Which submission the token was made for (a keyed hash): another submission gets a new token. */
  submitIntent: z.optional(z.string()),
});

/** Why a verification was rejected, in the person's language where the catalog knows the reason. */
function reasonText(info: IdentityInfo): string {
  const key = `identity.reason.${info.reasonCode ?? ''}`;
  return info.reasonCode !== undefined && hasKey(key) ? t(key) : providerText(info.reason ?? '');
}

/** The step's state for an identity as the provider sees it (`inConsole`: the person submits it there). */
function identityState(info: IdentityInfo, inConsole = false): StepState {
  const details = {
    type: info.type ?? null,
    status: info.status,
    name: info.name ?? null,
    reason: info.reason ?? null,
  };
  switch (info.status) {
    case 'verified':
      // The real cloud says only whether the account is verified, not as whom.
      if (!info.type || !info.name) return state('done', t('identity.doneAnonymous'), details);
      return state(
        'done',
        t('identity.done', { type: t(`identity.type.${info.type}`), name: info.name }),
        details,
      );
    case 'under_review':
      return {
        ...state('waiting', t('identity.waiting', { name: info.name ?? '' }), details),
        waitingOn: 'review',
      };
    case 'rejected':
      return state('failed', t('identity.rejected', { reason: reasonText(info) }), details);
    default:
      // No API submits it: the person verifies in the console, and the run waits for them (exit 3).
      if (inConsole) return { ...state('waiting', t('identity.inConsole'), details), waitingOn: 'person' };
      return state('todo', t('identity.todo'), details);
  }
}

export const identity = defineStep({
  id: 'identity',
  title: 'step.identity',
  fields,
  needed: () => true,

  async check(ctx) {
    if (ctx.cloud) return identityState(await ctx.cloud.identity.get(), inConsole(ctx));
    if (!ctx.profileState().session || !ctx.profileState().steps.identity)
      return state('todo', t('identity.todo'));
    return state(ctx.recorded(), t('identity.offline'), { live: false });
  },

  validate(ctx) {
    // A document number's rule depends on the document type, given or defaulted.
    const idNumber = ctx.answers.given('idNumber');
    const bad =
      idNumber === undefined
        ? null
        : checkIdNumber(idNumber, ctx.answers.value('idType') ?? 'cn-resident-id');
    if (bad) {
      throw new UsageError(
        'answers.invalid',
        { where: ctx.answers.where('idNumber'), rule: t(bad.key, bad.params ?? {}) },
        [],
        'InvalidValue',
      );
    }
  },

  requires(ctx) {
    if (inConsole(ctx)) return [];
    const need = (key: keyof typeof fields, question: Missing['question']['key']): Missing[] =>
      ctx.answers.value(key) === undefined ? [{ field: fields[key], question: { key: question } }] : [];
    const type = ctx.answers.value('identityType');
    if (type === undefined) return need('identityType', 'identity.askType');
    if (type === 'enterprise') {
      return [
        ...need('companyName', 'identity.askCompanyName'),
        ...need('creditCode', 'identity.askCreditCode'),
        ...need('legalRepresentative', 'identity.askLegalRepresentative'),
      ];
    }
    const passport = ctx.answers.value('idType') === 'passport';
    return [
      ...need('legalName', 'identity.askLegalName'),
      ...need('idNumber', passport ? 'identity.askPassport' : 'identity.askResidentId'),
      ...(passport ? need('idCountry', 'identity.askCountry') : []),
    ];
  },

  async run(ctx) {
    const cloud = await ctx.cloud();
    const current = await cloud.identity.get();
    // Read live first: a review in progress, or (unless redone with --step) a verification already made.
    if (current.status === 'under_review' || (current.status === 'verified' && !ctx.explicit))
      return save(ctx, current);
    const submit = cloud.identity.submit?.bind(cloud.identity);
    // No API to submit one (the real cloud): the person verifies in the console; the run waits for it.
    if (!submit || inConsole(ctx)) return save(ctx, current);
    // A rejection is explained before anything is asked again, and what it refused is not offered back.
    const rejected = current.status === 'rejected' ? current : undefined;
    if (rejected) ctx.out.warn(t('identity.rejectedBefore', { reason: reasonText(rejected) }));
    const submission = await askSubmission(ctx, ctx.interactive ? rejected?.name : undefined);
    const saved = ctx.data(data);
    const { token: submitToken, intent: submitIntent } = tokenFor(
      { token: saved.submitToken, intent: saved.submitIntent },
      submission,
    );
    await ctx.record('todo', { submitToken, submitIntent });
    const submitted = await ctx.call(t('identity.submitting'), () =>
      submit({ ...submission, clientToken: submitToken }),
    );
    // Check the outcome right away: with no review time it is already decided.
    return save(ctx, submitted.status === 'under_review' ? await cloud.identity.get() : submitted);
  },

  async plan(ctx, current) {
    return {
      calls:
        current.status === 'done' || current.status === 'waiting'
          ? ['getIdentity']
          : ['submitIdentity', 'getIdentity'],
      files: current.status === 'done' ? [] : [profileFileName(ctx.profile)],
      values: { identityType: ctx.answers.value('identityType') ?? null },
    };
  },

  next(current, ctx) {
    if (current.status !== 'waiting' || current.waitingOn !== 'person') return [];
    return [
      {
        command: ctx.commands.command('status'),
        why: t('identity.nextConsole', { url: consoleUrl(ctx.profileState(), 'realName') }),
      },
    ];
  },

  failure(result) {
    const reason = String(result.details.reason ?? result.summary);
    return {
      error: new ProviderError('IdentityRejected', 403, reason, '-'),
      hint: { key: 'run.identityRejectedHint' },
    };
  },
});

/** The questions; `rejected`: the name a review refused, never offered as the default again. */
async function askSubmission(ctx: Ctx, rejected?: string): Promise<IdentitySubmission> {
  const avoid = rejected === undefined ? {} : { avoid: rejected };
  const type = await ctx.ask('identityType', {
    message: 'identity.askType',
    choices: [
      {
        value: 'individual',
        name: t('identity.type.individual'),
        description: t('identity.typeIndividualHelp'),
      },
      {
        value: 'enterprise',
        name: t('identity.type.enterprise'),
        description: t('identity.typeEnterpriseHelp'),
      },
    ],
  });
  if (type === 'enterprise') {
    const companyName = await ctx.ask('companyName', { message: 'identity.askCompanyName', ...avoid });
    const creditCode = await ctx.ask('creditCode', { message: 'identity.askCreditCode' });
    const legalRepresentative = await ctx.ask('legalRepresentative', {
      message: 'identity.askLegalRepresentative',
    });
    await ctx.remember({ identityType: type, companyName, legalRepresentative });
    return { type: 'enterprise', companyName, creditCode, legalRepresentative };
  }
  const legalName = await ctx.ask('legalName', { message: 'identity.askLegalName', ...avoid });
  const idType = await ctx.ask('idType', {
    message: 'identity.askIdType',
    choices: ID_TYPES.map((v) => ({ value: v, name: t(`identity.idType.${v}`) })),
  });
  const idNumber = await ctx.ask('idNumber', {
    message: idType === 'passport' ? 'identity.askPassport' : 'identity.askResidentId',
    check: (v) => checkIdNumber(v, idType),
  });
  const idCountry =
    idType === 'passport' ? await ctx.ask('idCountry', { message: 'identity.askCountry' }) : undefined;
  await ctx.remember({ identityType: type, legalName, idType, idCountry });
  return { type: 'individual', legalName, idType, idNumber, ...(idCountry ? { idCountry } : {}) };
}

/** Real-name verification happens in the console (the real cloud has no API for it). */
function inConsole(ctx: { provider: { keyAccounts?: { identityInConsole: boolean } } }): boolean {
  return ctx.provider.keyAccounts?.identityInConsole === true;
}

async function save(ctx: Ctx, info: IdentityInfo): Promise<StepState> {
  const result = identityState(info, inConsole(ctx));
  // Keep the submission token while the review runs; a new submission gets a new one.
  const keep = info.status === 'under_review' ? ctx.data(data) : {};
  await ctx.record(result.status === 'not_needed' ? 'todo' : result.status, { ...keep, status: info.status });
  return result;
}
