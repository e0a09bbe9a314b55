/**
 * A small INI document for the shared credentials file of the official
 * Alibaba Cloud SDKs (`~/.alibabacloud/credentials`). It keeps every line it
 * does not change exactly as written — comments, blank lines, other sections,
 * key order, unknown keys, CRLF line ends — and changes one section at a time.
 *
 * The file is read by several parsers that disagree at the edges: npm `ini`
 * (Node SDK), Python's `configparser`, Go's `go-ini`, Java's `ini4j`. Parsing
 * here is the strict intersection: whatever one of them would reject or read
 * differently is a problem with a line number (a duplicate section, a key
 * outside any section, an indented line that configparser takes as a value's
 * continuation…), so that a file we write is read the same way everywhere.
 * What we write is narrower still (see `isSafeSectionName`, `isSafeValue`).
 */

/** Why a file was refused; stable codes, never the offending text (it may hold a secret). */
export type IniProblemReason =
  | 'controlCharacter'
  | 'badSectionHeader'
  | 'duplicateSection'
  | 'keyOutsideSection'
  | 'noDelimiter'
  | 'badKey'
  | 'duplicateKey'
  | 'continuationLine';

/** A parse failure: the 1-based line and a reason code. */
export interface IniProblem {
  line: number;
  reason: IniProblemReason;
}

/** One physical line as written: `text` without its line end; `eol` is '\n', '\r\n', or '' for a last line without one. */
interface Line {
  text: string;
  eol: string;
  kind: 'blank' | 'comment' | 'key' | 'header';
  /** For `key` lines: the key (trimmed, as written) and the value (trimmed). */
  key?: string;
  value?: string;
}

interface Section {
  name: string;
  header: Line;
  body: Line[];
}

import { isSafeSectionName } from './spec.js';

/** Keys we write: lower-case words (configparser lower-cases keys; the others keep case). */
export function isSafeKey(key: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(key);
}

/**
 * Values we write: no `%` (configparser interpolation), no `;`/`#` (inline
 * comments for npm `ini` and go-ini), no quotes (npm `ini` strips them), no
 * spaces, backslashes, brackets or control characters.
 */
export function isSafeValue(value: string): boolean {
  return /^[A-Za-z0-9_.+/=:@,-]{1,1024}$/.test(value);
}

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function keyLine(key: string, value: string, eol: string): Line {
  return { text: `${key} = ${value}`, eol, kind: 'key', key, value };
}

/** An editable INI document. Create it with `IniDocument.parse`. */
export class IniDocument {
  private constructor(
    /** Lines before the first section: only blanks and comments. */
    private readonly preamble: Line[],
    private readonly sections: Section[],
    /** The file's line end, used for lines we add. */
    private readonly eol: string,
    /** The file starts with a UTF-8 byte-order mark (an editor's choice): kept as it was. */
    private readonly bom: boolean,
  ) {}

  /** Parses `text` (an empty string is an empty document; a leading byte-order mark is kept aside). */
  static parse(source: string): { doc: IniDocument } | { problem: IniProblem } {
    const bom = source.startsWith('\uFEFF');
    const text = bom ? source.slice(1) : source;
    const preamble: Line[] = [];
    const sections: Section[] = [];
    const names = new Set<string>();
    let current: Section | undefined;
    let keys = new Set<string>();
    let keyIndent: number | undefined;
    let eol: string | undefined;
    const raw = text.split('\n');
    // "a\n" splits into ["a", ""]: the empty tail is not a line.
    if (raw.at(-1) === '') raw.pop();
    for (let i = 0; i < raw.length; i++) {
      const lineNo = i + 1;
      let body = raw[i]!;
      let lineEol = i < raw.length - 1 || text.endsWith('\n') ? '\n' : '';
      if (lineEol === '\n' && body.endsWith('\r')) {
        body = body.slice(0, -1);
        lineEol = '\r\n';
      }
      if (lineEol !== '' && eol === undefined) eol = lineEol;
      if (CONTROL.test(body)) return { problem: { line: lineNo, reason: 'controlCharacter' } };
      const trimmed = body.trim();
      let line: Line;
      if (trimmed === '') {
        line = { text: body, eol: lineEol, kind: 'blank' };
      } else if (trimmed.startsWith('#') || trimmed.startsWith(';')) {
        line = { text: body, eol: lineEol, kind: 'comment' };
      } else if (trimmed.startsWith('[')) {
        // Exactly `[name]`: npm `ini` does not trim header lines, and trims names where configparser does not.
        const match = /^\[([^[\]]+)\]$/.exec(body);
        const name = match?.[1];
        if (name === undefined || name !== name.trim()) {
          return { problem: { line: lineNo, reason: 'badSectionHeader' } };
        }
        if (names.has(name)) return { problem: { line: lineNo, reason: 'duplicateSection' } };
        names.add(name);
        current = { name, header: { text: body, eol: lineEol, kind: 'header' }, body: [] };
        sections.push(current);
        keys = new Set();
        keyIndent = undefined;
        continue;
      } else {
        if (current === undefined) return { problem: { line: lineNo, reason: 'keyOutsideSection' } };
        const eq = body.indexOf('=');
        if (eq < 0) return { problem: { line: lineNo, reason: 'noDelimiter' } };
        const rawKey = body.slice(0, eq);
        const key = rawKey.trim();
        // configparser and go-ini also split at ':'; a key holding one is read differently.
        if (key === '' || /[:[\]]/.test(key)) return { problem: { line: lineNo, reason: 'badKey' } };
        const indent = rawKey.length - rawKey.trimStart().length;
        // configparser reads a line indented deeper than the key before it as that value's continuation.
        if (keyIndent !== undefined && indent > keyIndent) {
          return { problem: { line: lineNo, reason: 'continuationLine' } };
        }
        keyIndent = indent;
        // configparser compares keys case-insensitively and refuses a repeated one.
        const folded = key.toLowerCase();
        if (keys.has(folded)) return { problem: { line: lineNo, reason: 'duplicateKey' } };
        keys.add(folded);
        line = { text: body, eol: lineEol, kind: 'key', key, value: body.slice(eq + 1).trim() };
      }
      if (current === undefined) preamble.push(line);
      else current.body.push(line);
    }
    return { doc: new IniDocument(preamble, sections, eol ?? '\n', bom) };
  }

