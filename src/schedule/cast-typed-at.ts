/** When Enter is pressed in a command's cast, and where its markers are (seconds from the cast start). */
import type { LessonCast } from '../casts/types.ts';

/**
 * Synthesized casts say it (`typedAt`). A recording does not, so we take the input event that
 * sends Enter when the recorder kept input, else the first output line break (the terminal echoes
 * Enter as a line break right after the typed command), else 0 (output-only cast).
 */
export function castTypedAt(lc: LessonCast): number {
  if (typeof lc.typedAt === 'number' && Number.isFinite(lc.typedAt)) return clamp(lc.typedAt, lc.cast.duration);
  const events = lc.cast.events;
  const enter = events.find((e) => e.code === 'i' && /[\r\n]/.test(e.data));
  if (enter) return clamp(enter.time, lc.cast.duration);
  const lineBreak = events.find((e) => e.code === 'o' && /[\r\n]/.test(e.data));
  return lineBreak ? clamp(lineBreak.time, lc.cast.duration) : 0;
}

function clamp(t: number, max: number): number {
  return Math.max(0, Math.min(t, Math.max(0, max)));
}

/** The cast's markers (`m` events) within its duration, in order: each becomes a `marker` cue. */
export function castMarkerTimes(lc: LessonCast): { time: number; label: string }[] {
  return lc.cast.events.filter((e) => e.code === 'm').map((e) => ({ time: clamp(e.time, lc.cast.duration), label: e.data }));
}
