/** Which lessons a changed file affects: the dev server rebuilds only those. Pure. */
import { basename, relative, resolve, sep } from 'node:path';
import type { Lesson } from '../types.ts';
import { openedFiles } from '../render/site/lesson-view.ts';

/** The folders and files of a course that the dev server watches. */
export interface WatchedCourse {
  root: string;
  transcriptsDir: string;
  slidesDir: string;
  recordingsDir: string;
  /** Lexicon file, absolute (changes every lesson's speech). */
  lexiconFile: string;
}

/** What a batch of changed files means for the build. */
export interface ChangeImpact {
  /** Lessons to rebuild. */
  slugs: Set<string>;
  /** The course config changed: reload it and rebuild everything. */
  config: boolean;
  /** A lesson script was added or removed (the caller checks which, on disk). */
  transcripts: boolean;
  /** What is spoken changed for every lesson (config or lexicon): known speech durations are void. */
  speech: boolean;
}

const CONFIG_FILES = new Set(['lessoncast.config.ts', 'lessoncast.config.mjs', 'lessoncast.config.js']);

function under(dir: string, file: string): string | null {
  const rel = relative(dir, file);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : null;
}

/** Maps changed absolute paths to the lessons they affect. */
export function changeImpact(course: WatchedCourse, lessons: Map<string, Lesson>, changed: string[]): ChangeImpact {
  const impact: ChangeImpact = { slugs: new Set(), config: false, transcripts: false, speech: false };
  for (const file of changed.map((f) => resolve(f))) {
    if (resolve(course.root, basename(file)) === file && CONFIG_FILES.has(basename(file))) { impact.config = true; impact.speech = true; continue; }
    if (file === resolve(course.lexiconFile)) { impact.speech = true; for (const slug of lessons.keys()) impact.slugs.add(slug); continue; }
    let rel = under(course.transcriptsDir, file);
    if (rel !== null) {
      if (!rel.includes(sep) && rel.endsWith('.md')) { impact.slugs.add(rel.slice(0, -3)); impact.transcripts = true; }
      continue;
    }
    rel = under(course.slidesDir, file);
    if (rel !== null) {
      if (!rel.includes(sep) && rel.endsWith('.md') && lessons.has(rel.slice(0, -3))) impact.slugs.add(rel.slice(0, -3));
      continue;
    }
    rel = under(course.recordingsDir, file);
    if (rel !== null) {
      const slug = rel.split(sep)[0];
      if (lessons.has(slug)) impact.slugs.add(slug);
      continue;
    }
    // Any other file (configs/...) matters to the lessons that open it with `code <path>`.
    for (const [slug, lesson] of lessons)
      if (openedFiles(lesson).some((p) => resolve(course.root, lesson.meta.workdir || '.', p) === file)) impact.slugs.add(slug);
  }
  return impact;
}
