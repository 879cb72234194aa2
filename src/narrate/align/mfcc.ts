/**
 * Speech features for alignment: MFCCs (meyda) every 10 ms, normalized per clip (cepstral mean and
 * variance), so that two voices saying the same words can be compared frame by frame.
 */
import meyda from 'meyda';

// meyda's types declare an ES default export, but its Node build is CommonJS whose exports are the object itself.
const Meyda = meyda as unknown as typeof meyda.default;

/** Seconds between frames. */
export const HOP_SECONDS = 0.01;
/** Coefficients per frame (c0, the energy, is dropped after normalization is computed). */
const COEFFICIENTS = 13;

/** Features of a clip: `frames[i]` describes the audio around i × HOP_SECONDS; `energy[i]` its loudness (dB). */
export interface Features {
  frames: Float32Array[];
  energy: Float32Array;
}

/** MFCC frames of 16-bit mono samples at `rate` Hz. */
export function mfccFeatures(samples: Int16Array, rate: number): Features {
  const hop = Math.round(rate * HOP_SECONDS);
  // A power of two near 25 ms (meyda's FFT needs one): 512 samples at 16–24 kHz.
  const size = 1 << Math.round(Math.log2(rate * 0.025));
  Meyda.bufferSize = size;
  Meyda.sampleRate = rate;
  Meyda.numberOfMFCCCoefficients = COEFFICIENTS;
  Meyda.windowingFunction = 'hamming';
  const count = Math.max(1, Math.floor((samples.length - size) / hop) + 1);
  const frames: Float32Array[] = [];
  const energy = new Float32Array(count);
  const buf = new Float32Array(size);
  for (let i = 0; i < count; i++) {
    const at = i * hop;
    for (let k = 0; k < size; k++) buf[k] = (samples[at + k] ?? 0) / 32768;
    let sum = 0;
    for (let k = 0; k < size; k++) sum += buf[k] * buf[k];
    energy[i] = 10 * Math.log10(sum / size + 1e-10);
    const f = Meyda.extract('mfcc', buf) as unknown as number[] | null;
    frames.push(Float32Array.from(f ?? new Array(COEFFICIENTS).fill(0), (x) => (Number.isFinite(x) ? x : 0)));
  }
  normalize(frames);
  return { frames: withDeltas(frames.map((f) => f.subarray(1))), energy };
}

/**
 * Each frame with its deltas (the slope over ±2 frames) appended: how the spectrum moves tells
 * two voices' phones apart better than where it sits (another speaker's formants sit elsewhere).
 */
function withDeltas(frames: Float32Array[]): Float32Array[] {
  const n = frames.length;
  return frames.map((f, i) => {
    const out = new Float32Array(2 * f.length);
    out.set(f);
    const at = (k: number) => frames[Math.min(n - 1, Math.max(0, k))];
    for (let k = 0; k < f.length; k++)
      out[f.length + k] = (at(i + 1)[k] - at(i - 1)[k] + 2 * (at(i + 2)[k] - at(i - 2)[k])) / 10;
    return out;
  });
}

/** Cepstral mean and variance normalization: removes the voice's and the microphone's own colour. */
function normalize(frames: Float32Array[]): void {
  if (frames.length === 0) return;
  const d = frames[0].length;
  for (let k = 0; k < d; k++) {
    let mean = 0;
    for (const f of frames) mean += f[k];
    mean /= frames.length;
    let v = 0;
    for (const f of frames) v += (f[k] - mean) ** 2;
    const sd = Math.sqrt(v / frames.length) || 1;
    for (const f of frames) f[k] = (f[k] - mean) / sd;
  }
}
