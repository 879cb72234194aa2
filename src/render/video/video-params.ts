/**
 * The video's parameters from the course config and the command line: size (the stage laid out for
 * the size's shape — 16:9, 9:16 or 1:1 — and scaled by the device scale factor), frame clock, constant rate or a frame per change, narration loudness.
 * The values were checked by the schema (src/schema/lessoncast-schema.ts: the only place their
 * limits live), so lint rejects exactly what build would; here they only meet their defaults.
 */
import type { VideoParams } from '../../adapters/ffmpeg.ts';
import { DEFAULT_LOUDNESS, DEFAULT_TICK_RATE, DEFAULT_TRUE_PEAK, DEFAULT_VIDEO_SIZE, type LessoncastConfig } from '../../schema/lessoncast-schema.ts';
import { SHAPE_SIZES, videoShape } from '../../stage/stage-shape.ts';

/** The segment parameters: size, clock and rate mode. `fps` (the `--fps` flag, checked by the CLI against the same range) wins over config. */
export function videoParams(config: LessoncastConfig, opts: { fps?: number } = {}): VideoParams {
  const v = config.video ?? {};
  const width = v.width ?? DEFAULT_VIDEO_SIZE.width;
  const height = v.height ?? DEFAULT_VIDEO_SIZE.height;
  const fps = opts.fps ?? v.fps;
  if (fps !== undefined) return { width, height, rate: fps, cfr: true };
  return { width, height, rate: v.tickRate ?? DEFAULT_TICK_RATE, cfr: false };
}

/** The device scale factor that draws the stage (the design size of the video's shape) at the video's size. */
export function stageScale(p: Pick<VideoParams, 'width' | 'height'>): number {
  return p.width / SHAPE_SIZES[videoShape(p)].width;
}

/** The narration's loudness target from config `audio`. */
export function loudnessTarget(config: LessoncastConfig): { target: number; truePeak: number } {
  return { target: config.audio?.loudness ?? DEFAULT_LOUDNESS, truePeak: config.audio?.truePeak ?? DEFAULT_TRUE_PEAK };
}
