/**
 * Child-process entry: stdout is a pipe left non-blocking (as another program
 * sharing it may leave it; here Node's own stream, created first, does so) and
 * the reader is slow, so synchronous writes meet EAGAIN. Writes `LINES`
 * numbered lines with `std(1).write`, then one with `writeAsync`, which must
 * all arrive, whole and in order.
 */
import { std } from '../../../src/ui/std.js';

const LINES = 20_000;
process.stdout; // creating Node's stream makes the pipe non-blocking
const out = std(1);
for (let i = 0; i < LINES; i++) out.write(`line ${i} ${'x'.repeat(40)}\n`);
await out.writeAsync('end\n');
process.stderr.write(`isTTY=${out.isTTY}\n`);
