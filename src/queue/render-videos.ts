/**
 * The videos of `lessoncast build`: every lesson at once over this process's jobs (`--jobs N`) or
 * over workers through Redis (`--queue URL`), with the course's progress bars, the store's dead work
 * swept first, and Ctrl-C handled: local jobs are killed (finished shots stay in the store); queued
 * jobs that no worker has started are removed from Redis. docs/scale.md.
 */
import { rmSync } from 'node:fs';
import type { Course } from '../course.ts';
import { guardInterrupt } from '../render/video/interrupt-guard.ts';
import type { StagePageWriter } from '../render/video/stage-session.ts';
import { storeFor } from '../store/store-for.ts';
import { releaseWorkDir, sweepDeadWork, workDir } from '../store/work-dir.ts';
import type { Lesson } from '../types.ts';
import { buildCourseVideos, type LessonVideo } from './course-build.ts';
import { courseProgress } from './course-progress.ts';
import { localRunner } from './local-runner.ts';
import { videoOptions, type JobResult } from './processors.ts';
import type { JobSpec } from './render-jobs.ts';

export interface RenderVideosOptions {
  /** Pages capturing at once in this process (ignored with `queue`). */
  jobs: number;
  /** Redis URL: the jobs go to workers. */
  queue?: string;
  fps?: number;
  capture?: 'changes' | 'every-frame';
  progress: boolean;
  stagePage?: StagePageWriter;
  /** Hears of every job done (the benchmark's job costs). */
  onJob?: (spec: JobSpec, r: JobResult) => void;
  /** Printed when Ctrl-C removed queued jobs. */
  say?: (line: string) => void;
}

/** Builds the lessons' videos; resolves with each lesson's outcome. */
export async function renderVideos(course: Course, lessons: Lesson[], opts: RenderVideosOptions): Promise<LessonVideo[]> {
  sweepDeadWork(course.cacheDir);
  const progress = courseProgress(opts.progress);
  const video = videoOptions(opts);
  if (opts.queue) {
    const { queueRunner } = await import('./coordinator.ts');
    const runner = await queueRunner(opts.queue, { store: storeFor(course), progress, onJob: opts.onJob });
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      progress.stop();
      process.stderr.write(`\nlessoncast: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; removing the jobs no worker has started (finished ones stay in the store)\n`);
      void Promise.race([runner.cancel(), new Promise<number>((r) => setTimeout(() => r(-1), 5000))]).then(async (n) => {
        (opts.say ?? ((l) => process.stderr.write(l)))(n >= 0 ? `removed ${n} pending job(s) from the queue\n` : 'Redis did not answer: pending jobs were left in the queue\n');
        await runner.close();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      return await Promise.race([buildCourseVideos(course, lessons, runner, { video, progress }), runner.lost]);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      progress.stop();
      await runner.close();
    }
  }
  const guard = guardInterrupt();
  const work = workDir(course.cacheDir, 'pool');
  guard.track(work);
  const runner = localRunner(course, { jobs: opts.jobs, guard, progress, stagePage: opts.stagePage, onJob: opts.onJob });
  try {
    return await buildCourseVideos(course, lessons, runner, { video, progress });
  } finally {
    progress.stop();
    await runner.close();
    rmSync(work, { recursive: true, force: true });
    releaseWorkDir(course.cacheDir);
    guard.dispose();
  }
}
