/**
 * Slide content for a lesson's slide scenes: `slides/<slug>.md`, slides split by lines of `---`,
 * the n-th slide scene taking the n-th slide, rendered by the one markdown renderer (HTML allowed,
 * sanitized). Local images inside the course are copied next to the page so the deck needs nothing
 * outside its folder; an image outside the course is dropped and reported (docs/security.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import type { Course } from '../course.ts';
import { insideCourse } from '../adapters/inside-course.ts';
import { LIMITS } from '../limits.ts';
import { renderSlideMarkdown } from '../markdown/render-markdown.ts';

/** An image a slide names that resolves outside the course: not copied, not shown. */
export interface RefusedImage {
  /** The src as written. */
  src: string;
  /** 1-based place in the slides file (the slide's first line when the src is not found in it). */
  line: number;
  column: number;
}

/** A compiled slide and the local files it references (absolute source → page-relative target). */
export interface CompiledSlide {
  html: string;
  /** First heading's text, when the slide has one. */
  title: string | null;
  assets: { from: string; to: string }[];
  /** Images outside the course, dropped from the slide. */
  refused: RefusedImage[];
}

/** The slides of a lesson and what was refused; `slides` null when there is no slides file. */
export interface LessonSlides {
  /** The slides file relative to the course root. */
  file: string;
  slides: CompiledSlide[] | null;
  /** The slides file itself cannot be used: it resolves outside the course, or is over the size limit. */
  refusedFile: 'outside' | 'too-large' | null;
}

/** Splits slide markdown on lines that are exactly `---` (outside code fences). */
export function splitSlides(markdown: string): string[] {
  return splitSlidesAt(markdown).map((s) => s.text);
}

/** `splitSlides`, with the 1-based line where each slide's text starts in the file. */
export function splitSlidesAt(markdown: string): { text: string; line: number }[] {
  const slides: { text: string; line: number }[] = [];
  let cur: string[] = [];
  let start = 1;
  let fence: string | null = null;
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const flush = () => {
    const raw = cur.join('\n');
    const lead = /^\s*/.exec(raw)![0];
    slides.push({ text: raw.trim(), line: start + (lead.match(/\n/g)?.length ?? 0) });
  };
  lines.forEach((line, i) => {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1][0] : (line.trim().startsWith(fence) ? null : fence);
    if (fence === null && /^---\s*$/.test(line)) { flush(); cur = []; start = i + 2; return; }
    cur.push(line);
  });
  flush();
  return slides.filter((s, i, all) => s.text !== '' || i < all.length - 1);
}

/** Where `needle` first appears in `text` at an offset not yet `claimed`, as a line offset and 1-based column (null when absent). */
function placeOf(text: string, needle: string, claimed: Set<number>): { line: number; column: number } | null {
  let at = text.indexOf(needle);
  while (at >= 0 && claimed.has(at)) at = text.indexOf(needle, at + 1);
  if (at < 0 || needle === '') return null;
  claimed.add(at);
  const before = text.slice(0, at);
  const nl = before.lastIndexOf('\n');
  return { line: (before.match(/\n/g)?.length ?? 0), column: at - nl };
}

/**
 * Compiles one slide. Relative image paths resolve against `baseDir`; those inside the course
 * (`opts.root`, default the parent of `baseDir`) are rewritten into assets/slides/, those outside are
 * dropped and listed in `refused` with their place (`opts.line`: the slide's first line in its file).
 */
export function compileSlide(markdown: string, baseDir: string, opts: { root?: string; line?: number } = {}): CompiledSlide {
  const root = opts.root ?? dirname(resolve(baseDir));
  const assets: CompiledSlide['assets'] = [];
  const refused: RefusedImage[] = [];
  const claimed = new Set<number>();
  const rendered = renderSlideMarkdown(markdown, (src) => {
    let rel = src.split(/[?#]/, 1)[0];
    try { rel = decodeURI(rel); } catch { /* a bad %-escape: use the path as written */ }
    const where = insideCourse(root, resolve(baseDir, rel));
    if (where.status === 'outside') {
      const place = placeOf(markdown, src, claimed);
      refused.push({ src, line: (opts.line ?? 1) + (place?.line ?? 0), column: place?.column ?? 1 });
      return null;
    }
    if (where.status === 'missing' || !statSync(where.real).isFile()) return src;
    const to = `assets/slides/${createHash('sha256').update(where.real).digest('hex').slice(0, 12)}${extname(where.real)}`;
    if (!assets.some((a) => a.to === to)) assets.push({ from: where.real, to });
    return to;
  });
  return { html: rendered.html, title: rendered.title, assets, refused };
}

/** Reads and compiles `slides/<slug>.md`, applying the outside-the-course rule to the file and its images. */
export function readLessonSlides(course: Course, slug: string): LessonSlides {
  const path = join(course.slidesDir, `${slug}.md`);
  const file = relative(course.root, path);
  if (!existsSync(path)) return { file, slides: null, refusedFile: null };
  const where = insideCourse(course.root, path);
  if (where.status === 'outside') return { file, slides: null, refusedFile: 'outside' };
  if (where.status === 'missing') return { file, slides: null, refusedFile: null };
  if (statSync(where.real).size > LIMITS.slidesBytes) return { file, slides: null, refusedFile: 'too-large' };
  const slides = splitSlidesAt(readFileSync(where.real, 'utf8')).map((s) => compileSlide(s.text, course.slidesDir, { root: course.root, line: s.line }));
  return { file, slides, refusedFile: null };
}

/** The lesson's slides, compiled, or null when it has no (usable) slides file. */
export function lessonSlides(course: Course, slug: string): CompiledSlide[] | null {
  return readLessonSlides(course, slug).slides;
}
