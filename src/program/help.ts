/**
 * Where help and the version go: stdout, as text or, with `--json`, as the
 * one JSON document (SPEC §2); and the width help is laid out for.
 */
import { std } from '../ui/std.js';

/** A terminal's width (at most 120), else 80. */
export function helpWidth(): number {
  const cols = std(1).columns;
  return cols >= 40 ? Math.min(cols, 120) : 80;
}

/** Help and the version go to stdout; with --json as the one JSON document (SPEC §2). */
export function show(what: 'help' | 'version', text: string, argv: readonly string[]): void {
  if (!argv.includes('--json')) {
    std(1).write(what === 'version' ? `${text}\n` : text);
    return;
  }
  const doc = { schemaVersion: 1, ok: true, [what]: text.trimEnd() };
  std(1).write(`${JSON.stringify(doc, null, 2)}\n`);
}
