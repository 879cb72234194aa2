/**
 * Slide content for a lesson's slide scenes: `slides/<slug>.md`, slides split by lines of `---`,
 * the n-th slide scene taking the n-th slide, compiled with marked at build time. Local images
 * are copied next to the page so the deck needs nothing outside its folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Marked } from 'marked';
import type { Course } from '../course.ts';

/** A compiled slide and the local files it references (absolute source → page-relative target). */
export interface CompiledSlide {
  html: string;
  /** First heading's text, when the slide has one. */
  title: string | null;
  assets: { from: string; to: string }[];
}

/** Splits slide markdown on lines that are exactly `---` (outside code fences). */
export function splitSlides(markdown: string): string[] {
  const slides: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1][0] : (line.trim().startsWith(fence) ? null : fence);
    if (fence === null && /^---\s*$/.test(line)) { slides.push(cur.join('\n')); cur = []; continue; }
    cur.push(line);
  }
  slides.push(cur.join('\n'));
  return slides.map((s) => s.trim()).filter((s, i, all) => s !== '' || i < all.length - 1);
}

/** Compiles one slide; relative image paths are resolved against `baseDir` and rewritten into assets/slides/. */
export function compileSlide(markdown: string, baseDir: string): CompiledSlide {
  const assets: CompiledSlide['assets'] = [];
  let title: string | null = null;
  const marked = new Marked({ gfm: true });
  marked.use({
    walkTokens(token) {
      if (token.type === 'heading' && title === null) title = token.text.replace(/[*_`]/g, '');
      if (token.type === 'image' && !/^([a-z]+:|\/\/|#|data:)/i.test(token.href)) {
        const from = resolve(baseDir, decodeURI(token.href));
        if (!existsSync(from)) return;
        const to = `assets/slides/${createHash('sha256').update(from).digest('hex').slice(0, 12)}${extname(from)}`;
        assets.push({ from, to });
        token.href = to;
      }
    },
  });
  return { html: marked.parse(markdown, { async: false }) as string, title, assets };
}

/** The lesson's slides, compiled, or null when it has no slides file. */
export function lessonSlides(course: Course, slug: string): CompiledSlide[] | null {
  const file = join(course.slidesDir, `${slug}.md`);
  if (!existsSync(file)) return null;
  return splitSlides(readFileSync(file, 'utf8')).map((md) => compileSlide(md, course.slidesDir));
}
