/**
 * Splits a timeline into shots (pure): the unit of capture, encoding and caching. A shot starts at a
 * scene start, a narration paragraph or a terminal step when nothing that moves (typing, output,
 * popup) is under way, so its pixels depend only on its scene, on the stage state at its start and
 * on the cues acting in it relative to its start. This module decides which cues those are and how
 * they enter the shot's key (`ShotPart.cues`); the key itself is the store's (plan-video.ts).
 */
import type { LessonCast } from '../../casts/types.ts';
import { coalesceDrawn, type DrawnEvent } from '../../casts/coalesce-drawn.ts';
import { lastChangePerTick, shotTicks } from './frame-grid.ts';
import type { Cue, Timeline } from '../../schedule/types.ts';
import { KEYS_SECONDS } from '../../stage/key-labels.ts';
import type { ShotCue } from '../../store/artifact-inputs.ts';

/** One shot: [start, end) in whole milliseconds of the timeline, and what to capture in it. */
export interface ShotPart {
  index: number;
  sceneId: string;
  sceneTitle: string;
  start: number;
  end: number;
  /** Times (ms, absolute, sorted, unique, in [start, end)) at which the picture may change. */
  times: number[];
  /** The cues of the scene as they act on the shot's pixels (relative times), for its key. */
  cues: ShotCue[];
}

export interface ShotOptions {
  capture: 'changes' | 'every-frame';
  /** Rate of `every-frame` capture. */
  captureFps?: number;
  /** Shots shorter than this merge with the next boundary (ms). */
  minShotMs?: number;
  /** Digest of each command's cast (by command id): what it types and prints. */
  castDigests?: Record<string, string>;
}

const ms = (s: number) => Math.round(s * 1000);

/** Cue types during which the picture keeps changing: never cut a shot inside them. */
const MOVING = new Set(['command', 'popup', 'camera']);

/** When a cue stops acting on the picture (ms): a key press stays on screen KEYS_SECONDS from its direction (docs/stage.md). */
function actsUntil(c: Cue): number {
  return c.type === 'direction' ? Math.max(ms(c.end), ms(c.start + KEYS_SECONDS)) : ms(c.end);
}

/** Cuts each scene into shots; the shots tile the timeline. */
export function planShots(timeline: Timeline, casts: LessonCast[], opts: ShotOptions): ShotPart[] {
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const minShot = opts.minShotMs ?? 3000;
  const visual = timeline.cues.filter((c) => c.type !== 'narration' && c.type !== 'scene');
  const shots: ShotPart[] = [];
  for (const scene of timeline.scenes) {
    const s0 = ms(scene.start), s1 = ms(scene.end);
    if (s1 <= s0) continue;
    // The stage draws a scene from its own cues only (docs/stage.md): other scenes' cues are not in its keys.
    const own = visual.filter((c) => c.sceneId === scene.id);
    const quiet = (b: number) => !own.some((c) => MOVING.has(c.type) && ms(c.start) < b && ms(c.end) > b);
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
      shots.push({
        index: shots.length, sceneId: scene.id, sceneTitle: scene.title, start, end,
        times: shotTimes(start, end, own, castOf, opts),
        cues: shotCues(own, start, end, opts.castDigests),
      });
    });
  }
  return shots;
}

/**
 * The cues of a scene as a shot's key sees them. The camera's: only the framing in view at the
 * shot's start (the last move done) and the moves in it, by their rectangles and relative times —
 * not by their number in the scene — so an edit of the camera re-renders exactly the shots it moves.
 */
function shotCues(own: Cue[], start: number, end: number, castDigests?: Record<string, string>): ShotCue[] {
  const before = own.filter((c) => c.type === 'camera' && ms(c.end) <= start);
  const inView = before[before.length - 1];
  return own.filter((c) => ms(c.start) < end && (c.type !== 'camera' || c === inView || ms(c.end) > start)).flatMap((c) => keyCue(c, start, castDigests));
}

/** A cue as the key sees it: relative times while it may still act, only its identity once done. */
function keyCue(c: Cue, start: number, castDigests: Record<string, string> = {}): ShotCue[] {
  const id = { type: c.type, ref: c.type === 'camera' ? null : c.ref, text: c.text ?? null, action: c.action ?? null, path: c.path ?? null,
    cast: c.type === 'command' ? castDigests[c.ref] ?? null : null, ...(c.rect ? { rect: c.rect } : {}) };
  if (actsUntil(c) <= start) return c.type === 'popup' || c.type === 'highlight' ? [] : [{ ...id, done: true }];
  return [{ ...id, start: ms(c.start) - start, end: ms(c.end) - start, typedAt: c.typedAt !== undefined ? ms(c.typedAt) - start : null }];
}

/** A cast's drawing times (ms from its start), its writes joined by tick as the stage draws them (coalesce-drawn.ts); once per cast. */
const drawTimes = new WeakMap<LessonCast, number[]>();
function castDrawTimes(lc: LessonCast): number[] {
  let times = drawTimes.get(lc);
  if (!times) {
    const drawn: DrawnEvent[] = [];
    for (const e of lc.cast.events) if (e.code === 'o' || e.code === 'r') drawn.push({ time: Math.max(0, e.time), code: e.code, data: e.data });
    times = coalesceDrawn(drawn).map((e) => ms(e.time));
    drawTimes.set(lc, times);
  }
  return times;
}

/**
 * When to seek and maybe capture: cue edges and the times the casts draw at, at most one a tick
 * when the rate is given (the last change of the tick is what the tick shows), or every frame at a
 * fixed rate. Linear in the drawing events of the casts that overlap the shot.
 */
export function shotTimes(start: number, end: number, visual: Cue[], castOf: Map<string, LessonCast>, opts: Pick<ShotOptions, 'capture' | 'captureFps'>): number[] {
  const set = new Set<number>([start]);
  if (opts.capture === 'every-frame') {
    const fps = opts.captureFps ?? 30;
    for (let k = Math.ceil((start * fps) / 1000); (k * 1000) / fps < end; k++) set.add(Math.round((k * 1000) / fps));
  } else {
    for (const c of visual) {
      const cs = ms(c.start);
      for (const t of [cs, ms(c.end)]) set.add(t);
      if (c.type === 'direction') set.add(actsUntil(c));
      if (c.type === 'camera' && cs < end) {
        // A move is a frame on each of the shot's ticks while it runs, and nothing once it rests.
        const rate = opts.captureFps ?? 30;
        const ce = Math.min(ms(c.end), end);
        // Rounded down, a tick's time falls in its own tick (frame-grid.ts slotOf), never the next.
        for (let k = Math.max(0, Math.ceil(((cs - start) * rate) / 1000)); start + (k * 1000) / rate < ce; k++) set.add(start + Math.floor((k * 1000) / rate));
      }
      if (c.type !== 'command' || cs >= end) continue;
      const lc = castOf.get(c.ref);
      if (!lc) continue;
      const times = castDrawTimes(lc);
      // Only the part of the cast inside the shot (times are sorted).
      let lo = 0, hi = times.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cs + times[mid] < start) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < times.length && cs + times[i] < end; i++) set.add(cs + times[i]);
    }
  }
  const sorted = [...set].filter((t) => t >= start && t < end).sort((a, b) => a - b);
  return opts.capture === 'changes' && opts.captureFps ? lastChangePerTick(sorted, start, opts.captureFps, shotTicks(end - start, opts.captureFps)) : sorted;
}
