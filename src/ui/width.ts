/**
 * Display width of text in a terminal: East Asian wide and full-width
 * characters take two columns, combining marks and ANSI escapes none. Enough
 * to align and wrap Chinese and English correctly without a dependency.
 */
const ANSI = /\x1b\[[0-9;]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f))
      continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
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

// Where wrapped text may break: at spaces, and between CJK characters, except that a
// closing mark (，。）」…) never starts a line and an opening one (（「…) never ends one.
const CJK = '\u2e80-\u9fff\uac00-\ud7a3\uff00-\uffef';
const OPENING = '\uff08\u300c\u300e\u3010\u300a\u3008\u201c\u2018';
const CLOSING = '\uff09\u300d\u300f\u3011\u300b\u3009\u201d\u2019\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f';
const TOKENS = new RegExp(
  `\\x1b\\[[0-9;]*m|[${OPENING}]*(?:[${CJK}]|[^\\s${CJK}\\x1b]+)[${CLOSING}]*|\\s+`,
  'g',
);

/**
 * Wraps to a width, breaking at spaces, or between CJK characters (never
 * before a closing mark or after an opening one); continuation lines get
 * `indent`. Escape sequences never count or split.
 */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    // Keep a paragraph's own indentation (also inside a colour: chalk colours each line); wrapped lines get `indent`.
    const lead = /^(?:\s|\x1b\[[0-9;]*m)*/.exec(paragraph)?.[0] ?? '';
    let line = lead;
    let prefixWidth = displayWidth(lead);
    let lineWidth = prefixWidth;
    const tokens = paragraph.slice(lead.length).match(TOKENS) ?? [];
    // Spaces between words: written only when the next word stays on the same line.
    let space = '';
    for (const token of tokens) {
      const w = displayWidth(token);
      if (/^\s+$/.test(token)) {
        if (lineWidth > prefixWidth) space = token;
        continue;
      }
      if (stripAnsi(token).length === 0) {
        // A colour change: no width, and the pending space stays pending.
        line += token;
        continue;
      }
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
