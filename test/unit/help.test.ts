/**
 * `--help` of every command of the table fits its width in English and in
 * Chinese, and wraps only between words (Chinese may break between
 * characters, never before a closing mark), tested in-process at 80 and at
 * 200 columns; it names the environment variable of every option it lists.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, GROUPS } from '../../src/program/table.js';
import { runProgram } from '../../src/program.js';
import { displayWidth } from '../../src/ui/width.js';

/** What the program writes to stdout, and the terminal it believes it writes to (0 columns: a pipe). */
const screen = vi.hoisted(() => ({ columns: 0, text: '' }));
vi.mock('../../src/ui/std.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/ui/std.js')>();
  const stdout = {
    get isTTY() {
      return screen.columns > 0;
    },
    get columns() {
      return screen.columns;
    },
    write(text: string) {
      screen.text += text;
    },
    async writeAsync(text: string) {
      screen.text += text;
    },
  };
  return { ...real, std: (fd: 1 | 2) => (fd === 1 ? stdout : real.std(fd)) };
});

afterEach(() => {
  screen.columns = 0;
  screen.text = '';
});

/** The program, each group and each command of the table. */
const ALL = [[], ...[...GROUPS, ...COMMANDS].map((c) => c.name.split(' '))];

/** The help text at a width: 0 is a pipe (laid out for 80 columns), a number a terminal. */
async function help(args: readonly string[], lang: string, columns = 0): Promise<string> {
  screen.columns = columns;
  screen.text = '';
  const code = await runProgram([...args, '--help', '--lang', lang], '0.0.0-test');
  expect(code).toBe(0);
  expect(screen.text).toMatch(/^(Usage|用法)/);
  return screen.text;
}

/** The Latin words of a text (runs of visible ASCII): the same set at any width when no word is broken. */
function words(text: string): string[] {
  return (text.replace(/ \\\n/g, '\n').match(/[\x21-\x7e]+/g) ?? []).sort();
}

const CLOSING = /^\s*[，。、；：）」』】！？]/;

describe.each(['en', 'zh-CN'])('--help in %s', (lang) => {
  it.each(ALL.map((c) => [c.join(' ') || '(root)', c]))('%s', async (_name, args) => {
    const narrow = await help(args, lang);
    for (const line of narrow.split('\n')) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(line, 'a line starts with a closing mark').not.toMatch(CLOSING);
    }
    const wide = await help(args, lang, 200);
    expect(words(narrow)).toEqual(words(wide));
  });

  it('a wide terminal gets wider lines (at most 120 columns)', async () => {
    const widths = (await help(['run'], lang, 200)).split('\n').map((l) => displayWidth(l));
    expect(Math.max(...widths)).toBeGreaterThan(80);
    expect(Math.max(...widths)).toBeLessThanOrEqual(120);
  });
});

describe('what help lists', () => {
  it.each(
    COMMANDS.map((c) => [c.name, c]),
  )('%s: every option it lists with its env var', async (_n, command) => {
    const text = await help(command.name.split(' '), 'en');
    for (const o of command.options) {
      const listed = !command.unlisted.has(o.long);
      const term = o.negation === 'only' ? `--no-${o.long}` : `--${o.long}`;
      if (!listed) {
        expect(text, term).not.toMatch(new RegExp(`^  (-\\w, )?${term}\\b`, 'm'));
        continue;
      }
      expect(text, term).toMatch(new RegExp(`^  (-\\w, )?${term}\\b`, 'm'));
      if (o.env) expect(text, term).toContain(o.env);
      if (o.negationHelp && o.negationEnv) expect(text).toContain(o.negationEnv);
    }
  });

  it('every command has an example naming it', async () => {
    for (const command of COMMANDS) {
      const text = await help(command.name.split(' '), 'en');
      expect(text).toMatch(new RegExp(`\\$ (.*\\| )?(\\w+=\\S+ )*onboard ${command.name}\\b`));
    }
  });
});
