/**
 * Narration timings without waiting for speech synthesis: durations known from the last synthesis are
 * kept (by sentence text), the rest are estimated from their length. The dev server shows a page from
 * this at once and refines it when the real synthesis lands. Pure.
 */
import type { LessonAudio, ParagraphAudio } from '../narrate/types.ts';
import type { Lesson } from '../types.ts';
import { lessonNarration } from '../types.ts';
import { SAMPLE_RATE } from '../narrate/wav.ts';

/** Seconds per spoken character when nothing is known yet (festival slt reads ~14 characters a second). */
export const DEFAULT_SECONDS_PER_CHAR = 0.07;

/** What a previous synthesis of the lesson tells about durations. */
export interface KnownDurations {
  /** Chunk duration by written sentence text. */
  sentences: Map<string, number>;
  /** Voice-over clip per paragraph id (its length does not depend on the text). */
  voiceOvers: Map<string, { file: string; duration: number }>;
  /** Measured seconds per character of this voice. */
  secondsPerChar: number;
}

/** Learns durations from a real synthesis. */
export function knownDurations(audio: LessonAudio | null | undefined): KnownDurations {
  const sentences = new Map<string, number>();
  const voiceOvers = new Map<string, { file: string; duration: number }>();
  let chars = 0;
  let secs = 0;
  for (const p of audio?.paragraphs ?? []) {
    if (p.voiceOver) voiceOvers.set(p.narrationId, p.voiceOver);
    for (const c of p.chunks) {
      sentences.set(c.text, c.duration);
      chars += c.text.length;
      secs += c.duration;
    }
  }
  return { sentences, voiceOvers, secondsPerChar: chars > 200 ? secs / chars : DEFAULT_SECONDS_PER_CHAR };
}

/** Estimated seconds to say a sentence. */
export function estimateSeconds(plain: string, secondsPerChar: number): number {
  return Math.max(0.6, plain.trim().length * secondsPerChar + 0.25);
}

/** Lesson audio with known durations kept and the rest estimated; `estimated` counts the guessed chunks. */
export function estimateAudio(lesson: Lesson, known: KnownDurations, engine = 'estimate'): { audio: LessonAudio; estimated: number } {
  let estimated = 0;
  const paragraphs: ParagraphAudio[] = lessonNarration(lesson).map((n) => {
    const sentences = n.sentences.length ? n.sentences : [{ text: n.text, plain: n.plain, pos: n.pos }];
    const chunks = sentences.map((s, i) => {
      const knownDuration = known.sentences.get(s.text);
      if (knownDuration === undefined) estimated++;
      return {
        id: `${n.id}#${i + 1}`, narrationId: n.id, text: s.text, spoken: s.plain, wavFile: '',
        duration: knownDuration ?? estimateSeconds(s.plain, known.secondsPerChar),
      };
    });
    const voiceOver = known.voiceOvers.get(n.id) ?? null;
    const duration = voiceOver ? voiceOver.duration : chunks.reduce((sum, c) => sum + c.duration, 0);
    return { narrationId: n.id, chunks, voiceOver, duration };
  });
  return { audio: { slug: lesson.slug, engine, voice: '', sampleRate: SAMPLE_RATE, paragraphs }, estimated };
}
