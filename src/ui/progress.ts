/**
 * Progress of provider calls. On a terminal: one ora spinner on stderr, paused
 * before any prompt. Elsewhere (CI logs, --json): plain, stable lines, one per
 * finished action, and one per retry.
 */
import type { Ora } from 'ora';
import type { Output } from './output.js';
import { SYMBOLS } from './output.js';
import { stdStream } from './std.js';

export interface ProgressTask {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
}

export interface Progress {
  start(label: string): ProgressTask;
  /** Stops a running spinner (before a prompt or other output). */
  pause(): void;
}

/** The spinner running now, if any: a signal handler stops it before the process exits. */
let running: { interrupt(): void } | undefined;

/**
 * Stops a running spinner, leaving its label with ✖ (Ctrl-C or SIGTERM while a
 * provider call runs), so the line says what was cut short instead of vanishing.
 */
export function interruptProgress(): void {
  running?.interrupt();
  running = undefined;
}

/** Plain lines, for logs. */
export function plainProgress(out: Output, quiet = false): Progress {
  return {
    start(label) {
      return {
        update: (text) => {
          if (!quiet) out.say(`${out.c.yellow('…')} ${text}`);
        },
        succeed: (text) => {
          if (!quiet) out.say(`${out.c.green(SYMBOLS.done)} ${text ?? label}`);
        },
        fail: () => {},
      };
    },
    pause() {},
  };
}

/** A spinner on stderr; `ora` must be preloaded (see `loadSpinnerProgress`). */
export async function loadSpinnerProgress(out: Output): Promise<Progress> {
  const { default: ora } = await import('ora');
  let current: Ora | undefined;
  const stop = () => {
    if (current?.isSpinning) current.stop();
    current = undefined;
    running = undefined;
  };
  out.beforeWrite = () => {
    if (current?.isSpinning) current.clear();
  };
  const progress: Progress = {
    start(label) {
      stop();
      const spinner = ora({
        text: label,
        stream: stdStream(2),
        color: 'cyan',
        discardStdin: false,
        isEnabled: true,
      });
      current = spinner.start();
      const end = (symbol: string, text: string) => {
        if (spinner.isSpinning) spinner.stopAndPersist({ symbol, text });
        current = undefined;
        running = undefined;
      };
      running = { interrupt: () => end(out.c.red(SYMBOLS.failed), label) };
      return {
        update: (text) => {
          spinner.text = text;
        },
        succeed: (text) => end(out.c.green(SYMBOLS.done), text ?? label),
        fail: (text) => end(out.c.red(SYMBOLS.failed), text ?? label),
      };
    },
    pause: stop,
  };
  return progress;
}
