/** `lessoncast inspect <slug> [--json]`: the parsed lesson (IR, docs/ir.md) as JSON on stdout. */
import type { CourseOptions } from './command-options.ts';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import type { Lesson } from '../types.ts';

/** The IR as `inspect --json` prints it (docs/ir.md). */
export function inspectJson(lesson: Lesson): string {
  return JSON.stringify(lesson, null, 2) + '\n';
}

/** Prints the IR; exit 1 when the parser found an error (the IR is printed anyway). */
export async function run(slug: string, opts: CourseOptions & { json?: boolean }): Promise<number> {
  const course = await openCourse({ root: opts.root });
  const [one] = selectSlugs(course, [slug]);
  const lesson = await readLesson(course, one);
  process.stdout.write(inspectJson(lesson));
  return lesson.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
