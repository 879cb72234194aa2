/**
 * The frame clock (pure): every frame of a video starts on a tick (1/rate s). A shot's segment is
 * drawn on its own ticks, from its start, so its pixels do not depend on where the shot falls on
 * the lesson's clock (an edit earlier in the lesson moves it by any number of milliseconds); the
 * join gives each segment the lesson ticks its span covers (one fewer, or the same). docs/video.md.
 */

/** Milliseconds of tick k (whole ms: the Matroska stream's clock; ffmpeg rounds back to the tick). */
export function tickMs(k: number, rate: number): number {
  return Math.round((k * 1000) / rate);
}

/** Ticks a shot of `durationMs` is encoded with on its own clock (at least one). */
export function shotTicks(durationMs: number, rate: number): number {
  return Math.max(1, Math.ceil((durationMs * rate) / 1000 - 1e-9));
}

/** Ticks of the lesson's clock in [startMs, endMs): what the shot's segment covers in the final video. */
export function lessonTicks(startMs: number, endMs: number, rate: number): number {
  const at = (t: number) => Math.ceil((t * rate) / 1000 - 1e-9);
  return at(endMs) - at(startMs);
}

/** The tick (0 … ticks-1) from which a change `relMs` after the shot's start shows: the first at or after it. */
export function slotOf(relMs: number, rate: number, ticks: number): number {
  return Math.min(ticks - 1, Math.max(0, Math.ceil((relMs * rate) / 1000 - 1e-9)));
}

/**
 * Change times (ms, sorted) a shot needs to capture: its start, and the last change of each tick
 * (a later change in the same tick replaces the picture anyway: render-shot.ts). Pixel for pixel
 * what capturing at every change gives, in at most one capture a tick.
 */
export function lastChangePerTick(times: readonly number[], start: number, rate: number, ticks: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    // The start is kept apart: the shot's first picture is its first frame (and poster).
    if (t === start) { out.push(t); continue; }
    const next = times[i + 1];
    if (next === undefined || slotOf(next - start, rate, ticks) !== slotOf(t - start, rate, ticks)) out.push(t);
  }
  return out;
}
