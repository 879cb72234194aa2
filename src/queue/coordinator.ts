/**
 * `build --queue redis://…`: the Redis transport of the render jobs (a JobRunner for the one
 * orchestrator, src/render/video/render-videos.ts). It adds the course's jobs to BullMQ (a
 * speech job per lesson, a flow per lesson: the mux waiting for its shots and narration track) and
 * waits for them through QueueEvents, with a poll every 2 s as a backstop (an event missed during a
 * reconnect, a job removed by another coordinator's Ctrl-C: added again). Workers put the results
 * in the shared store; the orchestrator publishes them. A job that fails all its attempts fails its
 * lesson with the job's last error lines; Redis gone for LOST_AFTER_MS fails the build; `cancel`
 * (Ctrl-C) removes the jobs it added that no worker has started. docs/scale.md.
 */
import { FlowProducer, Queue, QueueEvents, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ignoreError, ignoreErrorAs, LessoncastError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { CourseProgress } from '../render/jobs/course-progress.ts';
import type { FlowResult, JobRunner } from '../render/jobs/job-runner.ts';
import type { JobResult } from '../render/jobs/processors.ts';
import { parseKey } from '../render/jobs/processors.ts';
import { describeJob, JOB_ATTEMPTS, type JobSpec, type RenderJob } from '../render/jobs/render-jobs.ts';
import { connectRedis, QUEUE_NAME } from './redis-connection.ts';

/** Redis unanswered this long: the build stops with QUEUE_LOST. */
export const LOST_AFTER_MS = 5000;
/** The backstop poll of every job waited for. */
const POLL_MS = 2000;
/** Lines of a failed job's error kept in the message. */
const ERROR_LINES = 6;

/** How a job is added: retried once, removed when done (the store has its result), kept a day when it failed (its reason). */
export function jobOptions(spec: JobSpec): JobsOptions {
  return {
    jobId: spec.id, priority: spec.priority, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: true, removeOnFail: { age: 24 * 3600, count: 1000 },
  };
}

/** The last lines of an error text. */
function lastLines(text: string, n = ERROR_LINES): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  return lines.slice(-n).join('\n  ');
}

/** The error of a job that failed all its attempts, naming the lesson and the scene. */
export function jobFailed(job: RenderJob, reason: string, attempts: number): LessoncastError {
  return new LessoncastError('QUEUE_JOB_FAILED', `${describeJob(job)} failed after ${attempts} attempt(s): ${lastLines(reason || 'no reason given')}`,
    'Shots already rendered stay in the store: fix the cause (`lessoncast doctor` on the worker) and run the build again to resume.');
}

interface Waiter { spec: JobSpec; resolve: (r: unknown) => void; reject: (e: unknown) => void; readd: () => Promise<void>; lastAdd: number }

/** The Redis transport: `cancel` removes the jobs this coordinator added that no worker has started; `lost` rejects (QUEUE_LOST) when Redis stops answering. */
export type QueueRunner = JobRunner;

