import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: Chromium, ffmpeg and festival tests compete for them.
    maxWorkers: 2,
    pool: 'forks',
  },
});
