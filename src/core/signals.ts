/**
 * Who handles SIGINT and SIGTERM. For most commands a stop signal is an
 * interruption (the boundary exits 130/143). A command whose normal end is
 * being stopped (`onboard sim serve`) claims the signals instead; while it
 * holds the claim, the boundary hands each signal to it and does nothing else.
 */

export type StopHandler = (signal: NodeJS.Signals) => void;

let claimed: StopHandler | undefined;

/** Takes SIGINT/SIGTERM over from the boundary; returns the release. */
export function claimStopSignals(handler: StopHandler): () => void {
  claimed = handler;
  return () => {
    if (claimed === handler) claimed = undefined;
  };
}

/** The command's handler while one holds the claim. */
export function stopSignalClaim(): StopHandler | undefined {
  return claimed;
}
