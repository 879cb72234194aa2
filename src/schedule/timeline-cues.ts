/** What both layouts of the schedule share: whole-millisecond arithmetic, word times of a clip, the cue list, and the cues of commands and directions. */
import type { WordTime } from '../narrate/types.ts';
import { estimateWordTimes } from '../narrate/align/written-words.ts';
import { plainText } from '../parse/plain-text.ts';
import type { DraftBeat, DraftChunk } from './draft-timeline.ts';
import type { Pauses } from './pauses.ts';
import type { Cue, CueWord, Timeline, TimelineScene } from './types.ts';

/** Milliseconds: every duration is rounded to a whole ms and times are sums of whole ms, so an edit
 * shifts later cues by whole ms and their video segments (cached by relative times) stay exact. */
export const ms = (seconds: number) => Math.round(seconds * 1000);
/** Seconds from whole milliseconds. */
export const sec = (m: number) => m / 1000;

/** Every pause in whole ms. */
export function pausesMs(pauses: Pauses): Record<keyof Pauses, number> {
  return Object.fromEntries(Object.entries(pauses).map(([k, v]) => [k, ms(v)])) as Record<keyof Pauses, number>;
}

/**
 * How long a popup stays up (ms): `pauses.popup`, or `popupPerWord` for each of its words when that
 * is longer, so a long callout can be read to its end (docs/timeline.md, "Pacing").
 */
export function popupMs(text: string, P: Record<keyof Pauses, number>): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(P.popup, words * P.popupPerWord);
}

/** A clip's word times (seconds from the clip) as whole ms of the cue starting at `start` ms and lasting `d` ms: inside it, in order. */
export function cueWords(words: WordTime[], start: number, d: number): CueWord[] {
  let floor = 0;
  return words.map((w) => {
    const s = Math.min(Math.max(ms(w.start), floor), d);
    const e = Math.min(Math.max(ms(w.end), s), d);
    floor = e;
    return { text: w.text, start: start + s, end: start + e };
  });
}

/** The words of a chunk played from `start` ms: the engine's or aligner's times, else estimated from the text. */
export function chunkWords(c: DraftChunk, start: number): CueWord[] {
  return cueWords(c.words ?? estimateWordTimes(plainText(c.text), c.duration!), start, ms(c.duration!));
}

/** When a marker's word is said (ms): the start of that word of the chunk, or the end of its last word when it stands at the end. */
export function markerTime(words: CueWord[], chunkEnd: number, word: number): number {
  if (word < words.length) return words[word].start;
  return words.length ? words[words.length - 1].end : chunkEnd;
}

/** Collects cues in ms, in script order, and turns them into the timeline (seconds, sorted). */
export class CueList {
  private cues: (Cue & { order: number })[] = [];
  private order = 0;
  readonly scenes: TimelineScene[] = [];

  /** Adds a cue whose times are in ms. */
  push(c: Cue): void {
    this.cues.push({ ...c, start: sec(c.start), end: sec(c.end), ...(c.typedAt !== undefined ? { typedAt: sec(c.typedAt) } : {}),
      ...(c.words ? { words: c.words.map((w) => ({ text: w.text, start: sec(w.start), end: sec(w.end) })) } : {}), order: this.order++ });
  }

  /** Adds a scene (times in ms) and its scene cue. */
  scene(s: { id: string; kind: 'slide' | 'desktop'; title: string; start: number; end: number }): void {
    this.push({ id: `scene:${s.id}`, type: 'scene', start: s.start, end: s.end, sceneId: s.id, ref: s.id, text: s.title });
    this.scenes.push({ ...s, start: sec(s.start), end: sec(s.end) });
  }

  /** The timeline; `end` in ms. Scenes first at equal start (the stage shows the scene before what plays in it), then script order. */
  timeline(slug: string, title: string, end: number): Timeline {
    const rank = (c: Cue) => (c.type === 'scene' ? 0 : 1);
    const cues = [...this.cues].sort((a, b) => a.start - b.start || rank(a) - rank(b) || a.order - b.order);
    return { slug, title, duration: sec(end), scenes: this.scenes, cues: cues.map(({ order: _o, ...c }) => c) };
  }
}

/** A command's cue (ms) and a marker cue for each marker of its cast: a point in the cast, at the cast's own time of it. */
export function pushCommand(out: CueList, b: Extract<DraftBeat, { kind: 'command' }>, sceneId: string, start: number, d: number): void {
  out.push({ id: `command:${b.ref}`, type: 'command', start, end: start + d, sceneId, ref: b.ref, text: b.text, typedAt: start + Math.min(d, ms(b.typedAt!)) });
  (b.markers ?? []).forEach((m, k) => {
    const at = start + Math.min(d, ms(m.time));
    out.push({ id: `marker:${b.ref}#${k + 1}`, type: 'marker', start: at, end: at, sceneId, ref: `${b.ref}#${k + 1}`, text: m.label });
  });
}

/** A direction's cue (ms): in effect from `start`; `hold` only marks the moment the schedule gave it. */
export function pushDirection(out: CueList, b: Extract<DraftBeat, { kind: 'direction' }>, sceneId: string, start: number, hold: number): void {
  out.push({ id: `direction:${b.ref}`, type: 'direction', start, end: start + hold, sceneId, ref: b.ref, text: b.text, action: b.action,
    ...(b.path !== undefined ? { path: b.path } : {}), ...(b.lines ? { lines: [b.lines.from, b.lines.to] as [number, number] } : {}), ...(b.placeholder ? { placeholder: true } : {}) });
}
