/**
 * Long loops over the tools' files (the suite runs the same scenarios small):
 * runs started together, and runs killed at random while they deliver keys.
 */
import { describe, expect, it } from 'vitest';
import { workspaces } from '../helpers/cli.js';
import { concurrentDeliveries, killedDeliveries } from '../helpers/scenarios.js';

const setup = workspaces('stress-shared-files');

describe('the tools’ files shared by many runs', () => {
  it('twenty journeys at once, one HOME, round after round: every profile and section holds its key', async () => {
    await concurrentDeliveries(setup, { profiles: 20, rounds: 3 });
  });

  it('journeys and keys create, fourteen at once, half of them killed (SIGKILL or SIGTERM): all repaired, nothing lost', async () => {
    const counts = await killedDeliveries(setup, { profiles: 14, rounds: 3, keyRounds: 3 });
    // The numbers a reader of the run's log wants: how much was tried, and that it all held.
    console.log(`shared-files stress: ${JSON.stringify(counts)}`);
    expect(counts.killed).toBeGreaterThan(0);
  });
});
