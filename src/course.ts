/** The course on disk: where its folders are, which lessons it has. I/O lives here, not in the stages. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LessoncastError } from './errors.ts';
import { loadConfig, type LessoncastConfig } from './config.ts';

/** Paths of one course (all absolute). */
export interface Course {
  root: string;
  config: LessoncastConfig;
  configFile: string | null;
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
    if (existsSync(join(cur, 'transcripts')) || ['ts', 'mjs', 'js'].some((e) => existsSync(join(cur, `lessoncast.config.${e}`))))
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

/** Opens the course at `--root` (or the current directory's course) with its config; `cache` puts the store elsewhere. */
export async function openCourse(opts: { root?: string; out?: string; cache?: string } = {}): Promise<Course> {
  const start = resolve(opts.root ?? process.cwd());
  const root = opts.root ? start : findCourseRoot(start);
  if (!root || !existsSync(join(root, 'transcripts')))
    throw new LessoncastError('COURSE_NOT_FOUND', `No course here: ${opts.root ? start : start + ' (nor any parent)'} has no transcripts/ folder.`,
      'Run lessoncast inside a course folder, or pass --root DIR. A course has transcripts/<slug>.md files.');
  const { config, file } = await loadConfig(root);
  const outDir = resolve(root, opts.out ?? 'build');
  const transcriptsDir = join(root, 'transcripts');
  return {
    root,
    config,
    configFile: file,
    transcriptsDir,
    slidesDir: join(root, 'slides'),
    recordingsDir: join(root, 'recordings'),
    outDir,
    cacheDir: opts.cache ? resolve(opts.cache) : join(outDir, '.cache'),
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
