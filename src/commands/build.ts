/** `lessoncast build`: deck, video and site for the chosen lessons (all three unless flags narrow it). */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import type { BuildOptions } from '../cli.ts';
import { launchBrowser, type BrowserSession } from '../adapters/browser.ts';
import { openCourse, selectSlugs, type Course } from '../course.ts';
import { isExpectedError } from '../errors.ts';
import { readLesson } from '../parse/read-lesson.ts';
import type { Timeline } from '../schedule/types.ts';
import type { Lesson } from '../types.ts';

type Stage = 'deck' | 'video' | 'site';

/** Which outputs to build: the flags given, or all three. */
export function chooseStages(opts: Pick<BuildOptions, 'deck' | 'video' | 'site'>): Stage[] {
  const chosen = (['deck', 'video', 'site'] as const).filter((s) => opts[s]);
  return chosen.length ? chosen : ['deck', 'video', 'site'];
}

/** Runs one stage; environment errors are reported and the build goes on with the next lesson. */
async function attempt(label: string, fn: () => Promise<string>, failures: string[]): Promise<void> {
  const started = Date.now();
  try {
    const file = await fn();
    process.stderr.write(`${pc.green('✓')} ${label} ${pc.dim(`→ ${file}  (${((Date.now() - started) / 1000).toFixed(1)} s)`)}\n`);
  } catch (err) {
    if (!isExpectedError(err)) throw err;
    failures.push(label);
    process.stderr.write(`${pc.red('✗')} ${label}: ${err.message}\n`);
    if (err.fix) process.stderr.write(`  ${pc.dim('fix:')} ${err.fix}\n`);
  }
}

function reportDiagnostics(course: Course, lesson: Lesson): void {
  const errors = lesson.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) process.stderr.write(`${pc.red('error')} ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}\n`);
  const warnings = lesson.diagnostics.filter((d) => d.severity === 'warning').length;
  if (warnings) process.stderr.write(pc.dim(`  ${lesson.slug}: ${warnings} warning(s) in the script — run \`lessoncast lint ${lesson.slug}\`\n`));
  void course;
}

/** Builds what was asked; exit 1 when anything failed. */
export async function run(slugs: string[], opts: BuildOptions): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out });
  const wanted = selectSlugs(course, slugs);
  if (wanted.length === 0) {
    process.stderr.write(`Nothing to build: ${relative(process.cwd(), course.transcriptsDir) || course.transcriptsDir} has no lesson scripts (*.md).\n`);
    return 1;
  }
  const stages = chooseStages(opts);
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const failures: string[] = [];
  const started = Date.now();

  const lessons = new Map<string, Lesson>();
  // The video's timelines serve the site too: no second pass over narration and casts.
  const timelines = new Map<string, Timeline>();
  for (const slug of course.slugs) lessons.set(slug, await readLesson(course, slug));

  for (const slug of wanted) reportDiagnostics(course, lessons.get(slug)!);

  if (stages.includes('deck')) {
    const { buildDeck } = await import('../render/deck/build-deck.ts');
    // With --pdf, one browser prints every lesson's deck; it is closed before any video starts its own.
    let pdfBrowser: BrowserSession | undefined;
    try {
      for (const slug of wanted) {
        await attempt(`${slug}: deck`, async () => {
          if (opts.pdf) pdfBrowser ??= await launchBrowser({ configured: course.config.browser });
          const r = await buildDeck(course, lessons.get(slug)!, { pdf: opts.pdf, browser: pdfBrowser });
          return rel(r.file) + (r.pdf ? `, ${rel(r.pdf)}` : '');
        }, failures);
      }
    } finally {
      await pdfBrowser?.close();
    }
  }
  if (stages.includes('video')) {
    const { buildVideo } = await import('../render/video/build-video.ts');
    for (const slug of wanted) {
      await attempt(`${slug}: video`, async () => {
        const r = await buildVideo(course, lessons.get(slug)!, { fps: opts.fps, capture: opts.capture, progress: opts.progress !== false });
        timelines.set(slug, r.timeline);
        return `${rel(r.file)} (${formatDuration(r.duration)})`;
      }, failures);
    }
  }
  if (stages.includes('site')) {
    const { buildSite } = await import('../render/site/build-site.ts');
    await attempt('site', async () => rel((await buildSite(course, [...lessons.values()], { timelines })).file), failures);
  } else if (timelines.size && existsSync(join(course.outDir, 'index.html'))) {
    // Outputs never disagree: a video built alone may have a new timeline (a longer voice-over),
    // so the pages that show its times (its lesson page, the index) are written again.
    const { buildSite } = await import('../render/site/build-site.ts');
    await attempt('site (times refreshed)', async () => rel((await buildSite(course, [...lessons.values()], { timelines, pages: [...timelines.keys()] })).file), failures);
  }

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    process.stderr.write(pc.red(`\n${failures.length} part(s) failed: ${failures.join(', ')} (${secs} s). Outputs that were built are complete; re-run to resume from the cache.\n`));
    return 1;
  }
  process.stderr.write(pc.green(`\nBuilt ${stages.join(', ')} for ${wanted.length} lesson(s) in ${secs} s → ${rel(course.outDir)}/\n`));
  return 0;
}

/** 83.4 → "1:23". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
