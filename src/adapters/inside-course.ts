/**
 * The one rule for files from outside the course: a slide image, a file opened with `code`, a
 * voice-over clip or a cast whose path — or whose real path, through symlinks — leaves the course
 * folder is never read into the build nor copied into it. Callers turn `outside` into the
 * `outside-course` diagnostic (docs/security.md).
 */
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isInside } from './safe-path.ts';

/** Where a path of the course really is. `real` is the path with every symlink resolved. */
export type CoursePath =
  | { status: 'inside'; path: string; real: string }
  | { status: 'missing'; path: string }
  | { status: 'outside'; path: string; real: string | null };

function realOrNull(path: string): string | null {
  try { return realpathSync(path); } catch { return null; }
}

/** Checks an absolute path (or one relative to `root`) against the course folder `root`. */
export function insideCourse(root: string, path: string): CoursePath {
  const base = resolve(root);
  const abs = resolve(base, path);
  if (!isInside(base, abs)) return { status: 'outside', path: abs, real: realOrNull(abs) };
  const realRoot = realOrNull(base) ?? base;
  const real = realOrNull(abs);
  if (real !== null) return isInside(realRoot, real) ? { status: 'inside', path: abs, real } : { status: 'outside', path: abs, real };
  // Missing: still outside when the nearest folder that exists is a symlink out of the course.
  let dir = dirname(abs);
  while (dir !== base && isInside(base, dir)) {
    const realDir = realOrNull(dir);
    if (realDir !== null) return isInside(realRoot, realDir) ? { status: 'missing', path: abs } : { status: 'outside', path: abs, real: null };
    dir = dirname(dir);
  }
  return { status: 'missing', path: abs };
}
