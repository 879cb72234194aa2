/**
 * The ffmpeg adapter: every command line is built here as data (`string[]`, tested as data) and run
 * through fluent-ffmpeg. Callers never assemble ffmpeg arguments themselves.
 */
import type { Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { LessoncastError } from '../errors.ts';
import { ffmpegPaths } from './tools.ts';

/** Video parameters shared by every segment, so segments join with `-c copy`. */
export interface VideoParams { width: number; height: number; fps?: number; crf?: number; preset?: string }

/** One input of an ffmpeg run: a file path or a stream piped to stdin, with its input options. */
export interface FfmpegInput { source: string | Readable; options: string[] }

/** An ffmpeg run as data. */
export interface FfmpegSpec { inputs: FfmpegInput[]; outputOptions: string[]; output: string }

/** H.264 encoder options: the same for every segment (concat needs identical streams). */
export function h264Options(p: VideoParams): string[] {
  return [
    '-c:v', 'libx264', '-preset', p.preset ?? 'veryfast', '-tune', 'stillimage', '-crf', String(p.crf ?? 20),
    // No B-frames: frames are held for seconds, reordering gains nothing and confuses VFR timestamps.
    '-bf', '0', '-pix_fmt', 'yuv420p', '-profile:v', 'high',
    // Two encoder threads: frames are few, and two encoders may run at once beside Chromium.
    '-threads', '2',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709',
  ];
}

/**
 * One scene segment from a Matroska/MJPEG stream on stdin. Variable rate: timestamps pass through on
 * a 1 ms clock (`-r 1000` only sets the clock, so the last frame lasts 1 ms and the segment ends
 * exactly where its closing frame says). Constant rate: `-fps_mode cfr -r N` duplicates frames.
 */
export function segmentSpec(input: Readable, output: string, p: VideoParams & { frames?: number }): FfmpegSpec {
  // Constant rate: the frame count is exact (the caller puts frames on the lesson's 1/fps grid).
  const rate = p.fps ? ['-fps_mode', 'cfr', '-r', String(p.fps), ...(p.frames ? ['-frames:v', String(p.frames)] : [])] : ['-fps_mode', 'passthrough', '-r', '1000', '-enc_time_base', '-1', '-video_track_timescale', '1000'];
  return {
    // One decoder thread: MJPEG decoding is cheap, and each thread holds frames (memory).
    inputs: [{ source: input, options: ['-threads', '1', '-f', 'matroska'] }],
    outputOptions: [
      '-map', '0:v:0',
      // Chromium's JPEGs are full-range BT.601; H.264 HD video is limited-range BT.709.
      '-vf', `scale=${p.width}:${p.height}:in_range=full:out_range=tv:out_color_matrix=bt709,format=yuv420p`,
      ...rate, ...h264Options(p), '-an', '-f', 'mp4',
    ],
    output,
  };
}

/** The narration track: one WAV in, AAC out (encoded once per lesson). */
export function audioSpec(wav: string, output: string): FfmpegSpec {
  // The fast coder: twice as fast as the default two-loop search, no audible difference on speech.
  return { inputs: [{ source: wav, options: [] }], outputOptions: ['-map', '0:a:0', '-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '96k', '-f', 'mp4'], output };
}

/** The final file: segments joined without re-encoding, narration, chapters, captions, faststart. */
export function muxSpec(opts: { concatList: string; audio: string; chapters: string; captions: string | null; output: string; language?: string }): FfmpegSpec {
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
      '-metadata:s:a:0', `language=${lang}`,
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    output: opts.output,
  };
}

/** The full argv ffmpeg receives for a spec (streams shown as `pipe:0`): for tests and error messages. */
export function specArgs(spec: FfmpegSpec): string[] {
  return [
    ...spec.inputs.flatMap((i) => [...i.options, '-i', typeof i.source === 'string' ? i.source : 'pipe:0']),
    ...spec.outputOptions, '-y', spec.output,
  ];
}

/** A running ffmpeg: resolves when it exits 0; rejects with FFMPEG_FAILED and its last stderr lines. */
export interface FfmpegRun { done: Promise<void>; kill(): void }

/** Runs a spec through fluent-ffmpeg. */
export function runFfmpeg(spec: FfmpegSpec, label: string): FfmpegRun {
  const cmd = ffmpeg().setFfmpegPath(ffmpegPaths().ffmpeg);
  for (const input of spec.inputs) cmd.input(input.source).inputOptions(input.options);
  cmd.outputOptions(spec.outputOptions).output(spec.output);
  const tail: string[] = [];
  cmd.on('stderr', (line: string) => { tail.push(line); if (tail.length > 12) tail.shift(); });
  const done = new Promise<void>((resolve, reject) => {
    cmd.on('end', () => resolve());
    cmd.on('error', (err: Error) => {
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
