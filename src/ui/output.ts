/**
 * Where text goes and how it looks. stdout carries results only; everything
 * a person reads along the way (progress, warnings, errors, prompts) goes to
 * stderr. Colour is decided once: FORCE_COLOR wins, then NO_COLOR or
 * --no-color, then whether stderr is a terminal.
 */
import { StoreError } from '../core/errors.js';
import type { MessageRef } from '../core/messages.js';
import { errorCode } from '../fs/atomic.js';
import { composed, t } from '../i18n/index.js';
import { decideColor } from './color.js';
import { type StdWriter, std } from './std.js';
import { guardedWrite } from './stream-errors.js';
import { displayWidth, wrap, wrapCommand } from './width.js';

export { decideColor };

export interface OutputOptions {
  colorFlag: boolean | undefined;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  json: boolean;
  stdout?: StdWriter;
  stderr?: StdWriter;
}

/** The styles the output uses; plain (identity) unless colour is on. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const same = (text: string) => text;
const PLAIN: Styles = { bold: same, dim: same, cyan: same, green: same, red: same, yellow: same };

export const SYMBOLS = {
  done: '✔',
  todo: '○',
  waiting: '◷',
  failed: '✖',
  skipped: '–',
  not_needed: '·',
  warn: '⚠',
  info: 'ℹ',
  arrow: '→',
} as const;

/**
 * A standard output that cannot be written (closed, or on a full disk): exit 5.
 * `lostSecret` when a secret meant for it was discarded with its key.
 */
export function unwritableOutput(error: unknown, lostSecret: boolean): StoreError {
  return new StoreError(
    'output.unwritable',
    { file: 'stdout', reason: errorCode(error) ?? String(error) },
    lostSecret ? [{ key: 'output.unwritableHint' }] : [],
  );
}

export class Output {
  readonly color: boolean;
  /** Plain until `loadStyles()`: chalk is loaded only when colour is on. */
  c: Styles = PLAIN;
  readonly interactive: boolean;
  readonly json: boolean;
  readonly stdout: StdWriter;
  readonly stderr: StdWriter;
  /** Called before anything is written, so a running spinner can step aside. */
  beforeWrite: (() => void) | undefined;

  constructor(o: OutputOptions) {
    this.stdout = o.stdout ?? std(1);
    this.stderr = o.stderr ?? std(2);
    this.color = decideColor(o.colorFlag, o.env, this.stderr.isTTY);
    this.interactive = o.interactive;
    this.json = o.json;
  }

  /** Loads chalk when colour is on (scripts and --json never pay for it). */
  async loadStyles(): Promise<this> {
    if (this.color) {
      const { Chalk } = await import('chalk');
      this.c = new Chalk({ level: 1 });
    }
    return this;
  }

  /** Terminal width for wrapping; 80 when unknown or not a terminal. */
  get width(): number {
    const cols = this.stderr.isTTY ? this.stderr.columns : 0;
    return cols && cols >= 20 ? cols : 80;
  }

  /** A result line on stdout. */
  result(text = ''): void {
    this.beforeWrite?.();
    this.stdout.write(`${text}\n`);
  }

  /** A line for people on stderr, wrapped to the terminal. */
  say(text = '', indent = '  '): void {
    this.beforeWrite?.();
    this.stderr.write(`${wrap(text, this.width, indent)}\n`);
  }

  info(text: string): void {
    this.say(`${this.c.cyan(SYMBOLS.info)} ${text}`);
  }

  success(text: string): void {
    this.say(`${this.c.green(SYMBOLS.done)} ${text}`);
  }

  warn(text: string): void {
    this.say(`${this.c.yellow(`${SYMBOLS.warn} ${text}`)}`);
  }

  error(text: string): void {
    this.say(`${this.c.red(`${SYMBOLS.failed} ${text}`)}`);
  }

  /** A command to copy, on lines of its own, folded with `\` continuations so it still pastes as one. */
  command(text: string, indent = '    '): void {
    this.beforeWrite?.();
    this.stderr.write(
      `${indent}${this.c.cyan(wrapCommand(text, this.width - displayWidth(indent), `${indent}  `))}\n`,
    );
  }

  /** A dim hint line, indented under the line before it. */
  hint(text: string): void {
    this.say(`  ${this.c.dim(text)}`, '    ');
  }

  /**
   * A hint from the catalog. On a terminal, a `command` in it is folded with
   * `\` continuations (it must still paste as one, never broken by wrapping);
   * in a log it stays on one line.
   */
  hintRef(ref: MessageRef): void {
    const command = ref.params?.command;
    if (typeof command !== 'string') {
      this.hint(t(ref.key, ref.params ?? {}));
      return;
    }
    this.beforeWrite?.();
    const folded = this.stderr.isTTY ? wrapCommand(command, this.width - 6, '      ') : command;
    this.stderr.write(`  ${this.c.dim(t(ref.key, { ...ref.params, command: composed(folded) }))}\n`);
  }

  heading(text: string): void {
    this.say();
    this.say(this.c.bold(text));
  }

  /** The one JSON document of `--json`. */
  jsonDoc(doc: unknown): void {
    this.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  }

  /**
   * Result text on stdout that must really arrive (a secret): resolves once
   * the write succeeded, rejects when stdout is closed or full.
   */
  resultAsync(text: string): Promise<void> {
    this.beforeWrite?.();
    return guardedWrite(() => this.stdout.writeAsync(`${text}\n`));
  }

  /** The JSON document, awaited like `resultAsync`. */
  jsonDocAsync(doc: unknown): Promise<void> {
    return this.resultAsync(JSON.stringify(doc, null, 2));
  }
}
