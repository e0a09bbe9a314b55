/**
 * Step 2 — real-name verification. Individuals are decided at once;
 * enterprises go under review, so the step can be `waiting` (exit 3) and is
 * checked again on every run. Until it is verified, OSS and quotas refuse.
 */
import * as z from 'zod/mini';
import { t } from '../i18n/index.js';
import type { IdentityInfo, IdentitySubmission, IdType } from '../provider/types.js';
import { checkCreditCode, checkIdNumber } from '../validate/index.js';
import type { Context } from '../wizard/context.js';
import { ID_TYPES } from '../wizard/fields.js';
import { clientToken, putStep, remember, state, stepData } from './record.js';
import type { Step, StepState } from './types.js';

const data = z.object({
  /** The clientToken of a submission in flight, reused after a crash or a lost response. */
  submitToken: z.optional(z.string()),
});

export function identityState(info: IdentityInfo): StepState {
  const details = {
    type: info.type ?? null,
    status: info.status,
    name: info.name ?? null,
    reason: info.reason ?? null,
  };
  switch (info.status) {
    case 'verified':
      return state(
        'done',
        t('identity.done', { type: t(`identity.type.${info.type ?? 'individual'}`), name: info.name ?? '' }),
        details,
      );
    case 'under_review':
      return state('waiting', t('identity.waiting', { name: info.name ?? '' }), details);
    case 'rejected':
      return state('failed', t('identity.rejected', { reason: info.reason ?? '' }), details);
    default:
      return state('todo', t('identity.todo'), details);
  }
}

export const identity: Step = {
  id: 'identity',
  title: 'step.identity',
  needed: () => true,
  fields: [
    'identityType',
    'legalName',
    'idType',
    'idNumber',
    'idCountry',
    'companyName',
    'creditCode',
    'legalRepresentative',
  ],

  async check(ctx) {
    if (ctx.token) return identityState(await ctx.provider.getIdentity(ctx.token));
    const record = ctx.profileState().steps.identity;
    if (!ctx.profileState().session || !record) return state('todo', t('identity.todo'));
    return state(record.status, t('identity.offline'), { live: false });
  },

  async run(ctx) {
    const token = await ctx.session('identity');
    const current = await ctx.provider.getIdentity(token);
    if (current.status === 'under_review') return save(ctx, current);
    const submission = await askSubmission(ctx);
    const saved = stepData(ctx.profileState(), 'identity', data, ctx.store.file);
    const submitToken = saved.submitToken ?? clientToken();
    await ctx.save((p) => putStep(p, 'identity', 'todo', { submitToken }));
    const submitted = await ctx.call(
      t('identity.submitting'),
      () => ctx.provider.submitIdentity(token, { ...submission, clientToken: submitToken }),
      'identity',
    );
    // Check the outcome right away: with no review time it is already decided.
    const info = submitted.status === 'under_review' ? await ctx.provider.getIdentity(token) : submitted;
    return save(ctx, info);
  },

  async plan(ctx, current) {
    const type = ctx.answers.value('identityType') ?? null;
    return {
      calls:
        current.status === 'done' || current.status === 'waiting'
          ? ['getIdentity']
          : ['submitIdentity', 'getIdentity'],
      files: current.status === 'done' ? [] : ['state.json'],
      values: { identityType: type },
    };
  },
};

async function askSubmission(ctx: Context): Promise<IdentitySubmission> {
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
    const companyName = String(await ctx.ask('companyName', { message: 'identity.askCompanyName' }));
    const creditCode = String(
      await ctx.ask('creditCode', {
        message: 'identity.askCreditCode',
        check: (v) => checkCreditCode(String(v).toUpperCase()),
      }),
    ).toUpperCase();
    const legalRepresentative = String(
      await ctx.ask('legalRepresentative', { message: 'identity.askLegalRepresentative' }),
    );
    await ctx.save((p) => remember(p, { identityType: type, companyName, legalRepresentative }));
    return { type: 'enterprise', companyName, creditCode, legalRepresentative };
  }
  const legalName = String(await ctx.ask('legalName', { message: 'identity.askLegalName' }));
  const idType = (await ctx.ask('idType', {
    message: 'identity.askIdType',
    choices: ID_TYPES.map((v) => ({ value: v, name: t(`identity.idType.${v}`) })),
  })) as IdType;
  const idNumber = String(
    await ctx.ask('idNumber', {
      message: idType === 'passport' ? 'identity.askPassport' : 'identity.askResidentId',
      check: (v) => checkIdNumber(String(v), idType),
    }),
  );
  const idCountry =
    idType === 'passport'
      ? String(await ctx.ask('idCountry', { message: 'identity.askCountry' }))
      : undefined;
  await ctx.save((p) => remember(p, { identityType: type, legalName, idType, idCountry }));
  return { type: 'individual', legalName, idType, idNumber, ...(idCountry ? { idCountry } : {}) };
}

async function save(ctx: Context, info: IdentityInfo): Promise<StepState> {
  const result = identityState(info);
  await ctx.save((p) => {
    // Keep the submission token while the review runs; a new submission gets a new one.
    const keep = info.status === 'under_review' ? p.steps.identity?.data : {};
    putStep(p, 'identity', result.status as 'done' | 'todo' | 'waiting' | 'failed', {
      ...keep,
      status: info.status,
    });
  });
  return result;
}
