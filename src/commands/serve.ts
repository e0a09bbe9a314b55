/**
 * `onboard sim serve` (SPEC §5.1): the simulated cloud of the config dir over
 * HTTP, speaking Alibaba Cloud's real protocols, until SIGINT or SIGTERM.
 * Being stopped is this command's normal end: it claims both signals from the
 * boundary, finishes the requests in flight and exits 0 (a second signal
 * drops what is still open). stdout gets one line, the endpoint; stderr one
 * line per request, from the wire layer, which never logs a URL or a secret.
 */
import { isIP } from 'node:net';
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
export function serveOptions(
  options: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): ServeOptions {
  const pick = (flag: string, name: string) => {
    const given = options[flag];
    if (typeof given === 'string') return { value: given, where: `--${flag}` };
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

export async function serveCommand(g: Globals, p: ParsedCommand): Promise<number> {
  const options = serveOptions(p.options, process.env);
  const sim = await simulation(g);
  const out = await makeOutput(g);
  // Line by line, unwrapped: stderr is the server's log.
  const stderrLine = (line: string) => {
    std(2).write(`${line}\n`);
  };
  let served: { server: RunningServer; file: string };
  try {
    served = await sim.serve({
      ...options,
      log: stderrLine,
      onError: (error) =>
        stderrLine(
          t('serve.backendError', { message: error instanceof Error ? error.message : String(error) }),
        ),
    });
  } catch (error) {
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
  }
  stderrLine(t('serve.stopped'));
  return EXIT.ok;
}
