/** `lessoncast lint [slug...] [--json]`: problems in the scripts as file:line:col; exit 1 on errors. */
import type { CourseOptions } from '../cli.ts';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { lintLesson } from '../lint/lint-lesson.ts';
import { formatDiagnostics } from '../lint/format-diagnostics.ts';
import type { Diagnostic } from '../types.ts';

/** Lints each lesson; `--json` prints one array of diagnostics (docs/lint.md). */
export async function run(slugs: string[], opts: CourseOptions & { json?: boolean }): Promise<number> {
  const course = await openCourse({ root: opts.root });
  const results: { slug: string; diagnostics: Diagnostic[] }[] = [];
  for (const slug of selectSlugs(course, slugs)) results.push({ slug, diagnostics: await lintLesson(course, await readLesson(course, slug)) });
  const all = results.flatMap((r) => r.diagnostics);
  if (opts.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
  else if (results.length === 0) process.stdout.write('No lessons: transcripts/ has no .md files.\n');
  else process.stdout.write(formatDiagnostics(results, !!process.stdout.isTTY && !process.env.NO_COLOR));
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
