/**
 * The narrated video of a lesson: schedule → shots → (capture + encode the shots not in the cache)
 * → narration track → one MP4 with chapters and captions, plus .vtt/.srt and a poster beside it.
 * DESIGN.md section 5: render what changes, not every frame.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserSession } from '../../adapters/browser.ts';
import { h264Options, muxSpec, runFfmpeg, type VideoParams } from '../../adapters/ffmpeg.ts';
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import { LessoncastError } from '../../errors.ts';
import type { Timeline } from '../../schedule/types.ts';
import { timelineFor } from '../../schedule/timeline-for.ts';
import type { Lesson } from '../../types.ts';
import { chaptersMetadata } from './chapters.ts';
import { guardInterrupt, type RenderGuard } from './interrupt-guard.ts';
import { narrationKey, narrationTrack } from './narration-track.ts';
import { hashKey, planShots, type Shot } from './plan-shots.ts';
import { captureShot, shotFiles } from './render-shot.ts';
import { stageFingerprint } from './stage-fingerprint.ts';
import { openStage, type StageDriver } from './stage-driver.ts';
import { videoProgress } from './video-progress.ts';
import { writeFileAtomicSync } from '../../adapters/atomic-write.ts';

export interface BuildVideoOptions {
  /** Constant frame rate (default: variable, a frame per change). */
  fps?: number;
  /** `every-frame`: a screenshot every 1/30 s, the way frame-by-frame renderers work (benchmark baseline). */
  capture?: 'changes' | 'every-frame';
  progress?: boolean;
  /** Writes the stage page (default: the stage's `writeStagePage` in video mode); tests may give their own. */
  stagePage?: (dir: string, input: { course: Course; lesson: Lesson; casts: LessonCast[]; timeline: Timeline }) => Promise<{ file: string; changes?: number[] }>;
}

/** What a build did, for tests and the benchmark. */
export interface VideoStats {
  shots: number; rendered: number; cached: number; frames: number; seeks: number; upToDate: boolean;
  /** Shots captured again after a failure (Chromium crash, ffmpeg error). */
  retries: number;
  /** Wall time of each phase, ms. */
  timings: Record<string, number>;
}

/** Bumped when the way segments are made changes: old cache entries stop matching. */
const RENDER_VERSION = 1;

/** One page is all the video needs: one renderer process keeps Chromium's memory down. */
const VIDEO_BROWSER_ARGS = ['--renderer-process-limit=1'];

