/**
 * Integrated loudness of a mix in memory (ITU-R BS.1770-4 / EBU R128: K-weighting, 400 ms blocks
 * with 75 % overlap, the absolute gate at -70 LUFS and the relative gate 10 LU under the mean),
 * the same measure ffmpeg's ebur128 makes. The narration track predicts its gain with it, so one
 * ffmpeg pass encodes and checks (docs/narration.md, "Loudness"). Written here because it is 40
 * lines and no maintained npm package measures a Float32Array in Node without a native build.
 */

/** K-weighting at 48 kHz (BS.1770-4, table 1 and 2): a high shelf, then the RLB high-pass. */
const SHELF = { b: [1.53512485958697, -2.69169618940638, 1.19839281085285], a: [-1.69065929318241, 0.73248077421585] };
const HIGHPASS = { b: [1.0, -2.0, 1.0], a: [-1.99004745483398, 0.99007225036621] };

/** The K-weighted signal's square, per sample. */
function weightedSquares(x: Float32Array): Float64Array {
  const out = new Float64Array(x.length);
  // Coefficients in locals: the loop runs 14 million times for five minutes of speech.
  const [b0, b1, b2] = SHELF.b, [a1, a2] = SHELF.a, [c0, c1, c2] = HIGHPASS.b, [d1, d2] = HIGHPASS.a;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const y = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1; x1 = xi;
    const z = c0 * y + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
    y2 = y1; y1 = y;
    z2 = z1; z1 = z;
    out[i] = z * z;
  }
  return out;
}

const lufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare);

/** Integrated loudness (LUFS) of mono samples at 48 kHz, or null when nothing passes the gates (silence, or under 400 ms). */
export function integratedLoudness(samples: Float32Array, rate: number): number | null {
  if (rate !== 48000) return null;
  const sq = weightedSquares(samples);
  const block = Math.round(0.4 * rate);
  const step = Math.round(0.1 * rate);
  if (sq.length < block) return null;
  // Prefix sums: each 400 ms block's mean in O(1).
  const sum = new Float64Array(sq.length + 1);
  for (let i = 0; i < sq.length; i++) sum[i + 1] = sum[i] + sq[i];
  const blocks: number[] = [];
  for (let at = 0; at + block <= sq.length; at += step) blocks.push((sum[at + block] - sum[at]) / block);
  const loud = blocks.filter((z) => lufs(z) > -70);
  if (loud.length === 0) return null;
  const relative = lufs(loud.reduce((a, b) => a + b, 0) / loud.length) - 10;
  const gated = loud.filter((z) => lufs(z) > relative);
  return gated.length ? lufs(gated.reduce((a, b) => a + b, 0) / gated.length) : null;
}

/**
 * The mix after a gain (dB) and a look-ahead peak limiter at `ceilingDb` (5 ms look-ahead, 50 ms
 * linear release): a model of ffmpeg's alimiter as levelFilter() sets it up. On a mix of Piper
 * clips, whose peaks make the limiter take 3–4 LU, it lands within 0.1 LU of ffmpeg at gains of
 * 3–5 dB (an exponential release was 0.4 LU off). The track is then measured by ffmpeg itself. Pure.
 */
export function limited(samples: Float32Array, rate: number, gainDb: number, ceilingDb: number): Float32Array {
  const g0 = Math.pow(10, gainDb / 20);
  const limit = Math.min(1, Math.max(0.0625, Math.pow(10, ceilingDb / 20)));
  const ahead = Math.max(1, Math.round(0.005 * rate));
  // alimiter releases linearly: from where it stands back to unity gain in `release` (50 ms).
  const releaseSamples = 0.05 * rate;
  let step = 0;
  const n = samples.length;
  const out = new Float32Array(n);
  // Sliding maximum of |x| over [i, i + ahead] (a deque of indices with falling peaks).
  const q = new Int32Array(n + ahead + 1);
  let head = 0, tail = 0;
  const abs = (i: number) => Math.abs(samples[i] * g0);
  for (let j = 0; j < Math.min(n, ahead + 1); j++) { while (tail > head && abs(q[tail - 1]) <= abs(j)) tail--; q[tail++] = j; }
  let g = 1;
  for (let i = 0; i < n; i++) {
    const j = i + ahead + 1;
    if (j < n) { while (tail > head && abs(q[tail - 1]) <= abs(j)) tail--; q[tail++] = j; }
    while (q[head] < i) head++;
    const peak = abs(q[head]);
    const want = peak > limit ? limit / peak : 1;
    if (want < g) { g = want; step = 0; }
    else if (g < want) {
      if (step === 0) step = (1 - g) / releaseSamples;
      g = Math.min(want, g + step);
    } else step = 0;
    out[i] = samples[i] * g0 * g;
  }
  return out;
}

/**
 * The gain (dB) that brings the mix through the limiter to `target` LUFS, found on the model
 * (secant steps, as the ffmpeg search does), or null for silence.
 */
export function predictGain(samples: Float32Array, rate: number, target: number, ceilingDb: number): number | null {
  const plain = integratedLoudness(samples, rate);
  if (plain === null) return null;
  let gain = target - plain;
  let prev: { gain: number; loudness: number } | null = null;
  for (let i = 0; i < 4; i++) {
    const l = integratedLoudness(limited(samples, rate, gain, ceilingDb), rate);
    if (l === null) return gain;
    const miss = target - l;
    if (Math.abs(miss) <= 0.05) break;
    const slope = prev && gain !== prev.gain ? Math.min(1, Math.max(0.2, (l - prev.loudness) / (gain - prev.gain))) : 1;
    prev = { gain, loudness: l };
    gain += miss / slope;
  }
  return gain;
}
