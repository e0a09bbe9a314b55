/**
 * Node's crypto module, loaded on first use rather than at start-up: most
 * runs (a `status`, `--help`) never hash or draw a random byte, and loading
 * it costs every start a few milliseconds.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
