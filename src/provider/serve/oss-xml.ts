/**
 * OSS's XML, both ways: the answers clients parse (errors, GetBucketInfo,
 * ListBuckets — strict clients fail on an incomplete GetBucketInfo) and the
 * one document clients send, PutBucket's `CreateBucketConfiguration`, read by
 * hand: it is a flat list of text elements, and a parser library would be the
 * only one of its kind in the bundle.
 */
import type { OssBucketInfo, OssBucketList, OssBucketSummary } from './backend.js';
import { ossError } from './errors.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Escapes text for an element's content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/** The real error document; `RequestId` equals the `x-oss-request-id` header. */
export function errorXml(code: string, message: string, requestId: string, hostId: string): string {
  return `${DECLARATION}<Error>${element('Code', code)}${element('Message', message)}${element(
    'RequestId',
    requestId,
  )}${element('HostId', hostId)}</Error>\n`;
}

/** `oss-<region>.aliyuncs.com` and its `-internal` twin. */
function endpoints(region: string): string {
  return (
    element('ExtranetEndpoint', `oss-${region}.aliyuncs.com`) +
    element('IntranetEndpoint', `oss-${region}-internal.aliyuncs.com`)
  );
}

/** RFC 3339 with milliseconds, as OSS writes it, whatever ISO form the backend stored. */
function creationDate(iso: string): string {
  const time = Date.parse(iso);
  return element('CreationDate', Number.isNaN(time) ? iso : new Date(time).toISOString());
}

/** GetBucketInfo's `BucketInfo/Bucket`. */
export function bucketInfoXml(info: OssBucketInfo): string {
  return (
    `${DECLARATION}<BucketInfo><Bucket>` +
    element('AccessMonitor', 'Disabled') +
    creationDate(info.creationDate) +
    endpoints(info.region) +
    element('Location', `oss-${info.region}`) +
    element('StorageClass', info.storageClass) +
    element('TransferAcceleration', 'Disabled') +
    element('CrossRegionReplication', 'Disabled') +
    element('Name', info.name) +
    `<Owner>${element('DisplayName', info.owner.displayName)}${element('ID', info.owner.id)}</Owner>` +
    `<AccessControlList>${element('Grant', info.acl)}</AccessControlList>` +
    element('DataRedundancyType', info.redundancy) +
    '<ServerSideEncryptionRule><SSEAlgorithm>None</SSEAlgorithm></ServerSideEncryptionRule>' +
    '</Bucket></BucketInfo>\n'
  );
}

function bucketEntry(bucket: OssBucketSummary): string {
  return (
    '<Bucket>' +
    creationDate(bucket.creationDate) +
    endpoints(bucket.region) +
    element('Location', `oss-${bucket.region}`) +
    element('Name', bucket.name) +
    element('Region', bucket.region) +
    element('StorageClass', bucket.storageClass) +
    '</Bucket>'
  );
}

/** ListBuckets' `ListAllMyBucketsResult`, only the buckets whose names start with `prefix`. */
export function bucketListXml(list: OssBucketList, prefix: string | undefined): string {
  const buckets = list.buckets.filter((b) => prefix === undefined || b.name.startsWith(prefix));
  return (
    `${DECLARATION}<ListAllMyBucketsResult>` +
    (prefix === undefined ? '' : element('Prefix', prefix)) +
    `<Owner>${element('ID', list.owner.id)}${element('DisplayName', list.owner.displayName)}</Owner>` +
    `<Buckets>${buckets.map(bucketEntry).join('')}</Buckets>` +
    '</ListAllMyBucketsResult>\n'
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? '';
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return String.fromCodePoint(code);
  });
}

/** What a `CreateBucketConfiguration` body says. */
export interface BucketConfiguration {
  storageClass?: string;
  redundancy?: string;
}

/**
 * Reads PutBucket's body: empty, or `<CreateBucketConfiguration>` holding
 * text elements (`StorageClass`, `DataRedundancyType`; others are ignored as
 * OSS ignores them). Anything else — another root, nesting, a DOCTYPE,
 * stray text — is `MalformedXML`.
 */
export function parseBucketConfiguration(body: Buffer): BucketConfiguration {
  const text = body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^?]*\?>/, '')
    .trim();
  if (text === '') return {};
  const root = /^<CreateBucketConfiguration(?:\s[^>]*)?>([\s\S]*)<\/CreateBucketConfiguration>$/.exec(text);
  if (!root) throw ossError('MalformedXML');
  const fields = new Map<string, string>();
  const rest = (root[1] ?? '').replace(/<(\w+)>([^<]*)<\/\1>|<(\w+)\s*\/>/g, (_, name, value, empty) => {
    if (name !== undefined) fields.set(name, unescapeXml(value as string).trim());
    else fields.set(empty as string, '');
    return '';
  });
  if (rest.trim() !== '') throw ossError('MalformedXML');
  const storageClass = fields.get('StorageClass');
  const redundancy = fields.get('DataRedundancyType');
  return {
    ...(storageClass ? { storageClass } : {}),
    ...(redundancy ? { redundancy } : {}),
  };
}
