/**
 * `outside-course`: a file the lesson would read or publish — a file opened with `code`, a slide
 * image, the slides file, a voice-over clip, a recording — resolves outside the course folder
 * (by its path or through a symlink). Nothing from there is read into the build nor copied into it.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { insideCourse } from '../../adapters/inside-course.ts';
import type { Course } from '../../course.ts';
import { voiceOverFiles } from '../../narrate/voice-over.ts';
import { readLessonSlides } from '../../stage/lesson-slides.ts';
import type { Diagnostic, Lesson } from '../../types.ts';

const CODE = 'outside-course';
const HINT = 'copy the file into the course folder (configs/, slides/, recordings/) and point at the copy';

/** One error per path of the lesson that leaves the course folder. */
export function outsideCourseRule(course: Course, lesson: Lesson): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rel = (abs: string) => relative(course.root, abs);
  const at = (file: string, message: string, line = 1, column = 1): Diagnostic => ({ code: CODE, severity: 'error', file, line, column, message, hint: HINT });

  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        if (step.type !== 'direction' || step.action !== 'open-file' || !step.path || step.placeholders.length) continue;
        if (insideCourse(course.root, resolve(course.root, lesson.meta.workdir || '.', step.path)).status !== 'outside') continue;
        out.push(at(lesson.file, `\`code ${step.path}\` resolves outside the course folder: it is not shown nor published`,
          step.pos.line, step.pos.column + Math.max(0, step.raw.indexOf(step.path))));
      }
    }

  const slides = readLessonSlides(course, lesson.slug);
  if (slides.refusedFile === 'outside') out.push(at(slides.file, `${slides.file} resolves outside the course folder: its slides are not used`));
  for (const slide of slides.slides ?? [])
    for (const img of slide.refused)
      out.push(at(slides.file, `image ${img.src} resolves outside the course folder: it is not copied into the deck`, img.line, img.column));

  for (const file of voiceOverFiles(course, lesson.slug).outside)
    out.push(at(rel(file), `voice-over clip ${rel(file)} resolves outside the course folder: the synthetic voice is used`));

  const dir = join(course.recordingsDir, lesson.slug);
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.cast')); } catch { /* no recordings */ }
  for (const name of names.sort()) {
    const file = join(dir, name);
    if (insideCourse(course.root, file).status === 'outside')
      out.push(at(rel(file), `recording ${rel(file)} resolves outside the course folder: it is not read`));
  }
  return out;
}
