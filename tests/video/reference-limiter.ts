/**
 * The narration limiter written plainly (a sliding maximum and a linear release, output kept in an
 * array): the oracle the fused `limitedLoudness` of src/render/video/mix-loudness.ts is checked
 * against. Test code only.
 */
/**
 * The mix after a gain (dB) and a look-ahead peak limiter at `ceilingDb` (5 ms look-ahead, 50 ms
 * linear release): a model of ffmpeg's alimiter as levelFilter() sets it up. On a mix of Piper
 * clips, whose peaks make the limiter take 3–4 LU, it lands within 0.1 LU of ffmpeg at gains of
 * 3–5 dB (an exponential release was 0.4 LU off). The track is then measured by ffmpeg itself. Pure.
 */
export function limited(samples: Float32Array, rate: number, gainDb: number, ceilingDb: number): Float32Array {
  const out = new Float32Array(samples.length);
  limitInto(samples, rate, gainDb, ceilingDb, (i, v) => { out[i] = v; });
  return out;
}

/** The limiter of `limited`, handing each output sample to `sink` instead of keeping them. */
function limitInto(samples: Float32Array, rate: number, gainDb: number, ceilingDb: number, sink: (i: number, v: number) => void): void {
  const g0 = Math.pow(10, gainDb / 20);
  const limit = Math.min(1, Math.max(0.0625, Math.pow(10, ceilingDb / 20)));
  const ahead = Math.max(1, Math.round(0.005 * rate));
  // alimiter releases linearly: from where it stands back to unity gain in `release` (50 ms).
  const releaseSamples = 0.05 * rate;
  let step = 0;
  const n = samples.length;
  // Sliding maximum of |x| over [i, i + ahead] (a deque of indices with falling peaks), in a ring:
  // it never holds more than the window.
  const cap = ahead + 3;
  const q = new Int32Array(cap);
  let head = 0, tail = 0;
  const abs = (i: number) => Math.abs(samples[i] * g0);
  const push = (j: number) => { while (tail > head && abs(q[(tail - 1) % cap]) <= abs(j)) tail--; q[tail % cap] = j; tail++; };
  for (let j = 0; j < Math.min(n, ahead + 1); j++) push(j);
  let g = 1;
  for (let i = 0; i < n; i++) {
    const j = i + ahead + 1;
    if (j < n) push(j);
    while (q[head % cap] < i) head++;
    const peak = abs(q[head % cap]);
    const want = peak > limit ? limit / peak : 1;
    if (want < g) { g = want; step = 0; }
    else if (g < want) {
      if (step === 0) step = (1 - g) / releaseSamples;
      g = Math.min(want, g + step);
    } else step = 0;
    sink(i, samples[i] * g0 * g);
  }
}
