/**
 * Stores holding changes staged but not yet written (see `store.ts`), so that
 * a SIGINT/SIGTERM handler can write them just before the process exits:
 * progress up to the last finished action is kept. Apart from the store so
 * that the handler loads nothing else.
 */

/** What a store offers here: writing what it staged. */
export interface Flushable {
  flush(): void;
}

const pending = new Set<Flushable>();

export function markPending(store: Flushable, staged: boolean): void {
  if (staged) pending.add(store);
  else pending.delete(store);
}

/** Writes what every store of this process staged; best effort (the process is exiting anyway). */
export function flushPending(): void {
  for (const store of pending) {
    try {
      store.flush();
    } catch {
      // Every action's own intent was written before it: what is lost here is re-read from the cloud.
    }
  }
  pending.clear();
}
