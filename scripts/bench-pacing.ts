/**
 * Pacing of the course's lessons with the default voice (docs/timeline.md, "Idle and gaps"): for each
 * lesson, its duration, idle share, longest gap and gaps over 1.5 s, in the lesson's own pace and in
 * `sequential` (the order of before), measured in the same run. Targets (issue 14): at most 5 % idle,
 * no gap over 1.5 s that the author did not write.
 *
 *   node --import tsx scripts/bench-pacing.ts [--root DIR] [--out DIR]
 */
import { parseArgs } from 'node:util';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { GAP_LIMIT, measurePacing } from '../src/schedule/pacing.ts';
import { timelineFor } from '../src/schedule/timeline-for.ts';
import type { Pace } from '../src/schema/lessoncast-schema.ts';

const TARGET_IDLE = 0.05;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
  const course = await openCourse({ root: values.root ?? process.cwd(), out: values.out });
  console.log('lesson                     pace        duration    idle   longest gap  gaps over 1.5 s (unwritten)');
  let met = true;
  for (const slug of course.slugs) {
    const lesson = await readLesson(course, slug);
    const rows: { pace: Pace; duration: number; idle: number }[] = [];
    for (const pace of [...new Set<Pace>([lesson.meta.pace, 'sequential'])]) {
      const { timeline, casts } = await timelineFor(course, { ...lesson, meta: { ...lesson.meta, pace } });
      const p = measurePacing(timeline, casts, lesson.meta.terminal.prompt);
      const unwritten = p.gaps.filter((g) => g.duration - g.written > GAP_LIMIT);
      rows.push({ pace, duration: timeline.duration, idle: p.idle });
      console.log(`${slug.padEnd(26)} ${pace.padEnd(11)} ${timeline.duration.toFixed(3).padStart(8)} s ${(p.idle * 100).toFixed(1).padStart(5)} %  ${(p.longestGap?.duration ?? 0).toFixed(3).padStart(7)} s   ${p.gaps.length} (${unwritten.length})`);
      if (pace === lesson.meta.pace && (p.idle > TARGET_IDLE || unwritten.length)) met = false;
    }
    if (rows.length === 2) console.log(`${''.padEnd(26)} ${rows[0].pace} vs sequential: ${(rows[0].duration / rows[1].duration).toFixed(3)}× the duration, ${(rows[0].idle / rows[1].idle).toFixed(3)}× the idle share`);
  }
  console.log(`\ntarget: at most ${TARGET_IDLE * 100} % idle and no unwritten gap over ${GAP_LIMIT} s in each lesson's own pace: ${met ? 'met' : 'NOT met'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
