/**
 * The muxer: once every shot of the plan and its narration track are in the store, joins the
 * segments (concat demuxer, `-c copy`, each on its ticks of the lesson's clock) with the narration,
 * chapters and captions into one MP4, and puts it with the captions and the poster in the store
 * as the lesson's output entry.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatList, muxSpec, runFfmpeg } from '../../adapters/ffmpeg.ts';
import { LessoncastError } from '../../errors.ts';
import type { Store, StoreEntry } from '../../store/store.ts';
import type { RenderGuard } from './render-guard.ts';
import { NARRATION_FILE } from './narration-track.ts';
import type { VideoPlan } from './plan-video.ts';
import { SHOT_FILES } from './render-shots.ts';

/** The files of an output entry. */
export const OUTPUT_FILES = { mp4: 'video.mp4', vtt: 'captions.vtt', srt: 'captions.srt', poster: 'poster.jpg' } as const;

/** Muxes the plan's output into the store (or finds it there). Every shot and the narration must be in the store. */
export async function muxVideo(plan: VideoPlan, store: Store, work: string, guard: RenderGuard): Promise<StoreEntry> {
  const hit = await store.get(plan.output.key);
  if (hit) return hit;
  const segments = await Promise.all(plan.shots.map((s) => store.get(s.key)));
  const missing = plan.shots.filter((_, i) => !segments[i]);
  const narration = await store.get(plan.narration.key);
  if (missing.length || !narration)
    throw new LessoncastError('VIDEO_INCOMPLETE', `${plan.slug}: cannot join the video yet: ${missing.length} shot(s)${narration ? '' : ' and the narration track'} are not in the store.`,
      'Render the missing shots first (`lessoncast build --video` renders them).');
  const list = join(work, 'segments.ffconcat');
  writeFileSync(list, concatList(plan.shots.flatMap((s, i) => (s.lessonTicks > 0 ? [{ file: segments[i]!.files[SHOT_FILES.segment], ticks: s.lessonTicks }] : [])), plan.params.rate));
  const chapters = join(work, 'chapters.txt');
  writeFileSync(chapters, plan.output.chapters);
  const hasCaptions = plan.output.vtt.trim() !== 'WEBVTT';
  const vtt = join(work, 'captions.vtt');
  writeFileSync(vtt, plan.output.vtt);
  const out = join(work, 'video.mp4');
  const run = runFfmpeg(muxSpec({ concatList: list, audio: narration.files[NARRATION_FILE], chapters, captions: hasCaptions ? vtt : null, output: out, rate: plan.params.rate }), 'final mux');
  const unchild = guard.child(() => run.kill());
  await run.done.finally(unchild);
  const poster = join(work, 'poster.jpg');
  const p = plan.output.poster;
  copyFileSync(segments[p.shot]!.files[p.frame === 'first' ? SHOT_FILES.first : SHOT_FILES.last], poster);
  return store.put(plan.output.key, {
    [OUTPUT_FILES.mp4]: out, [OUTPUT_FILES.vtt]: Buffer.from(plan.output.vtt), [OUTPUT_FILES.srt]: Buffer.from(plan.output.srt), [OUTPUT_FILES.poster]: poster,
  }, { slug: plan.slug, duration: plan.duration });
}
