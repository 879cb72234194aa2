/** Captures one shot from the stage and encodes it to an H.264 segment, streaming frames into ffmpeg. */
import { once } from 'node:events';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runFfmpeg, segmentSpec, type VideoParams } from '../../adapters/ffmpeg.ts';
import type { RenderGuard } from './interrupt-guard.ts';
import { matroskaFrame, matroskaHeader } from './matroska-stream.ts';
import type { Shot } from './plan-shots.ts';
import type { StageDriver } from './stage-driver.ts';

/** Files a finished shot leaves in the cache. */
export function shotFiles(dir: string, key: string): { segment: string; first: string; last: string } {
  return { segment: `${dir}/${key}.mp4`, first: `${dir}/${key}.first.jpg`, last: `${dir}/${key}.last.jpg` };
}

/**
 * The constant-rate grid of a shot [start, end) ms: global ticks k/fps inside it. `at(t)` is the
 * slot (ms from the shot's first tick) where a change at t first shows; `end` the segment length.
 */
export function frameGrid(start: number, end: number, fps: number): { at(t: number): number; end: number; tick: number; count: number } {
  const first = Math.ceil((start * fps) / 1000 - 1e-9);
  const count = Math.max(1, Math.ceil((end * fps) / 1000 - 1e-9) - first);
  const ms = (k: number) => Math.round((k * 1000) / fps);
  return {
    at: (t) => Math.min(ms(count - 1), ms(Math.max(0, Math.ceil((t * fps) / 1000 - 1e-9) - first))),
    end: ms(count), tick: ms(count) - ms(count - 1), count,
  };
}

export interface ShotCapture {
  frames: number;
  seeks: number;
  /** Resolves when ffmpeg has finished the segment and it is in the cache (ms ffmpeg ran after the last frame). */
  finished: Promise<{ encodeTailMs: number }>;
}

/**
 * Seeks the stage to each change time of the shot; captures a frame when the picture changed (or at
 * every time in every-frame mode) and holds it until the next frame. Returns once every frame is
 * sent, so the caller can capture the next shot while ffmpeg finishes this one. The segment is
 * written under a temporary name and renamed into the cache when whole.
 */
export async function captureShot(stage: StageDriver, shot: Shot, params: VideoParams & { everyFrame: boolean }, dir: string,
  guard: RenderGuard, onFrame: () => void): Promise<ShotCapture> {
  if (guard.stopping()) throw new Error('interrupted');
  const files = shotFiles(dir, shot.key);
  // Work files live in a folder of this process, removed on exit: an ffmpeg that outlives us
  // (killed while starting) cannot create a file there once it is gone.
  const work = join(dir, `.tmp-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const tmp = join(work, `${shot.key}.mp4`);
  const untrack = guard.track(tmp);
  const input = new PassThrough();
  const frameCount = params.fps ? frameGrid(shot.start, shot.end, params.fps).count : undefined;
  const ff = runFfmpeg(segmentSpec(input, tmp, { ...params, frames: frameCount }), `${shot.sceneId} "${shot.sceneTitle}"`);
  const unchild = guard.child(() => ff.kill());
  let failed: unknown = null;
  const done = ff.done.catch((err) => { failed = err; throw err; });
  done.catch(() => {});
  const cleanup = () => { rmSync(tmp, { force: true }); untrack(); unchild(); };
  const write = async (buf: Buffer) => {
    if (failed) throw failed;
    if (!input.write(buf)) await Promise.race([once(input, 'drain'), done]);
  };
  let frames = 0, seeks = 0;
  let held: { t: number; jpeg: Buffer } | null = null;
  let first: Buffer | null = null;
  // Variable rate: a frame at each change (ms from the shot start). Constant rate: frames sit on the
  // lesson's global 1/fps grid (a change shows from the next tick), so segments join without drift.
  const grid = params.fps ? frameGrid(shot.start, shot.end, params.fps) : null;
  const slot = (t: number) => (grid ? grid.at(t) : t - shot.start);
  const endSlot = grid ? grid.end : shot.end - shot.start;
  const tick = grid ? grid.tick : 1;
  try {
    await write(matroskaHeader({ width: params.width, height: params.height }));
    for (const t of shot.times) {
      // Half a millisecond in: events rounded to this millisecond have all happened.
      const changed = await stage.seek((t + 0.5) / 1000);
      seeks++;
      if (!changed && held && !params.everyFrame) continue;
      const jpeg = await stage.capture();
      frames++; onFrame();
      first ??= jpeg;
      const at = slot(t);
      if (held && at > held.t) await write(matroskaFrame(held.jpeg, held.t, at - held.t));
      // Two changes in one slot: the later picture is the state at that slot.
      if (!held || at > held.t) held = { t: at, jpeg }; else held.jpeg = jpeg;
    }
    if (!held || !first) throw new Error(`shot ${shot.index} has no frame`);
    // The closing frame sits one tick before the end: the muxer gives the last frame one tick.
    const closeAt = endSlot - tick;
    if (closeAt > held.t) {
      await write(matroskaFrame(held.jpeg, held.t, closeAt - held.t));
      await write(matroskaFrame(held.jpeg, closeAt, endSlot - closeAt));
    } else {
      await write(matroskaFrame(held.jpeg, held.t, Math.max(1, endSlot - held.t)));
    }
    // Constant rate: ffmpeg's rate converter drops a filtered stream's last frame, so one more
    // frame goes past the end and `-frames:v` cuts the segment at exactly its tick count.
    if (grid) await write(matroskaFrame(held.jpeg, endSlot, tick));
    input.end();
  } catch (err) {
    // The cause is ffmpeg's failure if it failed first, else ours (the stage): not the kill below.
    const cause = failed ?? err;
    ff.kill();
    input.destroy();
    await done.catch(() => {});
    cleanup();
    throw cause;
  }
  const last = held.jpeg, firstFrame = first;
  const tail0 = Date.now();
  const finished = done.then(() => {
    const encodeTailMs = Date.now() - tail0;
    writeFileSync(files.first, firstFrame);
    writeFileSync(files.last, last);
    renameSync(tmp, files.segment);
    return { encodeTailMs };
  }).finally(cleanup);
  finished.catch(() => {});
  return { frames, seeks, finished };
}
