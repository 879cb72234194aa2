/**
 * The narration's mix and its predicted gain, as narration-track.ts runs them in a worker thread:
 * every clip at its offset, levelled by its own gain, mixed at 48 kHz into a float WAV, and the
 * gain that brings it through the limiter to the target (mix-loudness.ts). Pure but for the files
 * it reads and the one it writes.
 */
import { writeFileSync } from 'node:fs';
import { encodeWavFloat, mixGained, readWav } from '../../narrate/wav.ts';
import { predictGain } from './mix-loudness.ts';
import type { VideoPlan } from './plan-video.ts';

/** The mixed track (floats), every clip levelled by its gain. */
export function mixNarration(plan: VideoPlan['narration']): Float32Array {
  const clips = plan.placements.map((p) => {
    const w = readWav(p.file);
    if (w.sampleRate !== plan.sampleRate) throw new Error(`${p.file}: ${w.sampleRate} Hz, the mix is ${plan.sampleRate} Hz`);
    return { pcm: w.samples, offset: p.offset, gainDb: p.gainDb };
  });
  return mixGained(clips, plan.sampleRate, plan.duration);
}

/** Writes the mix to `wav` and predicts its gain; a write that fails is returned (the caller words it), not thrown. */
export function mixToFile(plan: VideoPlan['narration'], wav: string, target: number, ceiling: number): { startDb: number; failure?: { path: string; needed: number; code?: string; message: string } } {
  const mix = mixNarration(plan);
  const bytes = encodeWavFloat(mix, plan.sampleRate);
  try {
    writeFileSync(wav, bytes);
  } catch (error) {
    // Plain data: an Error's `code` does not cross to the main thread.
    const e = error as NodeJS.ErrnoException;
    return { startDb: 0, failure: { path: wav, needed: bytes.length, code: e.code, message: e.message } };
  }
  return { startDb: predictGain(mix, plan.sampleRate, target, ceiling) ?? 0 };
}
