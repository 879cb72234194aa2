/**
 * `lessoncast build`: deck, video and site for the chosen lessons (all three unless flags narrow it).
 * Exit 1 when a part failed or when a script or the config has an error-severity finding (the
 * lesson is still built as a draft, unless --strict skips it); an empty lesson is never rendered.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import pc from 'picocolors';
import type { BrowserSession } from '../adapters/browser.ts';
import { aborted, type BuildOptions, type CommandContext } from './command-options.ts';
import type { SiteProblem } from '../render/site/build-site.ts';
import { openCourse, selectSlugs, type Course } from '../course.ts';
import { isExpectedError } from '../errors.ts';
import { lintLesson } from '../lint/lint-lesson.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { storeNoteLines, type StoreNote } from '../store/store.ts';
import { storeFor } from '../store/store-for.ts';
import type { Timeline } from '../schedule/types.ts';
import type { Diagnostic, Lesson } from '../types.ts';

type Stage = 'deck' | 'video' | 'site';

/** Which outputs to build: the flags given, or all three. */
export function chooseStages(opts: Pick<BuildOptions, 'deck' | 'video' | 'site'>): Stage[] {
  const chosen = (['deck', 'video', 'site'] as const).filter((s) => opts[s]);
  return chosen.length ? chosen : ['deck', 'video', 'site'];
}

/** One finding as a line: `error file:line:col code message (hint)`. */
export function findingLine(d: Diagnostic): string {
  const sev = d.severity === 'error' ? pc.red('error') : d.severity === 'warning' ? pc.yellow('warning') : pc.blue('info');
  return `${sev} ${d.file}:${d.line}:${d.column} ${pc.dim(d.code)} ${d.message}${d.hint ? pc.dim(` (${d.hint})`) : ''}`;
}

/** Findings that leave a lesson with nothing to render (it is skipped, and left off the site). */
const NOTHING_TO_RENDER = new Set(['empty-lesson', 'binary-file', 'internal-error']);

/** What each lesson's findings allow: which lessons are drafts (errors), which are skipped and why. */
export function planLessons(findings: Map<string, Diagnostic[]>, strict: boolean): { errors: Map<string, Diagnostic[]>; skip: Map<string, string> } {
  const errors = new Map<string, Diagnostic[]>();
  const skip = new Map<string, string>();
  for (const [slug, diags] of findings) {
    const errs = diags.filter((d) => d.severity === 'error');
    if (errs.length) errors.set(slug, errs);
    if (diags.some((d) => NOTHING_TO_RENDER.has(d.code))) skip.set(slug, 'nothing to render');
    else if (strict && errs.length) skip.set(slug, `${errs.length} error(s), --strict`);
  }
  return { errors, skip };
}

/** Builds what was asked (again on every edit with --watch); exit 1 when anything failed or a script has errors. */
export async function run(slugs: string[], opts: BuildOptions, ctx: CommandContext): Promise<number> {
  if (!opts.watch) return buildOnce(slugs, opts, ctx);
  return watchAndBuild(slugs, opts, ctx);
}

