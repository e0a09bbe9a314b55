/**
 * Every SDK failure as a {@link ProviderError}: the cloud's own code, HTTP
 * status, message and request id, and whether a retry may succeed — the
 * wizard's `withRetry` retries throttling, unavailability and lost
 * responses. A message never carries a URL, a query string (RAM
 * CreateLoginProfile sends the password there) or a value the caller marks
 * secret: the SDKs' own messages of network failures name the URL, so those
 * are replaced by ours.
 */
import { ProviderError } from '../../core/errors.js';
import { at, isRecord, num, text } from './json.js';

/** What failed, for messages (never parameters). */
export interface CallInfo {
  /** `host:port` the call went to. */
  host: string;
  /** Values that must never appear in a message (a password sent with the call). */
  secrets?: readonly string[];
}

/** Codes this provider makes itself, for what the cloud cannot say. */
const LOCAL_ERRORS = {
  RequestTimeout: {
    status: 408,
    message:
      'No answer came back from the endpoint {endpoint}: the request timed out or the connection was lost.',
  },
  EndpointUnreachable: {
    status: 503,
    message: 'The cloud could not be reached at the endpoint {endpoint} ({reason}).',
  },
  InvalidResponse: {
    status: 502,
    message: 'The endpoint {endpoint} answered with something that is not the API.',
  },
  // The contract's rule (SPEC §4.3), kept before DeleteAccessKey: RAM and IMS document no code for it.
  'DeleteConflict.AccessKey.Active': {
    status: 409,
    message: 'The access key must be disabled before it can be deleted.',
  },
  QuotaDimensionUnsupported: {
    status: 400,
    message: 'Quota Center requires the dimension {dimension}, which onboard cannot fill in.',
  },
} as const;

export type LocalCode = keyof typeof LOCAL_ERRORS;

/** One of this provider's own errors (request id `-`: no server saw it). */
export function localError(
  code: LocalCode,
  data: Record<string, string> = {},
  retryable = false,
): ProviderError {
  const message = LOCAL_ERRORS[code].message.replace(/\{(\w+)\}/g, (whole, k: string) => data[k] ?? whole);
  return new ProviderError(code, LOCAL_ERRORS[code].status, message, '-', retryable, data);
}

/** A request that may have reached the server, whose answer never came. */
const LOST =
  /ECONNRESET|EPIPE|ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|socket hang up|timeout|timed out|aborted|closed/i;
/** A request that never reached a server: a wrong host or port, a name that does not resolve, or TLS refused. */
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_FAIL|EAI_NONAME|CERT|certificate|self[- ]signed|SSL|TLS/i;
/**
 * Never sent either, but it may work a moment later: a name server that did
 * not answer (EAI_AGAIN), a connection that was never made in time
 * (ConnectTimeout, `connect ETIMEDOUT`). Safe to retry: nothing reached the cloud.
 */
const NOT_YET = /EAI_AGAIN|ConnectTimeout|connect ETIMEDOUT/i;

