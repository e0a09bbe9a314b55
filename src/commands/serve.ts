/**
 * `onboard sim serve` (SPEC §5.1): the simulated cloud of the config dir over
 * HTTP, speaking Alibaba Cloud's real protocols, until SIGINT or SIGTERM.
 * Being stopped is this command's normal end: it claims both signals from the
 * boundary, finishes the requests in flight and exits 0 (a second signal
 * drops what is still open). stdout gets one line, the endpoint. The request
 * log (one line per request, from the wire layer, which never logs a URL or a
 * secret) is written only when asked: `--log` (stderr), `--log <file>`, or
 * ONBOARD_SIM_LOG (`1` for stderr, else a file path), so a wizard in the
 * same terminal is not interleaved with request lines.
 */
import fs from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { EXIT, UsageError } from '../core/errors.js';
import { claimStopSignals } from '../core/signals.js';
import { errorCode } from '../fs/atomic.js';
import { t } from '../i18n/index.js';
import type { RunningServer } from '../provider/serve/server.js';
import { std } from '../ui/std.js';
import type { Globals } from './globals.js';
import { makeOutput } from './open.js';
import type { ParsedCommand } from './parsed.js';
import { simulation } from './sim.js';

/** Where the server listens. */
export interface ServeOptions {
  host: string;
  port: number;
}

/** `--host`, `--port` and `--log` as given. */
export interface ServeFlags {
  host?: string;
  port?: string;
  log?: string | true;
}

/** Where the request log goes: nowhere (the default), stderr, or appended to a file. */
export type RequestLog = { to: 'none' } | { to: 'stderr' } | { to: 'file'; path: string; where: string };

/** `--log [file]` / ONBOARD_SIM_LOG (`1` = stderr, else a file path); flag > environment > none. */
export function requestLog(given: string | true | undefined, env: NodeJS.ProcessEnv): RequestLog {
  if (given === true) return { to: 'stderr' };
  if (given !== undefined) return logFile(given, '--log');
  const fromEnv = env.ONBOARD_SIM_LOG;
  if (fromEnv === undefined || fromEnv === '') return { to: 'none' };
  return fromEnv === '1' ? { to: 'stderr' } : logFile(fromEnv, 'ONBOARD_SIM_LOG');
}

function logFile(path: string, where: string): RequestLog {
  if (path.trim() === '' || /[\u0000-\u001f\u007f]/.test(path)) throw invalid(where, t('serve.rule.log'));
  return { to: 'file', path: resolve(path), where };
}

/** Opens the log file for appending (0600 when created): a FIFO or device is refused, never waited on. */
function openLog(log: Extract<RequestLog, { to: 'file' }>): number {
  let fd: number | undefined;
  try {
    fd = fs.openSync(
      log.path,
      fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NONBLOCK,
      0o600,
    );
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    return fd;
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    throw new UsageError(
      'serve.logUnwritable',
      { where: log.where, file: log.path, reason: errorCode(error) ?? String(error) },
      [],
      'InvalidValue',
    );
  }
}

const DEFAULT_SERVE_HOST = '127.0.0.1';

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function invalid(where: string, rule: string): UsageError {
  return new UsageError('answers.invalid', { where, rule }, [], 'InvalidValue');
}

/**
 * `--host` / `ONBOARD_SIM_HOST` and `--port` / `ONBOARD_SIM_PORT` (flag >
 * environment > default), each checked: a bad value is exit 2 naming where it came from.
 */
export function serveOptions(options: ServeFlags, env: NodeJS.ProcessEnv): ServeOptions {
  const pick = (flag: 'host' | 'port', name: string) => {
    const given = options[flag];
    if (given !== undefined) return { value: given, where: `--${flag}` };
    const fromEnv = env[name];
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, where: name };
  };
  const hostGiven = pick('host', 'ONBOARD_SIM_HOST');
  // A bracketed IPv6 address (`[::1]`, as in URLs) is the address inside.
  const host = (hostGiven?.value.trim() ?? DEFAULT_SERVE_HOST).replace(/^\[(.*)\]$/, '$1');
  if (hostGiven && isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw invalid(hostGiven.where, t('serve.rule.host'));
  }
  const portGiven = pick('port', 'ONBOARD_SIM_PORT');
  const portText = portGiven?.value.trim() ?? '0';
  const port = Number(portText);
  if (portGiven && (!/^\d{1,5}$/.test(portText) || port > 65535)) {
    throw invalid(portGiven.where, t('serve.rule.port'));
  }
  return { host, port };
}

/** Whether `host` is this machine only: `localhost`, 127.0.0.0/8 or ::1 (as given, or IPv4-mapped). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^::ffff:/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(h);
}

/** Why listening failed, for errors a person fixes by choosing another address or port. */
function listenError(error: unknown, o: ServeOptions): UsageError | undefined {
  const code = errorCode(error);
  if (code === undefined || !/^(EADDRINUSE|EACCES|EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN)$/.test(code)) {
    return undefined;
  }
  return new UsageError('serve.listenFailed', { host: o.host, port: o.port, reason: code }, [
    { key: 'serve.listenFailedHint' },
  ]);
}

export async function serveCommand(g: Globals, p: ParsedCommand<ServeFlags>): Promise<number> {
  const options = serveOptions(p.options, process.env);
  const log = requestLog(p.options.log, process.env);
  const sim = await simulation(g);
  const out = await makeOutput(g);
  // Line by line, unwrapped.
  const stderrLine = (line: string) => {
    std(2).write(`${line}\n`);
  };
  // Anything but loopback answers whoever reaches this machine: every simulated account, with its keys.
  if (!isLoopback(options.host)) stderrLine(t('serve.publicHost', { host: options.host }));
  const logFd = log.to === 'file' ? openLog(log) : undefined;
  const requestLine =
    logFd !== undefined
      ? (line: string) => {
          fs.writeSync(logFd, `${line}\n`);
        }
      : log.to === 'stderr'
        ? stderrLine
        : () => {};
  let served: { server: RunningServer; file: string };
  try {
    served = await sim.serve({
      ...options,
      log: requestLine,
      onError: (error) =>
        stderrLine(
          t('serve.backendError', { message: error instanceof Error ? error.message : String(error) }),
        ),
    });
  } catch (error) {
    if (logFd !== undefined) fs.closeSync(logFd);
    throw listenError(error, options) ?? error;
  }
  const { server, file } = served;

  let signals = 0;
  let release = () => {};
  const stopped = new Promise<void>((resolve) => {
    release = claimStopSignals(() => {
      signals++;
      if (signals === 1) {
        stderrLine(t('serve.stopping'));
        server.close().then(resolve, resolve);
      } else {
        server.closeNow();
      }
    });
  });
  try {
    if (g.json)
      out.result(JSON.stringify({ schemaVersion: 1, endpoint: server.endpoint, port: server.port }));
    else out.result(server.endpoint);
    // The banner wraps between words on a terminal; in a log it stays one line.
    out.say(t('serve.listening', { file, endpoint: server.endpoint }));
    await stopped;
  } catch (error) {
    server.closeNow();
    throw error;
  } finally {
    release();
    if (logFd !== undefined) fs.closeSync(logFd);
  }
  stderrLine(t('serve.stopped'));
  return EXIT.ok;
}
