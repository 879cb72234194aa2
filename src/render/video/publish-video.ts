/**
 * Publishing a lesson's output entry: its files are copied from the store to `build/<slug>/`
 * (`<slug>.mp4`, `.vtt`, `.srt`, `poster.jpg`), each written whole (temporary name, rename), and a
 * small record of what was published lets a warm build stop before touching anything. The record
 * lives with the output folder, not the store: a store may be shared by machines whose output
 * folders differ.
 */
import { constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempNameFor, writeFileAtomicSync } from '../../adapters/atomic-write.ts';
import type { Course } from '../../course.ts';
import { fsFailure } from '../../adapters/fs-failure.ts';
import { LessoncastError } from '../../errors.ts';
import { fileSum, sameSum, type FileSum } from '../../store/file-sum.ts';
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

/** What was published: the output's key and the size and digest of each file as copied. */
type PublishRecord = { key: string; files: { [name: string]: FileSum } };

/**
 * True when the lesson's published files are the output `key` (as this process or an earlier one
 * published it), byte for byte: a file changed in place, even at the same size, is published again.
 */
export async function isPublished(course: Course, slug: string, key: StoreKey): Promise<boolean> {
  let rec: PublishRecord;
  try { rec = JSON.parse(readFileSync(recordFile(course, slug), 'utf8')) as PublishRecord; } catch { return false; }
  if (rec?.key !== key.hash || typeof rec.files !== 'object' || !rec.files) return false;
  const files = Object.entries(publishedFiles(course, slug));
  // Sizes first: a missing or truncated file needs no reading.
  if (!files.every(([name, file]) => statSync(file, { throwIfNoEntry: false })?.size === rec.files[name]?.size)) return false;
  for (const [name, file] of files) {
    const now = await fileSum(file).catch(() => null);
    if (!now || !sameSum(now, rec.files[name])) return false;
  }
  return true;
}

/** A published copy does not match its store entry's digests: the entry changed on disk after it was checked. */
export class PublishedCopyDiffers extends LessoncastError {
  constructor(file: string, readonly key: StoreKey) {
    super('STORE_DAMAGED', `${file}: the copy from the store does not match the digest recorded when it was stored; nothing was published.`,
      'Run the build again: the damaged entry is set aside and made again.');
  }
}

/**
 * Copies the output entry to the lesson's output folder, each file whole (temporary name, rename) and
 * only when the copy's bytes are the ones the entry recorded: no damaged byte is published.
 */
export async function publishVideo(course: Course, slug: string, entry: StoreEntry): Promise<ReturnType<typeof publishedFiles>> {
  const files = publishedFiles(course, slug);
  mkdirSync(join(course.outDir, slug), { recursive: true });
  // A build killed between the copy and the rename left a temporary file: gone once its process is.
  sweepDeadTemps(join(course.outDir, slug));
  const from = { mp4: OUTPUT_FILES.mp4, vtt: OUTPUT_FILES.vtt, srt: OUTPUT_FILES.srt, poster: OUTPUT_FILES.poster };
  const sums: PublishRecord['files'] = {};
  for (const name of Object.keys(files) as (keyof typeof files)[]) {
    const tmp = tempNameFor(files[name]);
    try {
      // A copy-on-write clone where the file system has them, else a copy.
      await copyFile(entry.files[from[name]], tmp, constants.COPYFILE_FICLONE);
      const sum = await fileSum(tmp);
      const recorded = entry.sums[from[name]];
      if (!recorded || !sameSum(sum, recorded)) throw new PublishedCopyDiffers(entry.files[from[name]], entry.key);
      await rename(tmp, files[name]);
      sums[name] = sum;
    } catch (err) {
      await rm(tmp, { force: true });
      // A full disk says how much this file needed.
      throw fsFailure(err, { path: files[name], needed: entry.sums[from[name]]?.size }) ?? err;
    }
  }
  writeFileAtomicSync(recordFile(course, slug), JSON.stringify({ key: entry.key.hash, files: sums } satisfies PublishRecord) + '\n');
  return files;
}
