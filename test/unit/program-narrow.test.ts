/**
 * parseArgv declares only the options and commands that argv names, and
 * answers anything but a command to run from the whole tree: on any command
 * line it gives what the whole tree gives, the same command and values or
 * the same usage error (with the same "did you mean").
 */
import fc from 'fast-check';
import { expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { COMMANDS, GROUPS, ROOT } from '../../src/program/table.js';
import { type Invocation, parseArgv, parseArgvWhole } from '../../src/program/tree.js';

// Help and the version are written to stdout: kept off the test's output.
vi.mock('../../src/ui/std.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/ui/std.js')>();
  const quiet = { isTTY: false, columns: 0, write() {}, async writeAsync() {} };
  return { ...real, std: (fd: 1 | 2) => (fd === 1 ? quiet : real.std(fd)) };
});

const specs = [ROOT, ...COMMANDS, ...GROUPS];
const longs = [...new Set(specs.flatMap((c) => c.options.map((o) => o.long)))];
const tokens = [
  ...new Set(specs.flatMap((c) => c.name.split(' ')).filter((w) => w !== '')),
  ...longs.flatMap((l) => [`--${l}`, `--no-${l}`, `--${l}=v`, `--${l.slice(0, -1)}`]),
  ...['-y', '-h', '-V', '-yV', '-5', '--', '-odd', 'stauts', 'lsit', 'x', 'oss', 'emr', 'LTAI1', 'a@b.c'],
];

async function outcome(parse: Promise<Invocation | null>): Promise<unknown> {
  try {
    return { shown: await parse };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { key: error.key, params: error.params, hints: error.hints };
  }
}

it('gives what the whole tree gives, on any command line', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 7 }), async (argv) => {
      expect(await outcome(parseArgv(argv, '0.0.0-test'))).toEqual(
        await outcome(parseArgvWhole(argv, '0.0.0-test')),
      );
    }),
    {
      numRuns: 1500,
      // A group named alone (its help), a number where an option could be, a command word as a value.
      examples: [[['keys']], [['sim', '--json']], [['-5']], [['status', '-5']], [['--profile', 'status']]],
    },
  );
});
