/**
 * `--help` of every command fits its width in English and in Chinese, and
 * wraps only between words (Chinese may break between characters, never
 * before a closing mark), tested in-process at 80 and at 200 columns.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runProgram } from '../../src/program.js';
import { displayWidth } from '../../src/ui/width.js';

const COMMANDS = [
  [],
  ['run'],
  ['status'],
  ['profiles'],
  ['keys'],
  ['keys', 'list'],
  ['keys', 'create'],
  ['keys', 'disable'],
  ['keys', 'enable'],
  ['keys', 'delete'],
  ['reset'],
  ['sim'],
  ['sim', 'inbox'],
  ['sim', 'approve'],
  ['sim', 'reset'],
  ['schema'],
  ['exit-codes'],
];

const stdout = process.stdout;
const saved = { isTTY: stdout.isTTY, columns: stdout.columns };
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(stdout, saved);
});

/** The help text at a width: `undefined` is a pipe (80, commander's default), a number a terminal. */
async function help(args: string[], lang: string, columns?: number): Promise<string> {
  Object.assign(stdout, { isTTY: columns !== undefined, columns: columns ?? saved.columns });
  let text = '';
  vi.spyOn(stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  const code = await runProgram([...args, '--help', '--lang', lang], '0.0.0-test');
  vi.restoreAllMocks();
  expect(code).toBe(0);
  return text;
}

/** The Latin words of a text (runs of visible ASCII): the same set at any width when no word is broken. */
function words(text: string): string[] {
  return (text.replace(/ \\\n/g, '\n').match(/[\x21-\x7e]+/g) ?? []).sort();
}

const CLOSING = /^\s*[，。、；：）」』】！？]/;

describe.each(['en', 'zh-CN'])('--help in %s', (lang) => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(root)', c]))('%s', async (_name, args) => {
    const narrow = await help(args as string[], lang);
    for (const line of narrow.split('\n')) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(line, 'a line starts with a closing mark').not.toMatch(CLOSING);
    }
    const wide = await help(args as string[], lang, 200);
    expect(words(narrow)).toEqual(words(wide));
  });
});

describe('the parser', () => {
  it('knows every option that takes a value (so a value is never taken for the command word)', async () => {
    const { COMMANDS, valueOptions } = await import('../../src/program.js');
    const fromCommands = new Set(
      COMMANDS.flatMap((c) =>
        c
          .options()
          .filter((o) => o.arg)
          .map((o) => `--${o.long}`),
      ),
    );
    expect([...valueOptions()].sort()).toEqual([...fromCommands].sort());
  });
});
