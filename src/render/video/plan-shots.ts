/**
 * Splits a timeline into shots: the unit of capture, encoding and caching. A shot starts at a scene
 * start, a narration paragraph or a terminal step when nothing that moves (typing, output, popup) is under way,
 * so its pixels depend only on the stage state at its start and on cues relative to its start.
 * Its key hashes exactly that: an edit that shifts later cues in time leaves their shots cached.
 */
import { createHash } from 'node:crypto';
import type { LessonCast } from '../../casts/types.ts';
import type { Cue, Timeline } from '../../schedule/types.ts';

/** One shot: [start, end) in whole milliseconds of the timeline, and what to capture in it. */
export interface Shot {
  index: number;
  sceneId: string;
  sceneTitle: string;
  start: number;
  end: number;
  /** Times (ms, absolute, sorted, unique, in [start, end)) at which the picture may change. */
  times: number[];
  /** Hash of everything the shot's pixels depend on. */
  key: string;
}

export interface ShotOptions {
  capture: 'changes' | 'every-frame';
  /** Rate of `every-frame` capture. */
  captureFps?: number;
  /** Constant output rate: a shot's frames sit on the lesson's 1/fps grid, so its phase matters. */
  fps?: number;
  /** Shots shorter than this merge with the next boundary (ms). */
  minShotMs?: number;
  /** Everything else the pixels depend on: stage code, slides, opened files, casts, render params. */
  fingerprint: string;
}

const ms = (t: number) => Math.round(t * 1000);
/** Cues that change the picture over time (narration and scenes do not move anything inside a scene). */
const MOVING = new Set(['command', 'popup']);

/** Plans the shots of a timeline (pure). */
export function planShots(timeline: Timeline, casts: LessonCast[], opts: ShotOptions): Shot[] {
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const minShot = opts.minShotMs ?? 3000;
  const visual = timeline.cues.filter((c) => c.type !== 'narration' && c.type !== 'scene');
  const shots: Shot[] = [];
  for (const scene of timeline.scenes) {
    const s0 = ms(scene.start), s1 = ms(scene.end);
    if (s1 <= s0) continue;
    const quiet = (b: number) => !visual.some((c) => MOVING.has(c.type) && ms(c.start) < b && ms(c.end) > b);
    const starts = [s0];
    // Candidate cuts: where a paragraph starts, and where a command, direction, popup or code
    // block starts (so an edit to the narration before a command does not re-render the typing).
    const candidates = timeline.cues
      .filter((c) => c.sceneId === scene.id && (c.type === 'narration' ? c.ref.endsWith('#1') || c.ref === c.narrationId : c.type !== 'scene'))
      .map((c) => ms(c.start));
    for (const b of [...new Set(candidates)].sort((x, y) => x - y))
      if (b - starts[starts.length - 1] >= minShot && s1 - b >= minShot && quiet(b)) starts.push(b);
    starts.forEach((start, i) => {
      const end = starts[i + 1] ?? s1;
      const times = shotTimes(start, end, visual, castOf, opts);
      const slideIndex = timeline.scenes.filter((s) => s.kind === 'slide' && s.start < scene.start).length;
      const key = hashKey({
        v: 1, fingerprint: opts.fingerprint, capture: opts.capture, captureFps: opts.captureFps ?? null,
        scene: { kind: scene.kind, title: scene.title, slideIndex },
        duration: end - start,
        phase: opts.fps ? Math.round(((start * opts.fps) % 1000) * 1000) : null,
        cues: visual.filter((c) => ms(c.start) < end).flatMap((c) => keyCue(c, start)),
      });
      shots.push({ index: shots.length, sceneId: scene.id, sceneTitle: scene.title, start, end, times, key });
    });
  }
  return shots;
}

/** A cue as the key sees it: relative times while it may still act, only its identity once done. */
function keyCue(c: Cue, start: number): object[] {
  const id = { type: c.type, ref: c.ref, text: c.text ?? null, action: c.action ?? null, path: c.path ?? null };
  if (ms(c.end) <= start) return c.type === 'popup' ? [] : [{ ...id, done: true }];
  return [{ ...id, start: ms(c.start) - start, end: ms(c.end) - start, typedAt: c.typedAt !== undefined ? ms(c.typedAt) - start : null }];
}

/** When to seek and maybe capture: cue edges and cast output events, or every frame at a fixed rate. */
export function shotTimes(start: number, end: number, visual: Cue[], castOf: Map<string, LessonCast>, opts: Pick<ShotOptions, 'capture' | 'captureFps'>): number[] {
  const set = new Set<number>([start]);
  if (opts.capture === 'every-frame') {
    const fps = opts.captureFps ?? 30;
    for (let k = Math.ceil((start * fps) / 1000); (k * 1000) / fps < end; k++) set.add(Math.round((k * 1000) / fps));
  } else {
    for (const c of visual) {
      const cs = ms(c.start);
      for (const t of [cs, ms(c.end)]) set.add(t);
      if (c.type !== 'command') continue;
      const lc = castOf.get(c.ref);
      for (const e of lc?.cast.events ?? []) if (e.code === 'o' || e.code === 'r') set.add(cs + ms(e.time));
    }
  }
  return [...set].filter((t) => t >= start && t < end).sort((a, b) => a - b);
}

/** sha256 of a JSON value, hex, 32 chars (plenty for a cache). */
export function hashKey(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
