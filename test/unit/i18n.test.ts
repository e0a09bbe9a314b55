/** The message catalogs, language detection, CJK-aware width and colour decisions. */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { enParts } from '../../src/i18n/en/parts.js';
import { detectLang, tEn } from '../../src/i18n/index.js';
import { zhCN } from '../../src/i18n/zh-CN/index.js';
import { decideColor } from '../../src/ui/output.js';
import { displayWidth, padEnd, stripAnsi, wrap, wrapCommand } from '../../src/ui/width.js';

const EN = en as Record<string, string>;
const ZH = zhCN as Record<string, string>;

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

describe('catalogs', () => {
  it('en and zh-CN have identical key sets', () => {
    const enKeys = Object.keys(EN).sort();
    const zhKeys = Object.keys(ZH).sort();
    expect(zhKeys.filter((k) => !Object.hasOwn(EN, k))).toEqual([]);
    expect(enKeys.filter((k) => !Object.hasOwn(ZH, k))).toEqual([]);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it('the catalog the CLI looks messages up in (its area files, in turn) is exactly en, no key in two areas', () => {
    const seen = new Map<string, string>();
    for (const part of enParts)
      for (const [k, v] of Object.entries(part)) {
        expect(seen.has(k), `${k} is in two area files`).toBe(false);
        seen.set(k, v);
      }
    expect(Object.fromEntries(seen)).toEqual(EN);
    expect(tEn('step.account')).toBe(EN['step.account']);
  });

  it('each key has the same {placeholders} in both languages', () => {
    const mismatched = Object.keys(EN).filter(
      (k) => JSON.stringify(placeholders(EN[k]!)) !== JSON.stringify(placeholders(ZH[k] ?? '')),
    );
    expect(
      mismatched.map((k) => `${k}: en ${placeholders(EN[k]!)} / zh ${placeholders(ZH[k] ?? '')}`),
    ).toEqual([]);
  });

  it('no value is empty', () => {
    for (const [k, v] of Object.entries(EN)) expect(v.trim().length, `en ${k}`).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(ZH)) expect(v.trim().length, `zh-CN ${k}`).toBeGreaterThan(0);
  });

  it('zh-CN values are Chinese for most keys', () => {
    const cjk = /[\u4e00-\u9fff]/;
    const keys = Object.keys(ZH);
    const chinese = keys.filter((k) => cjk.test(ZH[k]!));
    expect(chinese.length / keys.length).toBeGreaterThan(0.8);
    // A value identical to English is only acceptable when it has no words to translate.
    const copied = keys.filter(
      (k) =>
        ZH[k] === EN[k] && /[A-Za-z]{4,}\s+[A-Za-z]{4,}\s+[A-Za-z]{4,}/.test(EN[k]!.replace(/\{\w+\}/g, '')),
    );
    expect(copied).toEqual([]);
  });

  it('en values have no CJK', () => {
    for (const [k, v] of Object.entries(EN)) expect(/[\u4e00-\u9fff]/.test(v), k).toBe(false);
  });
});

describe('detectLang', () => {
  it('flag > ONBOARD_LANG > LC_ALL > LC_MESSAGES > LANG', () => {
    const env = {
      ONBOARD_LANG: 'zh-CN',
      LC_ALL: 'en_US.UTF-8',
      LC_MESSAGES: 'zh_CN.UTF-8',
      LANG: 'en_US.UTF-8',
    };
    expect(detectLang('en', env)).toBe('en');
    expect(detectLang(undefined, env)).toBe('zh-CN');
    expect(detectLang(undefined, { ...env, ONBOARD_LANG: undefined })).toBe('en');
    expect(detectLang(undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(detectLang(undefined, { LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(detectLang(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(detectLang('zh-CN', { LANG: 'en_US.UTF-8' })).toBe('zh-CN');
  });

  it('zh_CN.UTF-8 → zh-CN, fr_FR → en, nothing → en', () => {
    expect(detectLang(undefined, { LC_ALL: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(detectLang(undefined, { LC_ALL: 'fr_FR' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(detectLang(undefined, {})).toBe('en');
    expect(detectLang(undefined, { LANG: 'C' })).toBe('en');
  });

  it('empty variables are skipped', () => {
    expect(detectLang(undefined, { ONBOARD_LANG: '', LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
  });

  it('an invalid flag or ONBOARD_LANG gives an invalid object naming its source', () => {
    expect(detectLang('fr', {})).toEqual({ invalid: 'fr', source: '--lang' });
    expect(detectLang('klingon', { ONBOARD_LANG: 'zh-CN' })).toEqual({
      invalid: 'klingon',
      source: '--lang',
    });
    expect(detectLang(undefined, { ONBOARD_LANG: 'de' })).toEqual({ invalid: 'de', source: 'ONBOARD_LANG' });
  });

  it('accepts spellings of the two languages', () => {
    for (const v of ['zh-CN', 'zh_CN', 'zh', 'zh-cn', 'zh_CN.UTF-8'])
      expect(detectLang(v, {}), v).toBe('zh-CN');
    for (const v of ['en', 'en-US', 'en_GB']) expect(detectLang(v, {}), v).toBe('en');
  });
});

describe('display width and wrapping', () => {
  it('CJK takes two columns, ASCII one, ANSI none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('中a文b')).toBe(6);
    expect(displayWidth('\x1b[31m红色\x1b[39m')).toBe(4);
    expect(displayWidth('，。')).toBe(4);
    expect(displayWidth('é')).toBe(1);
    expect(padEnd('中文', 6)).toBe('中文  ');
    expect(displayWidth(padEnd('中a', 10))).toBe(10);
  });

  it('emoji and other graphemes take the columns a terminal gives them', () => {
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('✅')).toBe(2);
    // A family: five code points joined into one picture.
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('✔ done 🚀')).toBe(9);
    expect(padEnd('🚀', 4)).toBe('🚀  ');
  });

  it("property: every width is string-width's, also where it is worked out without loading it", () => {
    // Characters of every kind the fast path must recognise or leave to string-width.
    const char = fc.oneof(
      fc.constantFrom(...'aZ09 ~éßøΩжЯ中文字，。（）「」、ｶﾞﾟＡ　ぁゝ…—’“·–→✔✖⚠ℹ○◷©®™€¥½²\u00a0\u2028'),
      fc.constantFrom('🚀', '✅', '👨‍👩‍👧', '✔️', '⚠️', '1️⃣', '🇨🇳', '👍🏽', '☺', '\u2764\ufe0f'),
      fc.constantFrom('e\u0301', '\u0301', '\u200b', '\u200d', '\ufe0f', '\t', '\x7f', '\u0085', '\ue000'),
      fc.constantFrom('한', '\u1100\u1161', '\u1100', 'ก', 'ำ', 'क्ष', 'ि', 'ا', '\u0600', '\u0d4e', 'അ'),
      fc.integer({ min: 0x20, max: 0x2fff }).map((c) => String.fromCodePoint(c)),
      fc.integer({ min: 0x3000, max: 0x1faff }).map((c) => String.fromCodePoint(c)),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(displayWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('mixed Chinese and Latin: breaks between Chinese characters or at spaces, never inside a Latin word', () => {
    const text = '运行onboard status查看进度，然后用 --ram-save-to credentials:ci 保存密钥（只显示一次）。';
    for (const width of [16, 18, 20, 24, 30, 40]) {
      const lines = wrap(text, width).split('\n');
      for (const line of lines) expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      for (const word of ['onboard', 'status', '--ram-save-to', 'credentials:ci'])
        expect(
          lines.some((l) => l.includes(word)),
          `${width}: ${word}`,
        ).toBe(true);
      for (const [i, line] of lines.entries()) {
        expect(line, `${width}: a closing mark starts line ${i}`).not.toMatch(/^[，。）]/);
        expect(line, `${width}: an opening mark ends line ${i}`).not.toMatch(/（$/);
      }
      expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    }
    expect(wrap('运行onboard status查看', 12)).toBe('运行onboard\nstatus查看');
  });

  it('a closing mark stays with the character before it, an opening one with the one after', () => {
    expect(wrap('一二三四五，六七', 10)).toBe('一二三四\n五，六七');
    expect(wrap('一二三四（五）', 10)).toBe('一二三四\n（五）');
    expect(wrap('🚀🚀🚀👨‍👩‍👧🚀', 6)).toBe('🚀🚀🚀\n👨‍👩‍👧🚀');
  });

  it('wraps Chinese between characters', () => {
    const text = '这是一个很长的中文句子用来测试自动换行是否正确处理双宽字符';
    const lines = wrap(text, 20).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
    expect(lines.join('')).toBe(text);
  });

  it('drops leading indentation rather than push a word past the edge', () => {
    for (const line of wrap('   aaaaaaaa ', 10).split('\n'))
      expect(displayWidth(line)).toBeLessThanOrEqual(10);
  });

  it('property: mixed text never exceeds the width (when no single word is longer)', () => {
    const piece = fc.oneof(
      fc.constantFrom('中', '文', '字', '，', '。', '测', '试'),
      // Words are separated, so none is longer than the narrowest width.
      fc
        .stringMatching(/^[a-z]{1,8}$/)
        .map((w) => ` ${w} `),
      fc.constant(' '),
      fc.constantFrom('\x1b[1m', '\x1b[22m'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 80 }),
        fc.integer({ min: 10, max: 60 }),
        fc.constantFrom('', '  '),
        (pieces, width, indent) => {
          const text = pieces.join('');
          const out = wrap(text, width, indent);
          for (const line of out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          // Nothing but whitespace is lost.
          expect(stripAnsi(out).replace(/\s+/g, '')).toBe(stripAnsi(text).replace(/\s+/g, ''));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('decideColor', () => {
  it('FORCE_COLOR wins over NO_COLOR and --no-color', () => {
    expect(decideColor(false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(decideColor(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(decideColor(true, { FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('NO_COLOR and --no-color beat a terminal', () => {
    expect(decideColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(decideColor(false, {}, true)).toBe(false);
    expect(decideColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
  });

  it('otherwise colour follows the terminal', () => {
    expect(decideColor(undefined, {}, true)).toBe(true);
    expect(decideColor(undefined, {}, false)).toBe(false);
    expect(decideColor(undefined, { TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('wrap keeps indentation inside a colour', () => {
  it('a folded command line coloured line by line keeps its continuation indent', async () => {
    const { wrap } = await import('../../src/ui/width.js');
    const line = '\x1b[36m      --ram-user ops\x1b[39m';
    expect(wrap(line, 80, '  ')).toBe(line);
  });
});

describe('wrapCommand', () => {
  const cmd = "onboard --profile team --config-dir '/tmp/nu/my cfg' keys list --ram-user ops";
  it('folds with ` \\` continuations, never inside a quoted word, and pastes back as the same words', () => {
    const folded = wrapCommand(cmd, 40, '  ');
    for (const line of folded.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(folded).toContain("'/tmp/nu/my cfg'");
    expect(folded.replace(/ \\\n\s*/g, ' ')).toBe(cmd);
  });

  it('keeps an option with its value when the two fit on a line', () => {
    // 80 columns less the indent: `--ram-user` would still fit at the end of the first line.
    const folded = wrapCommand(cmd, 76, '      ');
    expect(folded.split('\n').some((l) => /--ram-user ops$/.test(l))).toBe(true);
    expect(folded).not.toMatch(/--ram-user \\\n/);
    // An option whose value is another option is left alone.
    expect(wrapCommand('onboard --no-interactive --email a@example.com', 200)).toBe(
      'onboard --no-interactive --email a@example.com',
    );
  });
});

describe('a value a person gave, quoted in a message', () => {
  it('is at most 80 characters, its middle left out; paths and commands stay whole', () => {
    const long = `${'a'.repeat(60)}${'b'.repeat(3000)}${'c'.repeat(40)}`;
    const text = tEn('delivery.target.unknown', { value: long });
    const quoted = /^"([^"]*)"/.exec(text)?.[1] ?? '';
    expect(Array.from(quoted)).toHaveLength(80);
    expect(quoted).toMatch(/^a+b*…b*c+$/);
    expect(quoted.endsWith('c'.repeat(27))).toBe(true);
    expect(tEn('delivery.target.unknown', { value: 'aws' })).toContain('"aws"');
    const path = `/${'d'.repeat(300)}/config.json`;
    expect(tEn('store.unreadable', { file: path, reason: 'EACCES' })).toContain(path);
  });

  it('never splits a character made of two UTF-16 units, and control characters are still escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 81, maxLength: 400 }), (value) => {
        const text = tEn('answers.unknownKey', { file: 'a.json', key: value, known: 'email' });
        const quoted = /key "(.*)"\. Known/s.exec(text)?.[1] ?? '';
        expect(quoted).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(quoted).not.toMatch(/\p{Cs}/u);
      }),
    );
  });
});
