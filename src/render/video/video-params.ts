/**
 * The video's parameters from the course config and the command line, checked once: size (the
 * stage laid out for the size's shape — 16:9, 9:16 or 1:1 — and scaled by the device scale factor),
 * frame clock, constant rate or a frame per change, narration loudness. A bad value is an error
 * naming the key (docs/video.md).
 */
import type { VideoParams } from '../../adapters/ffmpeg.ts';
import type { LessoncastConfig } from '../../config.ts';
import { LessoncastError } from '../../errors.ts';
import { SHAPE_RATIOS, SHAPE_SIZES, shapeOfSize, videoShape } from '../../stage/stage-shape.ts';
import { VIDEO_SIZE_LIMITS } from '../../schema/lessoncast-schema.ts';

/** Default frame clock: 30 ticks per second. */
export const DEFAULT_TICK_RATE = 30;
/** Default narration loudness (LUFS) and highest true peak (dBTP): the usual target for speech published online. */
export const DEFAULT_LOUDNESS = { target: -16, truePeak: -1 };

function bad(key: string, want: string, got: unknown): LessoncastError {
  return new LessoncastError('CONFIG_INVALID', `lessoncast.config: ${key} must be ${want} (got ${JSON.stringify(got)}).`, `Fix ${key} in lessoncast.config.ts (docs/video.md).`);
}

function wholeNumber(key: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(key, `a whole number from ${min} to ${max}`, v);
  return v;
}

/** The segment parameters: size, clock and rate mode. `fps` (the `--fps` flag) wins over config. */
export function videoParams(config: LessoncastConfig, opts: { fps?: number } = {}): VideoParams {
  const v = config.video ?? {};
  const width = v.width === undefined ? SHAPE_SIZES.landscape.width : wholeNumber('video.width', v.width, VIDEO_SIZE_LIMITS.min, VIDEO_SIZE_LIMITS.max);
  const height = v.height === undefined ? SHAPE_SIZES.landscape.height : wholeNumber('video.height', v.height, VIDEO_SIZE_LIMITS.min, VIDEO_SIZE_LIMITS.max);
  if (width % 2 || height % 2) throw bad('video.width and video.height', 'even numbers (H.264 4:2:0)', [width, height]);
  // The stage lays itself out for the shape and is drawn at the size by scaling the page, never by cropping or stretching it.
  if (!shapeOfSize(width, height)) throw bad('video.width/video.height', `${Object.values(SHAPE_RATIOS).join(', ')} (e.g. 1920×1080, 1080×1920, 1080×1080)`, `${width}×${height}`);
  const fps = opts.fps ?? (v.fps === undefined ? undefined : wholeNumber('video.fps', v.fps, 1, 120));
  if (fps !== undefined) return { width, height, rate: wholeNumber('--fps', fps, 1, 120), cfr: true };
  const rate = v.tickRate === undefined ? DEFAULT_TICK_RATE : wholeNumber('video.tickRate', v.tickRate, 1, 120);
  return { width, height, rate, cfr: false };
}

/** The device scale factor that draws the stage (the design size of the video's shape) at the video's size. */
export function stageScale(p: Pick<VideoParams, 'width' | 'height'>): number {
  return p.width / SHAPE_SIZES[videoShape(p)].width;
}

/** The narration's loudness target from config `audio`. */
export function loudnessTarget(config: LessoncastConfig): { target: number; truePeak: number } {
  const a = config.audio ?? {};
  const num = (key: string, v: unknown, min: number, max: number, dflt: number) => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw bad(key, `a number from ${min} to ${max}`, v);
    return v;
  };
  return { target: num('audio.loudness', a.loudness, -40, -5, DEFAULT_LOUDNESS.target), truePeak: num('audio.truePeak', a.truePeak, -9, 0, DEFAULT_LOUDNESS.truePeak) };
}
