/**
 * Scenarios that the suite runs small and `npm run stress` runs long: the
 * same code, so the long loops test exactly what the suite does.
 */
import { expect } from 'vitest';
import { journeyArgs, onboardAsync, PASSWORD } from './cli.js';

/**
 * `profiles` journeys started together on one config dir (each its own
 * profile, account and CSV), `rounds` times over: every one finishes (exit 0).
 */
export async function concurrentJourneys(
  setup: () => { dir: string; cfg: string },
  o: { profiles: number; rounds: number },
): Promise<void> {
  for (let round = 0; round < o.rounds; round++) {
    const { dir, cfg } = setup();
    const names = Array.from({ length: o.profiles }, (_, i) => `p${i}`);
    const runs = names.map((p) =>
      onboardAsync(
        cfg,
        journeyArgs(dir, ['--profile', p]).map((a) =>
          a === 'dev@example.com' ? `${p}@example.com` : a.endsWith('AccessKey.csv') ? `${a}.${p}` : a,
        ),
        { input: `${PASSWORD}\n`, cwd: dir },
      ),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    results.forEach((r, i) => {
      expect(r.code, `round ${round}, ${names[i]}: ${r.stderr}`).toBe(0);
    });
  }
}
