/**
 * `sim serve` on the wire, below what the SDKs show: replays of captured
 * requests (nonces), tampering, chunked bodies, size limits, the exact error
 * documents and headers, the log line, IPv4-mapped peers and a graceful close.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { apiClient, ossClient, rejection, roa, rpc } from '../helpers/sdk.js';
import {
  capture,
  closeAll,
  ROOT_AK,
  ROOT_SECRET,
  raw,
  replay,
  serve,
  USER_AK,
  USER_SECRET,
} from '../helpers/serve.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

afterEach(() => closeAll());

describe('replays and tampering', () => {
  it.each([
    ['ACS3 RPC', false, 'rpc'],
    ['HMAC-SHA1 RPC', true, 'rpc'],
    ['ACS3 ROA', false, 'roa'],
    ['HMAC-SHA1 ROA', true, 'roa'],
  ] as const)('%s: a replayed request is SignatureNonceUsed (400)', async (_name, v2, style) => {
    const server = await serve();
    const c = await capture((endpoint) => {
      const client = apiClient(endpoint, ROOT_AK, ROOT_SECRET, v2);
      return style === 'rpc'
        ? rpc(client, '2015-04-01', 'GetCallerIdentity')
        : roa(client, '2022-01-04', 'ListQuotas', 'GET', '/api/v1/quotas');
    });
    const first = await replay(server.port, c);
    expect(first.status).toBe(200);
    const again = await replay(server.port, c);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body)).toMatchObject({ Code: 'SignatureNonceUsed' });
    expect(server.backend.calls).toHaveLength(1);
  });

  it('a request whose action, query or body was changed after signing is SignatureDoesNotMatch', async () => {
    const server = await serve();
    const c = await capture((endpoint) =>
      rpc(
        apiClient(endpoint, ROOT_AK, ROOT_SECRET),
        '2015-05-01',
        'CreateUser',
        { UserName: 'a' },
        { inBody: true },
      ),
    );
    const tampered = [
      { headers: { ...c.headers, 'x-acs-action': 'GetUser' } },
      { path: `${c.path}?UserName=b` },
      { body: Buffer.from('UserName=b') },
      { headers: { ...c.headers, 'x-acs-content-sha256': 'UNSIGNED-PAYLOAD' } },
    ];
    for (const change of tampered) {
      const res = await replay(server.port, c, change);
      expect(JSON.parse(res.body)).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    }
    expect(server.backend.calls).toEqual([]);
  });

  it('a deciding header left out of SignedHeaders is IncompleteSignature', async () => {
    const server = await serve();
    const c = await capture((endpoint) =>
      rpc(apiClient(endpoint, ROOT_AK, ROOT_SECRET), '2015-04-01', 'GetCallerIdentity'),
    );
    const auth = (c.headers.authorization ?? '').replace('x-acs-date;', '');
    const res = await replay(server.port, c, { headers: { ...c.headers, authorization: auth } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ Code: 'IncompleteSignature' });
  });
});

describe('bodies', () => {
  it('an OSS PutBucket body sent chunked without Content-Length is read whole', async () => {
    const server = await serve();
    const c = await capture(
      (_endpoint, port) =>
        ossClient(port, ROOT_AK, ROOT_SECRET).putBucket('chunky', { storageClass: 'Archive' } as never),
      '',
    );
    expect(c.headers['transfer-encoding']).toBeUndefined();
    const res = await replay(server.port, c, {}, 3);
    expect(res.status).toBe(200);
    expect(res.headers['x-oss-request-id']).toMatch(UUID);
    expect(server.backend.calls[0]).toMatchObject({
      action: 'PutBucket',
      bucket: 'chunky',
      storageClass: 'Archive',
    });
  });

  it("a body over the limit is 413, in the product's format, and the connection closes", async () => {
    const server = await serve({ bodyLimit: 1024 });
    const big = Buffer.alloc(4096, 'a');
    const api = await raw(server.port, {
      method: 'POST',
      path: '/',
      headers: { 'x-acs-version': '2015-04-01', 'x-acs-action': 'GetCallerIdentity' },
      chunks: [big.subarray(0, 2048), big.subarray(2048)],
    });
    expect(api.status).toBe(413);
    expect(api.headers.connection).toBe('close');
    expect(JSON.parse(api.body)).toMatchObject({ Code: 'RequestEntityTooLarge' });
    const oss = await raw(server.port, {
      method: 'PUT',
      path: '/',
      headers: { host: 'b.oss-cn-hangzhou.aliyuncs.com', 'content-length': String(big.length) },
      chunks: [big],
    });
    expect(oss.status).toBe(413);
    expect(oss.body).toContain(`<RequestId>${oss.headers['x-oss-request-id']}</RequestId>`);
  });

  it('an OSS body that does not match its Content-MD5 is InvalidDigest', async () => {
    const server = await serve();
    const c = await capture(
      (_e, port) =>
        ossClient(port, ROOT_AK, ROOT_SECRET).putBucket('md5-bucket', { storageClass: 'IA' } as never),
      '',
    );
    const res = await replay(server.port, c, { body: Buffer.from(c.body.toString().replace('IA', 'XX')) });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>InvalidDigest</Code>');
    expect(server.backend.calls).toEqual([]);
  });
});

/** A PUT of `body` to `/<bucket>` (path style, no region: cn-hangzhou), signed with OSS V1 by the root key. */
function signedPutBucket(port: number, bucket: string, body: Buffer) {
  const date = new Date().toUTCString();
  const signature = createHmac('sha1', ROOT_SECRET)
    .update(`PUT\n\napplication/xml\n${date}\n/${bucket}/`)
    .digest('base64');
  return raw(port, {
    method: 'PUT',
    path: `/${bucket}`,
    headers: { date, 'content-type': 'application/xml', authorization: `OSS ${ROOT_AK}:${signature}` },
    chunks: [body],
  });
}

