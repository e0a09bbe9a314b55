/**
 * stdout and stderr written without Node's streams (src/ui/std.ts): a pipe
 * left non-blocking whose reader is slow still gets every line, in order.
 */
import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { bundle, removeBundles } from '../helpers/bundle.js';
import { baseEnv } from '../helpers/cli.js';

afterAll(removeBundles);

it('a non-blocking pipe with a slow reader gets everything, in order (EAGAIN hands over to the stream)', async () => {
  const main = await bundle('test/helpers/main/std-nonblocking.ts');
  const child = spawn(process.execPath, [main], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // Read nothing for a while: the pipe fills and the writer meets EAGAIN.
  child.stdout.pause();
  setTimeout(() => {
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
  }, 300);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  expect(stderr).toBe('isTTY=false\n');
  const lines = Buffer.concat(chunks).toString('utf8').split('\n');
  expect(lines.length).toBe(20_002);
  for (let i = 0; i < 20_000; i++) expect(lines[i]).toBe(`line ${i} ${'x'.repeat(40)}`);
  expect(lines.slice(20_000)).toEqual(['end', '']);
});
