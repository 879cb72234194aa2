/**
 * The narrated video of a lesson, orchestrated: inputs (narration, casts, digests) → plan (shots,
 * narration track, output, each with its store key) → the shots not in the store rendered on one
 * stage page, the narration track built meanwhile → mux → published to `build/<slug>/`.
 * Each step is its own module (docs/video.md, "Modules").
 */
import { rmSync } from 'node:fs';
import type { BrowserSession } from '../../adapters/browser.ts';
import type { Course } from '../../course.ts';
import { LessoncastError } from '../../errors.ts';
import type { Timeline } from '../../schedule/types.ts';
import { storeFor } from '../../store/store-for.ts';
import { keyId, type Store } from '../../store/store.ts';
import { releaseWorkDir, sweepDeadWork, workDir } from '../../store/work-dir.ts';
import type { Lesson } from '../../types.ts';
import { guardInterrupt, type RenderGuard } from './interrupt-guard.ts';
import { muxVideo } from './mux-video.ts';
import { narrationTrack } from './narration-track.ts';
import { planVideo, type Shot, type VideoPlan } from './plan-video.ts';
import { isPublished, PublishedCopyDiffers, publishVideo, publishedFiles } from './publish-video.ts';
import { renderShots } from './render-shots.ts';
import { openStageSession, type StagePageWriter } from './stage-session.ts';
import { videoInputs, type VideoInputs } from './video-inputs.ts';
import { stageScale } from './video-params.ts';
import { videoProgress, type VideoProgress } from './video-progress.ts';

export interface BuildVideoOptions {
  /** Constant frame rate (default: a frame per change, on a 1/30 s clock). */
  fps?: number;
  /** `every-frame`: a screenshot every tick, the way frame-by-frame renderers work (benchmark baseline). */
  capture?: 'changes' | 'every-frame';
  progress?: boolean;
  /** Writes the stage page (default: the stage's `writeStagePage` in video mode); tests may give their own. */
  stagePage?: StagePageWriter;
  /** A browser to render with (several lessons in one process); left open. */
  browser?: BrowserSession;
}

/** What a build did, for tests and the benchmark. */
export interface VideoStats {
  shots: number; rendered: number; cached: number; frames: number; seeks: number; upToDate: boolean;
  /** Shots captured again after a failure (Chromium crash, ffmpeg error). */
  retries: number;
  /** Keys (`shot/<hash>`) of the shots this build rendered. */
  renderedKeys: string[];
  /** Wall time of each phase, ms. */
  timings: Record<string, number>;
}

/** What `buildVideo` returns. */
export interface VideoResult { file: string; duration: number; timeline: Timeline; plan: VideoPlan; stats: VideoStats }

/** A render in progress: the store, this process's work folder for it, the interrupt guard. */
interface RenderRun { store: Store; work: string; guard: RenderGuard }

let runs = 0;

/** Starts a render: sweeps what dead builds left, opens a work folder, installs the Ctrl-C guard. */
function startRun(course: Course, slug: string): RenderRun {
  sweepDeadWork(course.cacheDir);
  const guard = guardInterrupt();
  const work = workDir(course.cacheDir, `${slug}-${++runs}`);
  guard.track(work);
  return { store: storeFor(course), work, guard };
}

function endRun(course: Course, run: RenderRun): void {
  rmSync(run.work, { recursive: true, force: true });
  releaseWorkDir(course.cacheDir);
  run.guard.dispose();
}

/** The lesson's video plan (narrating what the store lacks). */
export async function planLessonVideo(course: Course, lesson: Lesson, opts: Pick<BuildVideoOptions, 'fps' | 'capture' | 'progress'> = {}): Promise<{ inputs: VideoInputs; plan: VideoPlan }> {
  const inputs = await videoInputs(course, lesson, { fps: opts.fps, capture: opts.capture, progress: opts.progress });
  const plan = planVideo(inputs);
  if (plan.shots.length === 0)
    throw new LessoncastError('VIDEO_EMPTY', `${lesson.slug} has nothing to show: its timeline is empty.`, `Add a scene with narration to transcripts/${lesson.slug}.md.`);
  return { inputs, plan };
}

