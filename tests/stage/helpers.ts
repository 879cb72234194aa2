/** Test helpers for the stage: the seed lessons with their casts, a timeline from fake speech durations, a video stage page open in Chromium. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { buildDeck } from '../../src/render/deck/build-deck.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { openCourse, type Course } from '../../src/course.ts';
import type { LessonAudio } from '../../src/narrate/types.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { lessonNarration, type Lesson } from '../../src/types.ts';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Speech durations without a speech engine: 0.25 s per word, so tests stay fast and deterministic. */
export function fakeAudio(lesson: Lesson): LessonAudio {
  return {
    slug: lesson.slug, engine: 'fake', voice: 'fake', sampleRate: 16000,
    paragraphs: lessonNarration(lesson).map((n) => {
      const chunks = n.sentences.map((s, i) => ({
        id: `${n.id}#${i + 1}`, narrationId: n.id, text: s.text, spoken: s.plain, wavFile: `/nonexistent/${n.id}-${i}.wav`,
        duration: Math.max(0.5, s.plain.split(/\s+/).length * 0.25),
      }));
      return { narrationId: n.id, chunks, voiceOver: null, duration: chunks.reduce((a, c) => a + c.duration, 0) };
    }),
  };
}

/** A seed lesson of the sample course, its casts, and a timeline from fake speech. */
export async function seedLesson(slug: string, out: string): Promise<{ course: Course; lesson: Lesson; casts: LessonCast[]; timeline: Timeline }> {
  const course = await openCourse({ root: ROOT, out });
  const lesson = await readLesson(course, slug);
  const casts = await lessonCasts(course, lesson);
  const timeline = scheduleLesson(lesson, fakeAudio(lesson), casts);
  return { course, lesson, casts, timeline };
}

/**
 * A lesson of `root` as the video stage draws it, in Chromium at 1920×1080 (its timeline from
 * `fakeAudio`), with its deck built beside it; page errors go to `errors`. Close the session after.
 */
export async function openVideoStage(root: string, slug: string, errors: string[]): Promise<{ timeline: Timeline; session: BrowserSession; page: Page }> {
  const course = await openCourse({ root });
  const lesson = await readLesson(course, slug);
  const casts = await lessonCasts(course, lesson);
  const timeline = scheduleLesson(lesson, fakeAudio(lesson), casts);
  await writeStagePage(join(root, 'stage'), { course, lesson, casts }, { mode: 'video', timeline });
  await buildDeck(course, lesson, { casts });
  const session = await launchBrowser();
  const page = await session.browser.newPage();
  await page.setViewport({ width: 1920, height: 1080 });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(join(root, 'stage', 'index.html')).href);
  await page.evaluate(() => (window as unknown as { lessoncastStage: { ready: Promise<void> } }).lessoncastStage.ready);
  return { timeline, session, page };
}
