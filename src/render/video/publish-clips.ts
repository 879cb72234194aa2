/**
 * `build --video --clips`: each scene of a lesson's published video as a video of its own, for
 * social posts and course previews (`build/<slug>/clips/<NN>-<scene>.mp4`, at the video's size and
 * shape). Cut from the published MP4 without re-encoding (clipSpec: a scene starts on a keyframe),
 * each file written whole (temporary name, rename); a record beside the publish record says which
 * output they were cut from and the digest of each clip, so a warm build does nothing (a clip changed
 * on disk, even at its size, is cut again), and clips of scenes that are gone are removed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempNameFor, writeFileAtomicSync } from '../../adapters/atomic-write.ts';
import { clipSpec, runFfmpeg } from '../../adapters/ffmpeg.ts';
import type { Course } from '../../course.ts';
import { toVtt } from '../../narrate/captions.ts';
import { ignoreErrorAs } from '../../errors.ts';
import type { Timeline } from '../../schedule/types.ts';
import { fileSum } from '../../store/file-sum.ts';
import type { StoreKey } from '../../store/store.ts';
import type { RenderGuard } from './render-guard.ts';

/** A scene's clip: its file name, its scene, and where it is cut from the lesson's video (seconds on the lesson's tick clock). */
export interface ClipPlan { file: string; sceneId: string; title: string; start: number; duration: number }

/** A file-name-safe slug of a scene title. */
function slugOf(title: string): string {
  return title.normalize('NFKD').toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/[\s_-]+/g, '-').slice(0, 48).replace(/-$/, '') || 'scene';
}

/** The clips of a timeline (pure): one per scene, on the ticks its frames sit on (docs/video.md, "The frame clock"). */
export function planClips(timeline: Timeline, rate: number): ClipPlan[] {
  const tick = (s: number) => Math.ceil(Math.round(s * 1000) * rate / 1000) / rate;
  return timeline.scenes.map((scene, i) => {
    const start = tick(scene.start);
    const end = Math.min(tick(scene.end), Math.ceil(timeline.duration * rate) / rate);
    return { file: `${String(i + 1).padStart(2, '0')}-${slugOf(scene.title)}.mp4`, sceneId: scene.id, title: scene.title, start, duration: Math.max(1 / rate, end - start) };
  }).filter((c) => c.duration > 0);
}

/** The clip's captions: the scene's narration cues, from the clip's start (pure). */
export function clipCaptions(timeline: Timeline, clip: ClipPlan): string {
  const shift = (t: number) => Math.max(0, t - clip.start);
  const cues = timeline.cues.filter((c) => c.sceneId === clip.sceneId && c.type === 'narration').map((c) => ({
    ...c, start: shift(c.start), end: Math.min(shift(c.end), clip.duration),
    ...(c.words ? { words: c.words.map((w) => ({ ...w, start: shift(w.start), end: shift(w.end) })) } : {}),
  }));
  return toVtt({ ...timeline, duration: clip.duration, cues });
}

function recordFile(course: Course, slug: string): string {
  return join(course.outDir, '.cache', 'published', `${slug}.clips.json`);
}

/** Cuts the lesson's clips from its published MP4 (`outputKey`: what it is); returns the clip files. */
export async function publishClips(course: Course, slug: string, o: { mp4: string; outputKey: StoreKey; timeline: Timeline; rate: number; guard: RenderGuard }): Promise<string[]> {
  const dir = join(course.outDir, slug, 'clips');
  const clips = planClips(o.timeline, o.rate);
  const files = clips.map((c) => join(dir, c.file));
  const record = JSON.stringify({ key: o.outputKey.hash, files: clips.map((c) => c.file) });
  const existing = readdirSafe(dir);
  if (await upToDate(course, slug, record, files)) return files;
  mkdirSync(dir, { recursive: true });
  for (const [i, c] of clips.entries()) {
    const tmp = tempNameFor(files[i]);
    const vtt = `${tmp}.vtt`;
    const untrack = [o.guard.track(tmp), o.guard.track(vtt)];
    try {
      const captions = clipCaptions(o.timeline, c);
      // A scene without narration has no captions (an empty WebVTT file has no stream to map).
      if (captions.includes('-->')) writeFileSync(vtt, captions);
      const run = runFfmpeg(clipSpec({ input: o.mp4, start: c.start, duration: c.duration, captions: captions.includes('-->') ? vtt : null, output: tmp, rate: o.rate }), `clip ${c.file}`);
      const unchild = o.guard.child(() => run.kill());
      try { await run.done; } finally { unchild(); }
      renameSync(tmp, files[i]);
    } finally {
      rmSync(tmp, { force: true });
      rmSync(vtt, { force: true });
      for (const u of untrack) u();
    }
  }
  // Clips of scenes that are gone (renamed, removed) go too.
  for (const name of existing) if (name.endsWith('.mp4') && !clips.some((c) => c.file === name)) rmSync(join(dir, name), { force: true });
  // The digest of each clip as written: a clip changed in place later, even at its size, is cut again.
  const sums = await Promise.all(files.map((f) => fileSum(f)));
  writeFileAtomicSync(recordFile(course, slug), JSON.stringify({ record, sums: sums.map((x) => x.sha256) }) + '\n');
  return files;
}

/** True when the clips were cut from this output and every one is still the bytes that were written. */
async function upToDate(course: Course, slug: string, record: string, files: string[]): Promise<boolean> {
  let rec: { record?: string; sums?: string[] };
  try { rec = JSON.parse(readRecord(course, slug) ?? 'null') ?? {}; } catch (err) { return ignoreErrorAs(false, 'an unreadable record: the clips are cut again')(err); }
  if (rec.record !== record || !Array.isArray(rec.sums) || rec.sums.length !== files.length) return false;
  for (const [i, f] of files.entries()) {
    const now = await fileSum(f).catch(ignoreErrorAs(null, 'a clip that cannot be read is cut again'));
    if (now?.sha256 !== rec.sums[i]) return false;
  }
  return true;
}

function readRecord(course: Course, slug: string): string | null {
  try { return readFileSync(recordFile(course, slug), 'utf8').trim(); } catch (err) { return ignoreErrorAs(null, 'no record: the clips are cut')(err); }
}

function readdirSafe(dir: string): string[] {
  try { return readdirSync(dir); } catch (err) { return ignoreErrorAs([] as string[], 'no clips yet')(err); }
}
