/**
 * Where text goes and how it looks. stdout carries results only; everything
 * a person reads along the way (progress, warnings, errors, prompts) goes to
 * stderr. Each stream has its own look, decided once: colour (FORCE_COLOR
 * wins, then NO_COLOR or --no-color, then whether THAT stream is a terminal)
 * and wrapping (to the terminal's width; never in a file or a pipe). So
 * `onboard keys list > f` is plain text even when stderr is a terminal.
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

/** How text looks on one stream. */
export interface Look {
  /** Its styles: plain unless colour is on for this stream. */
  readonly c: Styles;
  /** The width to wrap to: the terminal's; 0 when the stream is not a terminal (never wrapped). */
  readonly width: number;
}

/** A terminal's width for wrapping (80 when it reports none); 0 for a file or a pipe. */
function widthOf(w: StdWriter): number {
  if (!w.isTTY) return 0;
  return w.columns >= 20 ? w.columns : 80;
}

/** Text wrapped to a look's width, or as it is where nothing is wrapped. */
export function fitTo(look: Pick<Look, 'width'>, text: string, indent = ''): string {
  return look.width > 0 ? wrap(text, look.width, indent) : text;
}

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
  /** Colour on stderr, the stream people read along the way. */
  readonly color: boolean;
  /** Colour on stdout, the results. */
  readonly resultColor: boolean;
  /** stderr's styles; plain until `loadStyles()` (chalk is loaded only when colour is on). */
  c: Styles = PLAIN;
  /** stdout's styles; plain until `loadStyles()`. */
  rc: Styles = PLAIN;
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
    this.resultColor = decideColor(o.colorFlag, o.env, this.stdout.isTTY);
    this.interactive = o.interactive;
    this.json = o.json;
  }

  /** Loads chalk when colour is on for either stream (scripts and --json never pay for it). */
  async loadStyles(): Promise<this> {
    if (this.color || this.resultColor) {
      const { Chalk } = await import('chalk');
      const chalk = new Chalk({ level: 1 });
      if (this.color) this.c = chalk;
      if (this.resultColor) this.rc = chalk;
    }
    return this;
  }

  /** stderr's width for wrapping: the terminal's; 0 when it is not a terminal (nothing is wrapped). */
  get width(): number {
    return widthOf(this.stderr);
  }

  /** How text looks on stderr (`say`, prompts' neighbours, the progress). */
  get sayLook(): Look {
    return { c: this.c, width: this.width };
  }

  /** How text looks on stdout (`result`): plain and unwrapped in a file or a pipe. */
  get resultLook(): Look {
    return { c: this.rc, width: widthOf(this.stdout) };
  }

  /** A result line on stdout. */
  result(text = ''): void {
    this.beforeWrite?.();
    this.stdout.write(`${text}\n`);
  }

  /** A line for people on stderr, wrapped to the terminal (in a log, one line). */
  say(text = '', indent = '  '): void {
    this.beforeWrite?.();
    this.stderr.write(`${fitTo(this.sayLook, text, indent)}\n`);
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

  /**
   * A command to copy, on lines of its own; on a terminal folded with `\`
   * continuations so it still pastes as one, in a log on one line.
   */
  command(text: string, indent = '    '): void {
    this.beforeWrite?.();
    const folded =
      this.width > 0 ? wrapCommand(text, this.width - displayWidth(indent), `${indent}  `) : text;
    this.stderr.write(`${indent}${this.c.cyan(folded)}\n`);
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
    const folded = this.width > 0 ? wrapCommand(command, this.width - 6, '      ') : command;
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
