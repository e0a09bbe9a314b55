/**
 * The simulated cloud of a config dir as one plain object, in the shape the
 * one-file store had (`simulated-cloud.json`: `accounts` with their
 * `ramUsers` and `ramRoles`, `sessions`, `inbox`, `buckets`), read from the
 * store's database by the store's own module. Tests assert on it as they did
 * on the file; `writeCloud` puts a changed copy back (a whole cloud replaced in
 * one transaction), for tests that set the cloud up by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as lmdb from 'lmdb';
import { KEY_FILE } from '../../src/provider/simulated/key-file.js';
import type { CloudState } from '../../src/provider/simulated/state.js';
import { CLOUD_DB, CloudStore, exportState } from '../../src/provider/simulated/store.js';

export type { CloudState } from '../../src/provider/simulated/state.js';

/** The database file of a config dir's simulated cloud. */
export function cloudDb(configDir: string): string {
  return path.join(configDir, CLOUD_DB);
}

/** The key file (the seed of derived secrets) of a config dir's simulated cloud. */
export function cloudKeyFile(configDir: string): string {
  return path.join(configDir, KEY_FILE);
}

/** Whether the config dir has a simulated cloud's store (no store: the cloud reads as its seed). */
export function cloudExists(configDir: string): boolean {
  return fs.existsSync(cloudDb(configDir));
}

/** The whole simulated cloud as it is now (the seed's when there is no store yet). */
export function readCloud(configDir: string): CloudState {
  return new CloudStore(configDir, true, lmdb).readWith(lmdb, exportState, true);
}

/** Replaces the whole simulated cloud with `state` (its `secretSeed`, if given, becomes the key file). */
export function writeCloud(configDir: string, state: CloudState): void {
  new CloudStore(configDir, false, lmdb).replaceWith(lmdb, state);
}

/**
 * Whether a config dir's file is LMDB's lock file: its table of readers, where every process
 * that reads the cloud takes a slot. It holds no data of the cloud, so a test that proves
 * "nothing changed" compares its mode only (the database file is compared like any other).
 */
export function isReaderTable(file: string): boolean {
  return path.basename(file) === `${CLOUD_DB}-lock`;
}

/** The database file's bytes: unchanged bytes mean nothing was written. */
export function cloudBytes(configDir: string): Buffer {
  return fs.readFileSync(cloudDb(configDir));
}
