/**
 * `kill -9` of `sim serve` under load, round after round: clients keep
 * creating RAM users (signed writes) and reading them back while the server
 * is killed at a random moment. After each kill the store must open, and
 * every write the server acknowledged (a 200 the client received) must be in
 * it. Bounded: a fixed number of rounds, each of a few hundred milliseconds
 * of load; traffic on 127.0.0.1 only.
 */
import * as ram from '@alicloud/ram20150501';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { finishedJourney, workspaces } from '../helpers/cli.js';
import { readCloud } from '../helpers/cloud.js';
import { apiConfig, RamClient } from '../helpers/sdk.js';
import { killServers, startServe } from '../helpers/serve-child.js';

const setup = workspaces('stress-serve-kill');
afterAll(() => killServers());

const ROUNDS = 20;
const CLIENTS = 8;

describe('sim serve killed under load', () => {
  it('keeps every acknowledged write and always opens', async () => {
    const { cfg, uid, id, secret } = finishedJourney(setup);
    const acknowledged = new Set<string>();
    let tried = 0;
    let held = 0;
    let refusedAfterKill = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServe(cfg);
      const client = new RamClient(apiConfig(server.endpoint, id, secret));
      let stop = false;
      const load = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; !stop; n++) {
          const name = `r${round}-c${c}-${n}`;
          tried++;
          try {
            await client.createUser(new ram.CreateUserRequest({ userName: name }));
            acknowledged.add(name);
            await client.getUser(new ram.GetUserRequest({ userName: name }));
          } catch {
            // The server was killed under this request: not acknowledged, so nothing is owed.
            refusedAfterKill++;
            return;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all([server.done, ...load]);
      // The store opens, and holds every write a client heard of.
      const users = new Set(
        readCloud(cfg)
          .accounts.find((a) => a.uid === uid)
          ?.ramUsers.map((u) => u.name),
      );
      const missing = [...acknowledged].filter((name) => !users.has(name));
      expect(missing, `round ${round}`).toEqual([]);
      held++;
    }
    // The loop did something: writes were acknowledged, and kills landed under load.
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    expect(refusedAfterKill).toBeGreaterThan(0);
    process.stderr.write(
      `sim serve kill loop: ${ROUNDS} kills, ${held} held; ${tried} writes tried, ${acknowledged.size} acknowledged and all kept\n`,
    );
    // A last start on the store the kills left: it serves.
    const last = await startServe(cfg);
    const user = await new RamClient(apiConfig(last.endpoint, id, secret)).getUser(
      new ram.GetUserRequest({ userName: [...acknowledged][0] ?? '' }),
    );
    expect(user.body?.user?.userName).toBe([...acknowledged][0]);
    expect((await last.stop()).code).toBe(0);
  });
});
