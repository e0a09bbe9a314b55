/**
 * Which product a request is for. One port serves them all, so the request
 * itself must say: OSS by its signature scheme or `Host`; OpenAPI products by
 * `x-acs-version` / `Version` together with the action (two products may
 * share a version string, and the same action name exists in RAM and IMS),
 * and by `Host` when it names a product (`ram.aliyuncs.com`).
 */
import type { OpenApiProduct } from './backend.js';
import { apiError } from './errors.js';
import { header, type Incoming, queryParam } from './http-io.js';

interface RoaRoute {
  method: string;
  path: string;
  action: string;
}

interface ProductSpec {
  product: OpenApiProduct;
  version: string;
  /** RPC actions (path `/`). */
  actions: readonly string[];
  /** ROA routes: method and path decide the action. */
  roa: readonly RoaRoute[];
}

/** The products and operations of SPEC §5.1. */
export const PRODUCTS: readonly ProductSpec[] = [
  {
    product: 'ram',
    version: '2015-05-01',
    actions: [
      'CreateUser',
      'GetUser',
      'CreateLoginProfile',
      'GetLoginProfile',
      'AttachPolicyToUser',
      'ListPoliciesForUser',
      'GetPolicy',
      'CreateAccessKey',
      'ListAccessKeys',
      'UpdateAccessKey',
      'DeleteAccessKey',
    ],
    roa: [],
  },
  {
    product: 'ims',
    version: '2019-08-15',
    actions: [
      'CreateAccessKey',
      'ListAccessKeys',
      'UpdateAccessKey',
      'DeleteAccessKey',
      'GetAccessKeyLastUsed',
      'GetDefaultDomain',
    ],
    roa: [],
  },
  { product: 'sts', version: '2015-04-01', actions: ['GetCallerIdentity'], roa: [] },
  { product: 'ecs', version: '2014-05-26', actions: ['DescribeAccountAttributes'], roa: [] },
  {
    product: 'quotas',
    version: '2020-05-10',
    actions: ['CreateQuotaApplication', 'GetQuotaApplication', 'ListQuotaApplications'],
    roa: [],
  },
  {
    product: 'maxcompute',
    version: '2022-01-04',
    actions: [],
    roa: [
      { method: 'POST', path: '/api/v1/quotas', action: 'CreateQuota' },
      { method: 'GET', path: '/api/v1/quotas', action: 'ListQuotas' },
    ],
  },
];

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
function productOfHost(host: string): { spec: ProductSpec; region?: string } | null | undefined {
  if (!host.endsWith(SUFFIX)) return undefined;
  const labels = host.slice(0, -SUFFIX.length).split('.');
  const first = (labels[0] ?? '').replace(/-vpc$/, '');
  // ECS also has `ecs-<region>.aliyuncs.com`.
  const dashed = /^([a-z]+)-([a-z]{2,}-[a-z0-9-]+)$/.exec(first);
  const name = dashed ? dashed[1] : first;
  const spec = PRODUCTS.find((p) => p.product === name);
  if (!spec) return null;
  const region = dashed?.[2] ?? (REGION.test(labels[1] ?? '') ? labels[1] : undefined);
  return region === undefined ? { spec } : { spec, region };
}

/**
 * Routes an OpenAPI request, or throws the gateway's refusal: a host naming
 * another product → `InvalidProduct.NotFound`, an unknown version →
 * `InvalidVersion`, an unknown action or ROA path → `InvalidAction.NotFound`.
 * `form` is the form body, where RPC clients may put `Version` and `Action`.
 */
export function routeOpenApi(inc: Incoming, form: Record<string, string>): ApiRoute {
  const host = hostName(inc);
  const version = header(inc, 'x-acs-version') ?? queryParam(inc, 'Version') ?? form.Version;
  const named = header(inc, 'x-acs-action') ?? queryParam(inc, 'Action') ?? form.Action;
  const byHost = productOfHost(host);
  if (byHost === null) throw apiError('InvalidProduct.NotFound');
  if (version === undefined) throw apiError('MissingParameter', { name: 'Version' });
  const candidates = byHost ? [byHost.spec] : PRODUCTS.filter((p) => p.version === version);
  if (candidates.length === 0 || candidates.some((p) => p.version !== version)) {
    throw apiError('InvalidVersion');
  }
  const path = inc.rawPath;
  for (const spec of candidates) {
    const route = spec.roa.find((r) => r.method === inc.method && r.path === path.replace(/\/$/, ''));
    if (route && (named === undefined || named === route.action)) {
      return done(spec, route.action, 'ROA');
    }
    if (path === '/' && named !== undefined && spec.actions.includes(named)) {
      return done(spec, named, 'RPC');
    }
  }
  throw apiError('InvalidAction.NotFound');

  function done(spec: ProductSpec, action: string, style: 'RPC' | 'ROA'): ApiRoute {
    const region = byHost?.region;
    const hostId = host.endsWith(SUFFIX)
      ? host
      : spec.product === 'maxcompute'
        ? `maxcompute.${region ?? 'cn-hangzhou'}${SUFFIX}`
        : `${spec.product}${SUFFIX}`;
    return {
      product: spec.product,
      version: spec.version,
      action,
      style,
      hostId,
      ...(region === undefined ? {} : { region }),
    };
  }
}
