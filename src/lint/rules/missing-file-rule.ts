/** `missing-file`: `code <path>` names a file that does not exist (relative to the lesson's workdir). */
import { resolve } from 'node:path';
import { insideCourse } from '../../adapters/inside-course.ts';
import type { Diagnostic, Lesson } from '../../types.ts';

/** Whether a path is a usable file: paths outside the course are the outside-course rule's, not missing. */
function present(root: string): (path: string) => boolean {
  return (path) => insideCourse(root, path).status !== 'missing';
}

/** An error per `code <path>` whose file is not there; placeholder paths are the placeholder rule's. */
export function missingFileRule(lesson: Lesson, root: string, exists: (path: string) => boolean = present(root)): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        if (step.type !== 'direction' || step.action !== 'open-file' || !step.path || step.placeholders.length) continue;
        if (exists(resolve(root, lesson.meta.workdir, step.path))) continue;
        const dir = lesson.meta.workdir === '.' ? 'the course root' : `workdir ${lesson.meta.workdir}`;
        out.push({
          code: 'missing-file', severity: 'error', file: lesson.file, line: step.pos.line, column: step.pos.column + Math.max(0, step.raw.indexOf(step.path)),
          message: `\`code ${step.path}\`: no such file (relative to ${dir})`,
          hint: 'create the file, or fix the path; frontmatter `workdir` sets what it is relative to',
        });
      }
    }
  return out;
}
