/**
 * Entry point. Kept tiny so `onboard --version` starts almost as fast as
 * bare Node: the parser and the commands load only when needed. The command
 * line arrives here as an argument (bin/onboard.js reads it); no module of
 * the project reads process.argv.
 */
import { std } from './ui/std.js';

declare const __ONBOARD_VERSION__: string;
export const VERSION = typeof __ONBOARD_VERSION__ === 'string' ? __ONBOARD_VERSION__ : '0.0.0-dev';

export async function main(argv: string[]): Promise<number> {
  // The bundle is minified; with DEBUG=onboard, stack traces point into src/.
  if (/(^|,)\s*(onboard|\*)\s*(,|$)/.test(process.env.DEBUG ?? '')) process.setSourceMapsEnabled(true);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    std(1).write(`${VERSION}\n`);
    return 0;
  }
  // dist/program.js: the parser; each command is a chunk of its own, loaded when it runs.
  const program = './program.js';
  const { runProgram } = (await import(program)) as typeof import('./program.js');
  return runProgram(argv, VERSION);
}
