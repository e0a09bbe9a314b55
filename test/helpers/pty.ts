/**
 * Drives the built CLI in a real pseudo-terminal (@lydell/node-pty), as a
 * person at a terminal would: keys in, screen out.
 */
import pty from '@lydell/node-pty';
import { afterEach, beforeEach } from 'vitest';
import { BIN, baseEnv, removeDir, tempDir } from './cli.js';

export const KEY = {
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  ctrlC: '\x03',
  backspace: '\x7f',
} as const;

/** Removes ANSI escape sequences (CSI, OSC, and single-character escapes) and carriage returns. */
export function stripAnsi(s: string): string {
  return s
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\r/g, '');
}

export interface PtyExit {
  exitCode: number;
  signal?: number;
}

export interface PtySession {
  /** Everything the terminal received, raw (with escape sequences). */
  readonly raw: () => string;
  /** Everything the terminal received, without escape sequences. */
  readonly text: () => string;
  /** Waits until the stripped output after `from` (default: the last match) matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  write(keys: string): void;
  /** Types `text`, then Enter. */
  line(text: string): void;
  readonly exit: Promise<PtyExit>;
  kill(signal?: string): void;
}

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
  /** Shell redirections after the command (`> out.txt`, `| cat`): run through `sh -c` then. */
  redirect?: string;
}

/** Starts `onboard --config-dir <dir> <args>` in a pseudo-terminal. */
export function spawnPty(configDir: string, args: string[], opts: SpawnOptions = {}): PtySession {
  const env = baseEnv({
    CI: undefined,
    ONBOARD_SIM_REVIEW_SECONDS: '0',
    TERM: 'xterm-256color',
    ...opts.env,
  });
  const argv = [BIN, '--config-dir', configDir, ...args];
  const [file, fileArgs] = opts.redirect
    ? ['/bin/sh', ['-c', `"$0" "$@" ${opts.redirect}`, process.execPath, ...argv]]
    : [process.execPath, argv];
  const term = pty.spawn(file, fileArgs, {
    name: 'xterm-256color',
    cols: opts.cols ?? 80,
    rows: opts.rows ?? 30,
    cwd: opts.cwd ?? configDir,
    env: env as Record<string, string>,
  });
  let out = '';
  /** Position in the stripped text after the last successful waitFor. */
  let cursor = 0;
  const waiters = new Set<() => void>();
  term.onData((d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  let exited = false;
  const exit = new Promise<PtyExit>((resolve) => {
    term.onExit((e) => {
      exited = true;
      // Give the last chunk of output a moment to arrive before settling.
      setTimeout(() => {
        resolve({ exitCode: e.exitCode, signal: e.signal });
        for (const w of [...waiters]) w();
      }, 50);
    });
  });

  const text = () => stripAnsi(out);

  return {
    raw: () => out,
    text,
    exit,
    write(keys) {
      term.write(keys);
    },
    line(s) {
      term.write(s);
      term.write('\r');
    },
    kill(signal) {
      if (!exited) term.kill(signal);
    },
    waitFor(re, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const all = text();
          const tail = all.slice(cursor);
          const m = tail.match(re);
          if (m) {
            cursor += (m.index ?? 0) + m[0].length;
            finish();
            resolve(m);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          finish();
          const screen = text().slice(-1500);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${re} in the terminal.\n--- screen tail ---\n${screen}\n---`,
            ),
          );
        }, timeoutMs);
        const onData = () => {
          if (!check() && exited) {
            // After exit, nothing more will arrive: fail now with the screen.
            void exit.then(() => {
              if (!check()) {
                finish();
                reject(
                  new Error(
                    `Process exited while waiting for ${re}.\n--- screen tail ---\n${text().slice(-1500)}\n---`,
                  ),
                );
              }
            });
          }
        };
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(onData);
        };
        if (!check()) waiters.add(onData);
      });
    },
  };
}

/**
 * A fresh run's first answers, each the default: the site (English suggests the international
 * one), then registering a new account; resolves at the email prompt.
 */
export async function toNewAccountEmail(s: PtySession): Promise<void> {
  await s.waitFor(/Which Alibaba Cloud site is your account on\?/);
  s.write(KEY.enter);
  await s.waitFor(/Do you have an Alibaba Cloud account\?/);
  s.write(KEY.enter);
  await s.waitFor(/Email address/);
}

/**
 * For a test file: a fresh work dir (the config dir and cwd of the sessions)
 * for every test, and every session started through `start` stopped and the
 * dir removed after it.
 */
export function ptyWorkspace(prefix: string, defaults: { cols?: number } = {}) {
  let dir = '';
  const sessions: PtySession[] = [];
  beforeEach(() => {
    dir = tempDir(prefix);
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.kill();
      await Promise.race([s.exit, new Promise((r) => setTimeout(r, 2000))]);
    }
    removeDir(dir);
  });
  return {
    get dir(): string {
      return dir;
    },
    start(
      args: string[],
      env: Record<string, string | undefined> = {},
      opts: Omit<SpawnOptions, 'env'> = {},
    ): PtySession {
      const s = spawnPty(dir, args, { env, ...(defaults.cols ? { cols: defaults.cols } : {}), ...opts });
      sessions.push(s);
      return s;
    },
  };
}
