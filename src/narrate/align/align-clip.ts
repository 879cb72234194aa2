/**
 * Offline forced alignment (docs/narration.md, "Word times"): the words of a clip whose timing is
 * unknown (a voice-over, an engine without word times) are found by warping the clip onto a
 * reference of the same text whose word times are known (festival's), MFCC frame against MFCC
 * frame. No recognizer and no model download: the reference voice is the model. Pure.
 */
import type { SpokenWordTime } from '../types.ts';
import { dtwPath } from './dtw.ts';
import { HOP_SECONDS, mfccFeatures, type Features } from './mfcc.ts';

/** Audio to align: 16-bit mono samples at `rate` Hz. */
export interface Speech {
  samples: Int16Array;
  rate: number;
}

/** Frames quieter than the loudest by more than this (dB) are silence at the clip's ends. */
const SILENCE_DB = 35;
/** Frames quieter than the loudest by more than this (dB) are a pause between words. */
const PAUSE_DB = 40;

/** First and last frame with speech (by energy), so that silences of different lengths at the ends do not skew the warp. */
function speechSpan(f: Features): [number, number] {
  let max = -Infinity;
  for (const e of f.energy) max = Math.max(max, e);
  const floor = max - SILENCE_DB;
  let a = 0;
  while (a < f.energy.length - 1 && f.energy[a] < floor) a++;
  let b = f.energy.length - 1;
  while (b > a && f.energy[b] < floor) b--;
  return [a, b];
}

/** Where each of the reference's words is said in the clip: the reference's word times carried through the warp. */
export function alignToReference(reference: Speech & { words: SpokenWordTime[] }, clip: Speech): SpokenWordTime[] {
  const fr = mfccFeatures(reference.samples, reference.rate);
  const fc = mfccFeatures(clip.samples, clip.rate);
  const [r0, r1] = speechSpan(fr);
  const [c0, c1] = speechSpan(fc);
  const a = fr.frames.slice(r0, r1 + 1);
  const b = fc.frames.slice(c0, c1 + 1);
  const clipEnd = clip.samples.length / clip.rate;
  if (a.length < 2 || b.length < 2) return reference.words.map((w) => ({ ...w, start: Math.min(w.start, clipEnd), end: Math.min(w.end, clipEnd) }));
  // A quarter of the longer one: a person may pause or hurry; capped so that memory stays under ~50 MB.
  const band = Math.min(800, Math.max(100, Math.round(0.25 * Math.max(a.length, b.length))));
  const { first, last } = dtwPath(a, b, band);
  const frameOf = (t: number) => Math.min(a.length - 1, Math.max(0, Math.round(t / HOP_SECONDS) - r0));
  const toClip = (frame: number) => Math.min(clipEnd, (c0 + frame) * HOP_SECONDS);
  // Inside a pause the warp is arbitrary (silence matches silence anywhere): a word edge that lands
  // in the clip's silence moves to where its speech starts or stops. Measured on Piper clips against
  // festival's reference (scripts/bench-aligner.ts, 590 word edges): median 57 → 53 ms, p90 360 → 267 ms.
  let loud = -Infinity;
  for (const e of fc.energy) loud = Math.max(loud, e);
  const quiet = (t: number) => { const k = Math.round(t / HOP_SECONDS); return k >= 0 && k < fc.energy.length && fc.energy[k] < loud - PAUSE_DB; };
  const out: SpokenWordTime[] = [];
  let floor = 0;
  for (const w of reference.words) {
    let start = Math.max(floor, toClip(first[frameOf(w.start)]));
    let end = Math.max(start, toClip(last[Math.max(0, frameOf(w.end) - 1)] + 1));
    while (start + HOP_SECONDS < end && quiet(start)) start += HOP_SECONDS;
    while (end - HOP_SECONDS > start && quiet(end - HOP_SECONDS)) end -= HOP_SECONDS;
    out.push({ word: w.word, start, end: Math.min(end, clipEnd) });
    floor = Math.min(end, clipEnd);
  }
  return out;
}
