/** `lessoncast timeline <slug> [--json]`: every cue with its start and end in seconds (docs/timeline.md). */
import type { CourseOptions, CommandContext } from './command-options.ts';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { timelineFor } from '../schedule/timeline-for.ts';
import { cameraTimeline } from '../stage/lesson-camera.ts';
import type { Timeline } from '../schedule/types.ts';
import { measurePacing, type Pacing } from '../schedule/pacing.ts';

/** The pacing lines of the table: idle, the longest gap, and every gap over the limit with what the author wrote of it. */
export function formatPacing(p: Pacing): string[] {
  const gap = (g: NonNullable<Pacing['longestGap']>) => `${g.duration.toFixed(3)} s (${g.start.toFixed(3)}–${g.end.toFixed(3)})${g.written > 0 ? `, ${g.written.toFixed(3)} s of it written` : ''}`;
  const lines = [`Pacing: idle ${(p.idle * 100).toFixed(1)}% (${p.idleSeconds.toFixed(3)} s without narration, typing or output); ` +
    `longest gap ${p.longestGap ? gap(p.longestGap) : 'none'}; longest not written ${p.longestUnwritten.toFixed(3)} s`];
  if (!p.gaps.length) lines.push(`  no gap over ${p.gapLimit} s`);
  for (const g of p.gaps) lines.push(`  gap over ${p.gapLimit} s: ${gap(g)}${g.written >= g.duration - p.gapLimit ? ' — written by the author' : ''}`);
  return lines;
}

/** The readable form: a header, the pacing, the scenes (chapters), then one line per cue. */
export function formatTimeline(tl: Timeline, width = 100, pacing?: Pacing): string {
  const sec = (t: number) => t.toFixed(3).padStart(8);
  const clip = (s: string, n: number) => { const one = s.replace(/\s+/g, ' ').trim(); return one.length > n ? one.slice(0, n - 1) + '…' : one; };
  const lines = [`${tl.slug} — ${tl.title} — ${tl.duration.toFixed(3)} s, ${tl.scenes.length} scene(s), ${tl.cues.length} cues`, ...(pacing ? formatPacing(pacing) : []), '', 'Scenes (chapters):'];
  for (const s of tl.scenes) lines.push(`  ${sec(s.start)} ${sec(s.end)}  ${s.id.padEnd(9)} ${s.kind.padEnd(8)} ${s.title}`);
  lines.push('', `  ${'start'.padStart(8)} ${'end'.padStart(8)}  ${'type'.padEnd(10)}${'scene'.padEnd(10)}what`);
  for (const c of tl.cues) {
    const what = c.type === 'direction' ? `${c.action}${c.path ? ` ${c.path}` : ''}${c.lines ? `:${c.lines[0] === c.lines[1] ? c.lines[0] : c.lines.join('-')}` : ''}`
      : c.type === 'command' ? `$ ${c.text ?? ''}  (Enter at ${c.typedAt?.toFixed(3)})`
      : c.type === 'scene' ? `— ${c.text ?? ''} —`
      : c.type === 'camera' && c.rect ? `${c.text ?? ''} (${c.rect.map((v) => Math.round(v)).join(', ')})`
      : c.type === 'highlight' ? `${c.text ?? ''}${c.auto ? ' (named in the narration)' : ''}` : (c.text ?? c.ref);
    lines.push(`  ${sec(c.start)} ${sec(c.end)}  ${c.type.padEnd(10)}${c.sceneId.padEnd(10)}${clip(what, Math.max(20, width - 50))}`);
  }
  return lines.join('\n') + '\n';
}

/** Prints the timeline of one lesson and its pacing (narrates it first if its speech is not cached). */
export async function run(slug: string, opts: CourseOptions & { json?: boolean }, ctx: CommandContext): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, writes: true });
  selectSlugs(course, [slug]);
  const lesson = await readLesson(course, slug);
  const scheduled = await timelineFor(course, lesson, { progress: !opts.json && !opts.quiet ? ctx.stderr : undefined });
  const { casts } = scheduled;
  // The video's camera and highlights (in the config's video shape) are cues too.
  const { timeline } = await cameraTimeline({ course, lesson, casts }, scheduled.timeline);
  const pacing = measurePacing(timeline, casts, lesson.meta.terminal.prompt);
  ctx.stdout.write(opts.json ? JSON.stringify({ ...timeline, pacing }, null, 2) + '\n' : formatTimeline(timeline, ctx.stdout.columns ?? 100, pacing));
  return 0;
}
