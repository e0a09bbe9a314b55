/**
 * Display width of text in a terminal, and wrapping by it. Widths are
 * string-width's (Unicode's East Asian Width and emoji data, grapheme by
 * grapheme): 中, ， and 🚀 take two columns, a family emoji two, a combining
 * mark or an ANSI escape none. On top of it, this project's rule for where a
 * line may break (see {@link wrap}).
 */
import { eastAsianWidth } from 'get-east-asian-width';
import type stringWidthFunction from 'string-width';
import stripAnsiFunction from 'strip-ansi';

/** Text without its ANSI escapes. */
export function stripAnsi(text: string): string {
  return stripAnsiFunction(text);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Text in which each character is a grapheme of its own and none is an emoji,
 * so that string-width's answer is the sum of each character's East Asian
 * Width (its own rule for such text, from its own data): scripts that never
 * combine characters (Korean's jamo do, hence no Hangul), without marks,
 * controls, format or unassigned characters, nor anything shown as an emoji
 * by default (✔ and ⚠ are text; 🚀 is not). A test checks both agree.
 */
const SINGLE_SCRIPTS = String.raw`^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]*$`;
const NOT_SINGLE = String.raw`[\p{M}\p{C}\p{Emoji_Presentation}\p{Default_Ignorable_Code_Point}]`;
/**
 * Made on first use, from strings: V8 checks a regular expression literal
 * when it compiles the bundle, even in a function never called, and these
 * Unicode sets cost every start (most never measure text) close to a millisecond.
 */
let simple: { single: RegExp; notSingle: RegExp } | undefined;

function isSimple(text: string): boolean {
  simple ??= { single: new RegExp(SINGLE_SCRIPTS, 'u'), notSingle: new RegExp(NOT_SINGLE, 'u') };
  return simple.single.test(text) && !simple.notSingle.test(text);
}

let stringWidth: typeof stringWidthFunction | undefined;

/** Columns `text` takes in a terminal (escapes excluded). */
export function displayWidth(text: string): number {
  const plain = stripAnsi(text);
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  if (isSimple(plain)) {
    let width = 0;
    for (const char of plain) width += eastAsianWidth(char.codePointAt(0) ?? 0, { ambiguousAsWide: false });
    return width;
  }
  // string-width itself only for what needs it (emoji, combining marks, other scripts):
  // building its emoji and grapheme data costs a start some 50 ms. A `require`, not an
  // `import`, is what lets the bundle evaluate it on first use.
  stringWidth ??= (require('string-width') as typeof import('string-width')).default;
  return stringWidth(plain);
}

/** Pads to a display width (CJK-aware). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * A shell command folded to a width with `\` line continuations, so that it
 * still pastes as one command. Breaks only between words (quoted words, with
 * their spaces, stay whole), and not between an option and its value when the
 * two fit on a line; continuation lines get `indent`.
 */
export function wrapCommand(command: string, width: number, indent = '    '): string {
  const words = command.match(/(?:'[^']*'|[^\s'])+/g) ?? [command];
  const lines: string[] = [];
  let line = '';
  const limit = () => width - 2 - (lines.length === 0 ? 0 : displayWidth(indent));
  const add = (piece: string) => {
    const candidate = line === '' ? piece : `${line} ${piece}`;
    if (line !== '' && displayWidth(candidate) > limit()) {
      lines.push(line);
      line = piece;
    } else line = candidate;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    // An option and its value stay on one line (`--ram-user ops`), when they fit on one.
    const pair = word.startsWith('--') && !word.includes('=') && next !== undefined && !next.startsWith('-');
    if (pair && displayWidth(`${word} ${next}`) <= width - 2 - displayWidth(indent)) {
      add(`${word} ${next}`);
      i++;
    } else add(word);
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join(' \\\n');
}

// A closing mark (，。）」…) never starts a line; an opening one (（「“…) never ends one.
const OPENING = new Set('\uff08\u300c\u300e\u3010\u300a\u3008\u201c\u2018');
const CLOSING = new Set(
  '\uff09\u300d\u300f\u3011\u300b\u3009\u201d\u2019\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f',
);
/** Colour changes (the only escapes in our text), and runs of white space. */
const SEPARATORS = /(\x1b\[[0-9;]*m|\s+)/;
const COLOUR = /^\x1b\[[0-9;]*m$/;

let segmenter: Intl.Segmenter | undefined;

/** The graphemes of `text`; where each character is one (see isSimple), without a segmenter (~12 ms to make). */
function graphemes(text: string): Iterable<string> {
  if (isSimple(text)) return text;
  segmenter ??= new Intl.Segmenter();
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * The pieces lines are made of: runs of white space, colour changes, and
 * words. Two words meet without a space only where a double-width character
 * (Chinese, Japanese, Korean, an emoji) is on either side, so a line may break
 * there — never inside a run of narrow letters (a Latin word, a number, a
 * path), never before a closing mark nor after an opening one. Characters are
 * whole graphemes: an emoji sequence or a letter with its accents never splits.
 */
function pieces(text: string): string[] {
  const out: string[] = [];
  let word = '';
  // What the word so far ends with, to decide whether a break may follow it.
  let last: 'narrow' | 'wide' | 'opening' = 'narrow';
  const end = () => {
    if (word !== '') out.push(word);
    word = '';
  };
  for (const part of text.split(SEPARATORS)) {
    if (part === '') continue;
    if (/^\s/.test(part)) {
      end();
      out.push(part);
    } else if (COLOUR.test(part)) {
      // Inside a word it stays there (a word never breaks at a colour change); before one, it stands alone.
      if (word === '') out.push(part);
      else word += part;
    } else if (PRINTABLE_ASCII.test(part)) {
      // All narrow, no marks: one run (the common case).
      if (last === 'wide') end();
      word += part;
      last = 'narrow';
    } else {
      for (const segment of graphemes(part)) {
        const wide = displayWidth(segment) > 1;
        if ((wide || last === 'wide') && last !== 'opening' && !CLOSING.has(segment)) end();
        word += segment;
        last = OPENING.has(segment) ? 'opening' : wide ? 'wide' : 'narrow';
      }
    }
  }
  end();
  return out;
}

/**
 * Wraps to a width, breaking at spaces, or between double-width characters
 * (never before a closing mark or after an opening one; see `pieces`);
 * continuation lines get `indent`. Escape sequences never count or split. A
 * word longer than the line is left whole (a URL or a path still copies).
 */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    // Keep a paragraph's own indentation (also inside a colour: chalk colours each line); wrapped lines get `indent`.
    const lead = /^(?:\s|\x1b\[[0-9;]*m)*/.exec(paragraph)?.[0] ?? '';
    let line = lead;
    let prefixWidth = displayWidth(lead);
    let lineWidth = prefixWidth;
    // Spaces between words: written only when the next word stays on the same line.
    let space = '';
    for (const token of pieces(paragraph.slice(lead.length))) {
      if (/^\s+$/.test(token)) {
        if (lineWidth > prefixWidth) space = token;
        continue;
      }
      if (COLOUR.test(token)) {
        // A colour change: no width, and the pending space stays pending.
        line += token;
        continue;
      }
      const w = displayWidth(token);
      const gap = displayWidth(space);
      if (lineWidth > prefixWidth && lineWidth + gap + w > width) {
        out.push(line.trimEnd());
        line = indent;
        prefixWidth = displayWidth(indent);
        lineWidth = prefixWidth;
      } else if (space) {
        line += space;
        lineWidth += gap;
      }
      space = '';
      if (
        lineWidth === prefixWidth &&
        prefixWidth > 0 &&
        lineWidth + w > width &&
        stripAnsi(line).trim() === ''
      ) {
        // The indentation alone would push this word past the edge: give it up for this line.
        line = line.replace(/[ \t]+/g, '');
        lineWidth = 0;
        prefixWidth = 0;
      }
      line += token;
      lineWidth += w;
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}
