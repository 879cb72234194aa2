/**
 * Publishing a lesson's output entry: its files are copied from the store to `build/<slug>/`
 * (`<slug>.mp4`, `.vtt`, `.srt`, `poster.jpg`), each written whole (temporary name, rename), and a
 * small record of what was published lets a warm build stop before touching anything. The record
 * lives with the output folder, not the store: a store may be shared by machines whose output
 * folders differ.
 */
import { constants, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempNameFor, writeFileAtomicSync } from '../../adapters/atomic-write.ts';
import type { Course } from '../../course.ts';
import type { StoreEntry, StoreKey } from '../../store/store.ts';
import { sweepDeadTemps } from '../../store/work-dir.ts';
import { OUTPUT_FILES } from './mux-video.ts';

/** The published files of a lesson. */
export function publishedFiles(course: Course, slug: string): { mp4: string; vtt: string; srt: string; poster: string } {
  const dir = join(course.outDir, slug);
  return { mp4: join(dir, `${slug}.mp4`), vtt: join(dir, `${slug}.vtt`), srt: join(dir, `${slug}.srt`), poster: join(dir, 'poster.jpg') };
}

function recordFile(course: Course, slug: string): string {
  return join(course.outDir, '.cache', 'published', `${slug}.json`);
}

type PublishRecord = { key: string; sizes: { [name: string]: number } };

/** True when the lesson's published files are the output `key` (as this process or an earlier one published it). */
export function isPublished(course: Course, slug: string, key: StoreKey): boolean {
  let rec: PublishRecord;
  try { rec = JSON.parse(readFileSync(recordFile(course, slug), 'utf8')) as PublishRecord; } catch { return false; }
  if (rec.key !== key.hash) return false;
  return Object.entries(publishedFiles(course, slug)).every(([name, file]) => statSync(file, { throwIfNoEntry: false })?.size === rec.sizes[name]);
}

/** Copies the output entry to the lesson's output folder. */
export function publishVideo(course: Course, slug: string, entry: StoreEntry): ReturnType<typeof publishedFiles> {
  const files = publishedFiles(course, slug);
  mkdirSync(join(course.outDir, slug), { recursive: true });
  // A build killed between the copy and the rename left a temporary file: gone once its process is.
  sweepDeadTemps(join(course.outDir, slug));
  const from = { mp4: OUTPUT_FILES.mp4, vtt: OUTPUT_FILES.vtt, srt: OUTPUT_FILES.srt, poster: OUTPUT_FILES.poster };
  const sizes: PublishRecord['sizes'] = {};
  for (const name of Object.keys(files) as (keyof typeof files)[]) {
    const tmp = tempNameFor(files[name]);
    try {
      // A copy-on-write clone where the file system has them, else a copy.
      copyFileSync(entry.files[from[name]], tmp, constants.COPYFILE_FICLONE);
      renameSync(tmp, files[name]);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    sizes[name] = statSync(files[name]).size;
  }
  writeFileAtomicSync(recordFile(course, slug), JSON.stringify({ key: entry.key.hash, sizes } satisfies PublishRecord) + '\n');
  return files;
}
