/**
 * Entry point. Kept tiny so `onboard --version` starts almost as fast as
 * bare Node: the commander tree, the steps and the provider load only when a
 * command needs them.
 */
declare const __ONBOARD_VERSION__: string;
export const VERSION = typeof __ONBOARD_VERSION__ === 'string' ? __ONBOARD_VERSION__ : '0.0.0-dev';

export async function main(argv: string[]): Promise<number> {
  // The bundle is minified; with DEBUG=onboard, stack traces point into src/.
  if (/(^|,)\s*(onboard|\*)\s*(,|$)/.test(process.env.DEBUG ?? '')) process.setSourceMapsEnabled(true);
  // `onboard status | head -1`: a closed pipe is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (argv.includes('status')) {
    // dist/status.js: the status path bundled as one file (see scripts/build.mjs).
    const fast = './status.js';
    const { tryFastStatus } = (await import(fast)) as typeof import('./fast-status.js');
    const code = await tryFastStatus(argv);
    if (code !== undefined) return code;
  }
  const full = './program.js';
  const { runProgram } = (await import(full)) as typeof import('./program.js');
  return runProgram(argv, VERSION);
}
