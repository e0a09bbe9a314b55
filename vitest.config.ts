import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Nothing in a test may reach a non-loopback address: the official credential chains
    // would ask the ECS metadata address 100.100.100.200 unless this is set.
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
