/**
 * The one orchestrator of a course's videos (docs/video.md, "One pipeline"). Per lesson: its speech
 * job when the store lacks any of its speech, then its plan (from the course files and the speech
 * in the store), then its flow — the shots and narration track the store lacks, then the mux — and
 * the output entry is copied to `build/<slug>/`. The jobs run on a `JobRunner`: this process's own
 * (`local-runner.ts`: `build`, `build --jobs N`, `dev`, `buildVideo`, the benchmark and the tests)
 * or workers on any machine through Redis (`src/queue/coordinator.ts`: `build --queue`), the way
 * Remotion's Lambda calls the same render as a local one. Lessons go through this at once, so the
 * shots of one lesson render while the next one is narrated. Cancelled through an AbortSignal.
 */
import type { Course } from '../../course.ts';
import { LessoncastError, ignoreError, isExpectedError } from '../../errors.ts';
import { lessonInputs } from '../../lesson-inputs.ts';
import type { Timeline } from '../../schedule/types.ts';
import { storeFor } from '../../store/store-for.ts';
import { keyId, type StoreEntry } from '../../store/store.ts';
import type { Lesson } from '../../types.ts';
import type { CourseProgress } from '../jobs/course-progress.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { planCacheId, type PlanCache, type PlannedLesson } from '../jobs/plan-cache.ts';
import type { JobResult } from '../jobs/processors.ts';
import { lessonFlow, shotJob, speechGroups, speechJob, type JobBase, type VideoOptions } from '../jobs/render-jobs.ts';
import { planVideo, type VideoPlan } from './plan-video.ts';
import { isPublished, PublishedCopyDiffers, publishVideo, publishedFiles } from './publish-video.ts';
import { publishClips } from './publish-clips.ts';
import { RenderCancelled, renderGuard } from './render-guard.ts';
import { videoInputs } from './video-inputs.ts';

/** How long a cancel waits for the runner to drop its pending jobs (Redis may be gone), ms. */
const CANCEL_WAIT_MS = 5000;

/** What a lesson's render did, for the command's summary, the tests and the benchmark. */
export interface VideoStats {
  shots: number; rendered: number; cached: number; frames: number; seeks: number; upToDate: boolean;
  /** Shots captured again after a failure (Chromium crash, ffmpeg error). */
  retries: number;
  /** Keys (`shot/<hash>`) of the shots this build rendered. */
  renderedKeys: string[];
  /** Wall time of each phase of the lesson, ms. */
  timings: Record<string, number>;
}

/** How a lesson's video ended. */
export type LessonVideo =
  | { slug: string; ok: true; file: string; duration: number; timeline: Timeline; plan: VideoPlan; stats: VideoStats; ms: number;
      /** The scenes as videos of their own (`clips`). */
      clips?: string[] }
  | { slug: string; ok: false; error: LessoncastError };

export interface RenderVideosOptions {
  runner: JobRunner;
  video: VideoOptions;
  progress: CourseProgress;
  /** Plans made in this process; a local runner shares it, so a plan is made once per process. */
  plans: PlanCache;
  /** Cancels the render: jobs not started are dropped, running ones killed, and the call rejects with RenderCancelled. */
  signal?: AbortSignal;
  /** Also each scene as a video of its own (`build --clips`, publish-clips.ts). */
  clips?: boolean;
}

/** The error of a lesson whose timeline is empty (nothing to show). */
export function videoEmpty(slug: string): LessoncastError {
  return new LessoncastError('VIDEO_EMPTY', `${slug} has nothing to show: its timeline is empty.`, `Add a scene with narration to transcripts/${slug}.md.`);
}

/** The plan from the course files and the speech in the store; null when some speech is missing. */
async function planFromStore(course: Course, lesson: Lesson, base: Omit<JobBase, 'kind'>, plans: PlanCache, missing?: (message: string) => void): Promise<PlannedLesson | null> {
  const id = planCacheId(base);
  const cached = plans.get(id);
  if (cached) return cached;
  try {
    const inputs = await videoInputs(course, lesson, { fps: base.video.fps, capture: base.video.capture, synthesize: false, inputs: base.inputs, scenes: base.scenes });
    const planned: PlannedLesson = { lesson, inputs, plan: planVideo(inputs) };
    plans.set(id, Promise.resolve(planned));
    return planned;
  } catch (err) {
    if (isExpectedError(err) && err.code === 'SPEECH_NOT_CACHED') { missing?.(err.message); return null; }
    throw err;
  }
}

