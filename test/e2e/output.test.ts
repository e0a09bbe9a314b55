import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { journeyArgs, onboard, PASSWORD, removeDir, tempDir } from '../helpers/cli.js';

let dir: string;
let cfg: string;
let journey: ReturnType<typeof onboard>;
beforeAll(() => {
  dir = tempDir('onboard-e2e-output-');
  cfg = join(dir, 'cfg');
  journey = onboard(cfg, journeyArgs(dir, ['--high-end']), {
    input: `${PASSWORD}\n`,
    env: { NO_COLOR: '1' },
    cwd: dir,
  });
  expect(journey.code, journey.stderr).toBe(0);
});
afterAll(() => removeDir(dir));

const ESC = '\x1b[';
function width(line: string): number {
  let w = 0;
  for (const ch of line.replace(/\x1b\[[0-9;]*m/g, '')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200b)
      continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}
/** The structure of a JSON value: keys and types, not human text. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

describe('colour', () => {
  it('NO_COLOR and a non-TTY give no escapes', () => {
    expect(journey.stdout).not.toContain(ESC);
    expect(journey.stderr).not.toContain(ESC);
    const st = onboard(cfg, ['status'], { env: { NO_COLOR: '1' }, cwd: dir });
    expect(st.stdout + st.stderr).not.toContain(ESC);
    const plain = onboard(cfg, ['status'], { cwd: dir });
    expect(plain.stdout + plain.stderr).not.toContain(ESC);
  });
  it('FORCE_COLOR=1 styles stderr', () => {
    const r = onboard(cfg, journeyArgs(dir, ['--high-end']), {
      input: `${PASSWORD}\n`,
      env: { FORCE_COLOR: '1' },
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(ESC);
  });
  it('--json never carries escapes, even with FORCE_COLOR', () => {
    const r = onboard(cfg, ['status', '--json'], { env: { FORCE_COLOR: '1' }, cwd: dir });
    expect(r.stdout).not.toContain(ESC);
    JSON.parse(r.stdout);
  });
});

describe('language', () => {
  const CJK = /[\u4e00-\u9fff]/;
  it('--lang zh-CN and LANG=zh_CN.UTF-8 speak Chinese; --json stays the same structure', () => {
    const en = onboard(cfg, ['status'], { cwd: dir });
    expect(en.stdout).not.toMatch(CJK);
    const zh1 = onboard(cfg, ['status', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh1.code).toBe(0);
    expect(zh1.stdout).toMatch(CJK);
    const zh2 = onboard(cfg, ['status'], { env: { LANG: 'zh_CN.UTF-8' }, cwd: dir });
    expect(zh2.code).toBe(0);
    expect(zh2.stdout).toMatch(CJK);

    const jEn = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir }).stdout);
    const jZh = JSON.parse(onboard(cfg, ['status', '--json', '--lang', 'zh-CN'], { cwd: dir }).stdout);
    expect(shape(jZh)).toEqual(shape(jEn));
    expect(jZh.status).toBe(jEn.status);
    expect(jZh.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual(
      jEn.steps.map((s: { id: string; status: string }) => [s.id, s.status]),
    );
  });

  it('status into a pipe is not wrapped: one line per step (en and zh-CN; on a terminal it fits, see test/pty/fit.test.ts)', () => {
    for (const extra of [[], ['--lang', 'zh-CN']]) {
      const r = onboard(cfg, ['status', ...extra], { cwd: dir });
      const lines = r.stdout.split('\n');
      const steps = lines.slice(1, lines.indexOf(''));
      expect(steps).toHaveLength(STEP_IDS.length);
      for (const line of steps) expect(line).toMatch(/^ {2}\S.*\S {2,}[✔○◷✖–·] \S/);
      expect(Math.max(...lines.map(width))).toBeGreaterThan(80);
    }
  });
});
