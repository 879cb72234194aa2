/** `lessoncast lint [slug...] [--json]`: problems in the scripts and the config as file:line:col; exit 1 on errors. */
import pc from 'picocolors';
import type { CourseOptions } from './command-options.ts';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { lintLesson } from '../lint/lint-lesson.ts';
import { formatDiagnostics, type LintGroup } from '../lint/format-diagnostics.ts';
import type { Diagnostic } from '../types.ts';

/** Lints the config and each lesson; `--json` prints one array of diagnostics (docs/lint.md). */
export async function run(slugs: string[], opts: CourseOptions & { json?: boolean }): Promise<number> {
  const course = await openCourse({ root: opts.root });
  const groups: LintGroup[] = [];
  const configDiags = course.configDiagnostics ?? [];
  if (configDiags.length) groups.push({ slug: configDiags[0].file, diagnostics: configDiags, casts: false });
  const lessons = selectSlugs(course, slugs);
  for (const slug of lessons) groups.push({ slug, diagnostics: await lintLesson(course, await readLesson(course, slug)) });
  const all: Diagnostic[] = groups.flatMap((r) => r.diagnostics);
  if (opts.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
  else {
    // The same rule as every other line lessoncast prints (picocolors: a terminal, FORCE_COLOR or CI; never with NO_COLOR or --no-color).
    // -q: the problems only (no infos, no summary lines): nothing at all when there are none.
    if (groups.length) process.stdout.write(formatDiagnostics(groups, pc.isColorSupported && opts.color !== false, !!opts.quiet));
    if (lessons.length === 0 && !opts.quiet) process.stdout.write('No lessons: transcripts/ has no .md files.\n');
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
