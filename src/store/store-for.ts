/**
 * The store a course uses: its cache folder (`course.cacheDir`: `build/.cache` by default, or the
 * folder given to override it, e.g. one shared by many machines). Where another backend (an
 * S3-compatible bucket) would be chosen from the course's settings.
 */
import type { Course } from '../course.ts';
import { storeAt } from './folder-store.ts';
import type { Store } from './store.ts';

/** The store of `course`: one object per cache folder and process. */
export function storeFor(course: Pick<Course, 'cacheDir'>): Store {
  return storeAt(course.cacheDir);
}
