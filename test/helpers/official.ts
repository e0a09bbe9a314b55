/**
 * Reads credentials back with the official Node.js client
 * (`@alicloud/credentials`, `new Credential().getCredential()`, its default
 * chain), in a child process whose environment holds only what is given:
 * a temporary HOME, the ECS metadata lookup disabled, and the URI provider
 * pointed at a closed loopback port, so nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ReadBack {
  id?: string;
  secret?: string;
  provider?: string;
  error?: string;
}

let reader: string | undefined;

function readerScript(): string {
  if (reader) return reader;
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'onboard-official-reader-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  reader = path.join(dir, 'read-back.cjs');
  const client = path.join(ROOT, 'node_modules/@alicloud/credentials');
  fs.writeFileSync(
    reader,
    `const Credential = require(${JSON.stringify(client)}).default;
new Credential().getCredential().then(
  (c) => process.stdout.write(JSON.stringify({ id: c.accessKeyId, secret: c.accessKeySecret, provider: c.providerName })),
  (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message) })),
);
`,
  );
  return reader;
}

/** Runs the official default chain with HOME at `homeDir` and only the `extra` variables besides. */
export function readBack(homeDir: string, extra: Record<string, string> = {}): Promise<ReadBack> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: homeDir,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:9/',
    ...extra,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [readerScript()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as ReadBack);
      } catch {
        reject(new Error(`no result from the reader: ${err}`));
      }
    });
  });
}