describe('OSS request bodies', () => {
  const lol = (n: number) => `<!ENTITY l${n} "${`&l${n - 1};`.repeat(10)}">`;
  const laughs = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY l0 "lol">${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(lol).join('')}]>`;

  it.each([
    ['cut short', '<CreateBucketConfiguration><StorageClass>IA'],
    ['not UTF-8', Buffer.from([...Buffer.from('<CreateBucketConfiguration>'), 0xff, 0xfe])],
    ['a character XML does not allow', '<CreateBucketConfiguration>\u0001</CreateBucketConfiguration>'],
    [
      'an invalid character reference',
      '<CreateBucketConfiguration><StorageClass>&#x110000;</StorageClass></CreateBucketConfiguration>',
    ],
    ['two roots', '<CreateBucketConfiguration/><CreateBucketConfiguration/>'],
    ['text after the root', '<CreateBucketConfiguration/>IA'],
    ['another root', '<Bucket><StorageClass>IA</StorageClass></Bucket>'],
    ['not XML at all', '{"StorageClass": "IA"}'],
    [
      'a billion laughs',
      `${laughs}<CreateBucketConfiguration><StorageClass>&l9;</StorageClass></CreateBucketConfiguration>`,
    ],
  ])('%s: 400 MalformedXML as OSS writes it, nothing created, no internal error', async (_name, body) => {
    const server = await serve();
    const started = Date.now();
    const res = await signedPutBucket(
      server.port,
      'xml-bucket',
      Buffer.isBuffer(body) ? body : Buffer.from(body),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(400);
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>MalformedXML</Code>' +
        '<Message>The XML you provided was not well-formed or did not validate against our published schema.</Message>' +
        `<RequestId>${res.headers['x-oss-request-id']}</RequestId><HostId>xml-bucket.oss-cn-hangzhou.aliyuncs.com</HostId>` +
        '<EC>0031-00000001</EC><RecommendDoc>https://api.aliyun.com/troubleshoot?q=0031-00000001</RecommendDoc></Error>\n',
    );
    expect(res.headers['x-oss-ec']).toBe('0031-00000001');
    expect(server.backend.calls).toEqual([]);
    expect(server.errors).toEqual([]);
  });

  it('a well-formed body with a declaration, comments, CDATA and references is read', async () => {
    const server = await serve();
    const body =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n' +
      '<CreateBucketConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">\n' +
      '  <StorageClass><![CDATA[Cold]]>&#x41;rchive</StorageClass>\n' +
      '  <DataRedundancyType>Z&#82;S</DataRedundancyType>\n  <Future>ignored</Future>\n' +
      '</CreateBucketConfiguration>\n';
    const res = await signedPutBucket(server.port, 'xml-bucket', Buffer.from(body));
    expect(res.status).toBe(200);
    expect(server.backend.calls[0]).toMatchObject({ storageClass: 'ColdArchive', redundancy: 'ZRS' });
  });
});

describe('answers', () => {
  it('OSS errors are the real XML with RequestId equal to x-oss-request-id', async () => {
    const server = await serve();
    const res = await raw(server.port, {
      method: 'GET',
      path: '/?bucketInfo',
      headers: { host: 'docs.oss-cn-beijing.aliyuncs.com' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/xml');
    const id = res.headers['x-oss-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
        '<Message>Anonymous access is forbidden for this operation.</Message>' +
        `<RequestId>${id}</RequestId><HostId>docs.oss-cn-beijing.aliyuncs.com</HostId></Error>\n`,
    );
    // An object request (which this server does not serve) is refused as anonymous first.
    const objects = await raw(server.port, { method: 'GET', path: '/docs/readme.md' });
    expect(objects.status).toBe(403);
    expect(objects.headers['x-oss-request-id']).toMatch(UUID);
  });

  it('OpenAPI errors are { RequestId, HostId, Code, Message, Recommend } with x-acs-request-id', async () => {
    const server = await serve();
    const res = await raw(server.port, {
      method: 'POST',
      path: '/',
      headers: { host: 'ram.aliyuncs.com', 'x-acs-version': '2015-05-01', 'x-acs-action': 'GetUser' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = JSON.parse(res.body) as Record<string, string>;
    expect(body).toEqual({
      RequestId: res.headers['x-acs-request-id'],
      HostId: 'ram.aliyuncs.com',
      Code: 'IncompleteSignature',
      Message: 'The request signature does not conform to Aliyun standards.',
      Recommend: `https://api.aliyun.com/troubleshoot?q=IncompleteSignature&product=Ram&requestId=${body.RequestId}`,
    });
  });
});

