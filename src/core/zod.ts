/**
 * How this CLI parses with zod: each schema parses a handful of values per
 * run, so zod's eval-compiled fast path (built on the first parse of every
 * object schema) costs more than it saves. `jitless` parses directly.
 */
export const ONE_SHOT = { jitless: true } as const;
