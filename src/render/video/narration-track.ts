/**
 * The narration as one AAC track: every clip at its cue's sample offset, each levelled by its own
 * loudness, mixed once at 48 kHz; then the whole track brought to the target (integrated loudness,
 * true peak): one gain and a peak limiter. The gain is predicted from the mix in memory
 * (mix-loudness.ts), and one ffmpeg run encodes the track (AAC-LC 48 kHz) and measures what it
 * encoded; only when that misses the target (the limiter took more than usual) is the gain
 * searched with ffmpeg's ebur128 and the track encoded again. docs/narration.md, "Loudness".
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fsFailure } from '../../adapters/fs-failure.ts';
import { levelFilter, measureSpec, narrationMeasuredSpec, parseEbur128, runFfmpeg, type FfmpegSpec, type Loudness } from '../../adapters/ffmpeg.ts';
import { runInWorker } from '../../adapters/in-worker.ts';
import type { Store, StoreEntry } from '../../store/store.ts';
import type { RenderGuard } from './render-guard.ts';
import type { VideoPlan } from './plan-video.ts';

/** The file of a narration entry. */
export const NARRATION_FILE = 'narration.m4a';

export { mixNarration } from './narration-mix.ts';
import type { mixToFile } from './narration-mix.ts';

/** Loudness passes at most: each after the first corrects the gain by what the limiter took. */
const MAX_PASSES = 4;
/** Close enough to the target (LU). */
const TOLERANCE = 0.3;
/** The limiter's sample-peak ceiling sits this far under the true-peak limit: inter-sample peaks and AAC add up to about 1 dB. */
export const PEAK_MARGIN_DB = 2;

/**
 * The gain that brings the levelled mix to the target through the limiter: measure it through the
 * limiter at no gain (its clips are levelled to the target already), then correct the gain by the
 * miss (secant steps: the louder the gain, the more the limiter takes back). `measure(filters)`
 * gives the loudness after `filters`, null when nothing passes the gate (silence).
 */
export async function searchGain(measure: (filters: string) => Promise<Loudness | null>, target: number, ceilingDb: number, startDb = 0):
  Promise<{ gainDb: number; loudness: Loudness | null; passes: number }> {
  let gainDb = startDb;
  let prev: { gain: number; loudness: number } | null = null;
  let loudness: Loudness | null = null;
  let passes = 0;
  for (let i = 0; i < MAX_PASSES; i++) {
    loudness = await measure(levelFilter(gainDb, ceilingDb));
    passes++;
    // A track with no speech (nothing above the gate) is left as it is.
    if (!loudness) return { gainDb: 0, loudness: null, passes };
    const miss = target - loudness.integrated;
    if (Math.abs(miss) <= TOLERANCE) break;
    // Loudness per dB of gain, between the last two passes (1 at first): limiting makes it less than 1.
    const slope = prev && gainDb !== prev.gain ? Math.min(1, Math.max(0.2, (loudness.integrated - prev.loudness) / (gainDb - prev.gain))) : 1;
    prev = { gain: gainDb, loudness: loudness.integrated };
    gainDb += miss / slope;
  }
  return { gainDb, loudness, passes };
}

/** Builds (or finds in the store) the lesson's narration track. */
export async function narrationTrack(plan: VideoPlan['narration'], store: Store, work: string, guard: RenderGuard): Promise<StoreEntry> {
  const hit = await store.get(plan.key);
  if (hit) return hit;
  const wav = join(work, `${plan.key.hash}.mix.wav`);
  const out = join(work, `${plan.key.hash}.m4a`);
  const ceiling = plan.loudness.truePeak - PEAK_MARGIN_DB;
  const target = plan.loudness.target;
  // Mixing and the prediction are seconds of arithmetic: in a worker thread, so the captures that
  // run beside this job in the same process keep the main thread (docs/narration.md, "Loudness").
  const { startDb, failure } = await runInWorker<ReturnType<typeof mixToFile>>(new URL('./narration-mix.ts', import.meta.url), 'mixToFile', [plan, wav, target, ceiling]);
  if (failure) {
    const error = Object.assign(new Error(failure.message), { code: failure.code });
    throw fsFailure(error, { path: failure.path, needed: failure.needed }) ?? error;
  }
  // Every run reads the mix from stdin: an ffmpeg whose parent died sees its input end.
  const ffmpeg = async (spec: FfmpegSpec, label: string) => {
    const r = runFfmpeg(spec, label, { keepLines: 60 });
    const untrack = guard.child(() => r.kill());
    return r.done.finally(untrack);
  };
  const loudnessOf = (lines: string[]): Loudness | null => {
    const m = parseEbur128(lines.join('\n')).find(Boolean);
    return m && Number.isFinite(m.integrated) && m.integrated > -69.9 ? m : null;
  };
  const encode = async (gain: number) => loudnessOf(await ffmpeg(narrationMeasuredSpec(createReadStream(wav), out, levelFilter(gain, ceiling)), 'narration track'));
  let gainDb = startDb;
  let loudness = await encode(gainDb);
  let passes = 1;
  // Silence stays as it is; a miss (the limiter took more than the prediction knew) is searched, then encoded again.
  if (loudness && Math.abs(target - loudness.integrated) > TOLERANCE) {
    const measure = async (filters: string) => loudnessOf(await ffmpeg(measureSpec(createReadStream(wav), filters, false), 'narration loudness'));
    const found = await searchGain(measure, target, ceiling, gainDb);
    gainDb = found.gainDb;
    loudness = await encode(gainDb);
    passes += found.passes + 1;
  }
  return store.put(plan.key, { [NARRATION_FILE]: out }, { target: plan.loudness, gainDb, predictedDb: startDb, measured: loudness, passes });
}
