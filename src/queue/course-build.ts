/**
 * The videos of a course, orchestrated over a job runner — this process's own (`--jobs N`,
 * local-runner.ts) or workers on any machine through Redis (`--queue`, coordinator.ts). Per lesson:
 * its speech job when the store lacks any of its speech, then its plan (here, from the course files
 * and the speech in the store), then its flow — the shots and narration track the store lacks, then
 * the mux — and the output entry is copied to `build/<slug>/`. Lessons go through this at once, so
 * the shots of one lesson render while the next one is narrated. docs/scale.md.
 */
import type { Course } from '../course.ts';
import { LessoncastError, isExpectedError } from '../errors.ts';
import { planVideo, type VideoPlan } from '../render/video/plan-video.ts';
import { isPublished, PublishedCopyDiffers, publishVideo, publishedFiles } from '../render/video/publish-video.ts';
import { videoInputs, type VideoInputs } from '../render/video/video-inputs.ts';
import type { Timeline } from '../schedule/types.ts';
import { storeFor } from '../store/store-for.ts';
import { keyId } from '../store/store.ts';
import type { Lesson } from '../types.ts';
import { courseInputs } from './course-inputs.ts';
import type { CourseProgress } from './course-progress.ts';
import { lessonFlow, speechJob, type JobSpec, type VideoOptions } from './render-jobs.ts';

/** Runs jobs somewhere and resolves when they are done (their artifacts are in the store). */
export interface JobRunner {
  /** One job without children. */
  run(spec: JobSpec): Promise<unknown>;
  /** The children (at once), then the parent when they are all done. */
  flow(parent: JobSpec, children: JobSpec[]): Promise<unknown>;
}

/** How a lesson's video ended. */
export type LessonVideo =
  | { slug: string; ok: true; file: string; duration: number; timeline: Timeline; upToDate: boolean; rendered: number; shots: number; ms: number }
  | { slug: string; ok: false; error: LessoncastError };

/** The plan from the course files and the speech in the store; null when some speech is missing. */
async function planFromStore(course: Course, lesson: Lesson, video: VideoOptions): Promise<{ inputs: VideoInputs; plan: VideoPlan } | null> {
  try {
    const inputs = await videoInputs(course, lesson, { fps: video.fps, capture: video.capture, synthesize: false });
    return { inputs, plan: planVideo(inputs) };
  } catch (err) {
    if (isExpectedError(err) && err.code === 'SPEECH_NOT_CACHED') return null;
    throw err;
  }
}

/** One lesson through speech, plan, flow and publish. */
async function lessonVideo(course: Course, lesson: Lesson, runner: JobRunner, video: VideoOptions, progress: CourseProgress): Promise<LessonVideo> {
  const t0 = Date.now();
  const store = storeFor(course);
  const base = { slug: lesson.slug, inputs: courseInputs(course, lesson), video };
  let planned = await planFromStore(course, lesson, video);
  if (!planned) {
    progress.add('speech', 1);
    await runner.run(speechJob(course, lesson, base));
    progress.done('speech');
    planned = await planFromStore(course, lesson, video);
    if (!planned) throw new LessoncastError('SPEECH_NOT_CACHED', `${lesson.slug}: its speech job finished but some of its speech is not in the store (${store.location}).`,
      'Every worker must use the same cache folder as the coordinator (--cache DIR, a shared folder).');
  }
  const { inputs, plan } = planned;
  if (plan.shots.length === 0)
    throw new LessoncastError('VIDEO_EMPTY', `${lesson.slug} has nothing to show: its timeline is empty.`, `Add a scene with narration to transcripts/${lesson.slug}.md.`);
  const done = (upToDate: boolean, rendered: number): LessonVideo => ({
    slug: lesson.slug, ok: true, file: publishedFiles(course, lesson.slug).mp4, duration: plan.duration, timeline: inputs.timeline, upToDate, rendered, shots: plan.shots.length, ms: Date.now() - t0,
  });
  if (await isPublished(course, lesson.slug, plan.output.key)) return done(true, 0);
  let rendered = 0;
  /** The output entry: from the store, or made by the flow of what the store lacks. */
  const makeOutput = async () => {
    const found = await store.get(plan.output.key);
    if (found) return found;
    const keys = [...plan.shots.map((s) => s.key), plan.narration.key];
    const present = new Set((await Promise.all(keys.map(async (k) => ((await store.has(k)) ? keyId(k) : null)))).filter((k): k is string => !!k));
    const { mux, children } = lessonFlow(plan, base, (k) => present.has(k));
    const shots = children.filter((c) => c.data.kind === 'shot').length;
    rendered += shots;
    progress.add('shots', shots);
    progress.add('mux', 1);
    await runner.flow(mux, children);
    progress.done('mux');
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
  return done(false, rendered);
}

/**
 * Builds the videos of `lessons` over `runner`, every lesson at once; resolves with each lesson's
 * outcome (environment errors are outcomes, so one lesson's failure does not stop the others).
 */
export async function buildCourseVideos(course: Course, lessons: Lesson[], runner: JobRunner, opts: { video: VideoOptions; progress: CourseProgress }): Promise<LessonVideo[]> {
  return Promise.all(lessons.map(async (lesson): Promise<LessonVideo> => {
    try {
      return await lessonVideo(course, lesson, runner, opts.video, opts.progress);
    } catch (err) {
      if (!isExpectedError(err)) throw err;
      return { slug: lesson.slug, ok: false, error: err };
    }
  }));
}
