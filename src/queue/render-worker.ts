/**
 * A render worker: takes jobs of the `lessoncast` queue from Redis and runs them with the
 * processors on this machine's copy of the course, into the shared store. `pages` stage pages
 * capture at once and one job more may run (an encoder finishing). A job whose course files differ
 * here is refused for good (BullMQ's UnrecoverableError). When this process dies, the job it held is
 * given to another worker once its lock runs out (BullMQ's stalled-job check). docs/scale.md.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Course } from '../course.ts';
import { InputsDiffer, processJob, type JobResult, type RenderContext } from '../render/jobs/processors.ts';
import { describeJob, type RenderJob } from '../render/jobs/render-jobs.ts';
import { renderGuard } from '../render/video/render-guard.ts';
import { stagePool } from '../render/video/stage-pool.ts';
import type { StagePageWriter } from '../render/video/stage-session.ts';
import { storeFor } from '../store/store-for.ts';
import { sweepDeadWork, workDir } from '../store/work-dir.ts';
import { connectRedis, QUEUE_NAME } from './redis-connection.ts';

/** Default time a dead worker's job waits before another worker takes it (BullMQ's lock duration), ms. */
export const DEFAULT_LOCK_MS = 15_000;

export interface WorkerOptions {
  url: string;
  /** Stage pages capturing at once. */
  pages: number;
  /** How long a job's lock lasts without renewal (a dead worker's job waits this long), ms. */
  lockMs?: number;
  /** One line per event (job started, done, failed, Redis away). */
  log: (line: string) => void;
  stagePage?: StagePageWriter;
}

/** A running worker. */
export interface RenderWorker {
  /** Stops taking jobs, lets the running ones finish (or kills them when `force`), closes the browsers. */
  close(force?: boolean): Promise<void>;
}

/** Starts a worker for `course` on the queue at `opts.url`. */
export async function startRenderWorker(course: Course, opts: WorkerOptions): Promise<RenderWorker> {
  const conn: Redis = await connectRedis(opts.url, 'worker');
  // The worker stops on its own terms (finishing its jobs); `close(true)` kills its children.
  const kill = new AbortController();
  const guard = renderGuard(kill.signal);
  sweepDeadWork(course.cacheDir);
  const ctx: RenderContext = {
    course, store: storeFor(course), guard, stagePage: opts.stagePage, plans: new Map(), remote: true,
    pool: stagePool({ size: opts.pages, configured: course.config.browser, work: workDir(course.cacheDir, 'pool'), guard }),
  };
  const lockMs = opts.lockMs ?? DEFAULT_LOCK_MS;
  let lastSweep = Date.now();
  const processor = async (job: Job<RenderJob, JobResult>): Promise<JobResult> => {
    // A worker killed on this host left its work folder behind: removed once its pid is gone.
    if (Date.now() - lastSweep > 30_000) { lastSweep = Date.now(); sweepDeadWork(course.cacheDir); }
    const what = describeJob(job.data);
    opts.log(`${what}: started${job.attemptsMade ? ` (attempt ${job.attemptsMade + 1})` : ''}`);
    try {
      const r = await processJob(ctx, job.data);
      opts.log(`${what}: ${r.done ? 'done' : 'in the store already'} (${(r.ms / 1000).toFixed(1)} s)`);
      return r;
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      opts.log(`${what}: failed (attempt ${job.attemptsMade + 1}): ${message.split('\n')[0]}`);
      if (err instanceof InputsDiffer) throw new UnrecoverableError(message);
      throw err;
    }
  };
  const worker = new Worker<RenderJob, JobResult>(QUEUE_NAME, processor, {
    connection: conn, concurrency: opts.pages + 1,
    lockDuration: lockMs, stalledInterval: Math.max(1000, Math.round(lockMs / 2)), maxStalledCount: 2,
  });
  let away = false;
  worker.on('error', (err) => {
    if (!away) opts.log(`Redis at ${opts.url}: ${err.message.split('\n')[0]} — retrying until it answers`);
    away = true;
  });
  conn.on('ready', () => { if (away) opts.log(`Redis at ${opts.url} answers again`); away = false; });
  await worker.waitUntilReady();
  return {
    async close(force = false) {
      if (force) { kill.abort('killed'); await guard.settled(); }
      await worker.close(force).catch((err: Error) => opts.log(`closing the worker: ${err.message.split('\n')[0]}`));
      await ctx.pool.close();
      conn.disconnect();
    },
  };
}
