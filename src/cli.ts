/**
 * Entry point. Kept tiny so `onboard --version` starts almost as fast as
 * bare Node: the parser and the commands load only when needed. The command
 * line arrives here as an argument (bin/onboard.js reads it); no module of
 * the project reads process.argv.
 */
import { enableCompileCache } from './compile-cache.js';
import { std } from './ui/std.js';
import { lostResultWrite } from './ui/stream-errors.js';

declare const __ONBOARD_VERSION__: string;
export const VERSION = typeof __ONBOARD_VERSION__ === 'string' ? __ONBOARD_VERSION__ : '0.0.0-dev';

export async function main(argv: string[]): Promise<number> {
  // The bundle is minified; with DEBUG=onboard, stack traces point into src/.
  const debug = /(^|,)\s*(onboard|\*)\s*(,|$)/.test(process.env.DEBUG ?? '');
  if (debug) process.setSourceMapsEnabled(true);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    std(1).write(`${VERSION}\n`);
    // Written: done. Not written (a full disk): the parser's way below says so, exit 5.
    if (lostResultWrite() === undefined) return 0;
  }
  // dist/ (this file's folder, in the CommonJS bundle; not when a test runner runs the
  // source) is compiled through a cache from here on. Not while source maps are on:
  // Node maps only what it compiles itself.
  if (!debug && typeof __dirname === 'string') enableCompileCache(__dirname);
  // dist/program.js: the parser; each command is a chunk of its own, loaded when it runs.
  const program = './program.js';
  const { runProgram } = (await import(program)) as typeof import('./program.js');
  return runProgram(argv, VERSION);
}
