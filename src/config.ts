/** Course configuration: `lessoncast.config.ts` (or .js/.mjs) at the course root, all optional. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { LessoncastError } from './errors.ts';
import type { SpeechEngine } from './narrate/types.ts';
import type { Pauses } from './schedule/pauses.ts';

export interface VoiceConfig {
  /** Engine name: 'festival' (default), 'flite', 'espeak-ng', or a cloud engine such as 'azure'. */
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
  /** Deck/stage theme name. */
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
}

/** `video` in the course config. */
export interface VideoConfig {
  /** Output size; the 1920×1080 stage is drawn at this size (16:9, even numbers). Default 1920×1080. */
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

const PUBLIC_API = fileURLToPath(new URL('./index.ts', import.meta.url));

const CONFIG_NAMES = ['lessoncast.config.ts', 'lessoncast.config.mjs', 'lessoncast.config.js'];

/** Loads the course config if there is one; `{}` otherwise. */
export async function loadConfig(root: string): Promise<{ config: LessoncastConfig; file: string | null }> {
  for (const name of CONFIG_NAMES) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    try {
      // jiti loads a .ts config whatever the course's package.json says, and resolves
      // `import { defineConfig } from 'lessoncast'` even where lessoncast is not installed.
      const jiti = createJiti(import.meta.url, { alias: { lessoncast: PUBLIC_API }, moduleCache: false, fsCache: false });
      const mod = (await jiti.import(file)) as { default?: unknown; config?: unknown };
      const config = (mod.default ?? mod.config ?? {}) as LessoncastConfig;
      if (typeof config !== 'object' || config === null)
        throw new LessoncastError('CONFIG_INVALID', `${file}: the default export is not an object`, 'Export `defineConfig({...})` as default.');
      return { config, file };
    } catch (err) {
      if (err instanceof LessoncastError) throw err;
      throw new LessoncastError('CONFIG_INVALID', `${file}: could not be loaded: ${(err as Error).message}`,
        'Fix the error in the config file; it must `export default defineConfig({...})`.', { cause: err });
    }
  }
  return { config: {}, file: null };
}
