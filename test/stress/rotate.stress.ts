/** Key rotation under a kill loop, long (the suite runs the same scenario with a few kills). */
import { describe, expect, it } from 'vitest';
import { workspaces } from '../helpers/cli.js';
import { rotationKillLoop, rotationSetup } from '../helpers/rotation.js';

const setup = workspaces('stress-rotate');

describe('keys rotate killed at random points, 50 times', () => {
  it('each run and its repair leave one Active key, held by the aliyun CLI and the credentials file', async () => {
    const seen = await rotationKillLoop(rotationSetup(setup), 50);
    // Some kills must have landed inside a rotation, or the loop tested nothing.
    expect(seen.finished + seen.rolledBack, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});
