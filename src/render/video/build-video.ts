/**
 * One lesson's video through the one orchestrator (render-videos.ts) on a local runner: what `dev`,
 * the benchmark and the tests call. It adds no step of its own: the same jobs as `lessoncast build`
 * run in this process (docs/video.md, "One pipeline").
 */
import type { Course } from '../../course.ts';
import type { Timeline } from '../../schedule/types.ts';
import { releaseWorkDir, sweepDeadWork } from '../../store/work-dir.ts';
import type { Lesson } from '../../types.ts';
import { courseProgress } from '../jobs/course-progress.ts';
import { localRunner } from '../jobs/local-runner.ts';
import type { JobResult } from '../jobs/processors.ts';
import type { JobSpec } from '../jobs/render-jobs.ts';
import type { VideoPlan } from './plan-video.ts';
import { renderGuard } from './render-guard.ts';
import { renderVideos, type VideoStats } from './render-videos.ts';
import type { StagePool } from './stage-pool.ts';
import type { StagePageWriter } from './stage-session.ts';

export type { VideoStats } from './render-videos.ts';

export interface BuildVideoOptions {
  /** Constant frame rate (default: a frame per change, on a 1/30 s clock). */
  fps?: number;
  /** `every-frame`: a screenshot every tick, the way frame-by-frame renderers work (benchmark baseline). */
  capture?: 'changes' | 'every-frame';
  /** Progress bars on stderr. */
  progress?: boolean;
  /** Stage pages capturing at once (default 1). */
  jobs?: number;
  /** Pages to render on, kept open by the caller across builds (`dev`, tests); else a pool of `jobs` made and closed here. */
  pool?: StagePool;
  /** Writes the stage page (default: the stage's `writeStagePage` in video mode); tests may give their own. */
  stagePage?: StagePageWriter;
  /** Cancels the build (it rejects with RenderCancelled). */
  signal?: AbortSignal;
  /** Hears of every job done. */
  onJob?: (spec: JobSpec, r: JobResult) => void;
}

/** What `buildVideo` returns. */
export interface VideoResult { file: string; duration: number; timeline: Timeline; plan: VideoPlan; stats: VideoStats }

/** Builds `<out>/<slug>/<slug>.mp4` (+ .vtt, .srt, poster.jpg), rendering only what the store lacks; throws the lesson's error. */
export async function buildVideo(course: Course, lesson: Lesson, opts: BuildVideoOptions = {}): Promise<VideoResult> {
  sweepDeadWork(course.cacheDir);
  const progress = courseProgress(opts.progress ?? false);
  const guard = renderGuard(opts.signal);
  const plans = new Map();
  const runner = localRunner(course, { jobs: opts.jobs ?? 1, guard, progress, plans, pool: opts.pool, stagePage: opts.stagePage, onJob: opts.onJob });
  try {
    const [r] = await renderVideos(course, [lesson], { runner, plans, progress, signal: opts.signal, video: { fps: opts.fps, capture: opts.capture ?? 'changes' } });
    if (!r.ok) throw r.error;
    return { file: r.file, duration: r.duration, timeline: r.timeline, plan: r.plan, stats: r.stats };
  } finally {
    progress.stop();
    await runner.close();
    releaseWorkDir(course.cacheDir);
  }
}
