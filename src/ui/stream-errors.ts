/**
 * What a failed write to stdout or stderr means. A closed pipe on stdout while
 * only results are being printed (`onboard status | head -1`) ends the run
 * quietly, with the exit code of the failure being reported if one is; while
 * a secret is being delivered, the writer's own callback decides (the delivery
 * failed and is repaired), so the error is left to it. stderr carries text for
 * people: when it cannot be written, that text is lost and the run goes on
 * (a setup half done is worse than a progress line nobody reads).
 */
let deliveriesInFlight = 0;
let lostResult: unknown;
let closedPipeExit = 0;

/** A failed write to stdout (1) or stderr (2) that no caller awaits. */
export function onStreamError(error: NodeJS.ErrnoException, fd: 1 | 2): void {
  if (deliveriesInFlight > 0 || fd === 2) return;
  if (error.code === 'EPIPE') process.exit(closedPipeExit);
  // Anything else (ENOSPC on a full disk, EIO) must not crash with a stack: a result
  // lost on stdout fails the command at its end (see `lostResultWrite`).
  lostResult ??= error;
}

/** The exit code a closed stdout ends the run with from now on: that of the failure being reported. */
export function exitOnClosedPipe(code: number): void {
  closedPipeExit = code;
}

/** The first result write to stdout that failed (closed pipes aside), if any. */
export function lostResultWrite(): unknown {
  return lostResult;
}

/** Runs a write whose failure its caller handles (e.g. a secret's delivery). */
export async function guardedWrite<T>(write: () => Promise<T>): Promise<T> {
  deliveriesInFlight++;
  try {
    return await write();
  } finally {
    deliveriesInFlight--;
  }
}
