/**
 * Real-name verification (SPEC §4.2). Individuals are decided at once;
 * enterprises stay `under_review` until `decideAt`. The decision is computed
 * whenever the identity is read, from the stored `decideAt` and the submitted
 * name (the `REJECT` test value), so reading never has to write.
 */
import {
  checkCompanyName,
  checkCountryCode,
  checkCreditCode,
  checkIdNumber,
  checkLegalName,
  checkLegalRepresentative,
} from '../../validate/index.js';
import type { IdentityInfo, IdentitySubmission, IdType } from '../types.js';
import { type Ctx, check, clientToken, iso, ms, oneOf, str } from './common.js';
import { providerError } from './errors.js';
import { read, type Scope, write } from './rules.js';
import type { StoredAccount, StoredIdentity } from './state.js';

/** The reason given for a rejected verification, and its code. */
export const IDENTITY_REJECT_REASON = 'The information does not match the document.';
const IDENTITY_REJECT_CODE = 'InformationMismatch';
/** A name containing this test value is rejected, like a payment sandbox's declined card. */
const REJECT_MARK = 'REJECT';
// Enough replay history for any realistic number of attempts, without growing forever.
const TOKENS_KEPT = 20;

function rejects(name: string | undefined): boolean {
  return name?.includes(REJECT_MARK) ?? false;
}

/** The identity as of `ctx.now` (decides a review whose time has come, without storing it). */
export function identityView(stored: StoredIdentity, ctx: Pick<Ctx, 'now'>): IdentityInfo {
  if (stored.status === 'none') return { status: 'none' };
  const info: IdentityInfo = {
    status: stored.status,
    type: stored.type,
    name: stored.name,
    submittedAt: stored.submittedAt,
  };
  if (stored.status === 'under_review') {
    if (stored.decideAt === undefined || ms(stored.decideAt) > ctx.now) return info;
    info.status = rejects(stored.name) ? 'rejected' : 'verified';
    info.decidedAt = stored.decideAt;
    if (info.status === 'rejected') {
      info.reason = IDENTITY_REJECT_REASON;
      info.reasonCode = IDENTITY_REJECT_CODE;
    }
    return info;
  }
  if (stored.decidedAt !== undefined) info.decidedAt = stored.decidedAt;
  if (stored.reason !== undefined) info.reason = stored.reason;
  if (stored.reason === IDENTITY_REJECT_REASON) info.reasonCode = IDENTITY_REJECT_CODE;
  return info;
}

/** Whether the account may use OSS and quota applications. */
export function isVerified(account: StoredAccount, ctx: Pick<Ctx, 'now'>): boolean {
  return identityView(account.identity, ctx).status === 'verified';
}

/** `RealNameAuthenticationError` (403) unless the identity is verified now. */
export function requireVerified(account: StoredAccount, ctx: Pick<Ctx, 'now'>): void {
  if (!isVerified(account, ctx)) throw providerError('RealNameAuthenticationError');
}

/** Validates a submission server-side; returns the name that is kept (the ID number is not). */
function validate(input: IdentitySubmission): { type: 'individual' | 'enterprise'; name: string } {
  const type = oneOf('type', input.type, ['individual', 'enterprise'] as const);
  if (input.type === 'individual') {
    const i = input;
    const legalName = str(i.legalName);
    check('legalName', checkLegalName(legalName));
    const idType: IdType = oneOf('idType', i.idType, ['cn-resident-id', 'passport'] as const);
    check('idNumber', checkIdNumber(str(i.idNumber), idType));
    // A passport means nothing without the country that issued it.
    if (idType === 'passport') check('idCountry', checkCountryCode(str(i.idCountry)));
    return { type, name: legalName };
  }
  const e = input;
  const companyName = str(e.companyName);
  check('companyName', checkCompanyName(companyName));
  check('creditCode', checkCreditCode(str(e.creditCode)));
  check('legalRepresentative', checkLegalRepresentative(str(e.legalRepresentative)));
  return { type, name: companyName };
}

/**
 * Submits a verification. A repeated clientToken returns the current
 * identity. While a review runs nothing can be submitted; an enterprise
 * verification (under review or verified) cannot go back to individual; an
 * individual one may be upgraded; a rejected one may be submitted again.
 */
export function submitIdentity(
  { account, ctx }: Scope,
  input: IdentitySubmission & { clientToken: string },
): IdentityInfo {
  const token = clientToken(input.clientToken);
  if (account.identity.clientTokens.includes(token)) return identityView(account.identity, ctx);

  const { type, name } = validate(input);
  const current = identityView(account.identity, ctx);
  if (
    type === 'individual' &&
    current.type === 'enterprise' &&
    (current.status === 'verified' || current.status === 'under_review')
  ) {
    throw providerError('IdentityTypeChangeNotAllowed');
  }
  if (current.status === 'under_review') throw providerError('IdentityUnderReview');

  const clientTokens = [...account.identity.clientTokens, token].slice(-TOKENS_KEPT);
  const submittedAt = iso(ctx.now);
  if (type === 'individual') {
    const rejected = rejects(name);
    account.identity = {
      status: rejected ? 'rejected' : 'verified',
      type,
      name,
      submittedAt,
      decidedAt: submittedAt,
      ...(rejected ? { reason: IDENTITY_REJECT_REASON } : {}),
      clientTokens,
    };
  } else {
    account.identity = {
      status: 'under_review',
      type,
      name,
      submittedAt,
      decideAt: iso(ctx.now + ctx.reviewMs),
      clientTokens,
    };
  }
  return identityView(account.identity, ctx);
}

/** Moves a pending review's decision to now; whether there was one. */
export function expediteIdentity(account: StoredAccount, ctx: Pick<Ctx, 'now'>): boolean {
  const stored = account.identity;
  if (stored.status !== 'under_review' || stored.decideAt === undefined || ms(stored.decideAt) <= ctx.now) {
    return false;
  }
  stored.decideAt = iso(ctx.now);
  return true;
}

/** The account's identity as of now. */
export function getIdentity({ account, ctx }: Scope): IdentityInfo {
  return identityView(account.identity, ctx);
}

/** The `identity` capability. */
export const IDENTITY_RULES = {
  get: read(getIdentity),
  submit: write('submitIdentity', submitIdentity),
};