describe('the log', () => {
  it('one line per request, never the query string, a password or a key', async () => {
    const server = await serve();
    const password = 'Pa55-w0rd!Secret';
    for (const v2 of [false, true]) {
      const client = apiClient(server.endpoint, ROOT_AK, ROOT_SECRET, v2);
      await rpc(client, '2015-05-01', 'CreateLoginProfile', { UserName: 'alice', Password: password });
    }
    await raw(server.port, { method: 'GET', path: `/?Action=CreateLoginProfile&Password=${password}` });
    expect(server.lines).toHaveLength(3);
    for (const line of server.lines) {
      expect(line).toMatch(/^[A-Z]+ [a-z-]+ [A-Za-z-]+ (\d{3}|dropped|aborted) [A-Za-z.-]+ \d+ms$/);
      for (const secret of [password, 'Password', '?', '=', ROOT_AK, ROOT_SECRET, 'alice']) {
        expect(line).not.toContain(secret);
      }
    }
    expect(server.lines[0]).toMatch(/^POST ram CreateLoginProfile 200 - \d+ms$/);
    expect(server.lines[2]).toMatch(/^GET openapi - 400 [A-Za-z]+ \d+ms$/);
  });
});

describe('addresses', () => {
  it('an IPv4-mapped peer (::ffff:127.0.0.1) counts as 127.0.0.1 for network policies', async () => {
    const server = await serve({ host: '::ffff:127.0.0.1' });
    expect(server.endpoint).toBe(`[::ffff:127.0.0.1]:${server.port}`);
    const client = apiClient(`127.0.0.1:${server.port}`, USER_AK, USER_SECRET);
    const res = await rpc(client, '2015-04-01', 'GetCallerIdentity');
    expect(res.statusCode).toBe(200);
    expect(server.backend.calls[0]?.sourceIp).toBe('127.0.0.1');
  });
});

