/** Public API for a course's lessoncast.config.ts and for cloud speech engines. */
export { defineConfig } from './config.ts';
export type { LessoncastConfig, VoiceConfig } from './config.ts';
export { defineEngine } from './narrate/types.ts';
export type { SpeechEngine, SpeechRequest, SpeechResult } from './narrate/types.ts';
export type * from './types.ts';
