/**
 * The simulated cloud's records (`records.ts`): a call reads the records it
 * is about and no others, so its cost does not grow with the account or the
 * cloud; a transaction writes back exactly what changed.
 */
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/provider/simulated/common.js';
import { unmatchableHash } from '../../src/provider/simulated/hash.js';
import * as oss from '../../src/provider/simulated/oss.js';
import * as ram from '../../src/provider/simulated/ram.js';
import {
  CloudTx,
  type Key,
  type Kv,
  MemoryKv,
  type SeedSource,
} from '../../src/provider/simulated/records.js';
import { seedState } from '../../src/provider/simulated/seed.js';
import { type CloudState, newAccount } from '../../src/provider/simulated/state.js';
import { importState } from '../../src/provider/simulated/store.js';

const AT = '2030-01-01T00:00:00.000Z';
const ctx: Ctx = { now: Date.parse(AT), reviewMs: 0 };
const seeds: SeedSource = { current: () => null, ensure: () => 'c2VlZA==' };

/** A cloud of `accounts` accounts (the first one measured), each with `users` RAM users. */
function cloud(accounts: number, users: number): MemoryKv {
  const state: CloudState = seedState();
  for (let a = 0; a < accounts; a++) {
    state.accounts.push({
      ...newAccount({
        uid: String(2000000000000000 + a),
        email: `a${a}@example.com`,
        createdAt: AT,
        password: unmatchableHash(),
        identity: { status: 'verified', type: 'individual', name: 'A', clientTokens: [] },
      }),
      ramUsers: Array.from({ length: users }, (_, n) => ({
        name: `user-${n}`,
        createdAt: AT,
        policies: ['AliyunOSSFullAccess'],
        accessKeys: [],
      })),
      ramRoles: [],
    });
  }
  const kv = new MemoryKv();
  const tx = new CloudTx(kv, seeds);
  importState(tx, state, null);
  tx.flush();
  return kv;
}

/** The storage, counting what a transaction asks of it. */
class Counting implements Kv {
  gets = 0;
  ranges = 0;
  puts: string[] = [];
  constructor(private readonly kv: Kv) {}
  get(key: Key) {
    this.gets++;
    return this.kv.get(key);
  }
  range(prefix: Key, options?: { reverse?: boolean; limit?: number }) {
    this.ranges++;
    return this.kv.range(prefix, options);
  }
  put(key: Key, value: string) {
    this.puts.push(JSON.stringify(key));
    this.kv.put(key, value);
  }
  remove(key: Key) {
    this.kv.remove(key);
  }
}

/** What one call costs in records: gets, range scans, records written. */
function cost(kv: MemoryKv, call: (scope: Parameters<typeof ram.createUser>[0]) => void) {
  const counting = new Counting(kv);
  const db = new CloudTx(counting, seeds);
  const account = db.account('2000000000000000');
  if (!account) throw new Error('no account');
  call({ db, ctx, account });
  db.flush();
  return { gets: counting.gets, ranges: counting.ranges, puts: counting.puts };
}

describe('a call reads the records it is about', () => {
  const calls: Array<[string, (scope: Parameters<typeof ram.createUser>[0]) => void]> = [
    ['GetUser', (s) => ram.getUser(s, 'user-7')],
    ['CreateUser', (s) => ram.createUser(s, { name: 'new-user' })],
    ['AttachPolicyToUser', (s) => ram.attachPolicy(s, 'user-3', 'AliyunEMRFullAccess')],
    ['a RAM user key', (s) => ram.userKeys(s, 'user-5')],
    ['GetBucketInfo', (s) => oss.getBucket(s, 'no-such-bucket')],
  ];

  it.each(
    calls,
  )('%s: the same records in an account of 10 users, of 900, and in a cloud of 1,000 accounts', (_name, call) => {
    const small = cost(cloud(1, 10), call);
    const large = cost(cloud(1, 900), call);
    const wide = cost(cloud(1000, 10), call);
    expect(small.ranges).toBe(0);
    expect(large).toEqual(small);
    expect(wide).toEqual(small);
    expect(small.gets).toBeLessThanOrEqual(4);
  });

  it('writes back only what changed: one user record for an attached policy, nothing for a read', () => {
    const kv = cloud(1, 50);
    expect(cost(kv, (s) => ram.getUser(s, 'user-1')).puts).toEqual([]);
    expect(cost(kv, (s) => ram.attachPolicy(s, 'user-1', 'AliyunEMRFullAccess')).puts).toEqual([
      JSON.stringify(['user', '2000000000000000', 'user-1']),
    ]);
  });
});

describe('signature nonces', () => {
  it('count within their window; a later batch drops the ones past it, oldest first, and keeps the rest', () => {
    const kv = cloud(1, 0);
    const WINDOW = 15 * 60_000;
    const t0 = ctx.now;
    const first = new CloudTx(kv, seeds);
    for (let i = 0; i < 6; i++) first.useNonce('LTAIkey', `old-${i}`, t0 + i + WINDOW);
    first.flush();
    const later = t0 + WINDOW + 2;
    const check = new CloudTx(kv, seeds);
    expect(check.nonceUsed('LTAIkey', 'old-5', t0 + 10)).toBe(true);
    expect(check.nonceUsed('LTAIkey', 'old-0', later)).toBe(false);

    // A batch of two at `later`: at most 2 + 4 expired ones go (old-0 … old-2 have expired at `later`; old-3 … old-5 not yet).
    const batch = new CloudTx(kv, seeds);
    batch.pruneNonces(later, 2 + 4);
    batch.useNonce('LTAIkey', 'new-0', later + WINDOW);
    batch.useNonce('LTAIkey', 'new-1', later + WINDOW);
    batch.flush();
    const left = [...kv.range(['nonces'])].length;
    expect(left).toBe(3 + 2);
    const after = new CloudTx(kv, seeds);
    expect(after.nonceUsed('LTAIkey', 'old-4', later)).toBe(true);
    expect(after.nonceUsed('LTAIkey', 'new-1', later)).toBe(true);
  });
});
