/**
 * THE boundary: commands throw typed errors, and this file alone turns them
 * into exit codes, messages on stderr and the `--json` error document (every
 * command prints one with `--json`, also on failure). It also picks the
 * language and handles Ctrl-C / SIGTERM.
 */
import {
  type ErrorJson,
  EXIT,
  errorJson,
  InterruptedError,
  isOnboardError,
  type OnboardError,
  UsageError,
} from './core/errors.js';
import { stopSignalClaim } from './core/signals.js';
import { releaseAllLocks } from './fs/lock.js';
import { composed, detectLang, setLang, t, tEn } from './i18n/index.js';
import { flushPending } from './state/pending.js';
import { decideColor } from './ui/color.js';
import { unwritableOutput } from './ui/output.js';
import { interruptProgress } from './ui/progress.js';
import { std } from './ui/std.js';
import { exitOnClosedPipe, lostResultWrite } from './ui/stream-errors.js';
import { wrap, wrapCommand } from './ui/width.js';

/** Runs a command inside the boundary; `argv` is the command line (for --lang, --json, --no-color). */
export async function withBoundary(argv: readonly string[], run: () => Promise<number>): Promise<number> {
  const langArg = argv.find((a, i) => a.startsWith('--lang=') || argv[i - 1] === '--lang');
  const lang = detectLang(langArg?.replace(/^--lang=/, ''), process.env);
  await setLang(typeof lang === 'string' ? lang : 'en');
  const wantsJson = argv.includes('--json');
  const noColor = argv.includes('--no-color');
  const interrupt = installSignalHandlers(wantsJson, noColor);
  try {
    if (typeof lang !== 'string') {
      throw new UsageError(
        'answers.invalid',
        { where: lang.source, rule: t('validation.enum', { values: 'en, zh-CN' }) },
        [],
        'InvalidValue',
      );
    }
    const code = await run();
    // A result that could not be written (stdout on a full disk): the command failed.
    const lost = lostResultWrite();
    if (lost !== undefined) return report(unwritableOutput(lost, false), false, noColor);
    return code;
  } catch (error) {
    return report(error, wantsJson, noColor);
  } finally {
    interrupt.dispose();
  }
}

/** Turns anything thrown into an exit code, a message on stderr, and the JSON error when asked for. */
function report(error: unknown, json: boolean, noColor: boolean): number {
  // Printing the failure into a closed pipe (the --json error document) must not turn it into exit 0.
  exitOnClosedPipe(isOnboardError(error) ? error.exitCode : EXIT.bug);
  if (!isOnboardError(error)) {
    const e = error instanceof Error ? error : new Error(String(error));
    std(2).write(`${t('error.unexpected', { message: e.message })}\n${t('error.unexpectedHint')}\n`);
    if ((process.env.DEBUG ?? '').split(',').some((d) => d.trim() === 'onboard' || d.trim() === '*')) {
      std(2).write(`${e.stack}\n`);
    }
    if (json) printJsonError({ code: 'InternalError', message: e.message, exitCode: EXIT.bug });
    return EXIT.bug;
  }
  printError(error, noColor);
  if (json) printJsonError(errorJson(error));
  return error.exitCode;
}

export function printError(error: OnboardError, noColor: boolean): void {
  const color = decideColor(noColor ? false : undefined, process.env, std(2).isTTY);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const label = error.step ? `[${error.step}] ` : '';
  // On a terminal, lines are wrapped between words (the terminal would cut them anywhere) and
  // a command in a hint is folded with `\` continuations (it must still paste as one); in a
  // log every line stays whole, where a search finds it.
  const stderr = std(2);
  const width = stderr.isTTY && stderr.columns >= 20 ? stderr.columns : 0;
  const wrapped = (text: string, indent: string) => (width > 0 ? wrap(text, width, indent) : text);
  std(2).write(`${red(wrapped(`✖ ${label}${t(error.key, error.params)}`, '  '))}\n`);
  for (const h of error.hints) {
    const command = h.params?.command;
    const params =
      typeof command === 'string' && width > 0
        ? { ...h.params, command: composed(wrapCommand(command, width - 6, '      ')) }
        : (h.params ?? {});
    const text = t(h.key, params);
    if (text !== h.key) std(2).write(`${dim(wrapped(`  ${text}`, '    '))}\n`);
  }
}

function printJsonError(e: ErrorJson): void {
  std(1).write(`${JSON.stringify({ schemaVersion: 1, error: e }, null, 2)}\n`);
}

/**
 * Ctrl-C while a provider call runs (no prompt open): writes are atomic,
 * every action's intent is on disk before it, and what the steps recorded
 * since is written here before exiting, so exiting now keeps the progress.
 * The spinner is stopped with ✖ on what was cut short, and the note is the
 * one a prompt's Ctrl-C ends with. Prompts handle Ctrl-C themselves
 * (ExitPromptError → InterruptedError). A second signal exits at once. A
 * command that claimed the signals (its normal end is being stopped, `sim
 * serve`) gets them instead.
 */
function installSignalHandlers(json: boolean, noColor: boolean) {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    const claim = stopSignalClaim();
    if (claim) {
      claim(signal);
      return;
    }
    count++;
    const code = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    // What the steps staged since their last action, written while the locks are still ours.
    if (count === 1) flushPending();
    releaseAllLocks();
    if (count > 1) process.exit(code);
    exitOnClosedPipe(code);
    interruptProgress();
    if (std(2).isTTY) std(2).write('\x1b[?25h\n');
    printError(new InterruptedError(code), noColor);
    if (json) {
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
