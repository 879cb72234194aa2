/**
 * The config's type and `defineConfig`: what `import { defineConfig } from 'lessoncast'` gives a
 * course's config file. Both come from the one schema (src/schema/lessoncast-schema.ts), imported
 * here for its types only, so that evaluating a config loads nothing else of lessoncast.
 */
import type { ConfigInput } from './schema/lessoncast-schema.ts';

/** A course's `lessoncast.config.ts` (every key optional; docs/config.md). */
export type LessoncastConfig = ConfigInput;
/** `voice` in the course config. */
export type VoiceConfig = NonNullable<ConfigInput['voice']>;
/** `video` in the course config. */
export type VideoConfig = NonNullable<ConfigInput['video']>;
/** `audio` in the course config. */
export type AudioConfig = NonNullable<ConfigInput['audio']>;
/** `lint` in the course config. */
export type LintConfig = NonNullable<ConfigInput['lint']>;

/** Identity helper that types a course's config file. */
export function defineConfig(config: LessoncastConfig): LessoncastConfig {
  return config;
}