/** Builds `<out>/<slug>/<slug>.mp4` (+ .vtt, .srt, poster.jpg); returns its path and duration in seconds. */
export async function buildVideo(course: Course, lesson: Lesson, opts: BuildVideoOptions = {}): Promise<{ file: string; duration: number; timeline: Timeline; stats: VideoStats }> {
  const capture = opts.capture ?? 'changes';
  const fps = opts.fps ?? course.config.video?.fps;
  const params: VideoParams = { width: course.config.video?.width ?? 1920, height: course.config.video?.height ?? 1080, ...(fps ? { fps } : {}) };
  const progress = videoProgress(lesson.slug, opts.progress ?? false);
  const guard = guardInterrupt();
  try {
    const timings: Record<string, number> = {};
    let mark = Date.now();
    const lap = (name: string) => { const now = Date.now(); timings[name] = (timings[name] ?? 0) + now - mark; mark = now; };
    const { timeline, audio, casts } = await timelineFor(course, lesson, { progress: opts.progress });
    lap('speech+schedule');
    const outDir = join(course.outDir, lesson.slug);
    const cache = join(course.cacheDir, 'video');
    const segDir = join(cache, 'segments');
    mkdirSync(outDir, { recursive: true });
    mkdirSync(segDir, { recursive: true });
    for (const d of [outDir, segDir, cache, join(cache, 'audio')]) guard.sweep(d);
    const files = { mp4: join(outDir, `${lesson.slug}.mp4`), vtt: join(outDir, `${lesson.slug}.vtt`), srt: join(outDir, `${lesson.slug}.srt`), poster: join(outDir, 'poster.jpg') };

    const fingerprint = hashKey([RENDER_VERSION, params, h264Options(params), stageFingerprint(course, lesson, casts)]);
    const shots = planShots(timeline, casts, { capture, captureFps: 30, fps, fingerprint });
    const { toVtt, toSrt } = await import('../../narrate/captions.ts');
    const vtt = toVtt(timeline), srt = toSrt(timeline);
    const chapters = chaptersMetadata(timeline);
    const finalKey = hashKey({ shots: shots.map((s) => s.key), audio: narrationKey(timeline, audio.sampleRate), chapters, vtt, srt, duration: timeline.duration });
    const manifest = join(cache, `${lesson.slug}.json`);
    const stats: VideoStats = { shots: shots.length, rendered: 0, cached: 0, frames: 0, seeks: 0, upToDate: false, retries: 0, timings };
    lap('plan');
    if (Object.values(files).every((f) => existsSync(f)) && readKey(manifest) === finalKey) {
      progress.stop();
      return { file: files.mp4, duration: timeline.duration, timeline, stats: { ...stats, cached: shots.length, upToDate: true } };
    }

    // The narration track encodes while the shots are captured (ffmpeg's AAC encoder is single-threaded).
    const audioTrack = narrationTrack(timeline, audio.sampleRate, cache, guard.track);
    audioTrack.catch(() => {});
    const missing = shots.filter((s) => !existsSync(shotFiles(segDir, s.key).segment));
    stats.cached = shots.length - missing.length;
    if (missing.length) {
      const totalTimes = missing.reduce((n, s) => n + s.times.length, 0);
      progress.start('capture', totalTimes, capture === 'changes' ? 'change points' : 'frames');
      progress.start('encode', missing.length, `segments (${stats.cached} cached)`);
      const r = await renderShots(course, lesson, casts, timeline, missing, { params, everyFrame: capture === 'every-frame', segDir, cache, guard, stagePage: opts.stagePage },
        (frames) => { progress.tick('capture', frames); }, () => progress.tick('encode'), timings);
      mark = Date.now();
      stats.rendered = missing.length; stats.frames = r.frames; stats.seeks = r.seeks; stats.retries = r.retries;
      progress.finish('capture', `${r.frames} frames from ${r.seeks} seeks`);
    } else {
      progress.start('encode', 0, `segments (all ${shots.length} cached)`);
    }

    const audioFile = await audioTrack;
    lap('audio wait');
    await mux(files.mp4, shots, { segDir, cache, audioFile, chapters, vtt, guard });
    lap('mux');
    writeFileAtomicSync(files.vtt, vtt);
    writeFileAtomicSync(files.srt, srt);
    const posterTmp = `${files.poster}.tmp-${process.pid}`;
    const untrackPoster = guard.track(posterTmp);
    copyFileSync(posterShot(shots, timeline).file(segDir), posterTmp);
    renameSync(posterTmp, files.poster);
    untrackPoster();
    writeFileAtomicSync(manifest, JSON.stringify({ key: finalKey, file: files.mp4, duration: timeline.duration }) + '\n');
    progress.finish('encode', `${shots.length} segments joined → ${lesson.slug}.mp4`);
    progress.stop();
    return { file: files.mp4, duration: timeline.duration, timeline, stats };
  } finally {
    progress.stop();
    guard.dispose();
  }
}

function readKey(file: string): string | null {
  try { return (JSON.parse(readFileSync(file, 'utf8')) as { key?: string }).key ?? null; } catch { return null; }
}

/** The poster: the opening slide if the lesson starts with one, else the end of the first shot with a command. */
function posterShot(shots: Shot[], timeline: Timeline): { file(dir: string): string } {
  const firstScene = timeline.scenes[0];
  if (firstScene?.kind === 'slide') return { file: (dir) => shotFiles(dir, shots[0].key).first };
  const commands = timeline.cues.filter((c) => c.type === 'command');
  const withCommand = shots.find((s) => commands.some((c) => Math.round(c.end * 1000) <= s.end && Math.round(c.end * 1000) > s.start));
  return { file: (dir) => (withCommand ? shotFiles(dir, withCommand.key).last : shotFiles(dir, shots[0].key).first) };
}

