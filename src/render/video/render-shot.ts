/** Captures one shot from the stage and encodes it to an H.264 segment, streaming frames into ffmpeg's stdin. */
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { KEYFRAME_SECONDS, runFfmpeg, segmentSpec, type VideoParams } from '../../adapters/ffmpeg.ts';
import { slotOf, tickMs } from './frame-grid.ts';
import type { RenderGuard } from './render-guard.ts';
import { matroskaFrame, matroskaHeader } from './matroska-stream.ts';
import type { Shot } from './plan-video.ts';
import type { StageDriver } from './stage-driver.ts';
import { ignoreError } from '../../errors.ts';

/** The files a finished capture leaves in the work folder, ready to be put in the store. */
export interface ShotFiles { segment: string; first: string; last: string }

export interface ShotCapture {
  frames: number;
  seeks: number;
  /** Resolves when ffmpeg has finished the segment (ms ffmpeg ran after the last frame). */
  finished: Promise<ShotFiles & { encodeTailMs: number }>;
}

/**
 * Seeks the stage to each change time of the shot; captures a frame when the picture changed (or at
 * every time in every-frame mode) and holds it until the next frame. Frames sit on the shot's own
 * ticks (frame-grid.ts): a change shows from the first tick at or after it, two changes in one tick
 * give the later picture, and no frame is shorter than a tick. A held frame is sent again on each
 * tick where the encoder forces a keyframe (every KEYFRAME_SECONDS), so keyframes come that often
 * however long a picture holds, at the cost of one frame per keyframe. Returns once
 * every frame is sent, so the caller can capture the next shot while ffmpeg finishes this one.
 */
export async function captureShot(stage: StageDriver, shot: Shot, params: VideoParams & { everyFrame: boolean }, work: string,
  guard: RenderGuard, onFrame: () => void): Promise<ShotCapture> {
  if (guard.stopping()) throw new Error('interrupted');
  const base = join(work, shot.key.hash);
  const files: ShotFiles = { segment: `${base}.mp4`, first: `${base}.first.jpg`, last: `${base}.last.jpg` };
  const input = new PassThrough();
  const ticks = shot.ticks;
  const ff = runFfmpeg(segmentSpec(input, files.segment, { ...params, ticks }), `${shot.sceneId} "${shot.sceneTitle}"`);
  const unchild = guard.child(() => ff.kill());
  let failed: unknown = null;
  const done = ff.done.catch((err) => { failed = err; throw err; });
  done.catch(ignoreError('awaited when the frames are all sent, where its error is thrown'));
  const cleanup = () => { for (const f of Object.values(files)) rmSync(f, { force: true }); };
  const write = async (buf: Buffer) => {
    if (failed) throw failed;
    if (!input.write(buf)) await Promise.race([once(input, 'drain'), done]);
  };
  const rate = params.rate;
  /** One frame from tick `k` for `n` ticks (the stream's clock is in ms; ffmpeg rounds back to ticks). */
  const frame = (jpeg: Buffer, k: number, n: number) => write(matroskaFrame(jpeg, tickMs(k, rate), tickMs(k + n, rate) - tickMs(k, rate)));
  /** The first tick at or after the n-th forced keyframe time (ffmpeg forces one on the first frame at or after it). */
  const keyTick = (n: number) => Math.ceil(n * KEYFRAME_SECONDS * rate - 1e-9);
  /** A picture held from tick a to tick b, sent again on each keyframe tick inside (constant rate: ffmpeg repeats it itself). */
  const hold = async (jpeg: Buffer, a: number, b: number) => {
    let k = a;
    for (let n = Math.floor(a / (KEYFRAME_SECONDS * rate)) + 1; !params.cfr && keyTick(n) < b; n++) {
      if (keyTick(n) <= k) continue;
      await frame(jpeg, k, keyTick(n) - k);
      k = keyTick(n);
    }
    await frame(jpeg, k, b - k);
  };
  let frames = 0, seeks = 0;
  let held: { slot: number; jpeg: Buffer } | null = null;
  let first: Buffer | null = null;
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
      const slot = slotOf(t - shot.start, rate, ticks);
      if (held && slot > held.slot) await hold(held.jpeg, held.slot, slot);
      // Two changes in one tick: the later picture is the state at that tick.
      if (!held || slot > held.slot) held = { slot, jpeg }; else held.jpeg = jpeg;
    }
    if (!held || !first) throw new Error(`shot ${shot.index} has no frame`);
    // The closing frame sits on the last tick: the muxer gives the last frame one tick, so the
    // segment lasts exactly `ticks` (the join may drop this frame, see concatList).
    if (held.slot < ticks - 1) await hold(held.jpeg, held.slot, ticks - 1);
    await frame(held.jpeg, ticks - 1, 1);
    // Constant rate: ffmpeg's rate converter drops a filtered stream's last frame, so one more
    // frame goes past the end and `-frames:v` cuts the segment at exactly its tick count.
    if (params.cfr) await frame(held.jpeg, ticks, 1);
    input.end();
  } catch (err) {
    // The cause is ffmpeg's failure if it failed first, else ours (the stage): not the kill below.
    const cause = failed ?? err;
    ff.kill();
    input.destroy();
    await done.catch(ignoreError('ffmpeg was killed here: the cause thrown below is the first failure'));
    unchild();
    cleanup();
    throw cause;
  }
  const last = held.jpeg, firstFrame = first;
  const tail0 = Date.now();
  const finished = done.then(() => {
    writeFileSync(files.first, firstFrame);
    writeFileSync(files.last, last);
    return { ...files, encodeTailMs: Date.now() - tail0 };
  }, (err) => { cleanup(); throw err; }).finally(unchild);
  finished.catch(ignoreError('the caller awaits it (render-shots.ts), where its error is thrown'));
  return { frames, seeks, finished };
}
