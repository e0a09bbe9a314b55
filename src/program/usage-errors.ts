/**
 * commander's errors as our usage errors: exit 2 (commander's own exit 1),
 * in the user's language through catalog keys, with a "did you mean" picked
 * from the command's own options or subcommands.
 */
import type { Command, CommanderError } from 'commander';
import { closestMatch } from 'leven';
import { UsageError } from '../core/errors.js';
import { clipQuoted, type MessageKey, type MessageRef } from '../core/messages.js';
import type { OptionSpec } from './options.js';

function usage(
  key: MessageKey,
  params: Record<string, string>,
  hints: MessageRef[] = [seeHelp([])],
): UsageError {
  return new UsageError(key, params, hints, 'UsageError');
}

/** The help of the command these words name (`onboard keys --help` for a typo under `keys`), pasteable. */
function seeHelp(path: readonly string[]): MessageRef {
  return { key: 'cli.seeHelp', params: { command: ['onboard', ...path, '--help'].join(' ') } };
}

/** The words that name a command below the program (`keys`, `keys create`). */
export function commandPath(cmd: Command): string[] {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words;
}

/** "Did you mean" the nearest known name (at most two edits away), then where help is. */
function nearest(word: string, known: readonly string[], path: readonly string[] = []): MessageRef[] {
  const near = closestMatch(word, known, { maxDistance: 2 });
  return [...(near ? [{ key: 'cli.didYouMean' as const, params: { suggestion: near } }] : []), seeHelp(path)];
}

/** Every flag of these options, `--no-` forms included. */
function flagsOf(options: readonly OptionSpec[]): string[] {
  return options.flatMap((o) => [
    ...(o.negation === 'only' ? [] : [`--${o.long}`]),
    ...(o.negation ? [`--no-${o.long}`] : []),
    ...(o.short ? [`-${o.short}`] : []),
  ]);
}

/** `path`: the words of the command the option was given to (its help is named). */
export function unknownOption(
  flag: string,
  options: readonly OptionSpec[],
  path: readonly string[] = [],
): UsageError {
  // What was typed, quoted at most 80 characters long (the parameter is the flag's name for known ones).
  return usage('cli.err.unknownOption', { name: clipQuoted(flag) }, nearest(flag, flagsOf(options), path));
}

/** "Unknown command" with the commands there are, the nearest as a "did you mean", and the group's help. */
export function unknownCommand(
  word: string,
  known: readonly string[],
  path: readonly string[] = [],
): UsageError {
  return usage(
    'cli.unknownCommand',
    { command: clipQuoted(word), known: known.join(', ') },
    nearest(word, known, path),
  );
}

/** `--region --json`: a value option followed by another option, not by its value. */
export function missingValue(o: OptionSpec): UsageError {
  return usage('cli.err.optionMissingArgument', { name: `--${o.long} ${o.arg ?? ''}`.trimEnd() });
}

export function notAChoice(o: OptionSpec, value: string): UsageError {
  return usage('cli.err.invalidArgument', {
    name: `--${o.long}`,
    value,
    choices: (o.choices ?? []).join(', '),
  });
}

/** The name commander quotes in its message (`unknown option '--x'`), which its error carries nowhere else. */
function quoted(error: CommanderError): string | undefined {
  return /'([^']*)'/.exec(error.message)?.[1];
}

/**
 * The usage error for a commander error raised while `cmd` (declared from
 * `options`) parsed its part of the command line; undefined for a code this
 * program never causes (a bug, reported as one).
 */
export function usageError(
  error: CommanderError,
  cmd: Command,
  options: readonly OptionSpec[],
  subcommands: readonly string[],
): UsageError | undefined {
  switch (error.code) {
    case 'commander.unknownOption': {
      const given = quoted(error) ?? cmd.args.find((a) => a.startsWith('-')) ?? '';
      const [flag = given, inline] = given.split(/=(.*)/s);
      // `--json=1`: a known flag that takes no value.
      if (inline !== undefined && flagsOf(options).includes(flag))
        return usage('cli.err.noValue', { name: flag });
      return unknownOption(flag, options, commandPath(cmd));
    }
    case 'commander.optionMissingArgument':
      return usage('cli.err.optionMissingArgument', { name: quoted(error) ?? '' });
    case 'commander.missingArgument':
      return usage('cli.err.missingArgument', { name: `<${quoted(error) ?? ''}>` });
    case 'commander.unknownCommand':
    case 'commander.excessArguments': {
      // A word that names no command: the program and the groups have commands, `run` runs without one.
      if (subcommands.length > 0) return unknownCommand(cmd.args[0] ?? '', subcommands, commandPath(cmd));
      const expected = cmd.registeredArguments.length;
      return usage('cli.err.excessArguments', { extra: cmd.args.slice(expected).join(' ') });
    }
    default:
      return undefined;
  }
}
