/**
 * `build --jobs N`: the course's render jobs run in this process, in the scheduler's order
 * (job-scheduler.ts), through the same processors a worker runs. N stage pages capture at once;
 * one job more than that may run, so that while a shot's encoder finishes, the next shot is
 * captured on the page it gave back (docs/scale.md, "One machine").
 */
import { availableParallelism, freemem } from 'node:os';
import type { Course } from '../course.ts';
import type { RenderGuard } from '../render/video/interrupt-guard.ts';
import { stagePool } from '../render/video/stage-pool.ts';
import type { StagePageWriter } from '../render/video/stage-session.ts';
import { storeFor } from '../store/store-for.ts';
import { workDir } from '../store/work-dir.ts';
import type { JobRunner } from './course-build.ts';
import type { CourseProgress } from './course-progress.ts';
import { JobScheduler } from './job-scheduler.ts';
import { processJob, type JobResult, type RenderContext } from './processors.ts';
import type { JobSpec } from './render-jobs.ts';

/** Memory one capture job needs at most (a browser with one 1080p page, an encoder): measured under 600 MB. */
const JOB_MEMORY = 800 * 1024 * 1024;
/** The most jobs by default: more pages than this gain nothing on the machines we measured. */
const MAX_DEFAULT_JOBS = 8;

/** The default `--jobs`: one per core, as many as free memory holds, at most MAX_DEFAULT_JOBS. */
export function defaultJobs(cores = availableParallelism(), free = freemem()): number {
  return Math.max(1, Math.min(cores, Math.floor(free / JOB_MEMORY), MAX_DEFAULT_JOBS));
}

/** A runner in this process with `jobs` pages; `onJob` hears of every job done (the benchmark's costs). */
export function localRunner(course: Course, opts: { jobs: number; guard: RenderGuard; progress: CourseProgress; stagePage?: StagePageWriter; onJob?: (spec: JobSpec, r: JobResult, startedAt: number) => void }): JobRunner & { context: RenderContext; close(): Promise<void> } {
  const ctx: RenderContext = {
    course, store: storeFor(course), guard: opts.guard, stagePage: opts.stagePage, plans: new Map(),
    pool: stagePool({ size: opts.jobs, configured: course.config.browser, work: workDir(course.cacheDir, 'pool'), guard: opts.guard }),
  };
  const scheduler = new JobScheduler<JobResult>(opts.jobs + 1);
  const run = (spec: JobSpec) => scheduler.add(spec.priority, async () => {
    const t0 = Date.now();
    const r = await processJob(ctx, spec.data);
    if (spec.data.kind === 'shot') opts.progress.done('shots');
    opts.onJob?.(spec, r, t0);
    return r;
  });
  return {
    context: ctx,
    run,
    async flow(parent, children) {
      const results = await Promise.allSettled(children.map(run));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return run(parent);
    },
    async close() {
      scheduler.stop(new Error('closed'));
      await ctx.pool.close();
    },
  };
}
