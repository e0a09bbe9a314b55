/**
 * `onboard sim serve`'s HTTP server: one port for every product. It reads
 * each request once (bounded body, the socket's address, the clock), sends
 * it to the OSS or the OpenAPI handler, writes the answer (or drops the
 * connection for a lost response), and logs one line per request that never
 * holds a URL, a query string, a header value, a secret or a password — RAM
 * CreateLoginProfile sends the password in the query string.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeBackend } from './backend.js';
import { apiError, ossError } from './errors.js';
import { NonceCache } from './guards.js';
import { clientAddress, type Incoming, newRequestId, parseQuery, type Reply, readBody } from './http-io.js';
import { apiErrorReply, handleOpenApi } from './openapi.js';
import { handleOss, ossErrorReply } from './oss.js';
import { isOssRequest } from './routes.js';

/** Largest request body accepted; beyond it the answer is 413 and the connection is closed. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** One request, as logged. Every field is from the server's own vocabulary, none from the URL. */
export interface LogEntry {
  method: string;
  /** `ram`, `ims`, `sts`, `ecs`, `quotas`, `maxcompute`, `oss`, or `openapi` when unrouted. */
  product: string;
  /** A routed action name, or `-`. */
  action: string;
  /** The HTTP status; `dropped` for a lost response, `aborted` when the client went away. */
  status: number | 'dropped' | 'aborted';
  /** The error code, or `-`. */
  code: string;
  ms: number;
}

export interface StartOptions {
  host: string;
  port: number;
  backend: ServeBackend;
  /** Called once per request with the line to print and its fields. */
  log: (line: string, entry: LogEntry) => void;
  /** Unexpected failures (a backend throwing something other than a ServeError). */
  onError?: (error: unknown) => void;
  bodyLimit?: number;
  /** The server's clock (tests move it to check the 15-minute window). */
  now?: () => number;
  maxNonces?: number;
}

export interface RunningServer {
  /** `host:port` (`[v6]:port`), what clients put in their `endpoint`. */
  endpoint: string;
  port: number;
  /** Stops accepting, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
  /** Drops every connection now, busy or not (a second stop signal); `close()` then resolves. */
  closeNow(): void;
}

/** Known methods only reach the log; anything else is shown as `OTHER`. */
function logMethod(method: string): string {
  return /^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS)$/.test(method) ? method : 'OTHER';
}

/** Codes come from this layer or the backend; anything not shaped like a code is not logged. */
function logCode(code: string | undefined): string {
  return code === undefined ? '-' : /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(code) ? code : 'OTHER';
}

function incoming(req: IncomingMessage, now: number): Incoming {
  let url = req.url ?? '/';
  // An absolute-form target (sent to proxies) carries scheme and host: keep the path.
  if (/^[a-z]+:\/\//i.test(url)) url = url.replace(/^[a-z]+:\/\/[^/?]*/i, '');
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: (q < 0 ? url : url.slice(0, q)) || '/',
    query: parseQuery(q < 0 ? '' : url.slice(q + 1)),
    headers: { ...req.headersDistinct } as Record<string, string[]>,
    body: Buffer.alloc(0),
    sourceIp: clientAddress(req.socket.remoteAddress),
    requestId: newRequestId(),
    now,
  };
}

/** Starts serving; resolves once the port is bound. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { backend, log } = options;
  const onError = options.onError ?? (() => {});
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clock = options.now ?? Date.now;
  const nonces = backend.nonces ?? new NonceCache(options.maxNonces);
  let closing = false;
  let inFlight = 0;

  async function answer(inc: Incoming, req: IncomingMessage): Promise<Reply> {
    const oss = isOssRequest(inc);
    const body = await readBody(req, limit);
    if (body === null) {
      const reply = oss
        ? ossErrorReply(inc, {}, ossError('RequestEntityTooLarge'))
        : apiErrorReply(inc, undefined, apiError('RequestEntityTooLarge'));
      return { ...reply, headers: { ...reply.headers, connection: 'close' } };
    }
    inc.body = body;
    return oss ? handleOss(inc, { backend, onError }) : handleOpenApi(inc, { backend, nonces, onError });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    const started = performance.now();
    const inc = incoming(req, clock());
    const entry: LogEntry = {
      method: logMethod(inc.method),
      product: '-',
      action: '-',
      status: 'aborted',
      code: '-',
      ms: 0,
    };
    try {
      const reply = await answer(inc, req);
      entry.product = reply.product;
      entry.action = reply.action;
      entry.code = logCode(reply.code);
      if (reply.drop) {
        entry.status = 'dropped';
        req.socket.destroy();
      } else {
        entry.status = reply.status;
        const headers: Record<string, string | number> = { ...reply.headers };
        if (closing) headers.connection = 'close';
        const bodyless = inc.method === 'HEAD' || reply.status === 204 || reply.status === 304;
        if (!bodyless) headers['content-length'] = Buffer.byteLength(reply.body);
        res.writeHead(reply.status, headers);
        res.end(bodyless ? undefined : reply.body);
      }
    } catch (error) {
      // Only the client going away (or a bug) lands here; handlers never throw.
      if (!req.socket.destroyed) onError(error);
      if (!res.headersSent && !req.socket.destroyed) res.writeHead(500).end();
    } finally {
      entry.ms = Math.round(performance.now() - started);
      try {
        log(
          `${entry.method} ${entry.product} ${entry.action} ${entry.status} ${entry.code} ${entry.ms}ms`,
          entry,
        );
      } catch (error) {
        // A failing log (stderr closed) must not take the server down with it.
        onError(error);
      }
      inFlight--;
      if (closing && inFlight === 0) server.closeIdleConnections();
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve, reject) => {
      closing = true;
      // Resolves once every connection has ended: idle keep-alive ones are
      // closed now, busy ones after their answer (sent with Connection: close).
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
    return closed;
  };
  return {
    endpoint,
    port,
    close,
    closeNow(): void {
      close().catch(() => {});
      server.closeAllConnections();
    },
  };
}
