/** `lessoncast timeline <slug> [--json]`: every cue with its start and end in seconds (docs/timeline.md). */
import type { CourseOptions } from '../cli.ts';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { timelineFor } from '../schedule/timeline-for.ts';
import type { Timeline } from '../schedule/types.ts';

/** The readable form: a header, the scenes (chapters), then one line per cue. */
export function formatTimeline(tl: Timeline, width = 100): string {
  const sec = (t: number) => t.toFixed(3).padStart(8);
  const clip = (s: string, n: number) => { const one = s.replace(/\s+/g, ' ').trim(); return one.length > n ? one.slice(0, n - 1) + '…' : one; };
  const lines = [`${tl.slug} — ${tl.title} — ${tl.duration.toFixed(3)} s, ${tl.scenes.length} scene(s), ${tl.cues.length} cues`, '', 'Scenes (chapters):'];
  for (const s of tl.scenes) lines.push(`  ${sec(s.start)} ${sec(s.end)}  ${s.id.padEnd(9)} ${s.kind.padEnd(8)} ${s.title}`);
  lines.push('', `  ${'start'.padStart(8)} ${'end'.padStart(8)}  ${'type'.padEnd(10)}${'scene'.padEnd(10)}what`);
  for (const c of tl.cues) {
    const what = c.type === 'direction' ? `${c.action}${c.path ? ` ${c.path}` : ''}`
      : c.type === 'command' ? `$ ${c.text ?? ''}  (Enter at ${c.typedAt?.toFixed(3)})`
      : c.type === 'scene' ? `— ${c.text ?? ''} —` : (c.text ?? c.ref);
    lines.push(`  ${sec(c.start)} ${sec(c.end)}  ${c.type.padEnd(10)}${c.sceneId.padEnd(10)}${clip(what, Math.max(20, width - 50))}`);
  }
  return lines.join('\n') + '\n';
}

/** Prints the timeline of one lesson (narrates it first if its speech is not cached). */
export async function run(slug: string, opts: CourseOptions & { json?: boolean }): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, writes: true });
  selectSlugs(course, [slug]);
  const lesson = await readLesson(course, slug);
  const { timeline } = await timelineFor(course, lesson, { progress: !opts.json && !opts.quiet && !!process.stderr.isTTY });
  process.stdout.write(opts.json ? JSON.stringify(timeline, null, 2) + '\n' : formatTimeline(timeline, process.stdout.columns ?? 100));
  return 0;
}
