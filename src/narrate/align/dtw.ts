/**
 * Dynamic time warping of two feature sequences inside a band around the diagonal. Written here
 * because the npm DTW packages (dtw, dynamic-time-warping) are unmaintained, take arrays of
 * arrays without a band (memory grows with the product of the lengths: 8 GB for two minutes of
 * speech) and return no path, which is all that alignment needs.
 */

/** Euclidean distance of two frames. */
function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) { const d = a[k] - b[k]; s += d * d; }
  return Math.sqrt(s);
}

/**
 * The warping path from (0, 0) to (n-1, m-1) as, for each frame i of `a`, the first and last frame
 * of `b` it is matched with. Steps (1,0), (0,1), (1,1), the diagonal weighted 2 (symmetric: a
 * path's cost does not depend on how its frames are split between the two sequences). `band` is
 * the half-width in frames around the line from (0, 0) to (n-1, m-1).
 */
export function dtwPath(a: Float32Array[], b: Float32Array[], band: number): { first: Int32Array; last: Int32Array } {
  const n = a.length;
  const m = b.length;
  const w = Math.max(band, Math.abs(n - m) + 1);
  const width = 2 * w + 1;
  const cost = new Float32Array(n * width).fill(Infinity);
  // 0 diagonal, 1 from (i-1, j), 2 from (i, j-1).
  const step = new Uint8Array(n * width);
  const centre = (i: number) => (n === 1 ? 0 : Math.round((i * (m - 1)) / (n - 1)));
  const at = (i: number, j: number) => {
    const o = j - centre(i) + w;
    return o >= 0 && o < width ? i * width + o : -1;
  };
  for (let i = 0; i < n; i++) {
    const c = centre(i);
    for (let j = Math.max(0, c - w); j <= Math.min(m - 1, c + w); j++) {
      const d = distance(a[i], b[j]);
      const here = at(i, j);
      if (i === 0 && j === 0) { cost[here] = d; continue; }
      let best = Infinity;
      let from = 0;
      const diag = i > 0 && j > 0 ? at(i - 1, j - 1) : -1;
      const up = i > 0 ? at(i - 1, j) : -1;
      const left = j > 0 ? at(i, j - 1) : -1;
      if (diag >= 0 && cost[diag] + 2 * d < best) { best = cost[diag] + 2 * d; from = 0; }
      if (up >= 0 && cost[up] + d < best) { best = cost[up] + d; from = 1; }
      if (left >= 0 && cost[left] + d < best) { best = cost[left] + d; from = 2; }
      cost[here] = best;
      step[here] = from;
    }
  }
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  let i = n - 1;
  let j = m - 1;
  for (;;) {
    if (last[i] < 0) last[i] = j;
    first[i] = j;
    if (i === 0 && j === 0) break;
    const here = at(i, j);
    if (here < 0 || !Number.isFinite(cost[here])) { // outside the band: walk the diagonal home
      if (i > 0) i--; if (j > 0) j--;
      continue;
    }
    const s = step[here];
    if (s === 0) { i--; j--; } else if (s === 1) i--; else j--;
  }
  return { first, last };
}
