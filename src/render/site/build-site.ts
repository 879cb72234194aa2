/**
 * The static lesson site: `<outDir>/index.html`, `<outDir>/<slug>/index.html` and `<outDir>/assets/`.
 * I/O edge: reads the timeline, casts, opened files and built media, then renders pure pages.
 * Every link is relative, every asset is in the output folder: the site works from file:// and any sub-path.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { insideCourse } from '../../adapters/inside-course.ts';
import { LIMITS } from '../../limits.ts';
import type { Course } from '../../course.ts';
import type { Lesson } from '../../types.ts';
import type { Timeline } from '../../schedule/types.ts';
import type { LessonCast } from '../../casts/types.ts';
import { lessonSummary, lessonView, openedFiles, type LessonMedia } from './lesson-view.ts';
import { renderLessonPage } from './render-lesson-page.ts';
import { renderIndexPage, type IndexLesson } from './render-index-page.ts';
import { writeSiteAssets } from './site-assets.ts';
import { writeFileAtomic } from '../../adapters/atomic-write.ts';
import { redactSecrets } from '../../secrets/redact-secrets.ts';
import { redactPatterns } from '../../secrets/course-patterns.ts';
import { coalesceCast } from '../../casts/coalesce-drawn.ts';

/** Options for `buildSite`; every field is optional and defaults to "compute it". */
export interface BuildSiteOptions {
  /** Timelines already computed (the dev server passes cached or estimated ones). */
  timelines?: Map<string, Timeline>;
  /** Casts already computed, per slug. */
  casts?: Map<string, LessonCast[]>;
  /** Slugs whose timelines are estimates (speech not synthesized yet): times are shown with `~`. */
  estimated?: Set<string>;
  /** Lesson pages to write (default: every lesson). */
  pages?: string[];
  /** Whether to write `index.html` (default: true). */
  index?: boolean;
}

/** The course title for headers: the config's, else a neutral one. */
export function courseTitle(course: Course): string {
  return course.config.title?.trim() || 'Lessons';
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    // Not built (yet): the page links nothing.
    return null;
  }
}

/** What has been built next to a lesson page: video, captions, poster, deck. */
export async function lessonMedia(outDir: string, slug: string, opts: { captions?: boolean } = {}): Promise<LessonMedia> {
  const dir = join(outDir, slug);
  const [mp4, vtt, srt, poster, deck, pdf] = await Promise.all([
    sizeOf(join(dir, `${slug}.mp4`)), sizeOf(join(dir, `${slug}.vtt`)), sizeOf(join(dir, `${slug}.srt`)),
    sizeOf(join(dir, 'poster.jpg')), sizeOf(join(dir, 'deck', 'index.html')), sizeOf(join(dir, 'deck', `${slug}.pdf`)),
  ]);
  const captionsText = vtt !== null && opts.captions !== false ? await readFile(join(dir, `${slug}.vtt`), 'utf8') : null;
  return {
    video: mp4 !== null ? { file: `${slug}.mp4`, size: mp4 } : null,
    vtt: vtt !== null ? { file: `${slug}.vtt`, size: vtt } : null,
    srt: srt !== null ? { file: `${slug}.srt`, size: srt } : null,
    poster: poster !== null ? 'poster.jpg' : null,
    deck: deck !== null ? 'deck/index.html' : null,
    pdf: pdf !== null ? { file: `deck/${slug}.pdf`, size: pdf } : null,
    captionsText,
  };
}

/** Reads the files a lesson opens with `code <path>` (relative to its workdir); null for a missing one. */
async function readOpenedFiles(course: Course, lesson: Lesson): Promise<Map<string, string | null>> {
  const workdir = resolve(course.root, lesson.meta.workdir || '.');
  const files = new Map<string, string | null>();
  await Promise.all(openedFiles(lesson).map(async (p) => {
    // A script must not pull files from outside the course (also through a symlink) into a published page.
    const where = insideCourse(course.root, resolve(workdir, p));
    if (where.status !== 'inside') return void files.set(p, null);
    const size = await sizeOf(where.real);
    // Secrets in an opened file are masked, as in the editor of the deck and the video (docs/security.md).
    files.set(p, size !== null && size <= LIMITS.siteFileBytes ? redactSecrets(await readFile(where.real, 'utf8'), redactPatterns(course.config)) : null);
  }));
  return files;
}

/** Number of terminal lines a cast writes, to size its inline player. */
function castLines(cast: LessonCast['cast']): number {
  let lines = 1;
  for (const e of cast.events) if (e.code === 'o') lines += (e.data.match(/\n/g) ?? []).length;
  return lines;
}

