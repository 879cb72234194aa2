/**
 * The config's type and `defineConfig`: what `import { defineConfig } from 'lessoncast'` gives a
 * course's config file. Kept apart from the loader (config.ts) so that evaluating a config loads
 * nothing else of lessoncast. The schema that checks these keys is src/schema/lessoncast-schema.ts.
 */
import type { SpeechEngine } from './narrate/types.ts';
import type { Pauses } from './schedule/pauses.ts';
import type { Pace } from './schema/lessoncast-schema.ts';

export interface VoiceConfig {
  /** Engine name: 'festival' (default), 'flite', 'espeak-ng', or a cloud engine such as 'openai'. */
  engine?: string;
  /** Engine-specific voice name (festival: 'cmu_us_slt_arctic_hts'). */
  voice?: string;
  /** Speaking rate multiplier, 1 = engine default. */
  rate?: number;
  /** Pitch shift in semitones (engines that support it). */
  pitch?: number;
}

export interface LessoncastConfig {
  /** Course title shown on the site index. */
  title?: string;
  /** Default voice for every lesson (frontmatter `voice` overrides the voice name). */
  voice?: VoiceConfig;
  /** Speech engines of the course's own (e.g. a cloud voice), by name: `engines: { myvoice: defineEngine({...}) }`. */
  engines?: Record<string, SpeechEngine>;
  /** Path of the pronunciation lexicon, relative to the course root. Default `lexicon.yml`. */
  lexicon?: string;
  /** Accent colour: a theme name (blue, kubernetes, green, orange, purple, red, teal) or a #hex colour. */
  theme?: string;
  /** Browser executable; otherwise LESSONCAST_BROWSER / PUPPETEER_EXECUTABLE_PATH, system paths, puppeteer's cache. */
  browser?: string;
  /** Pauses and holds of the video's schedule, in seconds (keys and defaults: docs/timeline.md). */
  pauses?: Partial<Pauses>;
  /** Idle time cap for replayed casts, seconds. */
  idleTimeLimit?: number;
  /** Extra words the spell checker accepts. */
  words?: string[];
  /** Video options (docs/video.md). */
  video?: VideoConfig;
  /** Narration loudness (docs/narration.md). */
  audio?: AudioConfig;
  /** Shots and lessons rendered at once. */
  jobs?: number;
  /** Redis URL of the render queue (redis://HOST:PORT). */
  queue?: string;
  /** Cache folder, relative to the course root (default build/.cache). */
  cache?: string;
  /** Default pace of every lesson (PACE_VALUES). */
  pace?: Pace;
  /** The video's camera: 'auto' (default) frames the lines in use at a readable size, 'off' shows the whole stage (docs/stage.md). */
  camera?: 'auto' | 'off';
}

/** `video` in the course config. */
export interface VideoConfig {
  /** Output size, even numbers, 16:9, 9:16 or 1:1: the stage lays itself out for the shape (docs/video.md). Default 1920×1080. */
  width?: number;
  height?: number;
  /** Constant frame rate, a frame on every tick (as `--fps`). Default: a frame per change. */
  fps?: number;
  /** Ticks per second of the frame clock every frame sits on (frame per change). Default 30. */
  tickRate?: number;
}

/** `audio` in the course config. */
export interface AudioConfig {
  /** Integrated loudness of the narration, LUFS. Default -16. */
  loudness?: number;
  /** Highest true peak, dBTP. Default -1. */
  truePeak?: number;
}

/** Identity helper that types a course's config file. */
export function defineConfig(config: LessoncastConfig): LessoncastConfig {
  return config;
}
