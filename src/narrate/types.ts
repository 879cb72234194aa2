/** Speech synthesis: the narration of a lesson as plain data (the engine interface: speech-engine.ts). */

export type { EngineStatus, SpeechEngine, SpeechRequest, SpeechResult, SpokenWordTime } from './speech-engine.ts';
export { defineEngine } from './speech-engine.ts';
import type { WordTime } from './speech-engine.ts';
export type { WordTime } from './speech-engine.ts';

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
