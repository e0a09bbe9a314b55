/**
 * Vitest's global setup: a folder for the temp dirs no test removes itself (a test process's
 * temporary HOME, the scripts of the official clients, a shell's bin folder), removed with all
 * it holds when the run ends. Vitest ends its test processes without their `exit` handlers, so
 * such dirs were left in the machine's temp dir after every run. Named by TEST_TEMP_ROOT, which
 * the test processes inherit; {@link runTempDir} makes a dir there (in the temp dir without it).
 * Workspaces stay where they were: their paths are shown on screens whose layout tests measure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VARIABLE = 'TEST_TEMP_ROOT';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'onboard-tests-'));
  process.env[VARIABLE] = root;
  return () => rmSync(root, { recursive: true, force: true });
}

/** A new temp dir in this run's folder (see above), removed when the run ends. */
export function runTempDir(prefix: string): string {
  return mkdtempSync(join(process.env[VARIABLE] ?? tmpdir(), prefix));
}