/** One build. */
export async function buildOnce(slugs: string[], opts: BuildOptions, ctx: CommandContext): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, cache: opts.cache, writes: true });
  const wanted = selectSlugs(course, slugs);
  if (wanted.length === 0) {
    ctx.stderr.write(`Nothing to build: ${relative(process.cwd(), course.transcriptsDir) || course.transcriptsDir} has no lesson scripts (*.md).\n`);
    return 1;
  }
  const quiet = !!opts.quiet;
  const say = (line: string) => { if (!quiet) ctx.stderr.write(line); };
  const stages = chooseStages(opts);
  // The config's `pdf: true` prints the deck on every build, as --pdf does.
  const pdf = !!opts.pdf || course.config.pdf === true;
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const failures: string[] = [];
  const started = Date.now();

  const configErrors = (course.configDiagnostics ?? []).filter((d) => d.severity === 'error');
  for (const d of course.configDiagnostics ?? []) ctx.stderr.write(findingLine(d) + '\n');

  const lessons = new Map<string, Lesson>();
  for (const slug of course.slugs) lessons.set(slug, await readLesson(course, slug));
  const findings = new Map<string, Diagnostic[]>();
  for (const slug of wanted) findings.set(slug, await lintLesson(course, lessons.get(slug)!));
  const { errors, skip } = planLessons(findings, !!opts.strict);
  for (const slug of wanted) {
    for (const d of errors.get(slug) ?? []) ctx.stderr.write(findingLine(d) + '\n');
    const warnings = findings.get(slug)!.filter((d) => d.severity === 'warning').length;
    if (warnings) say(pc.dim(`  ${slug}: ${warnings} warning(s) in the script — run \`lessoncast lint ${slug}\`\n`));
    // A clip that says other words than its paragraph is used all the same: say so even with --quiet.
    for (const d of findings.get(slug)!.filter((x) => x.code === 'voice-over-stale')) ctx.stderr.write(findingLine(d) + '\n');
    if (skip.has(slug)) ctx.stderr.write(`${pc.yellow('skipped')} ${slug}: ${skip.get(slug)}\n`);
  }
  if (opts.strict && configErrors.length) {
    ctx.stderr.write(pc.red(`\nNothing built: the config has ${configErrors.length} error(s) (--strict).\n`));
    return 1;
  }
  const building = wanted.filter((s) => !skip.has(s));
  // Entries the store found damaged and set aside (each made again): said once the parts are done, not under the progress bars.
  const storeNotes: StoreNote[] = [];
  const unlisten = storeFor(course).onNote((n) => storeNotes.push(n));
  // The site lists every lesson that has something to show.
  const siteLessons = [...lessons.values()].filter((l) => !skip.has(l.slug) && !l.diagnostics.some((d) => NOTHING_TO_RENDER.has(d.code)));

  /** Runs one part; environment errors are reported and the build goes on with the next. */
  const attempt = async (label: string, fn: () => Promise<string>): Promise<void> => {
    const t0 = Date.now();
    try {
      const file = await fn();
      say(`${pc.green('✓')} ${label} ${pc.dim(`→ ${file}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`)}\n`);
    } catch (err) {
      failures.push(label);
      if (!isExpectedError(err)) {
        // A bug met while building one lesson's part: said with its trace, and the other lessons go on.
        ctx.stderr.write(`${pc.red('✗')} ${label}: internal error (a bug in lessoncast, please report it):\n${pc.dim(String((err as Error)?.stack ?? err))}\n`);
        return;
      }
      ctx.stderr.write(`${pc.red('✗')} ${label}: ${err.message}\n`);
      if (err.fix) ctx.stderr.write(`  ${pc.dim('fix:')} ${err.fix}\n`);
    }
  };

  const timelines = new Map<string, Timeline>();
  if (stages.includes('deck') && building.length) {
    const [{ buildDeck }, { launchBrowser }] = await Promise.all([import('../render/deck/build-deck.ts'), import('../adapters/browser.ts')]);
    // With --pdf, one browser prints every lesson's deck; it is closed before any video starts its own.
    let pdfBrowser: BrowserSession | undefined;
    try {
      for (const slug of building) {
        await attempt(`${slug}: deck${errors.has(slug) ? ' (draft)' : ''}`, async () => {
          if (pdf) pdfBrowser ??= await launchBrowser({ configured: course.config.browser });
          const r = await buildDeck(course, lessons.get(slug)!, { pdf, browser: pdfBrowser });
          return rel(r.file) + (r.pdf ? `, ${rel(r.pdf)}${r.pdfKept ? ' (kept from an earlier --pdf build)' : ''}` : '');
        });
      }
    } finally {
      await pdfBrowser?.close();
    }
  }
  if (stages.includes('video') && building.length) {
    const label = (slug: string) => `${slug}: video${errors.has(slug) ? ' (draft)' : ''}`;
    const { courseVideos } = await import('./course-videos.ts');
    const outcomes = await courseVideos(course, building.map((slug) => lessons.get(slug)!), {
      jobs: opts.jobs, queue: opts.queue, fps: opts.fps, capture: opts.capture, clips: opts.clips, progress: !quiet && opts.progress !== false ? ctx.stderr : undefined, signal: ctx.signal, say,
    });
    for (const o of outcomes) {
      if (o.ok) {
        timelines.set(o.slug, o.timeline);
        say(`${pc.green('✓')} ${label(o.slug)} ${pc.dim(`→ ${rel(o.file)} (${formatDuration(o.duration)})  (${o.stats.upToDate ? 'up to date' : `${o.stats.rendered}/${o.stats.shots} shots rendered, ${(o.ms / 1000).toFixed(1)} s`})`)}\n`);
        if (o.clips?.length) say(pc.dim(`  ${o.slug}: ${o.clips.length} clip(s), one per scene → ${rel(dirname(o.clips[0]))}/\n`));
      } else {
        failures.push(label(o.slug));
        ctx.stderr.write(`${pc.red('✗')} ${label(o.slug)}: ${o.error.message}\n`);
        if (o.error.fix) ctx.stderr.write(`  ${pc.dim('fix:')} ${o.error.fix}\n`);
      }
    }
  }
  /** The site's per-lesson failures, each a failed part of its own (the other pages are written). */
  const siteProblems = (problems: SiteProblem[]): void => {
    for (const p of problems) {
      const label = `${p.slug}: ${p.page ? 'site page' : 'site page times'}`;
      failures.push(label);
      const err = p.error;
      if (isExpectedError(err)) {
        ctx.stderr.write(`${pc.red('✗')} ${label}: ${err.message}${p.page ? '' : ' (the page is written without times)'}\n`);
        if (err.fix) ctx.stderr.write(`  ${pc.dim('fix:')} ${err.fix}\n`);
      } else ctx.stderr.write(`${pc.red('✗')} ${label}: internal error (a bug in lessoncast, please report it):\n${pc.dim(String((err as Error)?.stack ?? err))}\n`);
    }
  };
  if (stages.includes('site')) {
    const { buildSite } = await import('../render/site/build-site.ts');
    await attempt('site', async () => {
      const r = await buildSite(course, siteLessons, { timelines });
      siteProblems(r.problems);
      return rel(r.file);
    });
  } else if (timelines.size && existsSync(join(course.outDir, 'index.html'))) {
    // Outputs never disagree: a video built alone may have a new timeline (a longer voice-over),
    // so the pages that show its times (its lesson page, the index) are written again.
    const { buildSite } = await import('../render/site/build-site.ts');
    await attempt('site (times refreshed)', async () => {
      const r = await buildSite(course, siteLessons, { timelines, pages: [...timelines.keys()] });
      siteProblems(r.problems);
      return rel(r.file);
    });
  }

  unlisten();
  for (const line of storeNoteLines(storeNotes)) ctx.stderr.write(`${pc.yellow('repaired')} ${line}\n`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const errorCount = [...errors.values()].reduce((n, e) => n + e.length, 0) + configErrors.length;
  if (failures.length)
    ctx.stderr.write(pc.red(`\n${failures.length} part(s) failed: ${failures.join(', ')} (${secs} s). Outputs that were built are complete; re-run to resume from the cache.\n`));
  if (errorCount) {
    const drafts = building.filter((s) => errors.has(s));
    ctx.stderr.write(pc.red(`\n${errorCount} error(s) in ${[...(configErrors.length ? ['the config'] : []), ...errors.keys()].join(', ')}`) +
      (drafts.length ? ` — built as drafts: ${drafts.join(', ')}` : '') + `. Fix them (lessoncast lint shows every finding)${opts.strict ? '' : ', or pass --strict to skip such lessons'}.\n`);
  }
  if (failures.length || errorCount) return 1;
  say(pc.green(`\nBuilt ${stages.join(', ')} for ${building.length} lesson(s) in ${secs} s → ${rel(course.outDir)}/\n`));
  return 0;
}

