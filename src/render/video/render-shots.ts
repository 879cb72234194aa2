/**
 * The shot executor: renders a given list of shots of one lesson on one stage session (one page,
 * reused) and puts each segment, with its first and last frame, in the store. It knows nothing of
 * the rest of the plan, so a worker can render any shots of a lesson from plain data (docs/video.md).
 * While ffmpeg finishes shot k, shot k+1 is captured (at most two encoders at once).
 */
import type { VideoParams } from '../../adapters/ffmpeg.ts';
import { diskFullAt } from '../../adapters/fs-failure.ts';
import { LessoncastError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import type { RenderGuard } from './render-guard.ts';
import type { Shot } from './plan-video.ts';
import { lastChangePerTick } from './frame-grid.ts';
import { captureShot, type ShotCapture } from './render-shot.ts';
import type { StageSession } from './stage-session.ts';

/** The disk-full error in `err`, if that is what it is (ffmpeg says so: adapters/ffmpeg.ts). */
function diskFullIn(err: unknown): LessoncastError | null {
  return err instanceof LessoncastError && err.code === 'DISK_FULL' ? err : null;
}

/** The files of a shot's entry in the store. */
export const SHOT_FILES = { segment: 'segment.mp4', first: 'first.jpg', last: 'last.jpg' } as const;

export interface RenderShotsOptions {
  params: VideoParams;
  everyFrame: boolean;
  store: Store;
  /** Work folder for segments being encoded. */
  work: string;
  guard: RenderGuard;
  onFrame?: () => void;
  onShot?: () => void;
  /** Called when a shot's frames are all taken (its encoder may still run): a pooled page can go back. */
  onCaptured?: () => void | Promise<void>;
  timings?: Record<string, number>;
}

/** What the executor did. */
export interface RenderShotsResult { frames: number; seeks: number; retries: number }

/** Renders `shots` on `session`: each capture retried once on a fresh page, each failed encode captured and encoded again once. */
export async function renderShots(session: StageSession, shots: Shot[], o: RenderShotsOptions): Promise<RenderShotsResult> {
  const timings = o.timings ?? {};
  let mark = Date.now();
  const lap = (name: string) => { const now = Date.now(); timings[name] = (timings[name] ?? 0) + now - mark; mark = now; };
  let frames = 0, seeks = 0, retries = 0;
  /** A full disk is said as such (capturing again would fail the same way); anything else as the shot that failed twice. */
  const fail = (shot: Shot, err: unknown) => diskFullIn(err) ?? diskFullAt(o.work, { cause: err }) ?? new LessoncastError('VIDEO_RENDER_FAILED',
    `Scene "${shot.sceneTitle}" (${shot.sceneId}, ${(shot.start / 1000).toFixed(2)}–${(shot.end / 1000).toFixed(2)} s) failed twice: ${(err as Error).message}`,
    'Run `lessoncast doctor` (Chromium, ffmpeg); scenes already rendered stay cached, so running again resumes here.', { cause: err });

  const capture = async (shot: Shot, attempts: number): Promise<ShotCapture> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const driver = await session.driver();
        lap('open page');
        // The stage knows its own change times too (terminal frames): capture at ours and at its.
        const all = [...new Set([...shot.times, ...session.changes.filter((t) => t > shot.start && t < shot.end)])].sort((a, b) => a - b);
        // One capture a tick at most: the tick's last change is what it shows (frame-grid.ts).
        const times = o.everyFrame ? all : lastChangePerTick(all, shot.start, o.params.rate, shot.ticks);
        const r = await captureShot(driver, { ...shot, times }, { ...o.params, everyFrame: o.everyFrame }, o.work, o.guard, () => { frames++; o.onFrame?.(); });
        seeks += r.seeks;
        lap('capture');
        await o.onCaptured?.();
        return r;
      } catch (err) {
        await session.reset();
        if (attempt >= attempts || o.guard.stopping() || diskFullIn(err)) throw fail(shot, err);
        retries++;
      }
    }
  };
  /** Puts a finished segment in the store (moved there: the work files are handed over). */
  const store = async (shot: Shot, r: ShotCapture) => {
    const f = await r.finished;
    timings['encode tail'] = (timings['encode tail'] ?? 0) + f.encodeTailMs;
    await o.store.put(shot.key, { [SHOT_FILES.segment]: f.segment, [SHOT_FILES.first]: f.first, [SHOT_FILES.last]: f.last },
      { ticks: shot.ticks, sceneId: shot.sceneId, scene: shot.sceneTitle });
    o.onShot?.();
  };

  const pending: { shot: Shot; r: ShotCapture }[] = [];
  const failedEncodes: { shot: Shot; err: unknown }[] = [];
  const settle = async (p: { shot: Shot; r: ShotCapture }) => {
    try { await store(p.shot, p.r); } catch (err) { failedEncodes.push({ shot: p.shot, err }); }
  };
  try {
    for (const shot of shots) {
      pending.push({ shot, r: await capture(shot, 2) });
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
    retries++;
    let r: ShotCapture;
    try { r = await capture(shot, 1); } catch { throw fail(shot, err); }
    try { await store(shot, r); } catch (err2) { throw fail(shot, err2); }
  }
  return { frames, seeks, retries };
}
