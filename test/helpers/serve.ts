/**
 * Test doubles for `sim serve`'s wire layer: an in-memory backend with keys
 * whose secrets are known and a handful of operations in their real response
 * shapes, servers that are always closed, raw HTTP for what SDKs cannot
 * send (replays, chunked bodies, stale clocks), and a recorder of the exact
 * request an SDK sends, to replay it.
 */
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import {
  type KeyFacts,
  type Operation,
  type OssBucketInfo,
  type Principal,
  type ServeBackend,
  ServeError,
  type ServeFault,
} from '../../src/provider/serve/backend.js';
import { OSS_RULE_EC } from '../../src/provider/serve/errors.js';
import {
  type LogEntry,
  type RunningServer,
  type StartOptions,
  startServer,
} from '../../src/provider/serve/server.js';
import { SERVED_APIS } from '../../src/provider/simulated/wire.js';

export const ROOT_AK = 'LTAI5tRootKey0000000001';
export const ROOT_SECRET = 'rootSecret0000000000000000001';
export const USER_AK = 'LTAI5tUserKey0000000001';
export const USER_SECRET = 'userSecret0000000000000000001';
export const INACTIVE_AK = 'LTAI5tInactive000000001';
export const OFFICE_AK = 'LTAI5tOffice00000000001';
export const LEGACY_AK = 'LTAI5tLegacy00000000001';
export const ACCOUNT_ID = '1234567890123456';

/** A small cloud: four keys, RAM users, buckets, quotas, and a queue of faults. */
export class FakeBackend implements ServeBackend {
  /** Routed as the simulated cloud's are; what this fake does not answer is InvalidAction.NotFound below. */
  readonly apis = SERVED_APIS;
  readonly keys = new Map<string, KeyFacts>([
    [ROOT_AK, { secret: ROOT_SECRET, status: 'Active', allowCidrs: [], principal: this.root() }],
    [
      USER_AK,
      {
        secret: USER_SECRET,
        status: 'Active',
        allowCidrs: ['127.0.0.0/8'],
        principal: {
          kind: 'ram-user',
          accountId: ACCOUNT_ID,
          userName: 'dev',
          policies: ['AliyunOSSFullAccess'],
        },
      },
    ],
    [INACTIVE_AK, { secret: ROOT_SECRET, status: 'Inactive', allowCidrs: [], principal: this.root() }],
    [
      OFFICE_AK,
      { secret: ROOT_SECRET, status: 'Active', allowCidrs: ['203.0.113.0/24'], principal: this.root() },
    ],
    [LEGACY_AK, { secret: null, status: 'Active', allowCidrs: [], principal: this.root() }],
  ]);
  readonly calls: Operation[] = [];
  readonly faults: ServeFault[] = [];
  readonly users = new Map<string, { UserName: string; UserId: string; CreateDate: string }>();
  readonly buckets = new Map<string, OssBucketInfo>();
  /** Resolves the next call only when released (graceful-close tests). */
  gate: Promise<void> | undefined;
  /**
   * Quota Center's ListProductQuotaDimensions answer (tests may replace it),
   * written the way the API reference's sample writes it: `DimensionValues`
   * as one string holding a JSON array, a value with a trailing newline.
   */
  quotaDimensions: unknown[] = [
    { DimensionKey: 'regionId', Name: 'region', Requisite: false, DimensionValues: ['cn-hangzhou'] },
    {
      DimensionKey: 'zoneId',
      Name: 'zone',
      Requisite: false,
      DependentDimensions: ['regionId'],
      DimensionValueDetail: [
        {
          Name: 'cn-hangzhou-i',
          Value: 'cn-hangzhou-i\n',
          DependentDimensions: [{ Key: 'regionId', Value: 'cn-hangzhou' }],
        },
        {
          Name: 'cn-shanghai-a',
          Value: 'cn-shanghai-a',
          DependentDimensions: [{ Key: 'regionId', Value: 'cn-shanghai' }],
        },
      ],
    },
    {
      DimensionKey: 'chargeType',
      Name: 'charge type',
      Requisite: false,
      DimensionValues: '["Spot","PostPaid","PrePaid"]',
    },
    {
      DimensionKey: 'networkType',
      Name: 'network type',
      Requisite: false,
      DimensionValues: ['classic', 'vpc'],
    },
  ];

  private root(): Principal {
    return { kind: 'root', accountId: ACCOUNT_ID };
  }

  async lookupKey(accessKeyId: string): Promise<KeyFacts | undefined> {
    return this.keys.get(accessKeyId);
  }

  faultFor(): ServeFault | undefined {
    return this.faults.shift();
  }

