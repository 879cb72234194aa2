/** The timeline of a lesson on disk: narration and casts from their stages, then the pure schedule. */
import type { LessonCast } from '../casts/types.ts';
import type { Course } from '../course.ts';
import type { LessonAudio } from '../narrate/types.ts';
import type { NarrateOptions } from '../narrate/narrate-lesson.ts';
import type { Lesson } from '../types.ts';
import { scheduleLesson, type ScheduleOptions } from './schedule-lesson.ts';
import { readSlideTitles } from './slide-titles.ts';
import type { Timeline } from './types.ts';

/**
 * Narrates the lesson (cached), gets its casts, and schedules them; with `scenes`, only the first
 * scenes (their narration alone is needed: schedule-lesson.ts).
 */
export async function timelineFor(course: Course, lesson: Lesson, opts: { progress?: NarrateOptions['progress']; pauses?: ScheduleOptions['pauses']; narrate?: NarrateOptions; scenes?: number } = {}): Promise<{ timeline: Timeline; audio: LessonAudio; casts: LessonCast[] }> {
  const [{ narrateLesson }, { lessonCasts }] = await Promise.all([
    import('../narrate/narrate-lesson.ts'),
    import('../casts/lesson-casts.ts'),
  ]);
  const paragraphs = opts.scenes === undefined ? undefined
    : new Set(lesson.scenes.slice(0, opts.scenes).flatMap((s) => s.items.flatMap((it) => (it.type === 'narration' ? [it.id] : []))));
  const [audio, casts] = await Promise.all([narrateLesson(course, lesson, { progress: opts.progress, paragraphs, ...opts.narrate }), lessonCasts(course, lesson)]);
  const timeline = scheduleLesson(lesson, audio, casts, {
    configPauses: course.config.pauses,
    pauses: opts.pauses,
    slideTitles: readSlideTitles(course, lesson.slug),
    scenes: opts.scenes,
  });
  return { timeline, audio, casts };
}
