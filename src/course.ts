/** The course on disk: where its folders are, which lessons it has. I/O lives here, not in the stages. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LessoncastError } from './errors.ts';
import { CONFIG_NAMES, loadConfig, type LessoncastConfig } from './config.ts';
import { checkExistingFolder, checkNotFolder, checkWritableFolder } from './adapters/check-folder.ts';
import type { Diagnostic } from './types.ts';

/** Paths of one course (all absolute). */
export interface Course {
  root: string;
  config: LessoncastConfig;
  configFile: string | null;
  /** Problems in the config file (unknown keys, bad values): lint, doctor and build report them. */
  configDiagnostics?: Diagnostic[];
  transcriptsDir: string;
  slidesDir: string;
  recordingsDir: string;
  /** Output folder (`--out`, default `<root>/build`). */
  outDir: string;
  /** The store (content-addressed cache): `<outDir>/.cache`, or a folder given to share it (docs/store.md). */
  cacheDir: string;
  /** Lesson slugs, sorted by file name. */
  slugs: string[];
}

/** Finds the course root: `dir` itself or the nearest parent holding `transcripts/` or a config file. */
export function findCourseRoot(dir: string): string | null {
  let cur = resolve(dir);
  for (;;) {
    if (existsSync(join(cur, 'transcripts')) || CONFIG_NAMES.some((name) => existsSync(join(cur, name))))
      return cur;
    const up = dirname(cur);
    if (up === cur) return null;
    cur = up;
  }
}

/** Lists lesson slugs: the `.md` files in `transcripts/`. */
export function listSlugs(transcriptsDir: string): string[] {
  if (!existsSync(transcriptsDir)) return [];
  return readdirSync(transcriptsDir)
    .filter((f) => f.endsWith('.md') && statSync(join(transcriptsDir, f)).isFile())
    .map((f) => f.slice(0, -3))
    .sort();
}

/** How a command opens its course. */
export interface OpenCourseOptions {
  root?: string;
  out?: string;
  /** The store's folder (`--cache`), over config `cache` and the default `<out>/.cache`. */
  cache?: string;
  /** The command writes into the output and cache folders: check them first (a file there, no write access, /proc). */
  writes?: boolean;
}

/** Opens the course at `--root` (or the current directory's course) with its config; checks the paths the user gave. */
export async function openCourse(opts: OpenCourseOptions = {}): Promise<Course> {
  const start = resolve(opts.root ?? process.cwd());
  if (opts.root) checkExistingFolder(start, 'course root (--root)', 'Pass the folder that holds transcripts/, or run lessoncast inside it.');
  const root = opts.root ? start : findCourseRoot(start);
  if (!root || !existsSync(join(root, 'transcripts')))
    throw new LessoncastError('COURSE_NOT_FOUND', `No course here: ${opts.root ? start : start + ' (nor any parent)'} has no transcripts/ folder.`,
      'Run lessoncast inside a course folder, or pass --root DIR. A course has transcripts/<slug>.md files. `lessoncast init DIR` starts one.');
  const { config, file, diagnostics } = await loadConfig(root);
  const outDir = resolve(root, opts.out ?? 'build');
  const cacheDir = opts.cache ? resolve(opts.cache) : config.cache ? resolve(root, config.cache) : join(outDir, '.cache');
  if (config.lexicon) checkNotFolder(resolve(root, config.lexicon), 'lexicon (config `lexicon`)', 'Set `lexicon` to a YAML file such as lexicon.yml.');
  if (opts.writes) {
    checkWritableFolder(outDir, 'output folder (--out)', 'Pass --out with a folder you can write, such as build (the default) or /tmp/lessoncast-build.');
    if (opts.cache || config.cache) checkWritableFolder(cacheDir, opts.cache ? 'cache folder (--cache)' : 'cache folder (config `cache`)', 'Set `cache` in the config to a folder you can write, or remove it to use build/.cache.');
  }
  const transcriptsDir = join(root, 'transcripts');
  return {
    root,
    config,
    configFile: file,
    configDiagnostics: diagnostics,
    transcriptsDir,
    slidesDir: join(root, 'slides'),
    recordingsDir: join(root, 'recordings'),
    outDir,
    cacheDir,
    slugs: listSlugs(transcriptsDir),
  };
}

/** Checks that every requested slug exists; no slugs means all lessons. */
export function selectSlugs(course: Course, wanted: string[]): string[] {
  if (wanted.length === 0) return course.slugs;
  for (const slug of wanted)
    if (!course.slugs.includes(slug))
      throw new LessoncastError('LESSON_NOT_FOUND', `No lesson "${slug}": there is no transcripts/${slug}.md.`,
        course.slugs.length ? `Lessons in this course: ${course.slugs.join(', ')}.` : 'Add a script as transcripts/<slug>.md.');
  return wanted;
}

/** Path of a lesson's script. */
export function transcriptPath(course: Course, slug: string): string {
  return join(course.transcriptsDir, `${slug}.md`);
}
