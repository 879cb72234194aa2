/** Speech synthesis: the engine interface and the narration of a lesson, as plain data. */

/** What an engine is asked to say. `text` is the spoken form (lexicon already applied). */
export interface SpeechRequest {
  text: string;
  voice?: string;
  rate?: number;
  pitch?: number;
}

/** Audio an engine produced: a WAV file (PCM s16le mono) and its exact duration. */
export interface SpeechResult {
  wavFile: string;
  sampleRate: number;
  duration: number;
  /** Word timings, when the engine gives them: one per spoken token (seconds from the clip's start, in order). */
  words?: SpokenWordTime[];
}

/** When one spoken token (a whitespace-separated word of the spoken text) is said, seconds from its clip's start. */
export interface SpokenWordTime {
  word: string;
  start: number;
  end: number;
}

/** When one written word is said: `text` is the author's token, times in seconds (relative to its clip, or absolute in a timeline). */
export interface WordTime {
  text: string;
  start: number;
  end: number;
}

/** An engine is found or not, with its version and the command that installs it. */
export interface EngineStatus {
  ok: boolean;
  version?: string;
  fix?: string;
}

/** A speech engine: festival, flite, espeak-ng, or a cloud service behind the same interface. */
export interface SpeechEngine {
  name: string;
  defaultVoice: string;
  check(): Promise<EngineStatus>;
  /** Writes the audio to `outFile` (WAV) and returns its description. */
  synthesize(req: SpeechRequest, outFile: string): Promise<SpeechResult>;
  /** Many requests in one go (festival: loading the voice costs ~1 s per process). Same output as `synthesize`. */
  synthesizeMany?(items: { req: SpeechRequest; outFile: string }[]): Promise<SpeechResult[]>;
  /** True when `synthesize` returns `words` (festival); other engines' word times come from alignment (src/narrate/align/). */
  wordTimes?: boolean;
  /** Debian packages that provide it (doctor prints the install command). */
  packages?: string[];
  /** True for engines that call a network service (keys come from the environment). */
  cloud?: boolean;
  /**
   * What decides this engine's voice besides its name and the request (a cloud model, an endpoint,
   * a version): part of every speech chunk's cache key, so changing it re-synthesizes. Plain JSON;
   * never a secret (keys are not an identity). Engines without it are keyed by name and voice.
   */
  identity?(voice?: string): Record<string, unknown>;
}

/** Identity helper that types an engine definition. */
export function defineEngine(engine: SpeechEngine): SpeechEngine {
  return engine;
}

/** One synthesized chunk: a sentence (or the text between two cues) of a paragraph. */
export interface SpeechChunk {
  /** `<narrationId>#<n>` (n from 1). */
  id: string;
  narrationId: string;
  /** Written text (captions, notes). */
  text: string;
  /** Spoken text (after the lexicon). */
  spoken: string;
  /** Absolute path of the WAV in the cache. */
  wavFile: string;
  duration: number;
  /** When each written word of `text` is said, relative to the chunk's start. */
  words?: WordTime[];
}

/** The narration of one paragraph: synthesized chunks, or one human voice-over clip. */
export interface ParagraphAudio {
  narrationId: string;
  chunks: SpeechChunk[];
  /**
   * Voice-over clip that replaces the synthetic chunks, when there is one. `file` is the clip
   * converted to the common WAV format (in the cache, ready to mix); `source` the author's file.
   */
  voiceOver: { file: string; duration: number; source?: string; words?: WordTime[];
    /** The author's file relative to the course root (the timeline names it as the cue's voice). */
    clip?: string;
    /** The text the clip was recorded for, when it differs from the paragraph's now (voice-over-bind.ts). */
    staleText?: string } | null;
  /** Sum of chunk durations, or the voice-over's length. */
  duration: number;
}

/** Narration of a whole lesson, in script order. */
export interface LessonAudio {
  slug: string;
  engine: string;
  voice: string;
  sampleRate: number;
  paragraphs: ParagraphAudio[];
  /** Speaking rate and pitch used (absent = engine default). */
  rate?: number;
  pitch?: number;
  /** Chunks synthesized by this run vs. found in the cache (voice-over conversions not counted). */
  stats?: { synthesized: number; cached: number };
  /** Problems in the course's lexicon file (the build goes on without the bad entries). */
  diagnostics?: import('../types.ts').Diagnostic[];
}
