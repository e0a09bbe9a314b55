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
  /** OSS: the fine-grained error code (`EC`) of this cause, where OSS's docs give one. */
  ec?: string;
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
  /**
   * A v1 RPC request whose `SignatureVersion` is not `1.0`. No public table of the gateway's
   * codes names this case; the code and message follow InvalidSignatureMethod's.
   */
  InvalidSignatureVersion: { status: 400, message: 'Specified signature version is not supported.' },
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
  // ECS's answer for a required parameter left out (DescribeAccountAttributes' errors in the API
  // metadata, https://www.alibabacloud.com/help/doc-detail/73772.htm): 403, its own code.
  'Invalid.Parameter': { status: 403, message: 'The required parameter {name} must be not null.' },
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

/**
 * Codes of OSS's own gateway (XML errors), with their `EC` where a public
 * source gives it: OSS's per-EC pages (https://www.alibabacloud.com/help/en/oss/user-guide/<EC>,
 * "Problem description"), its "Error responses" page (doc-detail/32005) and its signature FAQ
 * (faq-24). A disabled key and a key whose network policy refuses the address are one cause
 * to OSS: "The AccessKeyId in the request is disabled" (0002-00000904 names both). Codes with
 * no `ec` have none that could be found; their error documents carry none (README lists them).
 */
export const OSS_ERRORS = {
  InvalidAccessKeyId: {
    status: 403,
    message: 'The OSS Access Key Id you provided does not exist in our records.',
    ec: '0002-00000902',
  },
  // OSS reports a disabled key with the unknown key's code and its own message.
  'InvalidAccessKeyId.Inactive': {
    code: 'InvalidAccessKeyId',
    status: 403,
    message: 'The OSS Access Key Id you provided is disabled.',
    ec: '0002-00000904',
  },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ec: '0002-00000040',
  },
  // The same refusal for a V4 signature (page 0002-00000201: "The request uses a V4 signature").
  'SignatureDoesNotMatch.V4': {
    code: 'SignatureDoesNotMatch',
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ec: '0002-00000201',
  },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
    ec: '0002-00000504',
  },
  AccessDenied: { status: 403, message: 'You have no right to access this resource.', ec: '0003-00000001' },
  /**
   * A bucket addressed through another region's endpoint (the "HTTP 403" page,
   * https://www.alibabacloud.com/help/en/oss/support/http-status-code-403; EC page 0003-00001403).
   * The body also names the bucket and the endpoint to use (`Bucket`, `Endpoint`).
   */
  'AccessDenied.Endpoint': {
    code: 'AccessDenied',
    status: 403,
    message:
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    ec: '0003-00001403',
  },
  'AccessDenied.Anonymous': {
    code: 'AccessDenied',
    status: 403,
    message: 'Anonymous access is forbidden for this operation.',
  },
  'AccessDenied.Date': { code: 'AccessDenied', status: 403, message: 'Missing or invalid date header.' },
  InvalidArgument: { status: 400, message: 'Authorization header is invalid.' },
  /**
   * A V4 request must carry `x-oss-content-sha256` (`UNSIGNED-PAYLOAD` or the body's hash);
   * page 0002-00000214 ("The value of the x-oss-content-sha256 header is invalid") is the
   * nearest documented cause. Code and status: ours, as for a malformed Authorization header.
   */
  'InvalidArgument.ContentSha256': {
    code: 'InvalidArgument',
    status: 400,
    message: 'The value of the x-oss-content-sha256 header is invalid.',
    ec: '0002-00000214',
  },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified is not valid.' },
  'InvalidArgument.Region': {
    code: 'InvalidArgument',
    status: 400,
    message: 'Invalid signing region in Authorization header.',
    ec: '0002-00000226',
  },
  // The EC of OSS's own sample of this error ("Error responses", help.aliyun.com/document_detail/32005).
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
    ec: '0031-00000001',
  },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  NotImplemented: {
    status: 501,
    message: 'A header you provided implies functionality that is not implemented.',
  },
  ...SHARED,
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
} as const satisfies Record<string, Spec>;

/**
 * The EC of the bucket rules' codes (what the simulated cloud's rules refuse):
 * NoSuchBucket 0015-00000101 and InvalidBucketName 0015-00000001 (their EC pages), another
 * account's bucket as AccessDenied 0003-00000001. BucketAlreadyExists, TooManyBuckets and
 * InvalidLocationConstraint have none that could be found.
 */
export const OSS_RULE_EC: Readonly<Record<string, string>> = {
  NoSuchBucket: '0015-00000101',
  InvalidBucketName: '0015-00000001',
  AccessDenied: '0003-00000001',
};

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

/** A {@link ServeError} for an OSS refusal; `extra` elements go into its error document. */
export function ossError(key: OssErrorKey, extra: Record<string, string> = {}): ServeError {
  const spec: Spec = OSS_ERRORS[key];
  return new ServeError(spec.code ?? key, spec.status, spec.message, extra, spec.ec);
}
