/**
 * The simulated cloud's errors: Alibaba Cloud's codes, HTTP statuses and
 * (English, as the real API's are) messages. The wizard explains each code in
 * the user's language through the `providerError.<Code>` catalog keys; the
 * message here is what the "server" said and is shown beside it.
 */
import { nodeCrypto } from '../../core/builtins.js';
import { ProviderError } from '../../core/errors.js';

/** Every error code the simulated provider can return, with its status, message and retryability. */
export const ERRORS = {
  InvalidParameter: { status: 400, message: 'The specified parameter "{parameter}" is not valid.' },
  AccountAlreadyExists: { status: 409, message: 'The account already exists.' },
  InvalidVerificationCode: { status: 400, message: 'The verification code is incorrect or has expired.' },
  AccountNotFound: { status: 404, message: 'The account does not exist.' },
  InvalidPassword: { status: 401, message: 'The password is incorrect.' },
  AccountLocked: { status: 403, message: 'Sign-in is locked for 15 minutes after too many failed attempts.' },
  InvalidSession: { status: 401, message: 'The session has expired or is invalid. Sign in again.' },
  IdentityUnderReview: {
    status: 409,
    message: 'The real-name verification is under review and cannot be changed now.',
  },
  IdentityTypeChangeNotAllowed: {
    status: 403,
    message: 'An enterprise verification cannot be changed back to individual.',
  },
  RealNameAuthenticationError: {
    status: 403,
    message: 'Your account has not passed the real-name authentication yet.',
  },
  'LimitExceeded.User.AccessKey': {
    status: 409,
    message: 'The access key count of the user access keys beyond the current limits.',
  },
  'EntityNotExist.User.AccessKey': { status: 404, message: 'The user access key does not exist.' },
  // The simulated cloud's own (SPEC §4.3: a key is disabled before it is deleted). RAM and IMS
  // document no code for deleting an Active key: DeleteAccessKey names only EntityNotExist.User,
  // EntityNotExist.User.AccessKey and the UserName checks, and `DeleteConflict.User.AccessKey` is
  // DeleteUser's code for a user that still has keys (AlibabaCloudDocs/ram, DeleteUser.md).
  'DeleteConflict.AccessKey.Active': {
    status: 409,
    message: 'The access key must be disabled before it can be deleted.',
  },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
  InvalidLocationConstraint: { status: 400, message: 'The specified location (region) is not valid.' },
  BucketAlreadyExists: { status: 409, message: 'The requested bucket name is not available.' },
  TooManyBuckets: { status: 400, message: 'You have attempted to create more buckets than allowed.' },
  AccessDenied: { status: 403, message: 'You do not have permission to access this bucket.' },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.' },
  // Quota Center's codes (its API reference): all answered with 400.
  'QUOTA.APPLICATION.NOT.FOUND': { status: 400, message: 'Quota application does not exist' },
  'QUOTA.NOT.FOUND': { status: 400, message: 'The quota does not exist.' },
  InvalidStatus: { status: 400, message: 'Invalid Status' },
  // Not documented: Quota Center names no code for an application that lacks a required
  // dimension. This one is the simulation's choice, in Quota Center's style (see dimensions.ts).
  'QUOTA.DIMENSION.REQUIRED': {
    status: 400,
    message: 'The required quota dimension "{dimension}" is missing.',
  },
  'EntityAlreadyExists.User': { status: 409, message: 'The user already exists.' },
  'EntityNotExist.User': { status: 404, message: 'The user does not exist.' },
  'EntityNotExist.Policy': { status: 404, message: 'The policy does not exist.' },
  'EntityAlreadyExists.User.Policy': {
    status: 409,
    message: 'The policy has already been attached to the user.',
  },
  'EntityAlreadyExists.User.LoginProfile': {
    status: 409,
    message: 'The login profile of the user already exists.',
  },
  'EntityNotExist.User.LoginProfile': {
    status: 404,
    message: 'The login profile of the user does not exist.',
  },
  'InvalidParameter.UserName.InvalidChars': {
    status: 400,
    message: 'The parameter "UserName" contains invalid chars.',
  },
  'InvalidParameter.UserName.Length': {
    status: 400,
    message: 'The length of the parameter "UserName" is invalid.',
  },
  // RAM's AttachPolicyToUser and GetPolicy pages (AlibabaCloudDocs/ram): the name's characters, its length.
  'InvalidParameter.PolicyName.InvalidChars': {
    status: 400,
    message: 'The parameter - "PolicyName" contains invalid chars.',
  },
  'InvalidParameter.PolicyName.Length': {
    status: 400,
    message: 'The parameter - "PolicyName" beyond the length limit.',
  },
  // RAM roles: codes and messages of RAM's CreateRole, GetRole and UpdateRole pages.
  'EntityAlreadyExists.Role': { status: 409, message: 'The role does already EXIST.' },
  'EntityNotExist.Role': { status: 404, message: 'The role does not exist.' },
  // A code RAM's clients meet; RAM's pages give no message for it.
  'EntityAlreadyExists.Role.Policy': {
    status: 409,
    message: 'The policy has already been attached to the role.',
  },
  'InvalidParameter.RoleName.InvalidChars': {
    status: 400,
    message: 'The parameter - "RoleName" contains invalid chars.',
  },
  'InvalidParameter.RoleName.Length': {
    status: 400,
    message: 'The parameter - "RoleName" beyond the length limit.',
  },
  'InvalidParameter.AssumeRolePolicyDocument.Length': {
    status: 400,
    message: 'The parameter - "AssumeRolePolicyDocument" beyond the length limit.',
  },
  'InvalidParameter.NewAssumeRolePolicyDocument.Length': {
    status: 400,
    message: 'The parameter - "NewAssumeRolePolicyDocument" beyond the length limit.',
  },
  MalformedPolicyDocument: { status: 400, message: 'The policy document is malformed: {reason}.' },
  // RAM's CreateLoginProfile page (AlibabaCloudDocs/ram) names this code for a password the policy refuses.
  'InvalidParameter.Password.TooWeak': {
    status: 400,
    message:
      'The password does not meet the password policy (8–32 characters, three of: upper, lower, digit, symbol).',
  },
  'MaxCompute.RegionNotSupported': {
    status: 400,
    message: 'MaxCompute is not available in the region {region}.',
  },
  NoPermission: {
    status: 403,
    message: 'You are not authorized to do this action. You should be authorized by RAM.',
  },
  'Throttling.User': {
    status: 429,
    message: 'Request was denied due to user flow control.',
    retryable: true,
  },
  ServiceUnavailable: {
    status: 503,
    message: 'The request has failed due to a temporary failure of the server.',
    retryable: true,
  },
  RequestTimeout: {
    status: 408,
    message: 'The request timed out before a response was received.',
    retryable: true,
  },
} as const satisfies Record<string, { status: number; message: string; retryable?: boolean }>;

