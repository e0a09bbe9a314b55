/** Child processes of tests: what they write, kept as it comes; pids of the living and the dead. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * For a test file or block: the pid of a process that lives until its end (`live`) and of
 * one that existed and is gone (`dead`), as holders of locks and writers of temp files.
 */
export function liveAndDeadPids(): { readonly live: number; readonly dead: number } {
  let live: ChildProcess | undefined;
  let dead = 0;
  beforeAll(() => {
    live = spawn('sleep', ['60'], { stdio: 'ignore' });
    dead = spawnSync(process.execPath, ['-e', '']).pid ?? 0;
  });
  afterAll(() => {
    live?.kill('SIGKILL');
  });
  return {
    get live() {
      return live?.pid ?? 0;
    },
    get dead() {
      return dead;
    },
  };
}
