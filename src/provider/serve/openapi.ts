/**
 * OpenAPI requests (RPC and ROA): route, authenticate with whichever
 * signature the client used, hand the call to the backend, and answer in the
 * real JSON shapes — `RequestId` in every body (`requestId` for MaxCompute,
 * whose API spells it so), errors as `{ RequestId, HostId, Code, Message,
 * Recommend }` with the real status, and the `x-acs-request-id` header.
 */

import { isRoaV1, isRpcV1, parseRoaV1, parseRpcV1, rpcParams } from './acs-v1.js';
import { isAcs3, parseAcs3 } from './acs3.js';
import {
  type NonceStore,
  type OpenApiOperation,
  type OpenApiProduct,
  type Principal,
  type ServeBackend,
  ServeError,
} from './backend.js';
import { apiError } from './errors.js';
import { authenticate, type Refusals } from './guards.js';
import { header, type Incoming, parseQuery, type Reply, type SignedRequest } from './http-io.js';
import { type ApiRoute, routeOpenApi } from './routes.js';

/** Parameters that belong to the protocol, not to the operation. */
const PROTOCOL_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'SecurityToken',
]);

/** Product names as Alibaba Cloud's troubleshooting links spell them. */
const RECOMMEND_PRODUCT: Readonly<Record<OpenApiProduct, string>> = {
  ram: 'Ram',
  ims: 'Ims',
  sts: 'Sts',
  ecs: 'Ecs',
  quotas: 'quotas',
  maxcompute: 'MaxCompute',
};

const REFUSALS: Refusals = {
  notFound: () => apiError('InvalidAccessKeyId.NotFound'),
  inactive: () => apiError('InvalidAccessKeyId.Inactive'),
  missing: (name) => apiError('MissingParameter', { name }),
  badTime: () => apiError('InvalidTimeStamp.Format'),
  expired: () => apiError('InvalidTimeStamp.Expired'),
  signature: () => apiError('SignatureDoesNotMatch'),
  nonceUsed: () => apiError('SignatureNonceUsed'),
  network: () => apiError('NoPermission.NetworkPolicy'),
};

/** What the OpenAPI handler needs from the server. */
export interface ApiContext {
  backend: ServeBackend;
  nonces: NonceStore;
  /** Unexpected (non-ServeError) failures, for the server's owner; never shown to clients. */
  onError: (error: unknown) => void;
}

function isForm(inc: Incoming): boolean {
  return /application\/x-www-form-urlencoded/i.test(header(inc, 'content-type') ?? '');
}

function isJson(inc: Incoming): boolean {
  return /[/+]json/i.test(header(inc, 'content-type') ?? '');
}

/** Picks the scheme the client signed with; an unsigned request is incomplete. */
function signedRequest(inc: Incoming, route: ApiRoute, params: Record<string, string>): SignedRequest {
  if (isAcs3(inc)) return parseAcs3(inc);
  if (isRoaV1(inc)) return parseRoaV1(inc);
  if (route.style === 'RPC' && isRpcV1(params)) return parseRpcV1(inc, params);
  throw apiError('IncompleteSignature');
}

function operation(
  inc: Incoming,
  route: ApiRoute,
  params: Record<string, string>,
  form: Record<string, string>,
): OpenApiOperation {
  const business = Object.fromEntries(
    Object.entries(route.style === 'RPC' ? params : Object.fromEntries(inc.query)).filter(
      ([k]) => route.style === 'ROA' || !PROTOCOL_PARAMS.has(k),
    ),
  );
  let body: unknown;
  if (isJson(inc) && inc.body.length > 0) {
    try {
      body = JSON.parse(inc.body.toString('utf8'));
    } catch {
      throw apiError('InvalidParameter', { name: 'body' });
    }
  } else if (route.style === 'ROA' && Object.keys(form).length > 0) {
    body = form;
  }
  // The region: a regional host's (`maxcompute.cn-shanghai.aliyuncs.com`); else, where one endpoint
  // stands for every regional host, the gateway's `x-acs-region-id` header (ROA, whose calls name
  // no region); an RPC call's `RegionId` parameter.
  const region = route.region ?? (route.style === 'ROA' ? header(inc, 'x-acs-region-id') : business.RegionId);
  return {
    product: route.product,
    version: route.version,
    action: route.action,
    params: business,
    ...(body === undefined ? {} : { body }),
    ...(region === undefined ? {} : { region }),
    sourceIp: inc.sourceIp,
  };
}

function json(
  inc: Incoming,
  route: ApiRoute | undefined,
  status: number,
  body: object,
  code?: string,
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': inc.requestId },
    body: JSON.stringify(body),
    product: route?.product ?? 'openapi',
    action: route?.action ?? '-',
    ...(code === undefined ? {} : { code }),
  };
}

/** The error body of the POP gateway, with what the product adds for the cause (ECS's `AccessDeniedDetail`). */
export function apiErrorReply(inc: Incoming, route: ApiRoute | undefined, error: ServeError): Reply {
  const product = route ? RECOMMEND_PRODUCT[route.product] : '';
  const body = {
    RequestId: inc.requestId,
    HostId: route?.hostId ?? 'aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${inc.requestId}`,
    ...error.extra,
  };
  return json(inc, route, error.httpStatus, body, error.code);
}

/** Serves one OpenAPI request. Never throws: every failure becomes the gateway's error body. */
export async function handleOpenApi(inc: Incoming, ctx: ApiContext): Promise<Reply> {
  let route: ApiRoute | undefined;
  try {
    const form = isForm(inc) ? Object.fromEntries(parseQuery(inc.body.toString('utf8'))) : {};
    route = routeOpenApi(inc, form, ctx.backend.apis);
    const params = rpcParams(inc, form);
    const signed = signedRequest(inc, route, params);
    const principal: Principal = await authenticate(signed, inc, ctx.backend, ctx.nonces, REFUSALS);
    const op = operation(inc, route, params, form);
    const fault = ctx.backend.faultFor?.(op, principal);
    if (fault === 'throttle') throw apiError('Throttling.User');
    if (fault === 'unavailable') throw apiError('ServiceUnavailable');
    if (fault === 'lost-response') {
      // The call takes effect (or fails) but the client never hears of it.
      await ctx.backend.call(op, principal).catch((error: unknown) => {
        if (!(error instanceof ServeError)) ctx.onError(error);
      });
      return { ...json(inc, route, 200, {}), drop: true };
    }
    const result = await ctx.backend.call(op, principal);
    const idKey = route.product === 'maxcompute' ? 'requestId' : 'RequestId';
    const fields = typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {};
    return json(inc, route, 200, { [idKey]: inc.requestId, ...fields, [idKey]: inc.requestId });
  } catch (error) {
    if (error instanceof ServeError) return apiErrorReply(inc, route, error);
    ctx.onError(error);
    return apiErrorReply(inc, route, apiError('InternalError'));
  }
}
