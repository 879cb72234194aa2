/** ffprobe/ffmpeg helpers for the video tests: what a real player would see in the file. */
import { execFileSync } from 'node:child_process';

export interface Probe {
  streams: { index: number; codec_name: string; codec_type: string; width?: number; height?: number; pix_fmt?: string; duration?: string; r_frame_rate?: string; nb_frames?: string }[];
  format: { duration: string; tags?: Record<string, string> };
  chapters: { start_time: string; end_time: string; tags?: { title?: string } }[];
}

export function probe(file: string): Probe {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-show_chapters', file], { encoding: 'utf8' }));
}

/** ffmpeg arguments for the picture on screen at t, what a player shows. A plain `-ss t` gives the
 * first frame at or after t, which in a variable-rate video is the next change, not the held frame:
 * so seek 10 s early and let the fps filter repeat held frames up to t. */
export function frameAtArgs(file: string, t: number, vf: string): string[] {
  const pre = Math.max(0, t - 10);
  return ['-v', 'error', '-ss', pre.toFixed(3), '-i', file, '-vf', `fps=100,select=gte(t\\,${(t - pre - 0.005).toFixed(3)}),${vf}`, '-frames:v', '1'];
}

/** The video frame on screen at time t, scaled down, as raw gray bytes (compression noise averages out). */
export function grayFrame(file: string, t: number, w = 480, h = 270): Buffer {
  return execFileSync('ffmpeg', [...frameAtArgs(file, t, `scale=${w}:${h},format=gray`), '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}

/** The same for an image file (a stage screenshot). */
export function grayImage(file: string, w = 480, h = 270): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `scale=${w}:${h},format=gray`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}

/** Mean absolute difference of two gray images, 0..255. */
export function meanDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/** Decoded mono s16le samples of a file's audio at `rate`. */
export function pcm(file: string, rate = 24000): Int16Array {
  const buf = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', String(rate), '-f', 's16le', 'pipe:1'], { maxBuffer: 1 << 28 });
  return new Int16Array(buf.buffer, buf.byteOffset, Math.floor(buf.length / 2));
}

/** First sample index at or after `from` whose 5 ms window RMS exceeds `threshold`. */
export function onset(samples: Int16Array, rate: number, from: number, threshold = 500): number {
  const win = Math.round(rate * 0.005);
  for (let i = Math.max(0, from); i + win < samples.length; i += Math.max(1, win >> 2)) {
    let s = 0;
    for (let k = 0; k < win; k++) s += samples[i + k] * samples[i + k];
    if (Math.sqrt(s / win) > threshold) return i;
  }
  return -1;
}

/** Where `a` and `b` differ (> 40 gray levels): the mean distance of `x` to each there. */
export function closerWhereTheyDiffer(x: Buffer, a: Buffer, b: Buffer): { toA: number; toB: number; pixels: number } {
  let toA = 0, toB = 0, n = 0;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(a[i] - b[i]) <= 40) continue;
    toA += Math.abs(x[i] - a[i]); toB += Math.abs(x[i] - b[i]); n++;
  }
  return { toA: n ? toA / n : 0, toB: n ? toB / n : 0, pixels: n };
}