describe('close', () => {
  it('finishes the request in flight, refuses new connections, then resolves', async () => {
    const server = await serve();
    let release = () => {};
    server.backend.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = apiClient(server.endpoint, ROOT_AK, ROOT_SECRET);
    const inFlight = rpc(client, '2015-04-01', 'GetCallerIdentity');
    await vi.waitFor(() => expect(server.backend.calls).toHaveLength(1));
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    await expect(raw(server.port, { method: 'GET', path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    release();
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    // The client's keep-alive connection is told not to come back.
    expect(res.headers?.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    expect(server.lines.at(-1)).toMatch(/^POST sts GetCallerIdentity 200 - \d+ms$/);
  });
});

describe('strict as the cloud', () => {
  it('a HMAC-SHA1 RPC request must say SignatureVersion 1.0: missing is MissingParameter, another is refused', async () => {
    const server = await serve();
    const c = await capture((endpoint) =>
      rpc(apiClient(endpoint, ROOT_AK, ROOT_SECRET, true), '2015-04-01', 'GetCallerIdentity'),
    );
    expect(c.path).toContain('SignatureVersion=1.0');
    const other = await replay(server.port, c, {
      path: c.path.replace('SignatureVersion=1.0', 'SignatureVersion=2.0'),
    });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body)).toMatchObject({ Code: 'InvalidSignatureVersion' });
    const none = await replay(server.port, c, { path: c.path.replace(/&?SignatureVersion=1\.0/, '') });
    expect(none.status).toBe(400);
    expect(JSON.parse(none.body)).toMatchObject({ Code: 'MissingParameter' });
    expect(JSON.parse(none.body).Message).toContain('SignatureVersion');
    const method = await replay(server.port, c, {
      path: c.path.replace('SignatureMethod=HMAC-SHA1', 'SignatureMethod=HMAC-SHA256'),
    });
    expect(JSON.parse(method.body)).toMatchObject({ Code: 'InvalidSignatureMethod' });
    expect(server.backend.calls).toEqual([]);
  });

  it('an OSS V4 request without x-oss-content-sha256 (or with a value that is no hash) is refused', async () => {
    const server = await serve();
    const c = await capture(
      (_e, port) => ossClient(port, ROOT_AK, ROOT_SECRET, { v4: true }).listBuckets({} as never),
      '',
    );
    expect(c.headers['x-oss-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    for (const value of [undefined, 'not-a-hash']) {
      const headers = { ...c.headers };
      if (value === undefined) delete headers['x-oss-content-sha256'];
      else headers['x-oss-content-sha256'] = value;
      const res = await replay(server.port, c, { headers });
      expect(res.status).toBe(400);
      expect(res.body).toContain('<Code>InvalidArgument</Code>');
      expect(res.body).toContain('<EC>0002-00000214</EC>');
    }
    expect(server.backend.calls).toEqual([]);
  });

  it('every OSS request is authenticated first: an operation this server lacks, signed wrongly, is 403', async () => {
    const server = await serve();
    const wrong = ossClient(server.port, ROOT_AK, 'wrong-secret', { v4: true });
    wrong.useBucket('docs');
    const err = await rejection(wrong.get('readme.md'));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    // Signed rightly, the same object request is what this server does not implement.
    const right = ossClient(server.port, ROOT_AK, ROOT_SECRET, { v4: true });
    right.useBucket('docs');
    expect(await rejection(right.get('readme.md'))).toMatchObject({ status: 501 });
  });

  it('a HEAD request’s error has no body: its XML comes base64-encoded in x-oss-err', async () => {
    const server = await serve();
    const wrong = ossClient(server.port, ROOT_AK, 'wrong-secret', { v4: true });
    wrong.useBucket('docs');
    // ali-oss reads a HEAD's error from x-oss-err (its body is empty).
    const err = await rejection(wrong.head('readme.md'));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403, ecCode: '0002-00000201' });
    const c = await capture((_e, port) => {
      const oss = ossClient(port, ROOT_AK, 'wrong-secret', { v4: true });
      oss.useBucket('docs');
      return oss.head('readme.md');
    }, '');
    const res = await replay(server.port, c);
    expect(res.status).toBe(403);
    expect(res.body).toBe('');
    const xml = Buffer.from(String(res.headers['x-oss-err']), 'base64').toString('utf8');
    expect(xml).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(xml).toContain(`<RequestId>${res.headers['x-oss-request-id']}</RequestId>`);
    expect(res.headers['x-oss-ec']).toBe('0002-00000201');
  });
});
