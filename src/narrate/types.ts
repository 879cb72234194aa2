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
  /** Word timings, when the engine gives them. */
  words?: { word: string; start: number; end: number }[];
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
}

/** The narration of one paragraph: synthesized chunks, or one human voice-over clip. */
export interface ParagraphAudio {
  narrationId: string;
  chunks: SpeechChunk[];
  /** Voice-over clip that replaces the synthetic chunks, when there is one. */
  voiceOver: { file: string; duration: number } | null;
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
}
