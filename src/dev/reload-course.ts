/** Re-reads a course after its config or lesson list changed, bypassing the module cache for the config file. */
import { pathToFileURL } from 'node:url';
import { openCourse, type Course } from '../course.ts';
import { LessoncastError } from '../errors.ts';
import type { LessoncastConfig } from '../config.ts';

/** The course as it is on disk now (same root and output folder). */
export async function reloadCourse(course: Course): Promise<Course> {
  const fresh = await openCourse({ root: course.root, out: course.outDir });
  if (!fresh.configFile) return fresh;
  // import() caches by URL: a query makes Node (and tsx) load the edited file again.
  try {
    const mod = await import(`${pathToFileURL(fresh.configFile).href}?v=${Date.now()}`);
    const config = (mod.default ?? mod.config ?? {}) as LessoncastConfig;
    if (typeof config !== 'object' || config === null)
      throw new LessoncastError('CONFIG_INVALID', `${fresh.configFile}: the default export is not an object`, 'Export `defineConfig({...})` as default.');
    return { ...fresh, config };
  } catch (err) {
    if (err instanceof LessoncastError) throw err;
    throw new LessoncastError('CONFIG_INVALID', `${fresh.configFile}: could not be loaded: ${(err as Error).message}`,
      'Fix the error in the config file; it must `export default defineConfig({...})`.', { cause: err });
  }
}