  /** Section names in file order. */
  sectionNames(): string[] {
    return this.sections.map((s) => s.name);
  }

  /** Whether a section of exactly this name exists. */
  hasSection(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /**
   * A section's keys and values, keys lower-cased (as configparser reads
   * them), or undefined when there is no such section.
   */
  getSection(name: string): ReadonlyMap<string, string> | undefined {
    const section = this.find(name);
    if (section === undefined) return undefined;
    const map = new Map<string, string>();
    for (const line of section.body) {
      if (line.kind === 'key') map.set(line.key!.toLowerCase(), line.value!);
    }
    return map;
  }

  /**
   * Makes the section `name` hold exactly `entries`, where it stands: a key
   * already present keeps its line (with the new value), other keys of the
   * section are removed, missing ones follow the last key. Comments and blank
   * lines inside the section stay.
   *
   * @throws Error when the section does not exist or a name, key or value is not safe to write.
   */
  replaceSection(name: string, entries: ReadonlyArray<readonly [string, string]>): void {
    const section = this.find(name);
    if (section === undefined) throw new Error('no such section');
    const wanted = checkedEntries(entries);
    const body: Line[] = [];
    let afterLastKey = 0;
    for (const line of section.body) {
      if (line.kind === 'key') {
        const folded = line.key!.toLowerCase();
        const value = wanted.get(folded);
        if (value === undefined) continue;
        body.push(keyLine(folded, value, line.eol));
        wanted.delete(folded);
        afterLastKey = body.length;
      } else {
        body.push(line);
      }
    }
    const added = [...wanted].map(([key, value]) => keyLine(key, value, this.eol));
    body.splice(afterLastKey, 0, ...added);
    section.body = body;
  }

  /**
   * Adds the section at the end of the file, after a blank line.
   *
   * @throws Error when the section exists already or a name, key or value is not safe to write.
   */
  addSection(name: string, entries: ReadonlyArray<readonly [string, string]>): void {
    if (this.hasSection(name)) throw new Error('section exists');
    if (!isSafeSectionName(name)) throw new Error('unsafe section name');
    const wanted = checkedEntries(entries);
    const last = this.lastLine();
    // A header right after the byte-order mark is unreadable to npm `ini` (the Node SDK): the line
    // reads as `\uFEFF[name]`. So a section added to a file holding only the mark starts a line below.
    const separator: Line[] =
      (last !== undefined && last.kind !== 'blank') || (last === undefined && this.bom)
        ? [blank(this.eol)]
        : [];
    const target = this.sections.at(-1)?.body ?? this.preamble;
    target.push(...separator);
    this.sections.push({
      name,
      header: { text: `[${name}]`, eol: this.eol, kind: 'header' },
      body: [...wanted].map(([key, value]) => keyLine(key, value, this.eol)),
    });
  }

  /** `replaceSection` when the section exists, else `addSection`. */
  setSection(name: string, entries: ReadonlyArray<readonly [string, string]>): void {
    if (this.hasSection(name)) this.replaceSection(name, entries);
    else this.addSection(name, entries);
  }

  /**
   * Removes the section's header and its lines up to its last key. Comments
   * and blanks after the last key stay (they usually introduce the next
   * section); a blank line left doubled by the removal is dropped, so that
   * removing a section added by `addSection` gives back the original text.
   *
   * @returns whether there was such a section.
   */
  removeSection(name: string): boolean {
    const index = this.sections.findIndex((s) => s.name === name);
    if (index < 0) return false;
    const section = this.sections[index]!;
    let lastKey = -1;
    section.body.forEach((line, i) => {
      if (line.kind === 'key') lastKey = i;
    });
    const rest = section.body.slice(lastKey + 1);
    const before = index === 0 ? this.preamble : this.sections[index - 1]!.body;
    this.sections.splice(index, 1);
    const next = rest[0] ?? (index < this.sections.length ? this.sections[index]!.header : undefined);
    if (before.at(-1)?.kind === 'blank' && (next === undefined || next.kind === 'blank')) before.pop();
    before.push(...rest);
    return true;
  }

  /** The document as text; lines we did not touch come back byte for byte (the byte-order mark too). */
  toString(): string {
    const lines = this.allLines();
    const body = lines
      .map((line, i) => line.text + (line.eol === '' && i < lines.length - 1 ? this.eol : line.eol))
      .join('');
    return this.bom ? `\uFEFF${body}` : body;
  }

  private find(name: string): Section | undefined {
    return this.sections.find((s) => s.name === name);
  }

  private allLines(): Line[] {
    const lines = [...this.preamble];
    for (const s of this.sections) lines.push(s.header, ...s.body);
    return lines;
  }

  private lastLine(): Line | undefined {
    return this.allLines().at(-1);
  }
}

function blank(eol: string): Line {
  return { text: '', eol, kind: 'blank' };
}

function checkedEntries(entries: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of entries) {
    if (!isSafeKey(key) || map.has(key)) throw new Error('unsafe or repeated key');
    // Never put the value in the message: it is usually a secret.
    if (!isSafeValue(value)) throw new Error(`unsafe value for ${key}`);
    map.set(key, value);
  }
  return map;
}
