/**
 * What a failed write to stdout or stderr means. A closed pipe while only
 * results are being printed (`onboard status | head -1`) ends the run quietly;
 * while a secret is being delivered, the writer's own callback decides (the
 * delivery failed and is repaired), so the error is left to it.
 */
let deliveriesInFlight = 0;
let lostResult: unknown;

/** A failed write to stdout (1) or stderr (2) that no caller awaits. */
export function onStreamError(error: NodeJS.ErrnoException, fd: 1 | 2): void {
  if (deliveriesInFlight > 0) return;
  if (error.code === 'EPIPE') process.exit(0);
  // Anything else (ENOSPC on a full disk, EIO) must not crash with a stack. A result
  // lost on stdout fails the command at its end (see `lostResultWrite`); text for
  // people on stderr is only lost.
  if (fd === 1) lostResult ??= error;
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
