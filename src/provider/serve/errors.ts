/**
 * The refusals the wire layer itself makes (authentication, routing, bodies),
 * with the codes, statuses and English messages Alibaba Cloud's gateways use.
 * OpenAPI products share the POP gateway's codes; OSS has its own.
 *
 * Sources: the gateway's common error table (as republished in Alibaba Cloud
 * product docs, e.g. the faascmd FAQ: `InvalidAccessKeyId.NotFound` 404,
 * `InvalidAccessKeyId.Inactive` 400, `NoPermission` 403) and the SMS / POP
 * tables for `SignatureDoesNotMatch`, `InvalidTimeStamp.Expired`,
 * `SignatureNonceUsed` (all 400); OSS's error reference for its codes.
 * `RequestEntityTooLarge` (413) is ours: the real gateways' limit is larger
 * than this server's and no public answer for it was found.
 */
import { ServeError } from './backend.js';

interface Spec {
  status: number;
  message: string;
  /** The public code, when the catalog key is a variant of it (one code, several messages). */
  code?: string;
}

/**
 * Refusals both gateways make alike: the server's body limit and the faults
 * a backend injects (SPEC §5: throttle 429 `Throttling.User`, unavailable 503
 * `ServiceUnavailable`), so a client sees the same codes whichever it calls.
 */
const SHARED = {
  RequestEntityTooLarge: { status: 413, message: 'The request body is too large.' },
  'Throttling.User': { status: 429, message: 'Request was denied due to user flow control.' },
  ServiceUnavailable: {
    status: 503,
    message: 'The request has failed due to a temporary failure of the server.',
  },
} as const satisfies Record<string, Spec>;

/** Codes of the OpenAPI (POP) gateway. */
export const OPENAPI_ERRORS = {
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidAccessKeyId.Inactive': { status: 400, message: 'Specified access key is disabled.' },
  SignatureDoesNotMatch: { status: 400, message: 'Specified signature is not matched with our calculation.' },
  IncompleteSignature: {
    status: 400,
    message: 'The request signature does not conform to Aliyun standards.',
  },
  InvalidSignatureMethod: { status: 400, message: 'Specified signature method is not supported.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidTimeStamp.Format': {
    status: 400,
    message: 'Specified time stamp or date value is not well formatted.',
  },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  MissingParameter: {
    status: 400,
    message: 'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
  },
  ContentMD5NotMatched: {
    status: 400,
    message: 'Specified content md5 is not matched with your request body.',
  },
  InvalidParameter: { status: 400, message: 'The specified parameter "{name}" is not valid.' },
  'InvalidProduct.NotFound': {
    status: 404,
    message: 'Cannot find product according to your specified domain.',
  },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  'InvalidAction.NotFound': {
    status: 404,
    message: 'Specified api is not found, please check your url and method.',
  },
  /**
   * A key's network policy refusing the caller. Alibaba Cloud documents the
   * AccessKey network ACL but no code for its refusal that could be found;
   * `NoPermission` (403) is its documented code for an authorization denial,
   * and the message says which policy refused.
   */
  'NoPermission.NetworkPolicy': {
    code: 'NoPermission',
    status: 403,
    message:
      'You are not authorized to do this action. The source IP address is not allowed by the network access control policy of the AccessKey.',
  },
  ...SHARED,
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error.' },
} as const satisfies Record<string, Spec>;

/** Codes of OSS's own gateway (XML errors). */
export const OSS_ERRORS = {
  InvalidAccessKeyId: {
    status: 403,
    message: 'The OSS Access Key Id you provided does not exist in our records.',
  },
  // OSS reports a disabled key with the unknown key's code and its own message.
  'InvalidAccessKeyId.Inactive': {
    code: 'InvalidAccessKeyId',
    status: 403,
    message: 'The OSS Access Key Id you provided is disabled.',
  },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
  },
  AccessDenied: { status: 403, message: 'You have no right to access this resource.' },
  'AccessDenied.Anonymous': {
    code: 'AccessDenied',
    status: 403,
    message: 'Anonymous access is forbidden for this operation.',
  },
  'AccessDenied.NetworkPolicy': {
    code: 'AccessDenied',
    status: 403,
    message: 'The source IP address is not allowed by the network access control policy of the AccessKey.',
  },
  'AccessDenied.Date': { code: 'AccessDenied', status: 403, message: 'Missing or invalid date header.' },
  InvalidArgument: { status: 400, message: 'Authorization header is invalid.' },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified is not valid.' },
  'InvalidArgument.Region': {
    code: 'InvalidArgument',
    status: 400,
    message: 'Invalid signing region in Authorization header.',
  },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
  },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  NotImplemented: {
    status: 501,
    message: 'A header you provided implies functionality that is not implemented.',
  },
  ...SHARED,
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
} as const satisfies Record<string, Spec>;

export type OpenApiErrorKey = keyof typeof OPENAPI_ERRORS;
export type OssErrorKey = keyof typeof OSS_ERRORS;

function fill(message: string, params: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** A {@link ServeError} for an OpenAPI refusal; `params` fill `{name}` placeholders. */
export function apiError(key: OpenApiErrorKey, params: Record<string, string> = {}): ServeError {
  const spec: Spec = OPENAPI_ERRORS[key];
  return new ServeError(spec.code ?? key, spec.status, fill(spec.message, params));
}

/** A {@link ServeError} for an OSS refusal. */
export function ossError(key: OssErrorKey): ServeError {
  const spec: Spec = OSS_ERRORS[key];
  return new ServeError(spec.code ?? key, spec.status, spec.message);
}
