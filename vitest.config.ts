import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: Chromium, ffmpeg and festival tests compete for them.
    maxWorkers: 2,
    pool: 'forks',
    // CI runners set CI, which picocolors reads as "colours on"; the tests compare plain text
    // (the colour rule itself is tested with FORCE_COLOR in tests/cli/build-exit.test.ts).
    env: { NO_COLOR: '1' },
  },
});
