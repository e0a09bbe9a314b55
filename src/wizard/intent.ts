/**
 * Client tokens tied to an intent. A request that changes something carries a
 * client token, so that a retry after a crash or a lost response is the same
 * request, not a second one. But a token must only be reused for the same
 * intent: a different submission made later (e.g. redoing a step with other
 * values) needs a new one, or the provider would answer with the old result.
 * The intent is kept as a keyed hash, never as its values (they may be personal).
 */
import { nodeCrypto } from '../core/builtins.js';

export interface IntentToken {
  token: string;
  /** HMAC of the intent keyed by the token. */
  intent: string;
}

function fingerprint(token: string, intent: unknown): string {
  return nodeCrypto().createHmac('sha256', token).update(JSON.stringify(intent)).digest('base64url');
}

/** The saved token when it was made for this very intent, else a new one. */
export function tokenFor(saved: Partial<IntentToken>, intent: unknown): IntentToken {
  if (saved.token && saved.intent && saved.intent === fingerprint(saved.token, intent)) {
    return { token: saved.token, intent: saved.intent };
  }
  const token = nodeCrypto().randomUUID();
  return { token, intent: fingerprint(token, intent) };
}