/**
 * Speech beside capture (docs/video.md, "Speech beside capture"): the lesson's speech as jobs of
 * whole scenes, all at once; each time the scenes spoken so far grow, their shots are planned (a
 * scene's schedule depends on the scenes before it alone: schedule-lesson.ts) and the ones the store
 * lacks are started, while later scenes are still spoken. Resolves when all speech is done, with the
 * shots started (by key).
 */
async function speakAndStartShots(course: Course, lesson: Lesson, base: Omit<JobBase, 'kind'>, o: RenderVideosOptions): Promise<Map<string, Promise<JobResult | null>>> {
  const store = storeFor(course);
  const started = new Map<string, Promise<JobResult | null>>();
  const groups = speechGroups(lesson);
  o.progress.add('speech', groups.length);
  const spoken = groups.map((g) => o.runner.run(speechJob(course, lesson, base, groups.length > 1 ? g.paragraphs : undefined)).then((r) => { o.progress.done('speech'); return r; }));
  for (const p of spoken) p.catch(ignoreError('awaited below, where the first failure is thrown'));
  for (let i = 0; i < groups.length - 1; i++) {
    await Promise.all(spoken.slice(0, i + 1));
    const prefix = await planFromStore(course, lesson, { ...base, scenes: groups[i].scenes }, o.plans);
    if (!prefix) continue;
    for (const shot of prefix.plan.shots) {
      const key = keyId(shot.key);
      if (started.has(key) || await store.has(shot.key)) continue;
      o.progress.add('shots', 1);
      const r = o.runner.run(shotJob(shot, { ...base, scenes: groups[i].scenes }));
      r.catch(ignoreError('awaited before the mux, where its failure is thrown'));
      started.set(key, r);
    }
  }
  await Promise.all(spoken);
  return started;
}

