/**
 * THE boundary: commands throw typed errors, and this file alone turns them
 * into exit codes, messages on stderr and the `--json` error document. It
 * also picks the language and handles Ctrl-C / SIGTERM. It loads no command
 * library, so a fast path (see fast-status.ts) can use it too.
 */
import { releaseAllLocks } from './fs/lock.js';
import { detectLang, type MessageKey, setLang, t, tEn } from './i18n/index.js';
import { decideColor } from './ui/color.js';
import { EXIT, errorJson, isOnboardError, type OnboardError, UsageError } from './wizard/errors.js';

/** Commands whose `--json` prints a document (errors included). */
const JSON_COMMANDS = new Set(['run', 'status', 'keys list', 'keys create', 'sim inbox']);

/**
 * Runs a command inside the boundary. `run` is told to call `setName` with the
 * command it dispatches to, so errors know whether to print a JSON document.
 */
export async function withBoundary(
  argv: string[],
  run: (setName: (name: string) => void) => Promise<number>,
): Promise<number> {
  const langArg = argv.find((a, i) => a.startsWith('--lang=') || argv[i - 1] === '--lang');
  const lang = detectLang(langArg?.replace(/^--lang=/, ''), process.env);
  await setLang(typeof lang === 'string' ? lang : 'en');
  const wantsJson = argv.includes('--json');
  let commandName = 'run';
  const interrupt = installSignalHandlers(() => commandName, wantsJson);
  try {
    if (typeof lang !== 'string') {
      throw new UsageError(
        'answers.invalid',
        { where: lang.source, rule: t('validation.enum', { values: 'en, zh-CN' }) },
        [],
        'InvalidValue',
      );
    }
    return await run((name) => {
      commandName = name;
    });
  } catch (error) {
    return report(error, wantsJson && JSON_COMMANDS.has(commandName));
  } finally {
    interrupt.dispose();
  }
}

/** Turns anything thrown into an exit code, a message on stderr, and the JSON error when asked for. */
function report(error: unknown, json: boolean): number {
  const commanderCode = (error as { code?: unknown } | null)?.code;
  if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(commanderCode))
      return EXIT.ok;
    return report(commanderUsageError(commanderCode, (error as Error).message), json);
  }
  if (!isOnboardError(error)) {
    const e = error instanceof Error ? error : new Error(String(error));
    process.stderr.write(`${t('error.unexpected', { message: e.message })}\n${t('error.unexpectedHint')}\n`);
    if ((process.env.DEBUG ?? '').split(',').some((d) => d.trim() === 'onboard' || d.trim() === '*')) {
      process.stderr.write(`${e.stack}\n`);
    }
    if (json) printJsonError({ code: 'InternalError', message: e.message, exitCode: EXIT.bug });
    return EXIT.bug;
  }
  printError(error);
  if (json) printJsonError(errorJson(error));
  return error.exitCode;
}

const COMMANDER_MESSAGES: Record<string, MessageKey> = {
  'commander.unknownOption': 'cli.err.unknownOption',
  'commander.invalidArgument': 'cli.err.invalidArgument',
  'commander.optionMissingArgument': 'cli.err.optionMissingArgument',
  'commander.missingArgument': 'cli.err.missingArgument',
  'commander.excessArguments': 'cli.err.excessArguments',
  'commander.unknownCommand': 'cli.err.unknownCommand',
};

/**
 * commander's parse errors, in the user's language: the names and values are
 * taken from its (English) message; anything unrecognised is shown as it is.
 */
function commanderUsageError(code: string, raw: string): UsageError {
  const message = raw.replace(/^error: /, '');
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const choices = /Allowed choices are (.*?)\.?$/m.exec(message)?.[1] ?? '';
  const suggestion = /\(Did you mean (.*?)\?\)/.exec(message)?.[1];
  const hints: Array<{ key: MessageKey; params?: Record<string, string> }> = [];
  if (suggestion) hints.push({ key: 'cli.didYouMean', params: { suggestion } });
  hints.push({ key: 'cli.seeHelp' });
  const key = COMMANDER_MESSAGES[code];
  if (!key) return new UsageError('cli.commanderError', { message }, hints, 'UsageError');
  return new UsageError(key, { name: quoted[0] ?? '', value: quoted[1] ?? '', choices }, hints, 'UsageError');
}

export function printError(error: OnboardError): void {
  const noColorFlag = process.argv.includes('--no-color') ? false : undefined;
  const color = decideColor(noColorFlag, process.env, Boolean(process.stderr.isTTY));
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const label = error.step ? `[${error.step}] ` : '';
  process.stderr.write(`${red(`✖ ${label}${t(error.key, error.params)}`)}\n`);
  for (const h of error.hints) {
    const text = t(h.key, h.params ?? {});
    if (text !== h.key) process.stderr.write(`  ${dim(text)}\n`);
  }
}

function printJsonError(e: { code: string; message: string; step?: string; exitCode: number }): void {
  process.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: e }, null, 2)}\n`);
}

/**
 * Ctrl-C while a provider call runs (no prompt open): writes are atomic and
 * progress is saved after every action, so exiting now keeps it. Prompts
 * handle Ctrl-C themselves (ExitPromptError → InterruptedError). A second
 * signal exits at once.
 */
function installSignalHandlers(command: () => string, json: boolean) {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count++;
    const code = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    releaseAllLocks();
    if (count > 1) process.exit(code);
    if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
    process.stderr.write(`${t('error.interrupted')}\n`);
    if (json && JSON_COMMANDS.has(command())) {
      printJsonError({ code: 'Interrupted', message: tEn('error.interrupted'), exitCode: code });
    }
    process.exit(code);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
