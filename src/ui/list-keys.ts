/**
 * The keys a list prompt is given. Inquirer's `select` reads a key it does
 * not navigate with as typing, to find a choice by its first letters; a key
 * that types nothing (Esc, ←, →, Home, End, Page Up, F1…) searches for the
 * empty text, which every choice starts with, so the highlight jumped to the
 * first choice. A list prompt reads the terminal through this filter instead:
 * those keys are dropped before the prompt sees them; ↑ and ↓ (also with a
 * modifier), Enter, digits, letters, Backspace and Ctrl-C pass on unchanged.
 */
import { Transform } from 'node:stream';

// One escape sequence: CSI (`ESC [ … final`), SS3 (`ESC O x`), or ESC alone (Esc, or Alt's prefix).
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|O[\x20-\x7e]|(?![[O]))/g;
// ↑ and ↓, which the prompt moves with: `ESC [ A`, `ESC [ 1 ; 2 B`, `ESC O A`.
const ARROW = /^\x1b(?:\[[0-9;]*|O)[AB]$/;

/** A terminal's input without the keys that would move a list prompt's highlight by accident. */
export function withoutStrayKeys(text: string): string {
  return text.replace(ESCAPE, (sequence) => (ARROW.test(sequence) ? sequence : ''));
}

export interface ListInput {
  /** What the prompt reads: the terminal's keys, filtered; raw mode is set on the terminal. */
  readonly input: NodeJS.ReadableStream;
  /** Stops reading the terminal (call once the prompt is answered). */
  close(): void;
}

/** The terminal `source` as a list prompt's input. */
export function listInput(source: NodeJS.ReadStream): ListInput {
  const filter = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      // Escape sequences are ASCII; latin1 keeps every other byte (UTF-8 included) as it is.
      const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
      const kept = withoutStrayKeys(text);
      done(null, kept === '' ? undefined : Buffer.from(kept, 'latin1'));
    },
  });
  // What readline asks of a terminal it reads: whether it is one, and its raw mode.
  const terminal = Object.defineProperties(filter, {
    isTTY: { value: source.isTTY },
    isRaw: { get: () => source.isRaw },
    setRawMode: {
      value: (mode: boolean) => {
        source.setRawMode?.(mode);
        return terminal;
      },
    },
  });
  source.pipe(filter);
  return {
    input: terminal,
    close() {
      source.unpipe(filter);
      // As readline leaves it: not read any more, so the process can end.
      source.pause();
      filter.destroy();
    },
  };
}
