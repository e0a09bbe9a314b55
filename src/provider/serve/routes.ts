/**
 * Which product a request is for. One port serves them all, so the request
 * itself must say: OSS by its signature scheme or `Host`; OpenAPI products by
 * `x-acs-version` / `Version` together with the action (two products may
 * share a version string, and the same action name exists in RAM and IMS),
 * and by `Host` when it names a product (`ram.aliyuncs.com`).
 */
import type { OpenApiProduct, ServedApi } from './backend.js';
import { apiError } from './errors.js';
import { header, type Incoming, queryParam } from './http-io.js';

/** A routed OpenAPI request. */
export interface ApiRoute {
  product: OpenApiProduct;
  version: string;
  action: string;
  style: 'RPC' | 'ROA';
  /** The region a regional host names (`maxcompute.cn-shanghai.aliyuncs.com`). */
  region?: string;
  /** `HostId` of error bodies: the product's endpoint. */
  hostId: string;
}

const SUFFIX = '.aliyuncs.com';
const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

/** The lower-case host name without port. */
export function hostName(inc: Incoming): string {
  const host = (header(inc, 'host') ?? '').toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** `<bucket>.oss-<region>[-internal].aliyuncs.com` or `oss-<region>.aliyuncs.com`; bucket may be empty. */
export function parseOssHost(host: string): { bucket?: string; region?: string } | undefined {
  const m = /^(?:([^.]*)\.)?oss(?:-([a-z0-9-]+?))?(?:-internal)?\.aliyuncs\.com$/.exec(host);
  if (!m) return undefined;
  return { ...(m[1] ? { bucket: m[1] } : {}), ...(m[2] ? { region: m[2] } : {}) };
}

/** Whether a request speaks OSS rather than OpenAPI. */
export function isOssRequest(inc: Incoming): boolean {
  const auth = header(inc, 'authorization') ?? '';
  if (/^OSS4?[- ]/.test(auth)) return true;
  if (/^(acs |ACS3-)/.test(auth)) return false;
  if (parseOssHost(hostName(inc))) return true;
  if (header(inc, 'x-acs-version') !== undefined || header(inc, 'x-acs-action') !== undefined) return false;
  if (['Version', 'Action', 'Signature'].some((p) => queryParam(inc, p) !== undefined)) return false;
  // A form-encoded RPC call carries Version and Action in its body.
  return !/x-www-form-urlencoded/i.test(header(inc, 'content-type') ?? '');
}

/** The product (and region) an `*.aliyuncs.com` host names; `null` when the host names another product. */
function productOfHost(
  host: string,
  apis: readonly ServedApi[],
): { product: OpenApiProduct; region?: string } | null | undefined {
  if (!host.endsWith(SUFFIX)) return undefined;
  const labels = host.slice(0, -SUFFIX.length).split('.');
  const first = (labels[0] ?? '').replace(/-vpc$/, '');
  // ECS also has `ecs-<region>.aliyuncs.com`.
  const dashed = /^([a-z]+)-([a-z]{2,}-[a-z0-9-]+)$/.exec(first);
  const name = dashed ? dashed[1] : first;
  const product = apis.find((api) => api.product === name)?.product;
  if (!product) return null;
  const region = dashed?.[2] ?? (REGION.test(labels[1] ?? '') ? labels[1] : undefined);
  return region === undefined ? { product } : { product, region };
}

/**
 * Routes an OpenAPI request to one of the backend's `apis`, or throws the
 * gateway's refusal: a host naming another product → `InvalidProduct.NotFound`,
 * an unknown version → `InvalidVersion`, an unknown action or ROA path →
 * `InvalidAction.NotFound`. `form` is the form body, where RPC clients may put
 * `Version` and `Action`.
 */
export function routeOpenApi(
  inc: Incoming,
  form: Record<string, string>,
  apis: readonly ServedApi[],
): ApiRoute {
  const host = hostName(inc);
  const version = header(inc, 'x-acs-version') ?? queryParam(inc, 'Version') ?? form.Version;
  const named = header(inc, 'x-acs-action') ?? queryParam(inc, 'Action') ?? form.Action;
  const byHost = productOfHost(host, apis);
  if (byHost === null) throw apiError('InvalidProduct.NotFound');
  if (version === undefined) throw apiError('MissingParameter', { name: 'Version' });
  // A host names the product; else the version does (two products may share an action's name).
  const candidates = apis.filter((api) =>
    byHost ? api.product === byHost.product : api.version === version,
  );
  if (candidates.length === 0 || candidates.some((api) => api.version !== version)) {
    throw apiError('InvalidVersion');
  }
  const path = inc.rawPath;
  for (const api of candidates) {
    if (api.roa) {
      const { method, path: roaPath } = api.roa;
      if (
        method === inc.method &&
        roaPath === path.replace(/\/$/, '') &&
        (named ?? api.action) === api.action
      ) {
        return done(api, 'ROA');
      }
    } else if (path === '/' && named === api.action) {
      return done(api, 'RPC');
    }
  }
  throw apiError('InvalidAction.NotFound');

  function done(api: ServedApi, style: 'RPC' | 'ROA'): ApiRoute {
    const region = byHost?.region;
    const hostId = host.endsWith(SUFFIX)
      ? host
      : api.product === 'maxcompute'
        ? `maxcompute.${region ?? 'cn-hangzhou'}${SUFFIX}`
        : `${api.product}${SUFFIX}`;
    return {
      product: api.product,
      version: api.version,
      action: api.action,
      style,
      hostId,
      ...(region === undefined ? {} : { region }),
    };
  }
}
