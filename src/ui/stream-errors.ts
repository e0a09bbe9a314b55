/**
 * What a failed write to stdout or stderr means. A closed pipe while only
 * results are being printed (`onboard status | head -1`) ends the run quietly;
 * while a secret is being delivered, the writer's own callback decides (the
 * delivery failed and is repaired), so the error is left to it.
 */
let deliveriesInFlight = 0;

/** Installed once on both streams by the entry point. */
export function onStreamError(error: NodeJS.ErrnoException): void {
  if (deliveriesInFlight > 0) return;
  if (error.code === 'EPIPE') process.exit(0);
  // Anything else (ENOSPC on a full disk, EIO): later writes fail the same way; the
  // command's own awaited writes report it, and nothing here must crash with a stack.
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
