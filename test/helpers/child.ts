/** Child processes of tests: what they write, kept as it comes. */
import type { ChildProcess } from 'node:child_process';
import type { RunResult } from './cli.js';

/**
 * A child's stdout and stderr (those that are pipes) kept as they come, and its end once
 * its streams closed: call it right after `spawn`, before any output can be missed.
 */
export function collectOutput(child: ChildProcess): {
  stdout(): string;
  stderr(): string;
  done: Promise<RunResult>;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<RunResult>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return { stdout: () => stdout, stderr: () => stderr, done };
}
