/**
 * Input read from stdin or from a file a person named: bounded (1 MiB), never
 * hanging on a FIFO or a device, and read as a stream (a non-blocking pipe
 * makes a plain synchronous read of /dev/stdin fail with EAGAIN).
 */
import fs from 'node:fs';
import { UsageError } from '../core/errors.js';
import { errorCode } from './atomic.js';

/** The most any single input may hold (SPEC §8). */
export const INPUT_MAX_BYTES = 1024 * 1024;

function tooLarge(where: string): UsageError {
  return new UsageError('input.tooLarge', { where, max: '1 MiB' }, [], 'InvalidValue');
}

/**
 * Decodes input as UTF-8, refusing bytes that are not: a lenient decoder
 * would turn them into U+FFFD and send that on as if it had been typed.
 * A byte-order mark stays in the text (what reads it decides).
 *
 * @throws UsageError `input.notUtf8` naming where the input came from.
 */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError('input.notUtf8', { where }, [], 'InvalidValue');
  }
}

/** Reads all of standard input (waiting for a slow writer), refusing more than `max` bytes. */
export function readStdinBounded(
  where: string,
  max = INPUT_MAX_BYTES,
  stream: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if ('pause' in stream && typeof stream.pause === 'function') stream.pause();
      if (error) reject(error);
      else {
        try {
          resolve(decodeUtf8(Buffer.concat(chunks), where));
        } catch (notText) {
          reject(notText);
        }
      }
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > max) {
        done(tooLarge(where));
        // Stop reading the rest: the process ends soon, and nothing more is needed from it.
        if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => done();
    const onError = (error: Error) =>
      done(
        new UsageError(
          'input.unreadable',
          { where, reason: errorCode(error) ?? error.message },
          [],
          'InvalidValue',
        ),
      );
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    if ('resume' in stream && typeof stream.resume === 'function') stream.resume();
  });
}

/**
 * Reads a file a person named: only a regular file (a FIFO, a device such as
 * /dev/zero, a directory are refused at once), at most `max` bytes.
 */
export function readFileBounded(path: string, where: string, max = INPUT_MAX_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; its type is refused below.
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UsageError(
      'input.unreadable',
      { where, reason: errorCode(error) ?? String(error) },
      [],
      'InvalidValue',
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UsageError('input.notRegular', { where }, [], 'InvalidValue');
    if (stat.size > max) throw tooLarge(where);
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let read = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
      if (read > max) throw tooLarge(where);
      if (read === buffer.length) break;
    }
    return decodeUtf8(buffer.subarray(0, read), where);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      'input.unreadable',
      { where, reason: errorCode(error) ?? String(error) },
      [],
      'InvalidValue',
    );
  } finally {
    fs.closeSync(fd);
  }
}
