/**
 * The speech engine interface: what lessoncast asks of festival, flite, espeak-ng, a neural voice or
 * a cloud service, and what a course's own engine (`defineEngine`) must be. No imports: the config
 * schema and the public API type engines with it without loading anything else.
 */

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