  async call(op: Operation, principal: Principal): Promise<unknown> {
    this.calls.push(op);
    if (this.gate) await this.gate;
    if (op.product === 'oss') return this.oss(op, principal);
    if (principal.kind === 'ram-user' && op.product !== 'sts') {
      throw new ServeError(
        'NoPermission',
        403,
        'You are not authorized to do this action. You should be authorized by RAM.',
      );
    }
    const key = `${op.product}:${op.action}`;
    switch (key) {
      case 'sts:GetCallerIdentity':
        return {
          AccountId: principal.accountId,
          IdentityType: principal.kind === 'root' ? 'Account' : 'RAMUser',
          Arn:
            principal.kind === 'root'
              ? `acs:ram::${principal.accountId}:root`
              : `acs:ram::${principal.accountId}:user/${principal.userName}`,
          UserId: principal.accountId,
          PrincipalId: principal.accountId,
        };
      case 'ram:CreateUser': {
        const name = op.params.UserName ?? '';
        if (this.users.has(name))
          throw new ServeError('EntityAlreadyExists.User', 409, 'The user name already exists.');
        const user = {
          UserName: name,
          UserId: `2${this.users.size}${'0'.repeat(14)}`,
          CreateDate: '2024-05-01T08:00:00Z',
        };
        this.users.set(name, user);
        return { User: user };
      }
      case 'ram:GetUser': {
        const user = this.users.get(op.params.UserName ?? '');
        if (!user) throw new ServeError('EntityNotExist.User', 404, 'The user does not exist.');
        return { User: user };
      }
      case 'ram:CreateLoginProfile':
        return {
          LoginProfile: {
            UserName: op.params.UserName,
            PasswordResetRequired: false,
            MFABindRequired: false,
          },
        };
      case 'ims:ListAccessKeys':
        return {
          AccessKeys: {
            AccessKey: [{ AccessKeyId: ROOT_AK, Status: 'Active', CreateDate: '2024-05-01T08:00:00Z' }],
          },
        };
      case 'quotas:ListProductQuotaDimensions':
        return { QuotaDimensions: this.quotaDimensions, TotalCount: this.quotaDimensions.length };
      case 'quotas:ListQuotaApplications':
        return { QuotaApplications: [], TotalCount: 0 };
      case 'quotas:CreateQuotaApplication':
        return {
          ApplicationId: 'qa-0123456789abcdef',
          Status: 'Process',
          QuotaActionCode: op.params.QuotaActionCode,
          DesireValue: Number(op.params.DesireValue),
          Reason: op.params.Reason,
          ApplyTime: '2024-05-01T08:00:00Z',
        };
      case 'maxcompute:CreateQuota':
        return { data: { nickName: 'os_PayAsYouGoQuota' } };
      case 'maxcompute:ListQuotas':
        return { data: { quotaInfoList: [] } };
      default:
        throw new ServeError(
          'InvalidAction.NotFound',
          404,
          'Specified api is not found, please check your url and method.',
        );
    }
  }

  private oss(op: Extract<Operation, { product: 'oss' }>, principal: Principal): unknown {
    const owner = { id: principal.accountId, displayName: principal.accountId };
    switch (op.action) {
      case 'PutBucket':
        this.buckets.set(op.bucket ?? '', {
          name: op.bucket ?? '',
          region: op.region,
          creationDate: '2024-05-01T08:00:00Z',
          storageClass: op.storageClass ?? 'Standard',
          redundancy: op.redundancy ?? 'LRS',
          acl: op.acl ?? 'private',
          owner,
        });
        return undefined;
      case 'GetBucketInfo': {
        const info = this.buckets.get(op.bucket ?? '');
        if (!info)
          throw new ServeError(
            'NoSuchBucket',
            404,
            'The specified bucket does not exist.',
            {},
            OSS_RULE_EC.NoSuchBucket,
          );
        return info;
      }
      case 'ListBuckets':
        return { owner, buckets: [...this.buckets.values()] };
      case 'DeleteBucket':
        if (!this.buckets.delete(op.bucket ?? '')) {
          throw new ServeError(
            'NoSuchBucket',
            404,
            'The specified bucket does not exist.',
            {},
            OSS_RULE_EC.NoSuchBucket,
          );
        }
        return undefined;
    }
  }
}

/** A running server with its log lines; `servers.closeAll()` in afterEach. */
export interface TestServer extends RunningServer {
  backend: FakeBackend;
  lines: string[];
  entries: LogEntry[];
  errors: unknown[];
}

const running: TestServer[] = [];

/** Starts a server on 127.0.0.1, port 0, over a fresh {@link FakeBackend}. */
export async function serve(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const backend = (options.backend as FakeBackend | undefined) ?? new FakeBackend();
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const errors: unknown[] = [];
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    ...options,
    backend,
    log: (line, entry) => {
      lines.push(line);
      entries.push(entry);
    },
    onError: (error) => errors.push(error),
  });
  const test: TestServer = { ...server, backend, lines, entries, errors };
  running.push(test);
  return test;
}

/** Closes every server started by {@link serve} (call from afterEach). */
export async function closeAll(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request to the server; `chunks` are written one by one (chunked when no length is set). */
export function raw(
  port: number,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    chunks?: Array<string | Buffer>;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** A request as an SDK sent it (hop-by-hop and length headers left out, so it can be sent again). */
export interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !['connection', 'transfer-encoding', 'content-length'].includes(k)) {
      out[k] = Array.isArray(v) ? v.join(', ') : v;
    }
  }
  return out;
}

/**
 * Lets an SDK make one call against a recorder on loopback that answers `answer` (JSON), and
 * returns what the SDK sent, so the very same signed bytes can be replayed.
 */
export async function capture(
  send: (endpoint: string, port: number) => Promise<unknown>,
  answer = '{}',
): Promise<Captured> {
  let seen: Captured | undefined;
  const recorder = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: flat(req.headers),
        body: Buffer.concat(parts),
      };
      res.writeHead(200, { 'content-type': 'application/json', 'x-oss-request-id': 'R' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  const { port } = recorder.address() as AddressInfo;
  try {
    await send(`127.0.0.1:${port}`, port).catch(() => {});
  } finally {
    recorder.close();
  }
  if (!seen) throw new Error('nothing captured');
  return seen;
}

/** Sends a captured request again to `port`, its body in `chunks` pieces (chunked, no Content-Length). */
export function replay(port: number, c: Captured, changes: Partial<Captured> = {}, chunks = 1) {
  const body = changes.body ?? c.body;
  const size = Math.ceil(body.length / chunks) || 1;
  const pieces = Array.from({ length: chunks }, (_, i) => body.subarray(i * size, (i + 1) * size));
  return raw(port, {
    method: changes.method ?? c.method,
    path: changes.path ?? c.path,
    headers: changes.headers ?? c.headers,
    chunks: pieces,
  });
}

/** A loopback port nobody listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
