/**
 * What an OSS request addresses. Clients differ in style: virtual-host
 * (`Host: <bucket>.oss-<region>.aliyuncs.com`, which ali-oss sends even to an
 * IP endpoint) or path style (`/<bucket>/…` on an IP or `localhost`
 * endpoint). ali-oss's ListBuckets on an IP endpoint even sends
 * `Host: .oss-<region>.aliyuncs.com` — an empty bucket label.
 */
import type { OssAction } from './backend.js';
import { ossError } from './errors.js';
import type { Incoming } from './http-io.js';
import { hostName, parseOssHost } from './routes.js';

/**
 * Query parameters that name a sub-resource: they are part of a V1 signature's
 * canonical resource (other parameters such as `prefix` are not) and they
 * select another operation than the plain one on a bucket.
 */
export const SUBRESOURCES = new Set([
  'acl',
  'append',
  'bucketInfo',
  'callback',
  'callback-var',
  'cname',
  'comp',
  'continuation-token',
  'cors',
  'delete',
  'encryption',
  'endTime',
  'img',
  'inventory',
  'inventoryId',
  'lifecycle',
  'live',
  'location',
  'logging',
  'objectMeta',
  'partNumber',
  'policy',
  'position',
  'qos',
  'referer',
  'regionList',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'requestPayment',
  'resourceGroup',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'security-token',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'transferAcceleration',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'worm',
  'wormExtend',
  'wormId',
  'x-oss-process',
]);

/** The bucket, object and region a request names. */
export interface OssAddress {
  bucket?: string;
  object?: string;
  /** The bare region the host names, if any. */
  hostRegion?: string;
}

/** An address and the operation it asks for. */
export interface OssTarget extends OssAddress {
  action: OssAction;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * What a request addresses: its bucket and object (virtual-host or path
 * style) and the region its host names. Decides nothing: a signature is
 * checked over this before the operation is known (SPEC §5.1: every request
 * is authenticated first).
 */
export function ossAddress(inc: Incoming): OssAddress {
  const host = parseOssHost(hostName(inc));
  let bucket: string | undefined;
  let object: string | undefined;
  const path = inc.rawPath.replace(/^\/+/, '');
  if (host?.bucket !== undefined) {
    bucket = host.bucket;
    object = path === '' ? undefined : decode(path);
  } else if (path !== '') {
    const slash = path.indexOf('/');
    bucket = decode(slash < 0 ? path : path.slice(0, slash));
    const rest = slash < 0 ? '' : path.slice(slash + 1);
    object = rest === '' ? undefined : decode(rest);
  }
  const region = host?.region;
  return {
    ...(bucket === undefined ? {} : { bucket }),
    ...(object === undefined ? {} : { object }),
    ...(region === undefined ? {} : { hostRegion: region }),
  };
}

/**
 * The operation an (authenticated) request asks for, or `MethodNotAllowed` /
 * `NotImplemented` for operations this server does not serve (objects, other
 * bucket sub-resources).
 */
export function ossTarget(inc: Incoming, address: OssAddress = ossAddress(inc)): OssTarget {
  const subresources = inc.query.map(([k]) => k).filter((k) => SUBRESOURCES.has(k));
  if (address.bucket === undefined) {
    if (inc.method !== 'GET') throw ossError('MethodNotAllowed');
    return { ...address, action: 'ListBuckets' };
  }
  if (address.object !== undefined) throw ossError('NotImplemented');
  const plain = subresources.length === 0;
  if (inc.method === 'PUT' && plain) return { ...address, action: 'PutBucket' };
  if (inc.method === 'DELETE' && plain) return { ...address, action: 'DeleteBucket' };
  if (inc.method === 'GET' && subresources.length === 1 && subresources[0] === 'bucketInfo') {
    return { ...address, action: 'GetBucketInfo' };
  }
  if (!['GET', 'PUT', 'DELETE', 'HEAD', 'POST'].includes(inc.method)) throw ossError('MethodNotAllowed');
  throw ossError('NotImplemented');
}