/** True when a cast prints nothing after its Enter but the next prompt (`cd`, `export`): the page lists it without a player. */
export function castIsSilent(c: LessonCast, prompt: string): boolean {
  if (c.typedAt === undefined) return false;
  let after = '';
  for (const e of c.cast.events) if (e.code === 'o' && e.time >= c.typedAt) { after += e.data; if (after.length > 4096) return false; }
  // Escape sequences and line breaks draw no text; the next prompt ends every cast.
  const text = after.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g, '').replace(/[\r\n]/g, '').trimEnd();
  const end = prompt.trimEnd();
  return (end && text.endsWith(end) ? text.slice(0, -end.length) : text).trim() === '';
}

async function castTexts(casts: LessonCast[], prompt: string): Promise<Map<string, { text: string; cols: number; rows: number; lines: number; recorded: boolean; silent: boolean }>> {
  const { writeCast } = await import('../../casts/asciicast.ts');
  return new Map(casts.map((c) => [c.commandId, {
    // A tick's writes joined (coalesce-drawn.ts): the page carries ticks, not every write of a long recording.
    text: writeCast(coalesceCast(c.cast)), cols: c.cast.cols, rows: c.cast.rows, lines: castLines(c.cast), recorded: c.source === 'recorded', silent: castIsSilent(c, prompt),
  }]));
}

/** A lesson the site could not show whole: its page has no times (`page: true`: it has no page at all), and why. */
export interface SiteProblem { slug: string; page: boolean; error: unknown }

/**
 * Builds the site (or, with `pages`/`index`, part of it); returns the index file's path. One
 * lesson's failure (its speech, a bug) never stops the others' pages: it is in `problems`.
 */
export async function buildSite(course: Course, lessons: Lesson[], opts: BuildSiteOptions = {}): Promise<{ file: string; pages: string[]; problems: SiteProblem[] }> {
  const outDir = course.outDir;
  const writeIndex = opts.index !== false;
  const pageSlugs = opts.pages ?? lessons.map((l) => l.slug);
  const timelines = new Map(opts.timelines ?? []);
  const casts = new Map(opts.casts ?? []);
  const estimated = opts.estimated ?? new Set<string>();
  const problems: SiteProblem[] = [];

  await writeSiteAssets(outDir);

  // The index shows every lesson's duration; a page needs its own timeline.
  const needTimeline = lessons.filter((l) => (writeIndex || pageSlugs.includes(l.slug)) && !timelines.has(l.slug));
  if (needTimeline.length) {
    const { timelineFor } = await import('../../schedule/timeline-for.ts');
    for (const lesson of needTimeline) {
      try {
        const r = await timelineFor(course, lesson);
        timelines.set(lesson.slug, r.timeline);
        if (!casts.has(lesson.slug)) casts.set(lesson.slug, r.casts);
      } catch (err) {
        // The page is still written, without times (as before its speech exists).
        problems.push({ slug: lesson.slug, page: false, error: err });
      }
    }
  }

  const title = courseTitle(course);
  const written: string[] = [];
  for (const slug of pageSlugs) {
    const i = lessons.findIndex((l) => l.slug === slug);
    if (i < 0) continue;
    const lesson = lessons[i];
    try {
      written.push(await writeLessonPage(lesson, i));
    } catch (err) {
      problems.push({ slug, page: true, error: err });
    }
  }

  async function writeLessonPage(lesson: Lesson, i: number): Promise<string> {
    const slug = lesson.slug;
    let lessonCasts = casts.get(slug);
    if (!lessonCasts) {
      const mod = await import('../../casts/lesson-casts.ts');
      lessonCasts = await mod.lessonCasts(course, lesson);
    }
    const view = lessonView({
      lesson,
      courseTitle: title,
      timeline: timelines.get(slug) ?? null,
      estimated: estimated.has(slug),
      casts: await castTexts(lessonCasts, lesson.meta.terminal.prompt),
      files: await readOpenedFiles(course, lesson),
      media: await lessonMedia(outDir, slug),
      number: i + 1,
      count: lessons.length,
      prev: i > 0 ? { slug: lessons[i - 1].slug, title: lessons[i - 1].title } : null,
      next: i < lessons.length - 1 ? { slug: lessons[i + 1].slug, title: lessons[i + 1].title } : null,
    });
    const file = join(outDir, slug, 'index.html');
    await writeFileAtomic(file, renderLessonPage(view));
    return file;
  }

  const indexFile = join(outDir, 'index.html');
  if (writeIndex) {
    const cards: IndexLesson[] = await Promise.all(lessons.map(async (l) => {
      const media = await lessonMedia(outDir, l.slug, { captions: false });
      return {
        slug: l.slug,
        title: l.title,
        summary: lessonSummary(l),
        duration: timelines.get(l.slug)?.duration ?? null,
        estimated: estimated.has(l.slug),
        poster: media.poster ? `${l.slug}/${media.poster}` : null,
        hasVideo: media.video !== null,
      };
    }));
    await writeFileAtomic(indexFile, renderIndexPage(title, cards));
    written.push(indexFile);
  }
  return { file: indexFile, pages: written, problems };
}
