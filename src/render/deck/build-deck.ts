/**
 * The deck: `<out>/<slug>/deck/index.html`, a reveal.js presentation of the stage with every scene,
 * narration as speaker notes and each terminal step and popup as a fragment. Built in a temporary
 * folder beside the deck and swapped in whole, so a reader never sees half a deck.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import type { Lesson } from '../../types.ts';
import { writeStagePage } from '../../stage/write-stage.ts';
import { printDeckPdf } from './print-deck-pdf.ts';
import type { BrowserSession } from '../../adapters/browser.ts';

/** Where a lesson's deck lives. */
export function deckDir(course: Course, slug: string): string {
  return join(course.outDir, slug, 'deck');
}

/** The casts of a lesson's commands (one per command, recorded or synthesized). */
export async function castsFor(course: Course, lesson: Lesson): Promise<LessonCast[]> {
  const { lessonCasts } = await import('../../casts/lesson-casts.ts');
  return lessonCasts(course, lesson);
}

/** Replaces `dir` by `fresh` with two renames (the old one is removed after). */
export function swapDir(fresh: string, dir: string): void {
  const old = `${dir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(dir)) renameSync(dir, old);
  try {
    renameSync(fresh, dir);
  } catch (err) {
    if (existsSync(old)) renameSync(old, dir);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Builds the deck (and with `pdf`, `<deck>/<slug>.pdf`, printed in `browser` if given). Without
 * `pdf`, a PDF printed by an earlier build is kept (`pdfKept`): it is the author's until they
 * remove it or print it again. `casts` overrides the lesson's casts (tests).
 */
export async function buildDeck(
  course: Course,
  lesson: Lesson,
  opts: { pdf?: boolean; casts?: LessonCast[]; browser?: BrowserSession } = {},
): Promise<{ file: string; pdf?: string; pdfKept?: boolean }> {
  const dir = deckDir(course, lesson.slug);
  const casts = opts.casts ?? await castsFor(course, lesson);
  mkdirSync(join(course.outDir, lesson.slug), { recursive: true });
  const tmp = join(course.outDir, lesson.slug, `.deck-tmp-${process.pid}-${Date.now()}`);
  try {
    const { file } = await writeStagePage(tmp, { course, lesson, casts }, { mode: 'deck' });
    const pdfName = `${lesson.slug}.pdf`;
    let pdfKept = false;
    if (opts.pdf) await printDeckPdf(file, join(tmp, pdfName), { browser: course.config.browser, session: opts.browser });
    else if (existsSync(join(dir, pdfName))) {
      // A copy, not a move: if the swap fails, the old deck and its PDF stay as they were.
      copyFileSync(join(dir, pdfName), join(tmp, pdfName));
      pdfKept = true;
    }
    swapDir(tmp, dir);
    return { file: join(dir, 'index.html'), ...(opts.pdf || pdfKept ? { pdf: join(dir, pdfName) } : {}), ...(pdfKept ? { pdfKept } : {}) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
