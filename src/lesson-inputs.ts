/**
 * The course files a lesson's render jobs need, each by the digest of its bytes: the script, its
 * slides and their images, the files it opens, its recordings and voice-over clips, the config and
 * the lexicon, and lessoncast's own drawing code. Every job carries this map; a worker computes its
 * own and refuses a job whose map differs, naming the files (docs/scale.md, "Same course files").
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course } from './course.ts';
import { lexiconPath } from './narrate/read-lexicon.ts';
import { resolveLessonPath } from './stage/editor-files.ts';
import { lessonSlides } from './stage/lesson-slides.ts';
import { sceneSteps } from './stage/stage-steps.ts';
import { dataDigest, fileDigest, RENDER_VERSION } from './store/artifact-key.ts';
import { stageCodeDigest } from './store/artifact-inputs.ts';
import type { Lesson } from './types.ts';
import { VERSION } from './version.ts';

/** A lesson's inputs: each file (relative to the course root) → the digest of its bytes, and the digest of the whole map. */
export interface LessonInputs { hash: string; files: Record<string, string> }

/** The name under which lessoncast itself (version, render version, the stage's code) enters the map. */
export const LESSONCAST_INPUT = '(lessoncast)';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** The digests of every file `lesson`'s video and speech are made from. */
export function lessonInputs(course: Course, lesson: Lesson): LessonInputs {
  const paths = new Set<string>([join(course.transcriptsDir, `${lesson.slug}.md`), join(course.slidesDir, `${lesson.slug}.md`), lexiconPath(course)]);
  if (course.configFile) paths.add(course.configFile);
  for (const f of filesUnder(join(course.recordingsDir, lesson.slug))) paths.add(f);
  for (const slide of lessonSlides(course, lesson.slug) ?? []) for (const a of slide.assets) paths.add(a.from);
  for (const scene of lesson.scenes)
    for (const s of sceneSteps(scene).steps) if (s.kind === 'open-file' && !s.placeholder) paths.add(resolveLessonPath(course, lesson, s.path));
  const files: Record<string, string> = { [LESSONCAST_INPUT]: dataDigest({ version: VERSION, render: RENDER_VERSION, stage: stageCodeDigest() }) };
  for (const p of [...paths].sort()) files[relative(course.root, p)] = fileDigest(p);
  return { hash: dataDigest(files), files };
}

/** The names whose digests differ between two maps (a file on one side only counts too), sorted. */
export function differingInputs(a: LessonInputs, b: LessonInputs): string[] {
  if (a.hash === b.hash) return [];
  const names = new Set([...Object.keys(a.files), ...Object.keys(b.files)]);
  return [...names].filter((n) => a.files[n] !== b.files[n]).sort();
}
