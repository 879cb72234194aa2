/**
 * The job processors: small named functions that take a job's plain data and return a plain result,
 * the same for a worker taking jobs from Redis and for `build --jobs N` in one process (docs/scale.md).
 * Each one first checks that this machine's course files are the ones the job was planned from,
 * then looks in the store: a job whose artifact is there already returns at once.
 */
import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { transcriptPath, type Course } from '../../course.ts';
import { LessoncastError } from '../../errors.ts';
import { differingInputs, lessonInputs } from '../../lesson-inputs.ts';
import { narrateLesson } from '../../narrate/narrate-lesson.ts';
import { readLesson } from '../../parse/read-lesson.ts';
import type { RenderGuard } from '../video/render-guard.ts';
import { muxVideo } from '../video/mux-video.ts';
import { narrationTrack } from '../video/narration-track.ts';
import { planVideo } from '../video/plan-video.ts';
import { renderShots } from '../video/render-shots.ts';
import type { StagePool } from '../video/stage-pool.ts';
import { videoStageWriter, type StagePageWriter } from '../video/stage-session.ts';
import { videoInputs } from '../video/video-inputs.ts';
import { stageScale } from '../video/video-params.ts';
import type { Store, StoreKey } from '../../store/store.ts';
import { ARTIFACT_KINDS, keyId } from '../../store/store.ts';
import { workDir } from '../../store/work-dir.ts';
import type { Lesson } from '../../types.ts';
import { planCacheId, type PlanCache, type PlannedLesson } from './plan-cache.ts';
import type { JobBase, MuxJob, NarrationJob, RenderJob, ShotJob, SpeechJob } from './render-jobs.ts';

/** What the processors work with: the course on this machine, its store, the stage pages, the cancel guard. */
export interface RenderContext {
  course: Course;
  store: Store;
  pool: StagePool;
  guard: RenderGuard;
  /** Writes a lesson's stage page (tests may give their own). */
  stagePage?: StagePageWriter;
  /** Plans made in this process (the orchestrator's, for a local runner). */
  plans: PlanCache;
  /**
   * A worker checks that its course files are the ones each job was planned from. A local runner
   * shares the orchestrator's files and plans: a file edited during the build is a changed course,
   * not another machine's.
   */
  remote: boolean;
}

/** A job this machine must not run: its course files differ from the coordinator's (never retried). */
export class InputsDiffer extends LessoncastError {
  constructor(message: string) {
    super('QUEUE_INPUTS_DIFFER', message, 'Give every worker the same course files as the coordinator (the same commit, the same recordings), then run the build again.');
  }
}

/** What a processor returns: plain data, with its wall time. */
export interface JobResult {
  kind: RenderJob['kind']; ms: number; done: boolean; worker: string;
  /** A shot's frames taken, seeks made, captures retried, and the time its capture took (ms, the rest is its encoder's tail). */
  frames?: number; seeks?: number; retries?: number; captureMs?: number;
}

let jobDirs = 0;

/** The key in a job's data (`kind/hash`). */
export function parseKey(id: string): StoreKey {
  const [kind, hash] = id.split('/');
  if (!(ARTIFACT_KINDS as readonly string[]).includes(kind) || !/^[0-9a-f]{32}$/.test(hash ?? '')) throw new Error(`not a store key: ${id}`);
  return { kind: kind as StoreKey['kind'], hash };
}

/** The lesson as this machine has it, checked against the job's inputs. */
async function checkedLesson(ctx: RenderContext, job: JobBase): Promise<Lesson> {
  const where = ctx.remote ? `${hostname()}: this worker's course (${ctx.course.root})` : `the course (${ctx.course.root})`;
  if (!existsSync(transcriptPath(ctx.course, job.slug))) {
    if (ctx.remote) throw new InputsDiffer(`${where} has no lesson ${job.slug}.`);
    throw new LessoncastError('COURSE_CHANGED', `transcripts/${job.slug}.md was removed during the build.`, 'Run the build again.');
  }
  const lesson = await readLesson(ctx.course, job.slug);
  const differ = differingInputs(job.inputs, lessonInputs(ctx.course, lesson));
  if (differ.length === 0) return lesson;
  const names = `${differ.slice(0, 8).join(', ')}${differ.length > 8 ? ` and ${differ.length - 8} more` : ''}`;
  if (ctx.remote) throw new InputsDiffer(`${where}: its course files differ from the coordinator's for ${job.slug}: ${names}.`);
  throw new LessoncastError('COURSE_CHANGED', `${job.slug}: course files changed during the build: ${names}.`, 'Run the build again: what was finished is in the store and is not rendered again.');
}

