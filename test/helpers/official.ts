/**
 * Reads credentials back with the official Node.js client
 * (`@alicloud/credentials`, `new Credential().getCredential()`, its default
 * chain), in a child process whose environment holds only what is given:
 * a temporary HOME, the ECS metadata lookup disabled, and the URI provider
 * pointed at a closed loopback port, so nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { collectOutput } from './child.js';
import { runTempDir } from './temp-root.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ReadBack {
  id?: string;
  secret?: string;
  provider?: string;
  error?: string;
}

let folder: string | undefined;

/** A script in a folder of its own (removed at exit). */
function script(name: string, text: string): string {
  if (folder === undefined) {
    const made = runTempDir('onboard-official-reader-');
    process.on('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  const file = path.join(folder, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, text);
  return file;
}

const CLIENT = JSON.stringify(path.join(ROOT, 'node_modules/@alicloud/credentials'));

function readerScript(): string {
  return script(
    'read-back.cjs',
    `const Credential = require(${CLIENT}).default;
new Credential().getCredential().then(
  (c) => process.stdout.write(JSON.stringify({ id: c.accessKeyId, secret: c.accessKeySecret, provider: c.providerName })),
  (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message) })),
);
`,
  );
}

/**
 * The same for many profiles in one process: for each name in argv, a new
 * client with ALIBABA_CLOUD_PROFILE set to it (each reads the files afresh).
 */
function manyReaderScript(): string {
  return script(
    'read-back-many.cjs',
    `const Credential = require(${CLIENT}).default;
(async () => {
  // Null prototype: a profile may be named like a member of Object.prototype.
  const out = Object.create(null);
  for (const name of process.argv.slice(2)) {
    process.env.ALIBABA_CLOUD_PROFILE = name;
    try {
      const c = await new Credential().getCredential();
      out[name] = { id: c.accessKeyId, secret: c.accessKeySecret, provider: c.providerName };
    } catch (e) {
      out[name] = { error: String(e && e.message) };
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
`,
  );
}

function readerEnv(homeDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: homeDir,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:9/',
    ...extra,
  };
}

/**
 * Reads `names` back with the official default chain, one profile after the
 * other in one child (HOME at `homeDir`, only `extra` besides): with
 * `ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true'` from the credentials file,
 * else from the aliyun CLI's config first.
 */
export function readBackAll(
  homeDir: string,
  names: readonly string[],
  extra: Record<string, string> = {},
): Promise<Map<string, ReadBack>> {
  return run(manyReaderScript(), names, readerEnv(homeDir, extra)).then(
    (all) => new Map(Object.entries(all as Record<string, ReadBack>)),
  );
}

/** Runs the official default chain with HOME at `homeDir` and only the `extra` variables besides. */
export function readBack(homeDir: string, extra: Record<string, string> = {}): Promise<ReadBack> {
  return run(readerScript(), [], readerEnv(homeDir, extra)) as Promise<ReadBack>;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    collectOutput(child).done.then(({ stdout, stderr }) => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`no result from the reader: ${stderr}`));
      }
    });
  });
}
