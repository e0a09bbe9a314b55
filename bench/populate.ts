/**
 * The benchmark's big clouds, written straight through the store's own
 * module (src/provider/simulated/store.ts): thousands of accounts and RAM
 * users in a few transactions, instead of as many signed API calls.
 * `bench/bench.mjs` bundles this file with esbuild and runs it as a child:
 *
 *   node populate.cjs <config dir> '{"accounts":1000,"users":10,"keys":true}'
 *
 * Every account is verified, has `users` RAM users (`user-0`, `user-1`, …)
 * and, with `keys`, a root AccessKey whose secret is derived like any other.
 * Prints the accounts made, with their keys, as one JSON document.
 */
import * as lmdb from 'lmdb';
import { deriveSecret, newAccessKeyId, newUid, unmatchableHash } from '../src/provider/simulated/hash.js';
import { newAccount } from '../src/provider/simulated/state.js';
import { CloudStore } from '../src/provider/simulated/store.js';

interface Plan {
  accounts: number;
  users: number;
  keys?: boolean;
  /** Adds users to this existing account instead (`users` more, numbered from `from`). */
  uid?: string;
  from?: number;
  prefix?: string;
}

interface Made {
  uid: string;
  email: string;
  keyId?: string;
  secret?: string;
}

const CHUNK = 250;

function populate(configDir: string, plan: Plan): Made[] {
  const store = new CloudStore(configDir, false, lmdb);
  const at = new Date().toISOString();
  if (plan.uid !== undefined) {
    const uid = plan.uid;
    const from = plan.from ?? 0;
    store.writeWith(lmdb, (tx) => {
      const account = tx.account(uid);
      if (!account) throw new Error(`no account ${uid}`);
      for (let n = from; n < from + plan.users; n++) {
        tx.addUser(account, { name: `user-${n}`, createdAt: at, policies: [], accessKeys: [] });
      }
    });
    return [{ uid, email: '' }];
  }
  const made: Made[] = [];
  const prefix = plan.prefix ?? 'bench';
  for (let start = 0; start < plan.accounts; start += CHUNK) {
    store.writeWith(lmdb, (tx) => {
      for (let i = start; i < Math.min(plan.accounts, start + CHUNK); i++) {
        let uid = newUid();
        while (tx.uidTaken(uid)) uid = newUid();
        const email = `${prefix}-${i}-${uid}@example.com`;
        const account = newAccount({
          uid,
          email,
          createdAt: at,
          password: unmatchableHash(),
          identity: {
            status: 'verified',
            type: 'individual',
            name: 'Bench Example',
            submittedAt: at,
            decidedAt: at,
            clientTokens: [],
          },
        });
        const out: Made = { uid, email };
        if (plan.keys) {
          let id = newAccessKeyId();
          while (tx.keyIdTaken(id)) id = newAccessKeyId();
          account.accessKeys.push({
            id,
            derived: true,
            status: 'Active',
            created: at,
            lastUsed: null,
            allowCidrs: [],
          });
          tx.addKeyOwner(id, { uid });
          out.keyId = id;
          out.secret = deriveSecret(tx.seedForNewKey(), id);
        }
        tx.addAccount(account);
        for (let n = 0; n < plan.users; n++) {
          tx.addUser(account, { name: `user-${n}`, createdAt: at, policies: [], accessKeys: [] });
        }
        made.push(out);
      }
    });
  }
  return made;
}

const [configDir, planText] = process.argv.slice(2);
if (!configDir || !planText) throw new Error('usage: populate <config dir> <plan as JSON>');
process.stdout.write(`${JSON.stringify(populate(configDir, JSON.parse(planText)))}\n`);