/** One lesson through speech, plan, flow and publish. */
async function lessonVideo(course: Course, lesson: Lesson, o: RenderVideosOptions): Promise<LessonVideo> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  let mark = t0;
  const lap = (name: string) => { const now = Date.now(); timings[name] = (timings[name] ?? 0) + now - mark; mark = now; };
  const store = storeFor(course);
  const base = { slug: lesson.slug, inputs: lessonInputs(course, lesson), video: o.video };
  let planned = await planFromStore(course, lesson, base, o.plans);
  let early = new Map<string, Promise<JobResult | null>>();
  if (!planned) {
    early = await speakAndStartShots(course, lesson, base, o);
    let why = '';
    planned = await planFromStore(course, lesson, base, o.plans, (m) => { why = m; });
    if (!planned) throw new LessoncastError('SPEECH_NOT_CACHED', `${lesson.slug}: its speech job finished but some of its speech is not in the store (${store.location}): ${why}`,
      'Every worker must use the same cache folder as the coordinator (--cache DIR, a shared folder).');
  }
  lap('speech+plan');
  const { inputs, plan } = planned;
  if (plan.shots.length === 0) throw videoEmpty(lesson.slug);
  const stats: VideoStats = { shots: plan.shots.length, rendered: 0, cached: plan.shots.length, frames: 0, seeks: 0, upToDate: false, retries: 0, renderedKeys: [], timings };
  const file = publishedFiles(course, lesson.slug).mp4;
  const done = async (): Promise<LessonVideo> => {
    const clips = o.clips ? await publishClips(course, lesson.slug, { mp4: file, outputKey: plan.output.key, timeline: inputs.timeline, rate: plan.params.rate, guard: renderGuard(o.signal) }) : undefined;
    lap('clips');
    return { slug: lesson.slug, ok: true, file, duration: plan.duration, timeline: inputs.timeline, plan, stats, ms: Date.now() - t0, ...(clips ? { clips } : {}) };
  };
  if (await isPublished(course, lesson.slug, plan.output.key)) {
    stats.upToDate = true;
    return done();
  }
  /** The output entry: from the store, or made by the flow of what the store lacks. */
  const makeOutput = async (): Promise<StoreEntry> => {
    const found = await store.get(plan.output.key);
    if (found) return found;
    const keys = [...plan.shots.map((s) => s.key), plan.narration.key];
    const present = new Set((await Promise.all(keys.map(async (k) => ((await store.has(k)) ? keyId(k) : null)))).filter((k): k is string => !!k));
    stats.cached = plan.shots.filter((s) => present.has(keyId(s.key))).length;
    lap('store lookup');
    // Shots started while later scenes were spoken are not the flow's: the mux waits for them here.
    const { mux, children } = lessonFlow(plan, base, (k) => present.has(k) || early.has(k));
    const shotJobs = children.filter((c) => c.data.kind === 'shot');
    o.progress.add('shots', shotJobs.length);
    o.progress.add('mux', 1);
    const earlyResults = new Map<string, JobResult | null>();
    for (const [key, r] of early) if (plan.shots.some((sh) => keyId(sh.key) === key)) earlyResults.set(key, await r);
    const flow = await o.runner.flow(mux, children);
    o.progress.done('mux');
    lap('shots+mux');
    const results: [string, JobResult | null | undefined][] = [
      ...earlyResults,
      ...shotJobs.map((c): [string, JobResult | null | undefined] => [c.data.kind === 'shot' ? c.data.key : c.id, flow.children.get(c.id)]),
    ];
    for (const [key, r] of results) {
      if (r && !r.done) continue;
      stats.rendered++;
      stats.renderedKeys.push(key);
      stats.frames += r?.frames ?? 0;
      stats.seeks += r?.seeks ?? 0;
      stats.retries += r?.retries ?? 0;
    }
    const made = await store.get(plan.output.key);
    if (!made) throw new LessoncastError('VIDEO_INCOMPLETE', `${lesson.slug}: its mux job finished but its video is not in the store (${store.location}).`,
      'Every worker must use the same cache folder as the coordinator (--cache DIR, a shared folder).');
    return made;
  };
  try {
    await publishVideo(course, lesson.slug, await makeOutput());
  } catch (err) {
    // The entry changed on disk after it was checked: set aside, made again, published once more.
    if (!(err instanceof PublishedCopyDiffers)) throw err;
    await store.verify(err.key);
    await publishVideo(course, lesson.slug, await makeOutput());
  }
  lap('publish');
  return done();
}

/**
 * Builds the videos of `lessons` over `o.runner`, every lesson at once; resolves with each lesson's
 * outcome (environment errors are outcomes, so one lesson's failure does not stop the others).
 * Rejects with RenderCancelled when `o.signal` aborts, and with the runner's error when its
 * transport is lost.
 */
export async function renderVideos(course: Course, lessons: Lesson[], o: RenderVideosOptions): Promise<LessonVideo[]> {
  const work = Promise.all(lessons.map(async (lesson): Promise<LessonVideo> => {
    try {
      return await lessonVideo(course, lesson, o);
    } catch (err) {
      if (err instanceof RenderCancelled || (o.signal?.aborted ?? false)) throw err;
      // A bug met in one lesson's video fails that lesson, with its trace; the others go on.
      if (!isExpectedError(err)) return { slug: lesson.slug, ok: false, error: new LessoncastError('INTERNAL_ERROR', `internal error (a bug in lessoncast, please report it): ${String((err as Error)?.stack ?? err)}`, 'The other lessons were built; report this one with its script.') };
      return { slug: lesson.slug, ok: false, error: err };
    }
  }));
  let onAbort = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => { reject(new RenderCancelled(o.signal?.reason)); };
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, o.runner.lost, cancelled]);
  } catch (err) {
    // Whatever stopped us, the lessons still running must not go on behind the caller's back; a
    // queue that does not answer within CANCEL_WAIT_MS keeps its jobs (said so by `dropped: -1`).
    const dropped = await Promise.race([o.runner.cancel(), new Promise<number>((r) => setTimeout(() => r(-1), CANCEL_WAIT_MS).unref())]);
    work.catch(() => { /* their jobs were cancelled: the reason is the error thrown here */ });
    if (!o.signal?.aborted) throw err;
    throw Object.assign(new RenderCancelled(o.signal.reason), { dropped });
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    cancelled.catch(() => { /* only raced */ });
  }
}
