/** What a run reports besides the steps: the keys it created (for `--json` and the summary). */

/** Where a delivered key went (never the secret). */
export interface SavedTo {
  target: string;
  profile?: string;
  path?: string;
}

export interface KeyReport {
  id: string;
  /** Only with --show-secret. */
  secret?: string;
  csv?: string;
  savedTo?: SavedTo[];
}

export interface RamUserReport {
  name: string;
  principalName: string;
  policies: string[];
  consoleAccess: boolean;
  accessKey?: KeyReport;
}

export interface RunReport {
  /** The root key created by this command. */
  accessKey?: KeyReport;
  /** The RAM user whose key this command created. */
  ramUser?: RamUserReport;
  /**
   * Secrets to be delivered on stdout inside the final JSON document: a key
   * counts as delivered only once that write succeeded (SPEC §4.3).
   */
  stdoutDeliveries: Array<{
    /** The document was written: record the key as delivered. */
    confirm(): Promise<void>;
    /** The write failed: the secret reached nobody, so the key is discarded. */
    abandon(): Promise<void>;
  }>;
}

export function newRunReport(): RunReport {
  return { stdoutDeliveries: [] };
}
