/** Many processes opening and closing the simulated cloud at once, writers killed meanwhile. */
import { describe, expect, it } from 'vitest';
import { workspaces } from '../helpers/cli.js';
import { storeOpenedAtOnce } from '../helpers/scenarios.js';

const setup = workspaces('stress-store-open');

describe('the simulated cloud opened and closed by many processes at once', () => {
  it('every status run opens it and reads the profile, round after round, with writers killed meanwhile', async () => {
    const counts = await storeOpenedAtOnce(setup, { rounds: 40, readers: 12, writers: 4 });
    console.log(`store-open stress: ${JSON.stringify(counts)}`);
    expect(counts.killed).toBeGreaterThan(0);
  });
});
