/**
 * `lessoncast present <slug>`: builds the lesson's deck when it is missing or older than its inputs,
 * serves it on 127.0.0.1 (or `--host`) and prints the deck and speaker-view URLs; serves until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { exposureWarning } from '../adapters/host-check.ts';
import { serveDir } from '../adapters/static-server.ts';
import { which } from '../adapters/tools.ts';
import type { CourseOptions } from './command-options.ts';
import { openCourse, selectSlugs, transcriptPath, type Course } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { buildDeck, deckDir } from '../render/deck/build-deck.ts';
import { resolveLessonPath } from '../stage/editor-files.ts';
import type { Lesson } from '../types.ts';
import { ignoreError } from '../errors.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Every file and folder the deck is made from (the script, slides, recordings, opened files, config, the stage code). */
export function deckInputs(course: Course, lesson: Lesson): string[] {
  const opened = lesson.scenes.flatMap((s) => s.items.flatMap((i) => i.type === 'terminal'
    ? i.steps.flatMap((st) => (st.type === 'direction' && st.action === 'open-file' && st.path ? [resolveLessonPath(course, lesson, st.path)] : []))
    : []));
  return [
    transcriptPath(course, lesson.slug), join(course.slidesDir, `${lesson.slug}.md`), join(course.recordingsDir, lesson.slug),
    ...(course.configFile ? [course.configFile] : []), ...opened,
    join(SRC, 'stage'), join(SRC, 'render', 'deck'),
  ];
}

/** True when the deck is missing or any input changed after it was built. */
export function deckIsStale(course: Course, lesson: Lesson): boolean {
  const index = join(deckDir(course, lesson.slug), 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return deckInputs(course, lesson).some((p) => newestMtime(p) > built);
}

/** Opens a URL in the desktop browser when there is a desktop; never fails. */
function openBrowser(url: string): void {
  if (process.env.CI || process.env.LESSONCAST_NO_OPEN) return;
  const cmd = process.platform === 'darwin' ? 'open' : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null;
  if (!cmd || !which(cmd)) return;
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', ignoreError('no desktop opener: the URLs are printed above'));
    child.unref();
  } catch { /* no browser: the URLs are printed */ }
}

/** Serves the deck until SIGINT/SIGTERM; returns the exit code. */
export async function run(slug: string, opts: CourseOptions & { port?: number; host?: string }): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, writes: true });
  selectSlugs(course, [slug]);
  const lesson = await readLesson(course, slug);
  const dir = deckDir(course, slug);
  if (deckIsStale(course, lesson)) {
    const started = Date.now();
    await buildDeck(course, lesson, {});
    process.stderr.write(`${pc.green('✓')} built ${relative(process.cwd(), dir) || dir} ${pc.dim(`(${((Date.now() - started) / 1000).toFixed(1)} s)`)}\n`);
  }
  const host = opts.host ?? '127.0.0.1';
  const server = await serveDir(dir, { port: opts.port, host });
  const deckUrl = server.url;
  const speakerUrl = `${server.url}?speaker`;
  process.stdout.write(`Presenting ${pc.bold(lesson.title)}\n`);
  process.stdout.write(`  deck:          ${pc.cyan(deckUrl)}\n`);
  process.stdout.write(`  speaker view:  ${pc.cyan(speakerUrl)}  ${pc.dim('(or press S in the deck)')}\n`);
  const warning = exposureWarning(host);
  if (warning) process.stderr.write(pc.yellow(`${warning}\n`));
  process.stdout.write(pc.dim(`${warning ? `Serving on ${host}` : `Serving on ${host} only`}. Press Ctrl-C to stop.\n`));
  openBrowser(speakerUrl);
  await new Promise<void>((done) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('Stopped.\n');
  return 0;
}
