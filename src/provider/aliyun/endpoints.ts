/**
 * Where each product's API lives. Without `--endpoint`: the public HTTPS
 * endpoints, as the official SDKs' endpoint rules give them — STS, RAM, IMS
 * and Quota Center are central (one host for every region and both sites;
 * the quotas SDK's rule is `central`), ECS answers account attributes on its
 * central host, MaxCompute and OSS are regional. With `--endpoint`: every
 * call goes to that one host, which tells the products apart by the request
 * (`sim serve`, SPEC §5.1).
 */
import { isIP } from 'node:net';
import type { ApiProduct } from '../apis.js';

/** `--endpoint`, parsed: a scheme and `host:port`. */
export interface Endpoint {
  protocol: 'http' | 'https';
  host: string;
}

/** Whether a product's public endpoint is regional (its host names the region). */
export function isRegional(product: ApiProduct): boolean {
  return product === 'maxcompute';
}

/** The host and scheme an OpenAPI call of `product` goes to (`region` for the regional ones). */
export function apiEndpoint(product: ApiProduct, region: string, endpoint?: Endpoint): Endpoint {
  if (endpoint) return endpoint;
  const host = isRegional(product) ? `${product}.${region}.aliyuncs.com` : `${product}.aliyuncs.com`;
  return { protocol: 'https', host };
}

/** ali-oss's options for a region: public virtual-host endpoints, or everything to `--endpoint`. */
export interface OssTarget {
  /** ali-oss's `region` (`oss-<region>`): names the host, and V4 signatures' scope. */
  region: string;
  secure: boolean;
  /** Set only with `--endpoint`. */
  endpoint?: string;
  /**
   * Path style (`/<bucket>/`): for an `--endpoint` that is a host name, where
   * `<bucket>.<host>` would not resolve. For an IP endpoint ali-oss keeps the
   * real virtual-host `Host` header (`<bucket>.oss-<region>.aliyuncs.com`),
   * which names the region.
   */
  sldEnable?: boolean;
}

export function ossTarget(region: string, endpoint?: Endpoint): OssTarget {
  const ossRegion = `oss-${region}`;
  if (!endpoint) return { region: ossRegion, secure: true };
  const hostname = hostnameOf(endpoint.host);
  return {
    region: ossRegion,
    secure: endpoint.protocol === 'https',
    endpoint: `${endpoint.protocol}://${endpoint.host}`,
    ...(isIP(hostname) === 0 ? { sldEnable: true } : {}),
  };
}

/** The host name of `host:port`, `[v6]:port` or a bare host, without brackets or port. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, Math.max(1, host.indexOf(']')));
  const colons = host.split(':').length - 1;
  // A bare IPv6 address has several colons and no port.
  if (colons > 1) return host;
  return host.replace(/:\d*$/, '');
}
