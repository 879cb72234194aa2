/** The loose form of a timeline: what plays in each scene, in order, with durations that may be unknown. */
import type { LessonCast } from '../casts/types.ts';
import type { LessonAudio, WordTime } from '../narrate/types.ts';
import type { Lesson, Narration, SourcePos } from '../types.ts';
import type { Pace } from '../schema/lessoncast-schema.ts';
import { countWords } from '../parse/narration-directives.ts';
import { isPlaceholderPath } from '../parse/find-placeholders.ts';
import { castMarkerTimes, castTypedAt } from './cast-typed-at.ts';
import { sceneTitles } from './scene-titles.ts';

/** One speech clip; `duration` undefined when the narration has no audio for it; `words` relative to the clip. */
export interface DraftChunk { id: string; text: string; audio?: string; duration?: number; words?: WordTime[]; engine?: string; voice?: string }

/** A marker of a paragraph: the chunk it stands in and the word of that chunk the next step starts at (docs/ir.md, "Markers"). */
export interface DraftMarker { chunk: number; word: number }

export type DraftBeat =
  | { kind: 'narration'; narrationId: string; text: string; pos: SourcePos; chunks: DraftChunk[] | undefined; markers: DraftMarker[] }
  | { kind: 'command'; ref: string; text: string; pos: SourcePos; duration?: number; typedAt?: number; firstInBlock: boolean; lastInBlock: boolean;
      /** The cast's markers (`m` events): seconds from the cast start and their labels. */
      markers?: { time: number; label: string }[] }
  | { kind: 'direction'; ref: string; action: 'open-file' | 'focus-terminal' | 'clear'; path?: string; lines?: { from: number; to: number }; text: string; pos: SourcePos; firstInBlock: boolean; lastInBlock: boolean;
      /** `code ...`: the author has not named the file; nothing changes on screen. */
      placeholder: boolean }
  | { kind: 'popup'; ref: string; text: string; pos: SourcePos }
  | { kind: 'code'; ref: string; text: string; pos: SourcePos }
  | { kind: 'pause'; ref: string; seconds: number; text: string; pos: SourcePos };

export interface DraftScene { id: string; kind: 'slide' | 'desktop'; title: string; beats: DraftBeat[] }

/** A timeline before layout: script order, durations possibly missing. */
export interface DraftTimeline {
  slug: string; title: string; pace: Pace; scenes: DraftScene[];
  /** The first scenes only (the lesson goes on): its last scene holds no tail (docs/timeline.md, "The scenes so far"). */
  partial?: boolean;
}

/** Gathers what each scene plays from the lesson, its audio and its casts; never throws. */
export function draftTimeline(lesson: Lesson, audio: LessonAudio, casts: LessonCast[], slideTitles: (string | null)[] = []): DraftTimeline {
  const paragraphs = new Map(audio.paragraphs.map((p) => [p.narrationId, p]));
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const titles = sceneTitles(lesson, slideTitles);
  const scenes: DraftScene[] = lesson.scenes.map((scene) => {
    const beats: DraftBeat[] = [];
    for (const item of scene.items) {
      if (item.type === 'narration') {
        const p = paragraphs.get(item.id);
        let chunks: DraftChunk[] | undefined;
        if (p?.voiceOver) chunks = [{ id: item.id, text: item.text, audio: p.voiceOver.file, duration: p.voiceOver.duration, words: p.voiceOver.words, engine: 'voice-over', voice: p.voiceOver.clip ?? p.voiceOver.source }];
        else if (p && p.chunks.length) chunks = p.chunks.map((c) => ({ id: c.id, text: c.text, audio: c.wavFile, duration: c.duration, words: c.words, engine: audio.engine, voice: audio.voice }));
        beats.push({ kind: 'narration', narrationId: item.id, text: item.text, pos: item.pos, chunks, markers: draftMarkers(item, !!p?.voiceOver) });
      } else if (item.type === 'terminal') {
        item.steps.forEach((step, i) => {
          const edge = { firstInBlock: i === 0, lastInBlock: i === item.steps.length - 1 };
          if (step.type === 'command') {
            const lc = castOf.get(step.id);
            const markers = lc ? castMarkerTimes(lc) : [];
            beats.push({ kind: 'command', ref: step.id, text: step.command, pos: step.pos, duration: lc?.cast.duration, typedAt: lc ? castTypedAt(lc) : undefined, ...edge, ...(markers.length ? { markers } : {}) });
          } else {
            beats.push({ kind: 'direction', ref: `${item.id}#${i}`, action: step.action, path: step.path, ...(step.lines ? { lines: step.lines } : {}), text: step.raw.trim(), pos: step.pos, ...edge,
              placeholder: step.action === 'open-file' && isPlaceholderPath(step.path, step.placeholders.length > 0) });
          }
        });
      } else if (item.type === 'popup') {
        beats.push({ kind: 'popup', ref: item.id, text: item.text, pos: item.pos });
      } else if (item.type === 'pause') {
        beats.push({ kind: 'pause', ref: item.id, seconds: item.seconds, text: item.raw, pos: item.pos });
      } else {
        beats.push({ kind: 'code', ref: item.id, text: item.code, pos: item.pos });
      }
    }
    return { id: scene.id, kind: scene.kind, title: titles.get(scene.id) ?? scene.id, beats };
  });
  return { slug: lesson.slug, title: lesson.title, pace: lesson.meta.pace, scenes };
}

/** A paragraph's markers by chunk: a chunk per sentence, or one voice-over clip holding every word of the paragraph. */
function draftMarkers(item: Narration, voiceOver: boolean): DraftMarker[] {
  const markers = item.markers ?? [];
  if (!voiceOver) return markers.map((m) => ({ chunk: m.sentence, word: m.word }));
  const before: number[] = [];
  let n = 0;
  for (const s of item.sentences) { before.push(n); n += countWords(s.text); }
  return markers.map((m) => ({ chunk: 0, word: (before[m.sentence] ?? n) + m.word }));
}
