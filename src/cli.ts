/**
 * Entry point. Kept tiny so `onboard --version` starts almost as fast as
 * bare Node: the parser and the commands load only when needed. The command
 * line arrives here as an argument (bin/onboard.js reads it); no module of
 * the project reads process.argv.
 */
import nodeModule from 'node:module';
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
  // Node 22.8+ keeps V8's code for what is loaded from here on between runs, where
  // NODE_COMPILE_CACHE says (else its folder in the tmpdir), and not at all with
  // NODE_DISABLE_COMPILE_CACHE: Node reads both itself. Node 20 has no such cache
  // (nor do its types, hence the check).
  if ('enableCompileCache' in nodeModule && typeof nodeModule.enableCompileCache === 'function')
    nodeModule.enableCompileCache();
  // dist/program.js: the parser; each command is a chunk of its own, loaded when it runs.
  const program = './program.js';
  const { runProgram } = (await import(program)) as typeof import('./program.js');
  return runProgram(argv, VERSION);
}