/** `build --watch`: builds, then rebuilds on every change of the course's sources until Ctrl-C; exit code of the last build. */
async function watchAndBuild(slugs: string[], opts: BuildOptions, ctx: CommandContext): Promise<number> {
  const course: Course = await openCourse({ root: opts.root, out: opts.out, cache: opts.cache, writes: true });
  const { watchCourse } = await import('../dev/watch-course.ts');
  const once = async () => {
    try {
      return await buildOnce(slugs, opts, ctx);
    } catch (err) {
      // An environment error (a config that no longer loads) waits for the next edit.
      if (!isExpectedError(err)) throw err;
      ctx.stderr.write(`${pc.red('error')} ${err.message}\n${err.fix ? `${pc.dim('fix:')} ${err.fix}\n` : ''}`);
      return 1;
    }
  };
  let last = await once();
  let queue: Promise<void> = Promise.resolve();
  let dirty = false;
  const watcher = watchCourse({
    root: course.root, outDir: course.outDir, extraFiles: [course.config.lexicon ?? 'lexicon.yml', 'course-words.txt'],
    onChange: (files) => {
      if (dirty) return;
      dirty = true;
      queue = queue.then(async () => {
        dirty = false;
        ctx.stderr.write(pc.dim(`\nchanged: ${files.map((f) => relative(course.root, f)).join(', ')} — building\n`));
        last = await once();
      });
    },
  });
  await watcher.ready;
  ctx.stderr.write(pc.dim(`watching ${relative(process.cwd(), course.root) || '.'} for changes (Ctrl-C to stop)\n`));
  await aborted(ctx.signal);
  await watcher.close();
  await queue;
  return last;
}

/** 83.4 → "1:23". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
