/** `invalid-line-range`, `line-range-outside-file`: `code <path>:<from>-<to>` names lines the file has (docs/ir.md). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { insideCourse } from '../../adapters/inside-course.ts';
import type { Diagnostic, Lesson } from '../../types.ts';

/** Lines of a file inside the course, or null when it cannot be read (the missing-file and outside-course rules say why). */
function fileLines(root: string): (path: string) => number | null {
  return (path) => {
    const where = insideCourse(root, path);
    if (where.status !== 'inside') return null;
    try {
      const text = readFileSync(where.real, 'utf8');
      return text.replace(/\r?\n$/, '').split(/\r?\n/).length;
    } catch {
      // Unreadable: missing-file reports it; no range to check.
      return null;
    }
  };
}

/** An error for a range that is not one (0, or from after to); a warning for lines past the file's end. */
export function lineRangeRule(lesson: Lesson, root: string, lines: (path: string) => number | null = fileLines(root)): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        if (step.type !== 'direction' || !step.lines || !step.path) continue;
        const { from, to } = step.lines;
        const at = { file: lesson.file, line: step.pos.line, column: step.pos.column + Math.max(0, step.raw.lastIndexOf(':')) + 1 };
        if (from < 1 || to < from) {
          out.push({ code: 'invalid-line-range', severity: 'error', ...at, message: `\`${step.raw}\`: lines ${from}-${to} are not a range (lines count from 1, the first is not after the last)`,
            hint: `write ${step.path}:${Math.max(1, Math.min(from, to))}-${Math.max(1, from, to)}` });
          continue;
        }
        const n = lines(resolve(root, lesson.meta.workdir, step.path));
        if (n !== null && to > n)
          out.push({ code: 'line-range-outside-file', severity: 'warning', ...at, message: `\`${step.raw}\`: ${step.path} has ${n} line${n === 1 ? '' : 's'}`,
            hint: from > n ? `the file ends at line ${n}: fix the range` : `the editor marks lines ${from}-${n}` });
      }
    }
  return out;
}