/** Server text made safe to show: one line, no URL or query string, no secret, bounded. */
export function cleanMessage(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***');
  return out
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>')
    .replace(/\?[^\s"'<>]+/g, '')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

function isRetryable(code: string, status: number): boolean {
  return code.startsWith('Throttling') || code === 'ServiceUnavailable' || status === 429 || status >= 500;
}

/** Facts a refusal for lack of permission gives: the action and, when named, the policy that allows it. */
function permissionFacts(code: string, message: string, detail: unknown): Record<string, string> {
  // RAM and IMS NoPermission, ECS Forbidden.RAM, Quota Center RAM.PERMISSION.DENIED, OSS AccessDenied.
  if (!/^(NoPermission|Forbidden|AccessDenied|RAM\.PERMISSION\.DENIED)/.test(code)) return {};
  const action = text(detail, 'AuthAction');
  const policy = /system policy ([A-Za-z0-9-]+)/.exec(message)?.[1];
  return { ...(action ? { action } : {}), ...(policy ? { policy } : {}) };
}

/** A failure without an answer: lost (retryable) or never sent (unreachable). */
function networkFailure(error: unknown, call: CallInfo): ProviderError | undefined {
  const parts = [text(error, 'code'), text(error, 'name'), text(error, 'message')].filter(
    (s): s is string => s !== undefined,
  );
  const signature = parts.join(' ');
  const reason = /\b(E[A-Z_]{3,}|CERT_[A-Z_]+)\b/.exec(signature)?.[1] ?? 'no connection';
  if (UNREACHABLE.test(signature)) return localError('EndpointUnreachable', { endpoint: call.host, reason });
  if (NOT_YET.test(signature)) {
    const why = /ConnectTimeout|ETIMEDOUT/i.test(signature) ? 'connect timeout' : reason;
    return localError('EndpointUnreachable', { endpoint: call.host, reason: why }, true);
  }
  if (LOST.test(signature))
    return localError('RequestTimeout', { endpoint: call.host, lostResponse: 'true' }, true);
  return undefined;
}

/** An error of the OpenAPI client (`@alicloud/openapi-core`) as a ProviderError. */
export function apiFailure(error: unknown, call: CallInfo): Error {
  if (error instanceof ProviderError) return error;
  const status = num(error, 'statusCode');
  const code = text(error, 'code');
  if (status !== undefined && code !== undefined && code !== 'undefined') {
    const body = at(error, 'data');
    const message = cleanMessage(text(body, 'Message') ?? text(body, 'message') ?? code, call.secrets);
    const requestId = text(body, 'RequestId') ?? text(body, 'requestId') ?? text(error, 'requestId') ?? '-';
    const detail = at(body, 'AccessDeniedDetail') ?? at(error, 'accessDeniedDetail');
    return new ProviderError(
      code,
      status,
      message,
      requestId === 'undefined' ? '-' : requestId,
      isRetryable(code, status),
      permissionFacts(code, message, detail),
    );
  }
  if (status !== undefined) {
    // An HTTP error without an API error body: a proxy or another server answered.
    return isRetryable('', status)
      ? localError('RequestTimeout', { endpoint: call.host, lostResponse: 'true' }, true)
      : localError('InvalidResponse', { endpoint: call.host });
  }
  if (error instanceof SyntaxError) return localError('InvalidResponse', { endpoint: call.host });
  return networkFailure(error, call) ?? unexpected(error, call);
}

/** An ali-oss error as a ProviderError: OSS's codes (`NoSuchBucket`, `AccessDenied`, …) as they are. */
export function ossFailure(error: unknown, call: CallInfo): Error {
  if (error instanceof ProviderError) return error;
  const status = num(error, 'status');
  const code = text(error, 'code');
  if (status !== undefined && status > 0 && code !== undefined && !/Error$/.test(code)) {
    const message = cleanMessage(text(error, 'message') ?? code, call.secrets);
    const requestId = text(error, 'requestId') ?? '-';
    return new ProviderError(
      code,
      status,
      message,
      requestId,
      isRetryable(code, status),
      permissionFacts(code, message, undefined),
    );
  }
  if (status !== undefined && status > 0) {
    return isRetryable('', status)
      ? localError('RequestTimeout', { endpoint: call.host, lostResponse: 'true' }, true)
      : localError('InvalidResponse', { endpoint: call.host });
  }
  return networkFailure(error, call) ?? unexpected(error, call);
}

/** Anything else is a bug: kept as an Error (exit 1), its message cleaned all the same. */
function unexpected(error: unknown, call: CallInfo): Error {
  const name = text(error, 'name') ?? 'Error';
  const message = isRecord(error) || error instanceof Error ? (text(error, 'message') ?? '') : String(error);
  return new Error(`${name}: ${cleanMessage(message, call.secrets)}`);
}
