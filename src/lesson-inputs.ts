/**
 * A lesson's inputs in one place: the course files it is made from (`lessonFiles`) and their
 * digests with lessoncast's own (`lessonInputs`). The store keys take their file digests from here;
 * every render job carries the map, and a worker computes its own and refuses a job whose map
 * differs, naming the files (docs/scale.md, "Same course files"); `clean` keeps what they lead to.
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

/** What a file is to a lesson. */
export type LessonFileRole = 'script' | 'slides' | 'slide-image' | 'opened-file' | 'recording' | 'voice-over' | 'config' | 'lexicon';

/** One file a lesson is made from: its role and absolute path (it may not exist: a missing one counts too). */
export interface LessonFile { role: LessonFileRole; path: string }

/**
 * The one list of the files a lesson's deck, video and speech are made from: its script, its
 * slides and their images, the files it opens, its recordings and voice-over clips, the course
 * config and lexicon. The store keys read their digests from it (video-inputs.ts), a worker checks
 * its copy of the course against it (lessonInputs), `clean` keeps what it leads to.
 */
export function lessonFiles(course: Course, lesson: Lesson): LessonFile[] {
  const files: LessonFile[] = [
    { role: 'script', path: join(course.transcriptsDir, `${lesson.slug}.md`) },
    { role: 'slides', path: join(course.slidesDir, `${lesson.slug}.md`) },
    { role: 'lexicon', path: lexiconPath(course) },
  ];
  if (course.configFile) files.push({ role: 'config', path: course.configFile });
  const recordings = join(course.recordingsDir, lesson.slug);
  for (const f of filesUnder(recordings)) files.push({ role: relative(recordings, f).startsWith('voice') ? 'voice-over' : 'recording', path: f });
  for (const slide of lessonSlides(course, lesson.slug) ?? []) for (const a of slide.assets) files.push({ role: 'slide-image', path: a.from });
  for (const scene of lesson.scenes)
    for (const s of sceneSteps(scene).steps) if (s.kind === 'open-file' && !s.placeholder) files.push({ role: 'opened-file', path: resolveLessonPath(course, lesson, s.path) });
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(f.path) && seen.add(f.path));
}

/** The digests of every file of `lessonFiles` (by path relative to the course root) and of lessoncast itself. */
export function lessonInputs(course: Course, lesson: Lesson): LessonInputs {
  const files: Record<string, string> = { [LESSONCAST_INPUT]: dataDigest({ version: VERSION, render: RENDER_VERSION, stage: stageCodeDigest() }) };
  for (const p of lessonFiles(course, lesson).map((f) => f.path).sort()) files[relative(course.root, p)] = fileDigest(p);
  return { hash: dataDigest(files), files };
}

/** The digest of a lesson file in `inputs` (by its absolute path), computed if the map lacks it. */
export function inputDigest(course: Course, inputs: LessonInputs, path: string): string {
  return inputs.files[relative(course.root, path)] ?? fileDigest(path);
}

/** The names whose digests differ between two maps (a file on one side only counts too), sorted. */
export function differingInputs(a: LessonInputs, b: LessonInputs): string[] {
  if (a.hash === b.hash) return [];
  const names = new Set([...Object.keys(a.files), ...Object.keys(b.files)]);
  return [...names].filter((n) => a.files[n] !== b.files[n]).sort();
}