/** A code the simulated provider returns. */
export type ErrorCode = keyof typeof ERRORS;

/** Every code, for the catalog test (each needs a `providerError.<Code>` explanation). */
export const ERROR_CODES: ErrorCode[] = Object.entries(ERRORS)
  .map(([code]) => code)
  .filter((c): c is ErrorCode => c in ERRORS);

/**
 * Builds a {@link ProviderError} with a fresh request id (upper-case UUID, as
 * Alibaba Cloud's). `data` must never carry a secret; string values of it
 * also fill `{name}` placeholders of the message.
 */
export function providerError(code: ErrorCode, data: Record<string, unknown> = {}): ProviderError {
  const spec: { status: number; message: string; retryable?: boolean } = ERRORS[code];
  const message = spec.message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = data[name];
    return typeof value === 'string' ? value : whole;
  });
  return new ProviderError(
    code,
    spec.status,
    message,
    nodeCrypto().randomUUID().toUpperCase(),
    spec.retryable ?? false,
    data,
  );
}

/**
 * `InvalidParameter` naming the parameter (the interface's field name) and,
 * when known, the rule it broke (English, as the rest of the message).
 */
export function invalidParameter(parameter: string, reason?: string): ProviderError {
  const error = providerError(
    'InvalidParameter',
    reason === undefined ? { parameter } : { parameter, reason },
  );
  if (reason !== undefined) error.message = `${error.message.slice(0, -1)}: ${reason}.`;
  return error;
}
