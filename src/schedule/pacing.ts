/**
 * How a timeline is paced (docs/timeline.md, "Pacing"): the share of the video with neither
 * narration nor typing nor output ("idle"), and the gaps — stretches with neither speech nor motion
 * (typing, output, a file opening, a pane switching, a scene change) nor a popup to read —
 * with how much of each the author wrote as a `{pause}`. A gap lies between two moments of speech or
 * motion: the stillness at the video's end is idle, not a gap. Pure: the timeline and the casts it plays.
 */
import type { LessonCast } from '../casts/types.ts';
import { CLEAR_SCREEN, PROMPT_PREFIX } from '../casts/type-command.ts';
import type { Timeline } from './types.ts';

/** A gap longer than this (seconds) is one a viewer notices: issue 14's limit, outside the pauses an author writes. */
export const GAP_LIMIT = 1.5;
/** Two drawn events of a cast this close (seconds) are one stretch of motion: keys typed at a human pace, output streaming. */
export const MOTION_JOIN = 0.6;

/** A stretch with neither speech nor motion. */
export interface PacingGap {
  start: number;
  end: number;
  duration: number;
  /** Seconds of it inside pauses the author wrote (`{pause}` cues). */
  written: number;
}

/** The pacing figures `lessoncast timeline` prints. */
export interface Pacing {
  /** Share of the duration (0–1) with neither narration nor typing nor output. */
  idle: number;
  idleSeconds: number;
  /** The longest gap, or null when there is none. */
  longestGap: PacingGap | null;
  /** The longest stretch of a gap that the author did not write (seconds). */
  longestUnwritten: number;
  /** Every gap longer than `gapLimit`, in order. */
  gaps: PacingGap[];
  gapLimit: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Narration counts while its clip plays (the breaths inside a sentence's clip are speech); a
 * command while its cast draws: runs of drawn events no more than MOTION_JOIN apart, except the
 * cast's opening events when they only redraw the idle prompt already on screen.
 */
export function measurePacing(timeline: Timeline, casts: LessonCast[], prompt = '$ '): Pacing {
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const active: [number, number][] = [];
  const instants: number[] = [];
  const reading: [number, number][] = [];
  for (const c of timeline.cues) {
    if (c.type === 'narration') active.push([c.start, c.end]);
    else if (c.type === 'command') {
      const events = (castOf.get(c.ref)?.cast.events ?? []).filter((e) => e.code === 'o' || e.code === 'r');
      let lead = 0;
      while (lead < events.length && redrawsPrompt(events[lead].data, prompt)) lead++;
      const times = events.slice(lead).map((e) => Math.min(c.start + e.time, c.end));
      if (!castOf.has(c.ref)) active.push([c.start, c.end]);
      for (let k = 0; k < times.length; k++) {
        instants.push(times[k]);
        if (k + 1 < times.length && times[k + 1] - times[k] <= MOTION_JOIN) active.push([times[k], times[k + 1]]);
      }
    } else if (c.type === 'direction') { if (!c.placeholder) instants.push(c.start); }
    else if (c.type === 'popup') {
      // A popup on screen is being read: its time is no gap (the schedule gives it its reading time), but it is idle.
      reading.push([c.start, c.end]);
    }
    else if (c.type === 'code') instants.push(c.start);
    else if (c.type === 'scene' && c.start > 0) instants.push(c.start);
  }
  const covered = union(active);
  const busy = covered.reduce((sum, [a, b]) => sum + (b - a), 0);
  const idleSeconds = Math.max(0, timeline.duration - busy);

  // Gaps: what neither speech nor a stretch of motion covers, cut at every instant of motion.
  const marks = union([...covered, ...reading, ...instants.map((t) => [t, t] as [number, number])]);
  const pauses = timeline.cues.filter((c) => c.type === 'pause').map((c) => [c.start, c.end] as [number, number]);
  const all: PacingGap[] = [];
  let from = 0;
  // The stillness after the last speech or motion, while the video ends, is idle but not a gap: nothing comes after it.
  for (const [a, b] of marks) {
    if (a > from) {
      const written = pauses.reduce((sum, [p, q]) => sum + Math.max(0, Math.min(q, a) - Math.max(p, from)), 0);
      all.push({ start: r3(from), end: r3(a), duration: r3(a - from), written: r3(written) });
    }
    from = Math.max(from, b);
  }
  const longestGap = all.reduce<PacingGap | null>((m, g) => (!m || g.duration > m.duration ? g : m), null);
  return {
    idle: timeline.duration > 0 ? Math.round((idleSeconds / timeline.duration) * 10000) / 10000 : 0,
    idleSeconds: r3(idleSeconds),
    longestGap,
    longestUnwritten: r3(all.reduce((m, g) => Math.max(m, g.duration - g.written), 0)),
    gaps: all.filter((g) => g.duration > GAP_LIMIT),
    gapLimit: GAP_LIMIT,
  };
}

/** True when drawing `data` on a terminal that shows the idle prompt changes nothing (a cast's opening redraw, or its clear after a `clear` direction). */
function redrawsPrompt(data: string, prompt: string): boolean {
  return [prompt, PROMPT_PREFIX + prompt, CLEAR_SCREEN, CLEAR_SCREEN + prompt].includes(data);
}

/** Sorted, merged intervals. */
function union(intervals: [number, number][]): [number, number][] {
  const sorted = [...intervals].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
