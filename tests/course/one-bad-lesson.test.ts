/**
 * One bad lesson never stops another (issue 22): a bug met while parsing, linting or building the
 * site page of one lesson is that lesson's `internal-error` (or failed page), and every other lesson
 * is read, linted and published as usual. The bugs are injected (a parser, a lint rule and the
 * timeline throwing for the lesson named `bad`), since the real ones this guards against are fixed;
 * everything else is the real code (speech by festival for the healthy lesson's times).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCourse, type Course } from '../../src/course.ts';
import { LessoncastError } from '../../src/errors.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildSite } from '../../src/render/site/build-site.ts';

vi.mock('../../src/parse/parse-lesson.ts', async (importActual) => {
  const actual = await importActual<typeof import('../../src/parse/parse-lesson.ts')>();
  return { ...actual, parseLesson: (source: string, opts: Parameters<typeof actual.parseLesson>[1]) => {
    if (source.includes('TRIP THE PARSER')) throw new RangeError('Maximum call stack size exceeded');
    return actual.parseLesson(source, opts);
  } };
});
vi.mock('../../src/lint/rules/todo-rule.ts', async (importActual) => {
  const actual = await importActual<typeof import('../../src/lint/rules/todo-rule.ts')>();
  return { ...actual, todoRule: (lesson: Parameters<typeof actual.todoRule>[0]) => {
    if (lesson.slug === 'bad') throw new TypeError("Cannot read properties of undefined (reading 'line')");
    return actual.todoRule(lesson);
  } };
});
vi.mock('../../src/schedule/timeline-for.ts', async (importActual) => {
  const actual = await importActual<typeof import('../../src/schedule/timeline-for.ts')>();
  return { ...actual, timelineFor: (course: Course, lesson: Parameters<typeof actual.timelineFor>[1]) => {
    if (lesson.slug === 'bad') throw new TypeError('a bug in the schedule');
    if (lesson.slug === 'mute') throw new LessoncastError('SPEECH_FAILED', 'festival failed (exit 255): SIOD ERROR', 'Run `lessoncast doctor`.');
    return actual.timelineFor(course, lesson);
  } };
});

let root: string;
let course: Course;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-bad-lesson-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'bad.md'), '# Bad\n\nThis lesson says something.\n');
  writeFileSync(join(root, 'transcripts', 'good.md'), '# Good\n\nThis lesson is fine.\n');
  writeFileSync(join(root, 'transcripts', 'mute.md'), '# Mute\n\nThis lesson cannot be spoken.\n');
  writeFileSync(join(root, 'transcripts', 'tripped.md'), '# Tripped\n\nTRIP THE PARSER\n');
  course = await openCourse({ root });
});
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('one bad lesson never stops another', () => {
  it('a parser that throws gives that lesson one internal-error and nothing to render', async () => {
    const tripped = await readLesson(course, 'tripped');
    expect(tripped.diagnostics).toEqual([expect.objectContaining({ code: 'internal-error', severity: 'error', file: 'transcripts/tripped.md', line: 1 })]);
    expect(tripped.diagnostics[0].message).toMatch(/a bug in lessoncast.*RangeError: Maximum call stack size exceeded/);
    expect(tripped.scenes).toEqual([]);
    expect((await readLesson(course, 'good')).scenes).toHaveLength(1);
  });

  it('a lint rule that throws is one internal-error of that lesson; the others are linted', async () => {
    const bad = await lintLesson(course, await readLesson(course, 'bad'));
    expect(bad).toEqual([expect.objectContaining({ code: 'internal-error', severity: 'error', file: 'transcripts/bad.md' })]);
    expect(bad[0].message).toMatch(/failed to lint this script.*TypeError/);
    const good = await lintLesson(course, await readLesson(course, 'good'));
    expect(good.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the site writes every other page when one lesson\'s times fail (a bug or its speech)', async () => {
    const lessons = await Promise.all(['bad', 'good', 'mute'].map((s) => readLesson(course, s)));
    const r = await buildSite(course, lessons);
    expect(r.problems.map((p) => [p.slug, p.page, (p.error as Error).message])).toEqual([
      ['bad', false, 'a bug in the schedule'],
      ['mute', false, 'festival failed (exit 255): SIOD ERROR'],
    ]);
    for (const slug of ['bad', 'good', 'mute']) expect(existsSync(join(root, 'build', slug, 'index.html')), slug).toBe(true);
    // The good page has its times (data-start on its paragraph); the others are written without.
    expect(readFileSync(join(root, 'build', 'good', 'index.html'), 'utf8')).toMatch(/class="para"[^>]*data-start="[\d.]+"[\s\S]*This lesson is fine\./);
    expect(readFileSync(join(root, 'build', 'mute', 'index.html'), 'utf8')).not.toMatch(/class="para"[^>]*data-start=/);
    expect(readFileSync(join(root, 'build', 'mute', 'index.html'), 'utf8')).toMatch(/This lesson cannot be spoken\./);
    expect(readFileSync(join(root, 'build', 'index.html'), 'utf8')).toMatch(/Good[\s\S]*Mute/);
  }, 120_000);
});
