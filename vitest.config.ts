import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // Tests see no installed voice unless they install one (tests/helpers/test-voice.ts): a course
    // that names no engine is then spoken by festival, whatever this machine has installed.
    env: { NO_COLOR: '1', LESSONCAST_VOICES_DIR: join(tmpdir(), 'lessoncast-test-no-voices') },
  },
});
