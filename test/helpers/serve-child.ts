/**
 * `onboard sim serve` as users run it: a child process of the built CLI on
 * 127.0.0.1, port 0, its endpoint read from the first stdout line. Every
 * server started here is killed by {@link killServers} (afterEach/afterAll).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { collectOutput } from './child.js';
import { BIN, baseEnv, type RunResult } from './cli.js';

export interface ServeChild {
  endpoint: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
  done: Promise<RunResult>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts `onboard --config-dir <cfg> sim serve --port 0 [args]`; resolves once it printed its endpoint. */
export function startServe(
  configDir: string,
  opts: { args?: string[]; env?: Record<string, string | undefined> } = {},
): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [BIN, '--config-dir', configDir, 'sim', 'serve', '--port', '0', ...(opts.args ?? [])],
    { env: baseEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.stdin.end();
  const { stdout, stderr, done } = collectOutput(child);
  child.on('close', () => running.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim serve printed no endpoint:\n${stderr()}`)), 20_000);
    const onData = () => {
      const newline = stdout().indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const first = stdout().slice(0, newline);
      const endpoint = first.startsWith('{') ? String(JSON.parse(first).endpoint) : first;
      resolve({
        endpoint,
        port: Number(endpoint.slice(endpoint.lastIndexOf(':') + 1)),
        child,
        stdout,
        stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return done;
        },
        done,
      });
    };
    child.stdout.on('data', onData);
    done.then((r) => {
      clearTimeout(timer);
      reject(new Error(`sim serve exited ${r.code}:\n${r.stderr}`));
    });
  });
}

/** Kills every server still running (SIGKILL: a test that wanted a graceful stop has done it). */
export async function killServers(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
