/**
 * The program: parses the command line once (src/program/: the command
 * table, the commander tree built from it, help and usage errors), decides
 * the global options, and runs the command, inside the boundary.
 */
import { withBoundary } from './boundary.js';
import { resolveGlobals } from './commands/globals.js';
import { EXIT } from './core/errors.js';
import { setCommandPrefix } from './i18n/index.js';
import { parseArgv } from './program/tree.js';
import { CommandLine } from './wizard/command-line.js';

export { parseArgv } from './program/tree.js';

/** Parses and runs a command line, inside the boundary. */
export function runProgram(argv: string[], version: string): Promise<number> {
  return withBoundary(argv, async () => {
    const call = await parseArgv(argv, version);
    if (call === null) return EXIT.ok; // help or the version was shown
    const globals = resolveGlobals(call.globals, process.env);
    // Commands named inside messages carry this run's --profile, --config-dir, ... (SPEC §2).
    setCommandPrefix(new CommandLine(globals.commandContext).command());
    return call.run(globals, call.parsed);
  });
}