/**
 * The job's plan: the one this process made for the same inputs and options (the orchestrator's,
 * for a local runner), else made here from the course files and the speech in the store. A worker's
 * files are checked against the job's inputs every time (they may change under a long-running worker).
 */
export async function planFor(ctx: RenderContext, job: JobBase): Promise<PlannedLesson> {
  const id = planCacheId(job);
  let p = ctx.plans.get(id);
  if (p && !ctx.remote) return p;
  const lesson = await checkedLesson(ctx, job);
  p = ctx.plans.get(id);
  if (!p) {
    p = (async () => {
      const inputs = await videoInputs(ctx.course, lesson, { fps: job.video.fps, capture: job.video.capture, synthesize: false, inputs: job.inputs, scenes: job.scenes });
      return { lesson, inputs, plan: planVideo(inputs) };
    })();
    p.catch(() => ctx.plans.delete(id));
    ctx.plans.set(id, p);
  }
  return p;
}

/** A work folder of this job's own (two muxes at once must not share file names). */
function jobWork(ctx: RenderContext): string {
  return workDir(ctx.course.cacheDir, 'jobs', String(++jobDirs));
}

async function timed(kind: RenderJob['kind'], fn: () => Promise<Omit<JobResult, 'kind' | 'ms' | 'worker'>>): Promise<JobResult> {
  const t0 = Date.now();
  const r = await fn();
  return { kind, ms: Date.now() - t0, worker: hostname(), ...r };
}

/** Synthesizes what the store lacks of the lesson's speech. */
export function processSpeech(ctx: RenderContext, job: SpeechJob): Promise<JobResult> {
  return timed('speech', async () => {
    const lesson = await checkedLesson(ctx, job);
    const audio = await narrateLesson(ctx.course, lesson, job.paragraphs ? { paragraphs: new Set(job.paragraphs) } : {});
    return { done: (audio.stats?.synthesized ?? 0) > 0 };
  });
}

/** Renders one shot into the store on a page of the pool (the page goes back as soon as its frames are taken). */
export function processShot(ctx: RenderContext, job: ShotJob): Promise<JobResult> {
  return timed('shot', async () => {
    const key = parseKey(job.key);
    if (await ctx.store.has(key)) return { done: false };
    const { lesson, inputs, plan } = await planFor(ctx, job);
    const shot = plan.shots.find((s) => keyId(s.key) === job.key);
    if (!shot) throw new InputsDiffer(`${hostname()}: ${job.slug} has no shot ${job.key} in this worker's plan (its course files or tools differ).`);
    const write = ctx.stagePage ?? videoStageWriter;
    const session = await ctx.pool.session({
      key: `${job.slug}-${plan.output.key.hash}`, scale: stageScale(inputs.params),
      write: (dir) => write(dir, { course: ctx.course, lesson, casts: inputs.casts, timeline: inputs.timeline }),
    });
    const work = jobWork(ctx);
    const timings: Record<string, number> = {};
    try {
      const r = await renderShots(session, [shot], {
        params: inputs.params, everyFrame: inputs.capture === 'every-frame', store: ctx.store, work, guard: ctx.guard,
        onCaptured: () => session.close(), timings,
      });
      return { done: true, frames: r.frames, seeks: r.seeks, retries: r.retries, captureMs: timings.capture ?? 0 };
    } finally {
      await session.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
}

/** Mixes, levels and encodes the lesson's narration track into the store. */
export function processNarration(ctx: RenderContext, job: NarrationJob): Promise<JobResult> {
  return timed('narration', async () => {
    if (await ctx.store.has(parseKey(job.key))) return { done: false };
    const { plan } = await planFor(ctx, job);
    const work = jobWork(ctx);
    try { await narrationTrack(plan.narration, ctx.store, work, ctx.guard); } finally { rmSync(work, { recursive: true, force: true }); }
    return { done: true };
  });
}

/** Joins the lesson's shots and narration into its output entry (the coordinator publishes it). */
export function processMux(ctx: RenderContext, job: MuxJob): Promise<JobResult> {
  return timed('mux', async () => {
    if (await ctx.store.has(parseKey(job.key))) return { done: false };
    const { plan } = await planFor(ctx, job);
    const work = jobWork(ctx);
    try { await muxVideo(plan, ctx.store, work, ctx.guard); } finally { rmSync(work, { recursive: true, force: true }); }
    return { done: true };
  });
}

/** The processor of a job, by its kind. */
export function processJob(ctx: RenderContext, job: RenderJob): Promise<JobResult> {
  switch (job.kind) {
    case 'speech': return processSpeech(ctx, job);
    case 'shot': return processShot(ctx, job);
    case 'narration': return processNarration(ctx, job);
    case 'mux': return processMux(ctx, job);
  }
}

