/** Public API for a course's lessoncast.config.ts and for cloud speech engines (light: a config loads only this). */
export { defineConfig } from './define-config.ts';
export type { AudioConfig, LessoncastConfig, LintConfig, VideoConfig, VoiceConfig } from './define-config.ts';
export { defineEngine } from './narrate/types.ts';
export type { SpeechEngine, SpeechRequest, SpeechResult } from './narrate/types.ts';
export type * from './types.ts';
