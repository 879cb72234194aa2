/**
 * The golden timeline of a seed: the real parser and synthesized casts, with speech durations from
 * a fixed formula instead of an engine (festival's output may change between versions; the
 * structure and the arithmetic of the schedule must not). Real-engine timings are tested apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandsInOrder } from '../../src/casts/lesson-casts.ts';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import type { LessonAudio } from '../../src/narrate/types.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { parseSlideTitles } from '../../src/schedule/slide-titles.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import type { Pace } from '../../src/schema/lessoncast-schema.ts';
import { lessonNarration, type Lesson } from '../../src/types.ts';

/** 60 ms per character plus 0.3 s: about festival's pace, exact to the millisecond. */
export function fixedAudio(lesson: Lesson): LessonAudio {
  return {
    slug: lesson.slug, engine: 'fixed', voice: 'fixed', sampleRate: 24000,
    paragraphs: lessonNarration(lesson).map((n) => {
      const chunks = n.sentences.map((s, k) => ({
        id: `${n.id}#${k + 1}`, narrationId: n.id, text: s.text, spoken: s.plain,
        wavFile: `speech/${n.id}-${k + 1}.wav`, duration: Math.round(300 + 60 * s.plain.length) / 1000,
      }));
      return { narrationId: n.id, chunks, voiceOver: null, duration: chunks.reduce((a, c) => a + c.duration, 0) };
    }),
  };
}

/** The timeline of `transcripts/<slug>.md` under `root` with fixed speech durations, and the casts it plays (`pace`: instead of the script's). */
export function goldenTimelineWithCasts(root: string, slug: string, pace?: Pace): { timeline: Timeline; casts: LessonCast[] } {
  const file = `transcripts/${slug}.md`;
  const parsed = parseLesson(readFileSync(join(root, file), 'utf8'), { file, slug });
  const lesson = pace ? { ...parsed, meta: { ...parsed.meta, pace } } : parsed;
  const casts = commandsInOrder(lesson).map(({ command, clearBefore }) => synthesizeCast(command, lesson.meta.terminal, { clearBefore }));
  let slides: (string | null)[] = [];
  try { slides = parseSlideTitles(readFileSync(join(root, 'slides', `${slug}.md`), 'utf8')); } catch { /* no slides */ }
  return { timeline: scheduleLesson(lesson, fixedAudio(lesson), casts, { slideTitles: slides }), casts };
}

/** The timeline of `transcripts/<slug>.md` under `root` with fixed speech durations. */
export function goldenTimeline(root: string, slug: string): Timeline {
  return goldenTimelineWithCasts(root, slug).timeline;
}

/** The golden file's text. */
export function goldenTimelineJson(root: string, slug: string): string {
  return JSON.stringify(goldenTimeline(root, slug), null, 2) + '\n';
}
