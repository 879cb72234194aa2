/** Idle capping: a recording's long pauses shortened, as asciinema players do with `idle_time_limit`. */
import type { Cast } from './types.ts';

/**
 * Returns the cast with every pause between events (and before the first) longer than `limit`
 * seconds shortened to `limit`. A limit that is not a positive finite number leaves the cast as is.
 */
export function capIdle(cast: Cast, limit: number): Cast {
  if (!(limit > 0) || !Number.isFinite(limit)) return cast;
  let prev = 0;
  let removed = 0;
  const events = cast.events.map((e) => {
    const gap = e.time - prev;
    if (gap > limit) removed += gap - limit;
    prev = e.time;
    return { ...e, time: Math.round((e.time - removed) * 1e6) / 1e6 };
  });
  return { ...cast, events, duration: events.length ? events[events.length - 1].time : 0 };
}
