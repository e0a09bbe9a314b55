/**
 * Standard output and error. A terminal gets Node's own stream (prompts and
 * the spinner draw on it). A pipe or a file is written with plain synchronous
 * writes — what Node's stream does there on Linux anyway — without creating
 * the stream, which costs a short command (`status --json | jq`) a noticeable
 * part of its time. A descriptor another process left non-blocking (EAGAIN)
 * is handed to Node's stream from then on, which waits for the reader.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { onStreamError } from './stream-errors.js';

/** What output needs of stdout or stderr. */
export interface StdWriter {
  readonly isTTY: boolean;
  /** The terminal's width; 0 when it is not a terminal. */
  readonly columns: number;
  /** Writes now; a failure is a stream error (a closed pipe ends the run quietly). */
  write(text: string): void;
  /** Resolves once written, rejects with the failure: for what must arrive (a secret). */
  writeAsync(text: string): Promise<void>;
}

type Fd = 1 | 2;

const handled = new Set<Fd>();
/** Node's stream for the descriptor, with the stream-error rule installed once. */
export function stdStream(fd: Fd): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!handled.has(fd)) {
    handled.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => onStreamError(error, fd));
  }
  return stream;
}

const terminals = new Map<number, boolean>();
/**
 * Whether the descriptor is a terminal, without creating Node's stream for it.
 * A pipe, a file or a socket is not one, which `fstat` tells without loading
 * `node:tty` (it loads Node's whole networking and stream stack); only a
 * character device (a terminal, or /dev/null) is asked with `isatty`.
 */
export function isTerminal(fd: 0 | Fd): boolean {
  const known = terminals.get(fd);
  if (known !== undefined) return known;
  let device: boolean;
  try {
    device = fstatSync(fd).isCharacterDevice();
  } catch {
    device = false; // closed: isatty would say no too
  }
  const terminal = device && process.getBuiltinModule('node:tty').isatty(fd);
  terminals.set(fd, terminal);
  return terminal;
}

/** /dev/null (also what Node gives a descriptor that was closed): what is written there is gone. */
export function keepsNothing(fd: Fd): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev === statSync('/dev/null').rdev;
  } catch {
    return false; // no /dev/null to compare with: not this
  }
}

function streamWriter(fd: Fd): StdWriter {
  return {
    isTTY: true,
    get columns() {
      return stdStream(fd).columns ?? 0;
    },
    write: (text) => {
      stdStream(fd).write(text);
    },
    writeAsync: (text) =>
      new Promise((resolve, reject) => {
        stdStream(fd).write(text, (error) => (error ? reject(error) : resolve()));
      }),
  };
}

const code = (error: unknown) =>
  error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;

function fdWriter(fd: Fd): StdWriter {
  /** Set after an EAGAIN: Node's stream writes everything from then on, in order. */
  let stream: NodeJS.WriteStream | undefined;
  /** Writes what it can synchronously; returns what is left for the stream (after an EAGAIN). */
  const writeNow = (text: string): Buffer | undefined => {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (error) {
        if (code(error) !== 'EAGAIN') throw error;
        stream = stdStream(fd);
        return bytes.subarray(done);
      }
    }
    return undefined;
  };
  return {
    isTTY: false,
    columns: 0,
    write(text) {
      if (stream) {
        stream.write(text);
        return;
      }
      try {
        const rest = writeNow(text);
        if (rest) stdStream(fd).write(rest);
      } catch (error) {
        onStreamError(error instanceof Error ? error : new Error(String(error)), fd);
      }
    },
    writeAsync(text) {
      return new Promise((resolve, reject) => {
        const done = (error?: Error | null) => (error ? reject(error) : resolve());
        try {
          const rest = stream ? Buffer.from(text, 'utf8') : writeNow(text);
          if (rest) stdStream(fd).write(rest, done);
          else resolve();
        } catch (error) {
          reject(error);
        }
      });
    },
  };
}

const writers = new Map<Fd, StdWriter>();
/** stdout (1) or stderr (2), created on first use. */
export function std(fd: Fd): StdWriter {
  let w = writers.get(fd);
  if (!w) {
    w = isTerminal(fd) ? streamWriter(fd) : fdWriter(fd);
    writers.set(fd, w);
  }
  return w;
}
