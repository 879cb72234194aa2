/**
 * The in-process job runner (`build`, `build --jobs N`, `dev`, `buildVideo`): the course's render
 * jobs run in this process, in the scheduler's order (job-scheduler.ts), through the same
 * processors a worker runs. N stage pages capture at once; one job more than that may run, so that
 * while a shot's encoder finishes, the next shot is captured on the page it gave back
 * (docs/scale.md, "One machine").
 */
import { availableParallelism, freemem } from 'node:os';
import type { Course } from '../../course.ts';
import type { RenderGuard } from '../video/render-guard.ts';
import { stagePool, type StagePool } from '../video/stage-pool.ts';
import type { StagePageWriter } from '../video/stage-session.ts';
import { storeFor } from '../../store/store-for.ts';
import { workDir } from '../../store/work-dir.ts';
import type { CourseProgress } from './course-progress.ts';
import type { FlowResult, JobRunner } from './job-runner.ts';
import { JobScheduler } from './job-scheduler.ts';
import type { PlanCache } from './plan-cache.ts';
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

export interface LocalRunnerOptions {
  /** Stage pages capturing at once. */
  jobs: number;
  guard: RenderGuard;
  progress: CourseProgress;
  plans: PlanCache;
  /** Pages to render on (a long-lived process keeps one across builds); else the runner makes its own and closes it. */
  pool?: StagePool;
  stagePage?: StagePageWriter;
  /** Hears of every job done (the benchmark's costs). */
  onJob?: (spec: JobSpec, r: JobResult, startedAt: number) => void;
}

/** A runner in this process. */
export function localRunner(course: Course, opts: LocalRunnerOptions): JobRunner & { context: RenderContext } {
  const pool = opts.pool ?? stagePool({ size: opts.jobs, configured: course.config.browser, work: workDir(course.cacheDir, 'pool'), guard: opts.guard });
  const ctx: RenderContext = { course, store: storeFor(course), guard: opts.guard, stagePage: opts.stagePage, plans: opts.plans, pool, remote: false };
  const scheduler = new JobScheduler<JobResult>(Math.max(opts.jobs, pool.size) + 1);
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
    async flow(parent, children): Promise<FlowResult> {
      const results = await Promise.allSettled(children.map(run));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const done = new Map(children.map((c, i) => [c.id, (results[i] as PromiseFulfilledResult<JobResult>).value]));
      return { parent: await run(parent), children: done };
    },
    // Nothing to lose in this process.
    lost: new Promise<never>(() => {}),
    async cancel() {
      const dropped = scheduler.stop(new Error('cancelled'));
      // The pages' browsers are the guard's children: a cancel kills them, and the jobs on them fail.
      await opts.guard.settled();
      return dropped;
    },
    async close() {
      scheduler.stop(new Error('closed'));
      if (!opts.pool) await pool.close();
    },
  };
}
