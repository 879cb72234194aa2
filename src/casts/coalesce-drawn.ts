/**
 * A cast's drawing events on a clock: what a cast writes within one tick of its own clock is drawn
 * at once, at the time of the tick's last write. The picture can only change once a tick anyway (a
 * video frame starts on a tick; docs/video.md), and a recording of a fast command writes many
 * times a tick (`seq 1000000`: 10⁶ writes in a few seconds), so deck and video work grows with the
 * ticks a cast covers, not its writes. Ticks count from the cast's own start, so a cast draws the
 * same wherever its command falls in the lesson (a shot's pixels depend on its cues only).
 */

import type { Cast, CastEvent } from './types.ts';

/** The stage's tick: 1/120 s, the highest video tick rate (video-params.ts), so no video frame falls between two draws. */
export const DRAW_TICK_RATE = 120;

/** An event that draws: `o` output or `r` resize, at `time` seconds of its cast. */
export interface DrawnEvent { time: number; code: 'o' | 'r'; data: string }

/**
 * Joins the writes of each tick (`rate` ticks a second) into one, at the time of the tick's last
 * event; a resize inside a tick stays in its place between the output before and after it. Events
 * must be sorted by time. Writes already a tick or more apart are returned as they are.
 */
export function coalesceDrawn(events: readonly DrawnEvent[], rate = DRAW_TICK_RATE): DrawnEvent[] {
  const out: DrawnEvent[] = [];
  let i = 0;
  while (i < events.length) {
    // 1e-9: a time written as k/rate in decimal still falls on tick k.
    const tick = Math.floor(events[i].time * rate + 1e-9);
    let j = i;
    while (j + 1 < events.length && Math.floor(events[j + 1].time * rate + 1e-9) === tick) j++;
    const at = events[j].time;
    if (j === i) out.push(events[i]);
    else {
      let pending: string[] = [];
      const flush = () => { if (pending.length) { out.push({ time: at, code: 'o', data: pending.join('') }); pending = []; } };
      for (let k = i; k <= j; k++) {
        if (events[k].code === 'o') pending.push(events[k].data);
        else { flush(); out.push({ ...events[k], time: at }); }
      }
      flush();
    }
    i = j + 1;
  }
  return out;
}

/**
 * A whole cast with the writes of each tick joined as `coalesceDrawn` joins them; every other event
 * (input, markers, exit) keeps its place and ends a run. For players that get the cast as data
 * (the lesson page): 10⁶ writes of `seq` are then a page of ticks, not of writes.
 */
export function coalesceCast(cast: Cast, rate = DRAW_TICK_RATE): Cast {
  const events: CastEvent[] = [];
  let run: DrawnEvent[] = [];
  const flush = () => { if (run.length) { events.push(...coalesceDrawn(run, rate)); run = []; } };
  for (const e of cast.events) {
    if (e.code === 'o' || e.code === 'r') run.push({ time: e.time, code: e.code, data: e.data });
    else { flush(); events.push(e); }
  }
  flush();
  return events.length === cast.events.length ? cast : { ...cast, events };
}
