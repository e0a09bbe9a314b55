/**
 * Child-process entry: `findCredential` as the CLI will call it, with the
 * process's own environment and `os.homedir()` (so HOME decides), printing
 * where the credential came from and its id (never the secret) as JSON.
 */
import os from 'node:os';
import { findCredential } from '../../../src/provider/aliyun/credentials.js';

try {
  const found = await findCredential({ env: process.env, home: os.homedir() });
  process.stdout.write(
    JSON.stringify(
      found
        ? { source: found.source, id: found.credential.id, hasSecret: found.credential.secret !== '' }
        : null,
    ),
  );
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
}
