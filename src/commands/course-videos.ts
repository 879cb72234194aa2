/**
 * The videos of `lessoncast build` through the one orchestrator (src/render/video/render-videos.ts),
 * on this process's jobs (`--jobs N`) or on workers through Redis (`--queue`): the two transports of
 * the same jobs. A queue that fails as a whole (Redis gone) fails every lesson with its message; a
 * cancel (Ctrl-C) rejects with RenderCancelled, for the entry point to turn into an exit code.
 */
import pc from 'picocolors';
import type { Course } from '../course.ts';
import { isExpectedError } from '../errors.ts';
import { courseProgress } from '../render/jobs/course-progress.ts';
import type { JobRunner } from '../render/jobs/job-runner.ts';
import { defaultJobs, localRunner } from '../render/jobs/local-runner.ts';
import type { PlanCache } from '../render/jobs/plan-cache.ts';
import type { JobResult } from '../render/jobs/processors.ts';
import type { JobSpec } from '../render/jobs/render-jobs.ts';
import { RenderCancelled, renderGuard } from '../render/video/render-guard.ts';
import { renderVideos, type LessonVideo } from '../render/video/render-videos.ts';
import { storeFor } from '../store/store-for.ts';
import { releaseWorkDir, sweepDeadWork } from '../store/work-dir.ts';
import type { Lesson } from '../types.ts';

export interface CourseVideosOptions {
  /** Pages capturing at once in this process (default: config `jobs`, else from cores and memory); ignored with a queue. */
  jobs?: number;
  /** Redis URL (default: config `queue`): the jobs go to workers. */
  queue?: string;
  fps?: number;
  capture?: 'changes' | 'every-frame';
  /** Each scene as a video of its own too. */
  clips?: boolean;
  progress: boolean;
  signal?: AbortSignal;
  /** Hears of every job done (the benchmark's job costs). */
  onJob?: (spec: JobSpec, r: JobResult) => void;
  /** Where lines for the author go. */
  say: (line: string) => void;
}

/** Builds the lessons' videos; resolves with each lesson's outcome. */
export async function courseVideos(course: Course, lessons: Lesson[], o: CourseVideosOptions): Promise<LessonVideo[]> {
  const queue = o.queue ?? course.config.queue;
  sweepDeadWork(course.cacheDir);
  const progress = courseProgress(o.progress);
  const plans: PlanCache = new Map();
  let runner: JobRunner;
  if (queue) {
    o.say(pc.dim(`  rendering through the queue at ${queue} (workers: lessoncast worker --queue ${queue})\n`));
    const { queueRunner } = await import('../queue/coordinator.ts');
    runner = await queueRunner(queue, { store: storeFor(course), progress, onJob: o.onJob });
  } else {
    runner = localRunner(course, { jobs: o.jobs ?? course.config.jobs ?? defaultJobs(), guard: renderGuard(o.signal), progress, plans, onJob: o.onJob });
  }
  try {
    return await renderVideos(course, lessons, { runner, progress, plans, signal: o.signal, clips: o.clips, video: { fps: o.fps, capture: o.capture ?? 'changes' } });
  } catch (err) {
    if (err instanceof RenderCancelled) {
      progress.stop();
      if (queue) o.say(err.dropped >= 0 ? `removed ${err.dropped} pending job(s) from the queue\n` : 'Redis did not answer: pending jobs were left in the queue\n');
      throw err;
    }
    if (!isExpectedError(err)) throw err;
    return lessons.map((l) => ({ slug: l.slug, ok: false as const, error: err }));
  } finally {
    progress.stop();
    await runner.close();
    releaseWorkDir(course.cacheDir);
  }
}