interface RenderContext {
  params: VideoParams; everyFrame: boolean; segDir: string; cache: string; guard: RenderGuard;
  stagePage?: BuildVideoOptions['stagePage'];
}

/** One browser for the whole render; each shot retried once (fresh page, fresh browser if it died). */
async function renderShots(course: Course, lesson: Lesson, casts: LessonCast[], timeline: Timeline, shots: Shot[], ctx: RenderContext,
  onFrames: (n: number) => void, onShot: () => void, timings: Record<string, number>): Promise<{ frames: number; seeks: number; retries: number }> {
  let mark = Date.now();
  const lap = (name: string) => { const now = Date.now(); timings[name] = (timings[name] ?? 0) + now - mark; mark = now; };
  const stageDir = join(ctx.cache, `stage-${process.pid}`);
  const untrackDir = ctx.guard.track(stageDir);
  const segWork = join(ctx.segDir, `.tmp-${process.pid}`);
  const untrackSegWork = ctx.guard.track(segWork);
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const live: { session: BrowserSession | null; stage: StageDriver | null; unchild: () => void } = { session: null, stage: null, unchild: () => {} };
  const writePage = ctx.stagePage ?? (async (dir: string, input: { course: Course; lesson: Lesson; casts: LessonCast[]; timeline: Timeline }) => {
    const { writeStagePage } = await import('../../stage/write-stage.ts');
    return writeStagePage(dir, { course: input.course, lesson: input.lesson, casts: input.casts }, { mode: 'video', timeline: input.timeline });
  });
  const closeAll = async () => {
    await live.stage?.close().catch(() => {});
    live.stage = null;
    if (live.session) { await live.session.close().catch(() => {}); live.session = null; }
    live.unchild();
  };
  const adopt = (session: BrowserSession) => {
    live.session = session;
    live.unchild = ctx.guard.child(async () => { session.browser.process()?.kill('SIGKILL'); await session.close(); });
  };
  // The browser starts while the stage page is written.
  const [written, launched] = await Promise.allSettled([
    writePage(stageDir, { course, lesson, casts, timeline }),
    launchBrowser({ configured: course.config.browser, extraArgs: VIDEO_BROWSER_ARGS }),
  ]);
  if (launched.status === 'fulfilled') adopt(launched.value);
  if (written.status === 'rejected') { await closeAll(); rmSync(stageDir, { recursive: true, force: true }); untrackDir(); throw written.reason; }
  if (launched.status === 'rejected') { rmSync(stageDir, { recursive: true, force: true }); untrackDir(); throw launched.reason; }
  const { file: page, changes = [] } = written.value;
  // The stage knows its own change times too (terminal frames); capture at ours and at its.
  const stageTimes = changes.map((t) => Math.round(t * 1000));
  lap('stage page + browser');
  const ensureStage = async (): Promise<StageDriver> => {
    if (ctx.guard.stopping()) throw new Error('interrupted');
    if (live.stage && live.session?.browser.connected) return live.stage;
    if (!live.session?.browser.connected) {
      await closeAll();
      adopt(await launchBrowser({ configured: course.config.browser, extraArgs: VIDEO_BROWSER_ARGS }));
    }
    live.stage = await openStage(live.session!.browser, page, { width: ctx.params.width, height: ctx.params.height });
    return live.stage;
  };

  let frames = 0, seeks = 0, retries = 0;
  const fail = (shot: Shot, err: unknown) => new LessoncastError('VIDEO_RENDER_FAILED',
    `Scene "${shot.sceneTitle}" (${shot.sceneId}, ${(shot.start / 1000).toFixed(2)}–${(shot.end / 1000).toFixed(2)} s) failed twice: ${(err as Error).message}`,
    'Run `lessoncast doctor` (Chromium, ffmpeg); scenes already rendered stay cached, so running again resumes here.', { cause: err });
  /** Captures a shot, retrying the capture once with a fresh page (and browser, if it died). */
  const capture = async (shot: Shot, attempts: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const driver = await ensureStage();
        lap('open page');
        const times = [...new Set([...shot.times, ...stageTimes.filter((t) => t > shot.start && t < shot.end)])].sort((a, b) => a - b);
        const r = await captureShot(driver, { ...shot, times }, { ...ctx.params, everyFrame: ctx.everyFrame }, ctx.segDir, ctx.guard, () => { frames++; onFrames(1); });
        seeks += r.seeks;
        lap('capture');
        return r;
      } catch (err) {
        await live.stage?.close().catch(() => {});
        live.stage = null;
        if (attempt >= attempts || ctx.guard.stopping()) throw fail(shot, err);
        retries++;
      }
    }
  };
  try {
    // ffmpeg finishes shot k while shot k+1 is captured: at most two encoders at once.
    const pending: { shot: Shot; finished: Promise<{ encodeTailMs: number }> }[] = [];
    const failedEncodes: { shot: Shot; err: unknown }[] = [];
    const settle = async (p: { shot: Shot; finished: Promise<{ encodeTailMs: number }> }) => {
      try {
        const { encodeTailMs } = await p.finished;
        timings['encode tail'] = (timings['encode tail'] ?? 0) + encodeTailMs;
        onShot();
      } catch (err) { failedEncodes.push({ shot: p.shot, err }); }
    };
    try {
      for (const shot of shots) {
        const r = await capture(shot, 2);
        pending.push({ shot, finished: r.finished });
        if (pending.length > 1) await settle(pending.shift()!);
      }
    } finally {
      // Even when a shot fails for good, the encoders still running finish (or fail) before we
      // return: nothing is left half-written behind the error.
      for (const p of pending.splice(0)) await settle(p);
    }
    lap('encode wait');
    // An encoder that failed gets its shot captured and encoded once more, alone.
    for (const { shot, err } of failedEncodes) {
      let r;
      retries++;
      try { r = await capture(shot, 1); } catch { throw fail(shot, err); }
      try { await r.finished; onShot(); } catch (err2) { throw fail(shot, err2); }
    }
  } finally {
    await closeAll();
    rmSync(stageDir, { recursive: true, force: true });
    rmSync(segWork, { recursive: true, force: true });
    untrackDir(); untrackSegWork();
  }
  return { frames, seeks, retries };
}