/** Renders the given shots of a plan (on one stage page) into the store. */
async function renderInto(course: Course, lesson: Lesson, inputs: VideoInputs, shots: Shot[], run: RenderRun, opts: BuildVideoOptions,
  progress: VideoProgress, timings: Record<string, number>) {
  let mark = Date.now();
  const session = await openStageSession({
    course, lesson, casts: inputs.casts, timeline: inputs.timeline, scale: stageScale(inputs.params), work: run.work,
    guard: run.guard, stagePage: opts.stagePage, browser: opts.browser,
  });
  timings['stage page + browser'] = (timings['stage page + browser'] ?? 0) + Date.now() - mark;
  try {
    return await renderShots(session, shots, {
      params: inputs.params, everyFrame: inputs.capture === 'every-frame', store: run.store, work: run.work, guard: run.guard,
      onFrame: () => progress.tick('capture'), onShot: () => progress.tick('encode'), timings,
    });
  } finally {
    mark = Date.now();
    await session.close();
    timings['close'] = (timings['close'] ?? 0) + Date.now() - mark;
  }
}

/** Builds `<out>/<slug>/<slug>.mp4` (+ .vtt, .srt, poster.jpg), rendering only what the store lacks. */
export async function buildVideo(course: Course, lesson: Lesson, opts: BuildVideoOptions = {}): Promise<VideoResult> {
  const progress = videoProgress(lesson.slug, opts.progress ?? false);
  const timings: Record<string, number> = {};
  let mark = Date.now();
  const lap = (name: string) => { const now = Date.now(); timings[name] = (timings[name] ?? 0) + now - mark; mark = now; };
  const run = startRun(course, lesson.slug);
  try {
    const { inputs, plan } = await planLessonVideo(course, lesson, opts);
    lap('speech+schedule+plan');
    const stats: VideoStats = { shots: plan.shots.length, rendered: 0, cached: 0, frames: 0, seeks: 0, upToDate: false, retries: 0, renderedKeys: [], timings };
    const result = (s: VideoStats): VideoResult => ({ file: publishedFiles(course, lesson.slug).mp4, duration: plan.duration, timeline: inputs.timeline, plan, stats: s });
    if (await isPublished(course, lesson.slug, plan.output.key)) return result({ ...stats, cached: plan.shots.length, upToDate: true });

    /** The output entry: from the store, or made from the shots and narration (rendering what the store lacks). */
    const makeOutput = async () => {
      const found = await run.store.get(plan.output.key);
      if (found) { stats.cached = plan.shots.length; return found; }
      // The narration track is mixed and encoded while the shots are captured.
      const audio = narrationTrack(plan.narration, run.store, run.work, run.guard);
      audio.catch(() => {});
      const have = await Promise.all(plan.shots.map((s) => run.store.has(s.key)));
      // One render per distinct key: a lesson may show the same shot twice.
      const seen = new Set<string>();
      const missing = plan.shots.filter((s, i) => !have[i] && !seen.has(s.key.hash) && seen.add(s.key.hash));
      stats.cached = plan.shots.length - plan.shots.filter((_, i) => !have[i]).length;
      lap('store lookup');
      if (missing.length) {
        progress.start('capture', missing.reduce((n, s) => n + s.times.length, 0), inputs.capture === 'changes' ? 'change points (frames taken where the picture changed)' : 'frames');
        progress.start('encode', missing.length, `segments (${stats.cached} cached)`);
        const r = await renderInto(course, lesson, inputs, missing, run, opts, progress, timings);
        mark = Date.now();
        Object.assign(stats, { rendered: stats.rendered + missing.length, frames: r.frames, seeks: r.seeks, retries: r.retries, renderedKeys: [...stats.renderedKeys, ...missing.map((s) => keyId(s.key))] });
        progress.finish('capture', `${r.frames} frames from ${r.seeks} seeks`);
      } else {
        progress.start('encode', 0, `segments (all ${plan.shots.length} cached)`);
      }
      await audio;
      lap('audio wait');
      const made = await muxVideo(plan, run.store, run.work, run.guard);
      lap('mux');
      return made;
    };
    try {
      await publishVideo(course, lesson.slug, await makeOutput());
    } catch (err) {
      // The entry changed on disk after it was checked: set aside, made again, published once more.
      if (!(err instanceof PublishedCopyDiffers)) throw err;
      await run.store.verify(err.key);
      await publishVideo(course, lesson.slug, await makeOutput());
    }
    lap('publish');
    progress.finish('encode', `${plan.shots.length} segments joined → ${lesson.slug}.mp4`);
    return result(stats);
  } finally {
    progress.stop();
    endRun(course, run);
  }
}