/** Connects to the queue at `url`; jobs are checked against `store` when they vanish from Redis. */
export async function queueRunner(url: string, opts: { store: Store; progress: CourseProgress; onJob?: (spec: JobSpec, r: JobResult) => void }): Promise<QueueRunner> {
  const conn = await connectRedis(url, 'coordinator');
  const conns: Redis[] = [conn];
  const probe = await connectRedis(url, 'coordinator', { failFast: true }).catch((err) => { conn.disconnect(); throw err; });
  conns.push(probe);
  const eventsConn = conn.duplicate();
  // The connections' errors (BullMQ's guide: always listen to `error`) are remembered, not thrown:
  // ioredis reconnects by itself, and the watchdog below ends the build (QUEUE_LOST, naming the
  // last of them) when Redis stays away.
  let lastRedisError = '';
  const remember = (err: Error) => { lastRedisError = err.message.split('\n')[0]; ignoreError('Redis reconnects; the watchdog decides when it is lost')(err); };
  eventsConn.on('error', remember);
  conns.push(eventsConn);
  const queue = new Queue(QUEUE_NAME, { connection: conn });
  const flows = new FlowProducer({ connection: conn });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConn, autorun: true });
  queue.on('error', remember);
  flows.on('error', remember);
  events.on('error', remember);
  await events.waitUntilReady();

  const waiters = new Map<string, Waiter>();
  /** What each finished job returned (null: its end was seen only by the poll). */
  const results = new Map<string, JobResult | null>();
  /** Every job this coordinator added: its spec, and the parent it belongs to. */
  const added = new Map<string, { spec: JobSpec; parent: string | null }>();
  const counted = new Set<string>();
  let closed = false;

  const finish = (id: string, result: unknown) => {
    const a = added.get(id);
    if (a) results.set(id, result && typeof result === 'object' ? result as JobResult : results.get(id) ?? null);
    if (a && a.spec.data.kind === 'shot' && !counted.has(id)) { counted.add(id); opts.progress.done('shots'); }
    if (a && result && typeof result === 'object') opts.onJob?.(a.spec, result as JobResult);
    const w = waiters.get(id);
    if (w) { waiters.delete(id); w.resolve(result); }
  };
  const fail = (id: string, reason: string, attempts: number) => {
    const a = added.get(id);
    if (!a) return;
    // A child's failure fails its lesson with the child's own reason (the parent's says only "a child failed").
    const target = a.parent ?? id;
    const w = waiters.get(target);
    if (w) { waiters.delete(target); w.reject(jobFailed(a.spec.data, reason, attempts)); }
  };
  events.on('completed', ({ jobId, returnvalue }) => {
    let r: unknown = returnvalue;
    if (typeof r === 'string') { try { r = JSON.parse(r); } catch { /* plain text */ } }
    finish(jobId, r);
  });
  events.on('failed', ({ jobId, failedReason }) => { void (async () => {
    const job = await queue.getJob(jobId).catch(ignoreErrorAs(null, 'the attempts are only for the message: the last attempt is assumed'));
    fail(jobId, failedReason, job?.attemptsMade ?? JOB_ATTEMPTS);
  })(); });

  /** Removes a failed job of the same id (an earlier run's), so that adding it runs it again. */
  const clearFailed = async (ids: string[]) => {
    await Promise.all(ids.map(async (id) => {
      const state = await queue.getJobState(id);
      if (state === 'failed') await queue.remove(id, { removeChildren: true }).catch(ignoreError('a job a worker locked stays; adding it again then finds it'));
    }));
  };

  const wait = (spec: JobSpec, add: () => Promise<void>) => new Promise<unknown>((resolve, reject) => {
    const w: Waiter = { spec, resolve, reject, readd: add, lastAdd: Date.now() };
    waiters.set(spec.id, w);
    add().catch((err) => { waiters.delete(spec.id); reject(err); });
  });

  // The backstop: jobs whose end we did not hear of.
  const poll = setInterval(() => { void (async () => {
    for (const [id, w] of [...waiters]) {
      if (closed) return;
      const state = await queue.getJobState(id).catch(ignoreErrorAs(null, 'the next poll looks again; the watchdog notices Redis gone'));
      if (state === 'completed') finish(id, null);
      else if (state === 'failed') {
        const job = await queue.getJob(id).catch(ignoreErrorAs(null, 'the next poll looks again'));
        if (job) fail(id, job.failedReason, job.attemptsMade);
      } else if (state === 'unknown') {
        const data = w.spec.data;
        // Gone from Redis: done if its artifact is in the store (speech: the plan will tell), else removed by someone: add it again.
        const inStore = data.kind === 'speech' ? true : await opts.store.has(parseKey(data.key));
        if (inStore) finish(id, null);
        else if (Date.now() - w.lastAdd > POLL_MS) { w.lastAdd = Date.now(); await w.readd().catch(ignoreError('the next poll adds it again')); }
      }
    }
  })(); }, POLL_MS);

  // The watchdog: Redis that does not answer for LOST_AFTER_MS ends the build.
  let lostReject: (e: unknown) => void = () => {};
  const lost = new Promise<never>((_, reject) => { lostReject = reject; });
  lost.catch(ignoreError('raced by the orchestrator, which throws it'));
  let lastAnswer = Date.now();
  const watchdog = setInterval(() => {
    probe.ping().then(() => { lastAnswer = Date.now(); }, () => {
      if (Date.now() - lastAnswer < LOST_AFTER_MS || closed) return;
      const err = new LessoncastError('QUEUE_LOST', `Redis at ${url} stopped answering (${Math.round((Date.now() - lastAnswer) / 1000)} s without an answer) in the middle of the build${lastRedisError ? ` (${lastRedisError})` : ''}.`,
        'Start Redis again and run the same build: every shot and lesson finished so far is in the store and is not rendered again.');
      lostReject(err);
      for (const [id, w] of [...waiters]) { waiters.delete(id); w.reject(err); }
    });
  }, 1000);

  const run = async (spec: JobSpec): Promise<JobResult | null> => {
    added.set(spec.id, { spec, parent: null });
    await wait(spec, async () => {
      await clearFailed([spec.id]);
      await queue.add(spec.data.kind, spec.data, jobOptions(spec));
    });
    return results.get(spec.id) ?? null;
  };

  return {
    lost,
    run,
    async flow(parent, children): Promise<FlowResult> {
      if (children.length === 0) return { parent: await run(parent), children: new Map() };
      added.set(parent.id, { spec: parent, parent: null });
      for (const c of children) added.set(c.id, { spec: c, parent: parent.id });
      await wait(parent, async () => {
        await clearFailed([parent.id, ...children.map((c) => c.id)]);
        await flows.add({
          name: parent.data.kind, queueName: QUEUE_NAME, data: parent.data, opts: jobOptions(parent),
          children: children.map((c) => ({ name: c.data.kind, queueName: QUEUE_NAME, data: c.data, opts: { ...jobOptions(c), failParentOnFailure: true } })),
        });
      });
      return { parent: results.get(parent.id) ?? null, children: new Map(children.map((c) => [c.id, results.get(c.id) ?? null])) };
    },
    async cancel() {
      const pending = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children']);
      const states = await Promise.all([...added.keys()].map(async (id) => [id, await queue.getJobState(id).catch(ignoreErrorAs(null, 'a job whose state cannot be read is left in the queue'))] as const));
      const unstarted = states.filter(([, s]) => s && pending.has(s)).map(([id]) => id);
      // Parents first: removing one takes its unstarted children with it; a job a worker holds is locked and stays.
      unstarted.sort((a, b) => Number(added.get(a)!.parent !== null) - Number(added.get(b)!.parent !== null));
      for (const id of unstarted) await queue.remove(id, { removeChildren: true }).catch(ignoreError('a job a worker has just taken is locked and stays: it is not counted below'));
      const after = await Promise.all(unstarted.map((id) => queue.getJobState(id).catch(ignoreErrorAs(null, 'not counted as removed'))));
      return after.filter((s) => s === 'unknown').length;
    },
    async close() {
      closed = true;
      clearInterval(poll);
      clearInterval(watchdog);
      await Promise.race([
        Promise.allSettled([events.close(), flows.close(), queue.close()]),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
      for (const c of conns) c.disconnect();
    },
  };
}
