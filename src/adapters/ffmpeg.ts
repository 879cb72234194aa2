/**
 * The ffmpeg adapter: every command line is built here as data (`string[]`, tested as data) and run
 * through fluent-ffmpeg (or, for measurements that read ffmpeg's report, through `run`). Callers
 * never assemble ffmpeg arguments themselves. The long runs (segments, the narration's passes) read
 * their main input from stdin, so an ffmpeg whose parent died (SIGKILL) sees end of input and
 * exits (docs/video.md, "Faults").
 */
import type { Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { isAbsolute } from 'node:path';
import { LessoncastError } from '../errors.ts';
import { diskFull } from './fs-failure.ts';
import { ffmpegPaths, run } from './tools.ts';

/** Video parameters shared by every segment, so segments join with `-c copy`. */
export interface VideoParams {
  width: number;
  height: number;
  /** Ticks per second: every frame starts on this clock (30 unless configured). */
  rate: number;
  /** A frame on every tick (`--fps`), else a frame per change held for whole ticks. */
  cfr: boolean;
  crf?: number;
  preset?: string;
}

/** One input of an ffmpeg run: a file path or a stream piped to stdin, with its input options. */
export interface FfmpegInput { source: string | Readable; options: string[] }

/** An ffmpeg run as data; `also`: more outputs of the same run, each with its own options. */
export interface FfmpegSpec { inputs: FfmpegInput[]; outputOptions: string[]; output: string; also?: { options: string[]; output: string }[] }

/**
 * A keyframe is forced this often (seconds, in each segment's own time); the capture sends a held
 * frame again at those times, so a keyframe comes at least every 10 s (docs/video.md).
 */
export const KEYFRAME_SECONDS = 8;

/** H.264 levels (ITU-T H.264 Table A-1): frame size and macroblock rate limits, High-profile bitrate and buffer (kbit). */
const LEVELS: { level: string; maxFs: number; maxMbps: number; maxKbps: number; cpbKbit: number }[] = [
  { level: '3', maxFs: 1620, maxMbps: 40500, maxKbps: 12500, cpbKbit: 12500 },
  { level: '3.1', maxFs: 3600, maxMbps: 108000, maxKbps: 17500, cpbKbit: 17500 },
  { level: '3.2', maxFs: 5120, maxMbps: 216000, maxKbps: 25000, cpbKbit: 25000 },
  { level: '4', maxFs: 8192, maxMbps: 245760, maxKbps: 25000, cpbKbit: 31250 },
  { level: '4.1', maxFs: 8192, maxMbps: 245760, maxKbps: 62500, cpbKbit: 78125 },
  { level: '4.2', maxFs: 8704, maxMbps: 522240, maxKbps: 62500, cpbKbit: 78125 },
  { level: '5', maxFs: 22080, maxMbps: 589824, maxKbps: 168750, cpbKbit: 168750 },
  { level: '5.1', maxFs: 36864, maxMbps: 983040, maxKbps: 300000, cpbKbit: 300000 },
  { level: '5.2', maxFs: 36864, maxMbps: 2073600, maxKbps: 300000, cpbKbit: 300000 },
  { level: '6', maxFs: 139264, maxMbps: 4177920, maxKbps: 300000, cpbKbit: 300000 },
  { level: '6.1', maxFs: 139264, maxMbps: 8355840, maxKbps: 600000, cpbKbit: 600000 },
  { level: '6.2', maxFs: 139264, maxMbps: 16711680, maxKbps: 1000000, cpbKbit: 1000000 },
];

/**
 * The lowest H.264 level that holds frames of width×height at `rate` frames per second, and the
 * bitrate limits the encoder must keep to for the stream to conform to it. The frame rate that
 * counts is the clock's: no two frames are closer than one tick.
 */
export function h264Level(width: number, height: number, rate: number): { level: string; maxrateKbps: number; bufsizeKbit: number } {
  const mbW = Math.ceil(width / 16), mbH = Math.ceil(height / 16);
  const fs = mbW * mbH;
  for (const l of LEVELS) {
    // A frame's sides are limited too: at most sqrt(8 × MaxFS) macroblocks.
    const side = Math.sqrt(8 * l.maxFs);
    if (fs <= l.maxFs && mbW <= side && mbH <= side && fs * rate <= l.maxMbps)
      return { level: l.level, maxrateKbps: l.maxKbps, bufsizeKbit: l.cpbKbit };
  }
  throw new LessoncastError('VIDEO_TOO_LARGE', `${width}×${height} at ${rate} frames per second is beyond every H.264 level.`, 'Use a smaller video.width/height or a lower frame rate.');
}

/** H.264 encoder options: the same for every segment (concat needs identical streams). */
export function h264Options(p: VideoParams): string[] {
  const { level, maxrateKbps, bufsizeKbit } = h264Level(p.width, p.height, p.rate);
  return [
    '-c:v', 'libx264', '-preset', p.preset ?? 'veryfast', '-tune', 'stillimage', '-crf', String(p.crf ?? 20),
    // No B-frames: frames are held for seconds, reordering gains nothing and confuses VFR timestamps.
    '-bf', '0', '-pix_fmt', 'yuv420p', '-profile:v', 'high',
    // The level the size and clock need, and its bitrate limits (VBV), so the stream conforms to it.
    '-level', level, '-maxrate', `${maxrateKbps}k`, '-bufsize', `${bufsizeKbit}k`,
    '-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`,
    // Two encoder threads: frames are few, and two encoders may run at once beside Chromium. No
    // lookahead and threads by slices, not frames: each frame is encoded as it arrives, while the
    // stage captures the next, instead of all at the end of the shot (measured on services-and-dns:
    // 30.7 → 29.0 s cold; docs/video.md, "Encoding beside the capture").
    '-threads', '2', '-x264-params', 'rc-lookahead=0:sync-lookahead=0:sliced-threads=1',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv',
  ];
}

/**
 * One shot's segment from a Matroska/MJPEG stream on stdin (frames on the shot's own ticks,
 * millisecond timestamps), `ticks` ticks long. A frame per change: timestamps pass through onto a
 * 1/rate clock (the stream is declared at that rate). `--fps`: `-fps_mode cfr` repeats frames on
 * every tick and `-frames:v` cuts at exactly `ticks` frames.
 */
export function segmentSpec(input: Readable, output: string, p: VideoParams & { ticks: number }): FfmpegSpec {
  const rate = p.cfr
    ? ['-fps_mode', 'cfr', '-r', String(p.rate), '-frames:v', String(p.ticks)]
    : ['-fps_mode', 'passthrough', '-r', String(p.rate), '-enc_time_base', `1/${p.rate}`];
  return {
    // One decoder thread: MJPEG decoding is cheap, and each thread holds frames (memory).
    // No probing: the stream's header says all ffmpeg needs (MJPEG, the size), so it decodes the first
    // frame as it comes. With the default 5 MB probe it buffered a whole shot (a shot is ~10 JPEGs
    // of ~100 KB) and began to encode only when the capture ended (34.8 → 30.7 s cold, same bytes).
    inputs: [{ source: input, options: ['-threads', '1', '-probesize', '32', '-analyzeduration', '0', '-f', 'matroska'] }],
    outputOptions: [
      '-map', '0:v:0',
      // Chromium's JPEGs are full-range BT.601; H.264 HD video is limited-range BT.709. The page is
      // already drawn at the video's size (device scale factor): this scale changes no size. Without
      // accurate rounding and full chroma interpolation swscale's BT.601→BT.709 step shifts chroma by
      // one code (#181818 came out as 21,23,20): measured on the decoded H.264, 36.9 → 41.0 dB PSNR
      // against lossless screenshots (docs/scale.md, "Capture").
      '-vf', `scale=${p.width}:${p.height}:in_range=full:out_range=tv:out_color_matrix=bt709:flags=accurate_rnd+full_chroma_int,format=yuv420p`,
      ...rate, ...h264Options(p), '-video_track_timescale', String(p.rate), '-an', '-f', 'mp4',
    ],
    output,
  };
}

/** The AAC encoder options of the narration track: AAC-LC, 48 kHz mono. */
export const AAC_OPTIONS = ['-c:a', 'aac', '-profile:a', 'aac_low', '-aac_coder', 'fast', '-b:a', '128k', '-ar', '48000', '-ac', '1'];

/** Loudness of a track as ffmpeg's ebur128 measures it (EBU R128 / ITU-R BS.1770). */
export interface Loudness { integrated: number; threshold: number; lra: number; truePeak: number }

/**
 * A gain (dB) and a peak limiter (ffmpeg alimiter, 5 ms look-ahead) at `ceilingDb` sample peak:
 * how the narration track reaches its loudness without its peaks going past the limit. The
 * limiter's own levelling is off: the gain alone sets the loudness.
 */
export function levelFilter(gainDb: number, ceilingDb: number): string {
  const limit = Math.min(1, Math.max(0.0625, Math.pow(10, ceilingDb / 20)));
  return `volume=${gainDb.toFixed(2)}dB,alimiter=limit=${limit.toFixed(4)}:level=false:attack=5:release=50`;
}

/**
 * Measures the loudness of a WAV on stdin (integrated, range, and the true peak unless
 * `truePeak` is false: its 4× oversampling doubles the pass's time), after `filters` when given.
 */
export function measureSpec(input: Readable, filters?: string, truePeak = true): FfmpegSpec {
  return { inputs: [{ source: input, options: ['-f', 'wav'] }], outputOptions: ['-af', `${filters ? `${filters},` : ''}ebur128${truePeak ? '=peak=true' : ''}`, '-f', 'null'], output: '/dev/null' };
}

/**
 * The narration track and its measurement in one run: the mixed WAV on stdin through `filters`,
 * split into the AAC-LC file (as narrationSpec) and ebur128 (with true peak) on what was encoded.
 */
export function narrationMeasuredSpec(input: Readable, output: string, filters: string): FfmpegSpec {
  return {
    inputs: [{ source: input, options: ['-f', 'wav'] }],
    outputOptions: ['-filter_complex', `[0:a]${filters},asplit=2[track][meter];[meter]ebur128=peak=true[measured]`,
      '-map', '[track]', ...AAC_OPTIONS, '-movflags', '+faststart', '-f', 'mp4'],
    output,
    also: [{ options: ['-map', '[measured]', '-f', 'null'], output: '/dev/null' }],
  };
}

/** The narration track: the mixed WAV on stdin through `filters` (levelFilter), AAC-LC 48 kHz mono, moov first so the mux can read it from a pipe. */
export function narrationSpec(input: Readable, output: string, filters: string): FfmpegSpec {
  return {
    inputs: [{ source: input, options: ['-f', 'wav'] }],
    outputOptions: ['-map', '0:a:0', '-af', filters, ...AAC_OPTIONS, '-movflags', '+faststart', '-f', 'mp4'],
    output,
  };
}

/** Parses the `Summary:` of each ebur128 instance in ffmpeg's report, in instance order. */
export function parseEbur128(report: string): Loudness[] {
  const out: Loudness[] = [];
  const re = /\[Parsed_ebur128_(\d+) @ [^\]]+\] Summary:([\s\S]*?)(?=\[Parsed_ebur128_|\n\[(?!Parsed)|$)/g;
  for (const m of report.matchAll(re)) {
    const body = m[2];
    const num = (label: RegExp) => { const v = label.exec(body)?.[1]; return v === undefined ? NaN : Number(v); };
    const thresholds = [...body.matchAll(/Threshold:\s*(-?[\d.]+|-inf)/g)].map((x) => Number(x[1].replace('-inf', '-Infinity')));
    out[Number(m[1])] = {
      integrated: num(/I:\s*(-?[\d.]+)\s*LUFS/),
      threshold: thresholds[0] ?? NaN,
      lra: num(/LRA:\s*(-?[\d.]+)\s*LU\b/),
      truePeak: num(/Peak:\s*(-?[\d.]+|-inf)\s*dBFS/),
    };
  }
  return out;
}

/** ffmpeg arguments that measure the integrated loudness of each file (one ebur128 per input). */
export function clipLoudnessArgs(files: string[]): string[] {
  const graph = files.map((_, i) => `[${i}:a]ebur128[o${i}]`).join(';');
  return ['-nostats', '-hide_banner', '-nostdin', ...files.flatMap((f) => ['-i', f]), '-filter_complex', graph,
    ...files.flatMap((_, i) => ['-map', `[o${i}]`, '-f', 'null', '/dev/null'])];
}

/**
 * Integrated loudness (LUFS) of each clip, or null where it has none (shorter than one 400 ms
 * gating block, or silent). One ffmpeg for all of them.
 */
export async function clipLoudness(files: string[]): Promise<(number | null)[]> {
  if (files.length === 0) return [];
  const res = await run(ffmpegPaths().ffmpeg, clipLoudnessArgs(files), { timeoutMs: 60_000 + 2000 * files.length });
  if (!res.ok) throw new LessoncastError('FFMPEG_FAILED', `ffmpeg could not measure loudness: ${res.out.trim().split('\n').slice(-3).join(' | ')}`, 'Run `lessoncast doctor` to check ffmpeg.');
  const m = parseEbur128(res.out);
  return files.map((_, i) => {
    const v = m[i]?.integrated;
    // -70 LUFS is ebur128's floor: nothing passed the gate.
    return v !== undefined && Number.isFinite(v) && v > -69.9 ? v : null;
  });
}

/** One line of the concat demuxer's list: a segment and the ticks of the lesson it covers. */
export interface ConcatItem { file: string; ticks: number }

/**
 * The concat list. Each segment is encoded with the ticks its shot needs on its own clock; where the
 * lesson's clock gives it one tick fewer (the shot starts between two ticks), `duration` moves the
 * next segment onto its tick and `outpoint` drops the closing frame that would sit there.
 */
export function concatList(items: ConcatItem[], rate: number): string {
  const s = (ticks: number) => (ticks / rate).toFixed(6);
  return 'ffconcat version 1.0\n' + items.map((it) =>
    `file '${it.file.replace(/'/g, "'\\''")}'\nduration ${s(it.ticks)}\noutpoint ${s(it.ticks - 0.5)}\n`).join('');
}

/**
 * The final file: segments joined without re-encoding, the narration, chapters, captions,
 * faststart. Every input is a file: an MP4 read from a pipe costs this run seconds of waiting, and
 * the mux is over in about a second (so it ends soon after a parent that died).
 */
export function muxSpec(opts: { concatList: string; audio: string; chapters: string; captions: string | null; output: string; rate: number; language?: string }): FfmpegSpec {
  const lang = opts.language ?? 'eng';
  return {
    inputs: [
      { source: opts.concatList, options: ['-f', 'concat', '-safe', '0'] },
      { source: opts.audio, options: [] },
      { source: opts.chapters, options: ['-f', 'ffmetadata'] },
      // A lesson without narration has no captions (an empty WebVTT file has no stream to map).
      ...(opts.captions ? [{ source: opts.captions, options: ['-f', 'webvtt'] }] : []),
    ],
    outputOptions: [
      '-map', '0:v:0', '-map', '1:a:0', ...(opts.captions ? ['-map', '3:s:0'] : []), '-map_metadata', '2', '-map_chapters', '2',
      '-c:v', 'copy', '-c:a', 'copy', ...(opts.captions ? ['-c:s', 'mov_text', '-metadata:s:s:0', `language=${lang}`] : []),
      '-metadata:s:a:0', `language=${lang}`, '-video_track_timescale', String(opts.rate),
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    output: opts.output,
  };
}

/**
 * One scene of a finished lesson video as a video of its own (`build --clips`): picture and
 * narration cut without re-encoding, from the scene's first frame (a keyframe: every shot's segment
 * starts with one, and a scene starts a shot) for `duration` seconds, with the scene's own captions
 * (a WebVTT of its cues from 0: a caption track copied from the lesson would run past the cut).
 */
export function clipSpec(opts: { input: string; start: number; duration: number; captions: string | null; output: string; rate: number; language?: string }): FfmpegSpec {
  const lang = opts.language ?? 'eng';
  return {
    inputs: [
      // A hair past the scene's first tick: the seek point ffmpeg takes is the keyframe at or before it.
      { source: opts.input, options: ['-ss', (opts.start + 0.0005).toFixed(6)] },
      ...(opts.captions ? [{ source: opts.captions, options: ['-f', 'webvtt'] }] : []),
    ],
    outputOptions: [
      '-t', opts.duration.toFixed(6), '-map', '0:v:0', '-map', '0:a:0', ...(opts.captions ? ['-map', '1:s:0'] : []),
      '-c:v', 'copy', '-c:a', 'copy', ...(opts.captions ? ['-c:s', 'mov_text', '-metadata:s:s:0', `language=${lang}`] : []),
      '-map_chapters', '-1', '-video_track_timescale', String(opts.rate), '-avoid_negative_ts', 'make_zero',
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    output: opts.output,
  };
}

/** The container options of the mux (for the output's key). */
export function muxKeyOptions(rate: number): string[] {
  return specArgs(muxSpec({ concatList: 'list', audio: 'audio', chapters: 'chapters', captions: 'captions', output: 'out', rate }));
}

/** The full argv ffmpeg receives for a spec (streams shown as `pipe:0`): for tests and error messages. */
export function specArgs(spec: FfmpegSpec): string[] {
  return [
    ...spec.inputs.flatMap((i) => [...i.options, '-i', typeof i.source === 'string' ? i.source : 'pipe:0']),
    ...spec.outputOptions, '-y', spec.output,
  ];
}

/** A running ffmpeg: resolves with its stderr lines when it exits 0; rejects with FFMPEG_FAILED and its last stderr lines. */
export interface FfmpegRun { done: Promise<string[]>; kill(): void }

/** Runs a spec through fluent-ffmpeg; `keepLines` stderr lines are kept for the caller (the last 12 by default). */
export function runFfmpeg(spec: FfmpegSpec, label: string, opts: { keepLines?: number } = {}): FfmpegRun {
  const cmd = ffmpeg().setFfmpegPath(ffmpegPaths().ffmpeg);
  for (const input of spec.inputs) cmd.input(input.source).inputOptions(input.options);
  cmd.outputOptions(spec.outputOptions).output(spec.output);
  for (const o of spec.also ?? []) cmd.output(o.output).outputOptions(o.options);
  const keep = Math.max(12, opts.keepLines ?? 12);
  const tail: string[] = [];
  cmd.on('stderr', (line: string) => { tail.push(line); if (tail.length > keep) tail.shift(); });
  const done = new Promise<string[]>((resolve, reject) => {
    cmd.on('end', () => resolve(tail));
    cmd.on('error', (err: Error) => {
      // Out of space where it writes: the disk is the problem, not ffmpeg.
      if (tail.some((l) => /No space left on device|Disk quota exceeded/i.test(l)) && isAbsolute(spec.output)) {
        reject(diskFull(spec.output, { tool: `ffmpeg (${label})`, cause: err }));
        return;
      }
      const last = tail.filter((l) => l.trim()).slice(-6).join('\n    ');
      reject(new LessoncastError('FFMPEG_FAILED', `ffmpeg failed (${label}): ${err.message.split('\n')[0]}${last ? `\n    ${last}` : ''}`,
        'Run `lessoncast doctor` to check ffmpeg; the lines above are ffmpeg\'s own last words.', { cause: err }));
    });
  });
  // fluent-ffmpeg spawns asynchronously: a kill that comes first is applied once it starts.
  let killed = false;
  const killNow = () => { try { cmd.kill('SIGKILL'); } catch { /* not started or already gone */ } };
  cmd.on('start', () => { if (killed) killNow(); });
  cmd.run();
  return { done, kill: () => { killed = true; killNow(); } };
}
