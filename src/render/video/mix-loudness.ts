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

/** 100 ms at 48 kHz: a 400 ms gating block is four of these, and blocks start every one of them. */
const STEP = 4800;

/**
 * A running K-weighting (BS.1770-4 at 48 kHz) that sums the weighted signal's squares per 100 ms:
 * fed sample by sample, it holds no copy of the signal (a five-minute track is 14 million samples;
 * the arrays a plain pass allocated cost more than the arithmetic).
 */
class KWeightedSums {
  private readonly sums: number[] = [];
  private acc = 0; private n = 0;

  private x1 = 0; private x2 = 0; private y1 = 0; private y2 = 0; private z1 = 0; private z2 = 0;

  push(xi: number): void {
    const y = SHELF.b[0] * xi + SHELF.b[1] * this.x1 + SHELF.b[2] * this.x2 - SHELF.a[0] * this.y1 - SHELF.a[1] * this.y2;
    this.x2 = this.x1; this.x1 = xi;
    const z = HIGHPASS.b[0] * y + HIGHPASS.b[1] * this.y1 + HIGHPASS.b[2] * this.y2 - HIGHPASS.a[0] * this.z1 - HIGHPASS.a[1] * this.z2;
    this.y2 = this.y1; this.y1 = y;
    this.z2 = this.z1; this.z1 = z;
    this.acc += z * z;
    if (++this.n === STEP) { this.sums.push(this.acc); this.acc = 0; this.n = 0; }
  }

  /** The gated integrated loudness of what was pushed (a last part under 100 ms is left out, as no block ends in it). */
  loudness(): number | null {
    return gatedLoudness(this.sums);
  }

}

/** BS.1770's gated mean over 400 ms blocks (four 100 ms buckets, a block every bucket): LUFS, or null when nothing passes. */
function gatedLoudness(sums: ArrayLike<number>): number | null {
  const blocks: number[] = [];
  for (let i = 0; i + 4 <= sums.length; i++) blocks.push((sums[i] + sums[i + 1] + sums[i + 2] + sums[i + 3]) / (4 * STEP));
  const loud = blocks.filter((z) => lufs(z) > -70);
  if (loud.length === 0) return null;
  const relative = lufs(loud.reduce((a, b) => a + b, 0) / loud.length) - 10;
  const gated = loud.filter((z) => lufs(z) > relative);
  return gated.length ? lufs(gated.reduce((a, b) => a + b, 0) / gated.length) : null;
}

const lufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare);

/** Integrated loudness (LUFS) of mono samples at 48 kHz, or null when nothing passes the gates (silence, or under 400 ms). */
export function integratedLoudness(samples: Float32Array, rate: number): number | null {
  if (rate !== 48000) return null;
  const k = new KWeightedSums();
  for (let i = 0; i < samples.length; i++) k.push(samples[i]);
  return k.loudness();
}

/**
 * The loudness of the mix after a gain (dB) and a look-ahead peak limiter at `ceilingDb` (5 ms
 * look-ahead, 50 ms linear release): a model of ffmpeg's alimiter as levelFilter() sets it up. On a
 * mix of Piper clips, whose peaks make the limiter take 3–4 LU, it lands within 0.1 LU of ffmpeg at
 * gains of 3–5 dB (an exponential release was 0.4 LU off); the track is then measured by ffmpeg
 * itself. The limiter and the K-weighting run in a single loop of plain numbers, with no copy of the
 * track (tests/video/reference-limiter.ts is the same limiter written plainly, the test's oracle). The loudness search tries a few gains, each a
 * pass over every sample (five minutes of speech is 14 million); written out like this a pass costs
 * about a tenth of the two library-style passes with their arrays and callbacks, and it runs in the
 * narration job, beside the capture (docs/narration.md, "Loudness").
 */
export function limitedLoudness(samples: Float32Array, rate: number, gainDb: number, ceilingDb: number): number | null {
  if (rate !== 48000) return null;
  const g0 = Math.pow(10, gainDb / 20);
  const limit = Math.min(1, Math.max(0.0625, Math.pow(10, ceilingDb / 20)));
  const ahead = Math.max(1, Math.round(0.005 * rate));
  const releaseSamples = 0.05 * rate;
  const n = samples.length;
  const cap = ahead + 3;
  const q = new Int32Array(cap);
  const qv = new Float64Array(cap);
  let head = 0, tail = 0;
  const [b0, b1, b2] = SHELF.b, [a1, a2] = SHELF.a, [c0, c1, c2] = HIGHPASS.b, [d1, d2] = HIGHPASS.a;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  const sums = new Float64Array(Math.floor(n / STEP));
  let acc = 0, inBucket = 0, bucket = 0;
  let g = 1, step = 0;
  // The look-ahead window's maximum of |gained x|, as a falling deque of (index, value).
  const fill = Math.min(n, ahead + 1);
  for (let j = 0; j < fill; j++) {
    const v = Math.abs(samples[j] * g0);
    while (tail > head && qv[(tail - 1) % cap] <= v) tail--;
    q[tail % cap] = j; qv[tail % cap] = v; tail++;
  }
  for (let i = 0; i < n; i++) {
    const j = i + ahead + 1;
    if (j < n) {
      const v = Math.abs(samples[j] * g0);
      while (tail > head && qv[(tail - 1) % cap] <= v) tail--;
      q[tail % cap] = j; qv[tail % cap] = v; tail++;
    }
    while (q[head % cap] < i) head++;
    const peak = qv[head % cap];
    const want = peak > limit ? limit / peak : 1;
    if (want < g) { g = want; step = 0; }
    else if (g < want) {
      if (step === 0) step = (1 - g) / releaseSamples;
      g = Math.min(want, g + step);
    } else step = 0;
    const xi = samples[i] * g0 * g;
    const y = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1; x1 = xi;
    const z = c0 * y + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
    y2 = y1; y1 = y;
    z2 = z1; z1 = z;
    acc += z * z;
    if (++inBucket === STEP) { if (bucket < sums.length) sums[bucket] = acc; bucket++; acc = 0; inBucket = 0; }
  }
  return gatedLoudness(sums);
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
    const l = limitedLoudness(samples, rate, gain, ceilingDb);
    if (l === null) return gain;
    const miss = target - l;
    if (Math.abs(miss) <= 0.05) break;
    const slope = prev && gain !== prev.gain ? Math.min(1, Math.max(0.2, (l - prev.loudness) / (gain - prev.gain))) : 1;
    prev = { gain, loudness: l };
    gain += miss / slope;
  }
  return gain;
}