/** Joins the segments (concat demuxer, no re-encoding) with the narration, chapters and captions. */
async function mux(output: string, shots: Shot[], ctx: { segDir: string; cache: string; audioFile: string; chapters: string; vtt: string; guard: RenderGuard }): Promise<void> {
  const work = join(ctx.cache, `mux-${process.pid}`);
  const untrackWork = ctx.guard.track(work);
  mkdirSync(work, { recursive: true });
  const tmp = `${output}.tmp-${process.pid}`;
  const untrackTmp = ctx.guard.track(tmp);
  try {
    const list = join(work, 'segments.ffconcat');
    writeFileSync(list, 'ffconcat version 1.0\n' + shots.map((s) => `file '${shotFiles(ctx.segDir, s.key).segment.replace(/'/g, "'\\''")}'\n`).join(''));
    const chapters = join(work, 'chapters.txt');
    writeFileSync(chapters, ctx.chapters);
    const hasCaptions = /-->/.test(ctx.vtt);
    const captions = join(work, 'captions.vtt');
    if (hasCaptions) writeFileSync(captions, ctx.vtt);
    const run = runFfmpeg(muxSpec({ concatList: list, audio: ctx.audioFile, chapters, captions: hasCaptions ? captions : null, output: tmp }), 'joining scenes');
    const unchild = ctx.guard.child(() => run.kill());
    try { await run.done; } finally { unchild(); }
    renameSync(tmp, output);
  } finally {
    rmSync(tmp, { force: true });
    rmSync(work, { recursive: true, force: true });
    untrackTmp(); untrackWork();
  }
}
