/**
 * `onboard exit-codes`, the README and SPEC §6 list the same codes with the
 * same words (markdown's backticks aside).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/errors.js';
import { onboard, ROOT, workspaces } from '../helpers/cli.js';

const setup = workspaces('exit-codes');

/** The `| code | meaning |` rows of the markdown table under a heading. */
function table(markdown: string, heading: RegExp): Record<string, string> {
  const at = markdown.search(heading);
  expect(at, String(heading)).toBeGreaterThanOrEqual(0);
  const rows: Record<string, string> = {};
  for (const line of markdown.slice(at).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const m = /^\|\s*(\d+)\s*\|\s*(.+?)\s*\|$/.exec(line);
    if (m?.[1] && m[2]) rows[m[1]] = m[2].replaceAll('`', '');
  }
  return rows;
}

describe('exit codes', () => {
  it('onboard exit-codes lists every code the CLI uses, as the README does', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['exit-codes', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const listed: Record<string, string> = JSON.parse(r.stdout).exitCodes;
    expect(Object.keys(listed).map(Number)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
    expect(listed).toEqual(table(readFileSync(join(ROOT, 'README.md'), 'utf8'), /^## Exit codes/m));
    const human = onboard(cfg, ['exit-codes'], { cwd: dir });
    expect(human.stdout).toMatch(/^\s+143\s+terminated \(SIGTERM\)/m);
  });

  const spec = join(ROOT, '..', 'shared', 'SPEC.md');
  it.runIf(existsSync(spec))('the README and SPEC §6 say the same', () => {
    const readme = table(readFileSync(join(ROOT, 'README.md'), 'utf8'), /^## Exit codes/m);
    expect(readme).toEqual(table(readFileSync(spec, 'utf8'), /^## 6\. Exit codes/m));
  });
});
