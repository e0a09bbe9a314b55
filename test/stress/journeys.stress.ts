/** Long loops over whole journeys (the suite runs the same scenarios small). */
import { describe, it } from 'vitest';
import { workspaces } from '../helpers/cli.js';
import { concurrentJourneys } from '../helpers/scenarios.js';

const setup = workspaces('stress-journeys');

describe('many profiles started at once on one config dir', () => {
  it('all finish (exit 0), round after round', async () => {
    await concurrentJourneys(setup, { profiles: 8, rounds: 6 });
  });
});
