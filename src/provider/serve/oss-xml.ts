/**
 * OSS's XML, both ways: the answers clients parse (errors, GetBucketInfo,
 * ListBuckets — strict clients fail on an incomplete GetBucketInfo), written
 * here with every text escaped, and the one document clients send, PutBucket's
 * `CreateBucketConfiguration`, read with fast-xml-parser.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { OssBucketInfo, OssBucketList, OssBucketSummary, ServeError } from './backend.js';
import { ossError } from './errors.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Escapes text for an element's content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/** What an error document says beyond its code and message. */
export interface ErrorDetails {
  requestId: string;
  hostId: string;
  /** Elements of this cause (`Bucket`, `Endpoint`), after `HostId`. */
  extra?: Readonly<Record<string, unknown>>;
  /** The fine-grained code; with it comes `RecommendDoc`, its troubleshooting link. */
  ec?: string;
}

/** The troubleshooting link OSS gives beside an EC ("Error responses": `RecommendDoc`). */
export function recommendDoc(ec: string): string {
  return `https://api.aliyun.com/troubleshoot?q=${ec}`;
}

/**
 * The real error document, in OSS's order: Code, Message, RequestId (equal to
 * the `x-oss-request-id` header), HostId, the cause's own elements, EC and RecommendDoc.
 */
export function errorXml(code: string, message: string, details: ErrorDetails): string {
  const extra = Object.entries(details.extra ?? {})
    .filter(([name]) => /^[A-Za-z][A-Za-z0-9]*$/.test(name))
    .map(([name, value]) => element(name, String(value)))
    .join('');
  const ec = details.ec ? element('EC', details.ec) + element('RecommendDoc', recommendDoc(details.ec)) : '';
  return `${DECLARATION}<Error>${element('Code', code)}${element('Message', message)}${element(
    'RequestId',
    details.requestId,
  )}${element('HostId', details.hostId)}${extra}${ec}</Error>\n`;
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

/** What a `CreateBucketConfiguration` body says. */
export interface BucketConfiguration {
  storageClass?: string;
  redundancy?: string;
}

/** The fields read from the body; OSS ignores the others. */
const FIELDS = new Map<string, keyof BucketConfiguration>([
  ['StorageClass', 'storageClass'],
  ['DataRedundancyType', 'redundancy'],
]);

/** A node of fast-xml-parser's ordered output: `{ <tag>: children, ':@'?: attributes }`, `{ '#text' }` or `{ '#cdata' }`. */
type XmlNode = Record<string, unknown>;

let parser: XMLParser | undefined;

function malformed(): ServeError {
  return ossError('MalformedXML');
}

/**
 * Reads PutBucket's body: empty, or `<CreateBucketConfiguration>` holding
 * text elements (`StorageClass`, `DataRedundancyType`; others are ignored as
 * OSS ignores them). fast-xml-parser checks and reads the document; what it
 * lets pass or leaves undone is refused or done here, so that anything not
 * well-formed is `MalformedXML` (400), never a 500 later:
 * - bytes that are not UTF-8, or characters XML does not allow;
 * - a DOCTYPE (the schema has none, and its entities are how a few bytes
 *   expand into gigabytes): the parser never expands entities here;
 * - references: the parser's own entity processing decodes numeric ones only
 *   together with HTML's names, and keeps `&#x110000;` as text; so it is off,
 *   and they are resolved here: XML's five names, characters XML allows;
 * - another root, a second root, text after a self-closed root (which the
 *   parser drops), stray text beside the fields, elements inside a field
 *   (known or not).
 * CDATA sections are taken as written.
 */
export function parseBucketConfiguration(body: Buffer): BucketConfiguration {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw malformed();
  }
  if (text.trim() === '') return {};
  if (
    NOT_XML_CHAR.test(text) ||
    /<!DOCTYPE/i.test(text) ||
    !/>\s*$/.test(text.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '')) ||
    XMLValidator.validate(text) !== true
  ) {
    throw malformed();
  }
  parser ??= new XMLParser({
    preserveOrder: true,
    processEntities: false,
    ignoreAttributes: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    cdataPropName: '#cdata',
  });
  const roots = elements(parser.parse(text) as XmlNode[]);
  const root = roots[0];
  if (roots.length !== 1 || root?.name !== 'CreateBucketConfiguration') throw malformed();
  const config: BucketConfiguration = {};
  const seen = new Set<string>();
  for (const field of elements(root.children)) {
    const value = textOf(field.children).trim();
    const key = FIELDS.get(field.name);
    if (key === undefined) continue;
    if (seen.has(key)) throw malformed();
    seen.add(key);
    if (value !== '') config[key] = value;
  }
  return config;
}

/** The element children of `nodes`; anything else but white space between them is refused. */
function elements(nodes: XmlNode[]): Array<{ name: string; children: XmlNode[] }> {
  const found: Array<{ name: string; children: XmlNode[] }> = [];
  for (const node of nodes) {
    const attributes = node[':@'];
    if (attributes !== undefined)
      for (const v of Object.values(attributes as object)) resolveReferences(String(v));
    const name = Object.keys(node).find((k) => k !== ':@');
    if (name === '#text' && String(node[name]).trim() === '') continue;
    if (name === undefined || name === '#text' || name === '#cdata') throw malformed();
    found.push({ name, children: node[name] as XmlNode[] });
  }
  return found;
}

/** A field's text: its text (references resolved) and CDATA sections, in order; an element inside it is refused. */
function textOf(nodes: XmlNode[]): string {
  let value = '';
  for (const node of nodes) {
    if (Object.hasOwn(node, '#text')) value += resolveReferences(String(node['#text']));
    else if (Object.hasOwn(node, '#cdata'))
      value += (node['#cdata'] as XmlNode[]).map((n) => String(n['#text'] ?? '')).join('');
    else throw malformed();
  }
  return value;
}

/** Characters outside XML 1.0's `Char` production: not allowed anywhere in a document. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const PREDEFINED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Text with its references resolved: XML's five names, and characters XML allows (`&#x110000;` is not one). */
function resolveReferences(text: string): string {
  return text.replace(
    /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([^\s&;]+));|&/g,
    (_: string, hex?: string, decimal?: string, name?: string) => {
      if (name !== undefined) {
        const named = PREDEFINED.get(name);
        if (named === undefined) throw malformed();
        return named;
      }
      if (hex === undefined && decimal === undefined) throw malformed();
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal ?? '', 10);
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      if (char === '' || NOT_XML_CHAR.test(char)) throw malformed();
      return char;
    },
  );
}
