/** First heading of each slide in `slides/<slug>.md` (slides split by lines of `---`): chapter titles. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Course } from '../course.ts';

/** Titles from slide markdown text (pure): one entry per slide, null when a slide has no heading. */
export function parseSlideTitles(markdown: string): (string | null)[] {
  const slides = markdown.replace(/\r\n?/g, '\n').split(/^---[ \t]*$/m);
  return slides
    .map((s) => {
      let inFence = false;
      for (const line of s.split('\n')) {
        if (/^(```|~~~)/.test(line.trim())) inFence = !inFence;
        const m = !inFence && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
        if (m) return m[1].replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim() || null;
      }
      return s.trim() ? null : undefined;
    })
    .filter((t): t is string | null => t !== undefined);
}

/** Reads the lesson's slide titles; none when the course has no slides for it. */
export function readSlideTitles(course: Course, slug: string): (string | null)[] {
  const file = join(course.slidesDir, `${slug}.md`);
  return existsSync(file) ? parseSlideTitles(readFileSync(file, 'utf8')) : [];
}
