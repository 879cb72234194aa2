/**
 * A fresh working folder for one run of a lesson's commands (`record`, `check`; docs/check.md): a
 * copy of the lesson's workdir in a new temporary folder, so a run never sees the files an earlier
 * run made and never changes the course. When the workdir is the course root, what lessoncast itself
 * keeps there is left out: the output and cache folders, `recordings/`, `.git` and `node_modules`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Course } from '../course.ts';
import { LessoncastError } from '../errors.ts';

/** A fresh copy of a workdir. */
export interface FreshWorkdir {
  /** The copy: where the commands run. */
  dir: string;
  /** The lesson's own workdir (absolute): what outputs show in place of `dir`. */
  original: string;
  /** The temporary folder holding the copy (and the set-up scripts): removed by `remove()`. */
  root: string;
  /** A folder beside the copy for lessoncast's own files (set-up scripts), not visible from the workdir. */
  scratch: string;
  /** Removes the temporary folder (safe to call twice). */
  remove(): void;
}

/** Names under the course root that a run never gets: lessoncast's own folders, the course's repository and packages. */
export function excludedAtRoot(course: Course): string[] {
  const own = [course.outDir, course.cacheDir, course.recordingsDir]
    .filter((p) => p.startsWith(course.root + sep))
    .map((p) => relative(course.root, p).split(sep)[0]);
  return [...new Set([...own, '.git', 'node_modules'])];
}

/** Copies the lesson's workdir (frontmatter `workdir`, relative to the course root) into a new temporary folder. */
export function freshWorkdir(course: Course, workdir: string): FreshWorkdir {
  const original = resolve(course.root, workdir || '.');
  if (!existsSync(original) || !statSync(original).isDirectory())
    throw new LessoncastError('WORKDIR_MISSING', `The lesson's workdir ${relative(course.root, original) || '.'} does not exist (${original}).`, 'Create it, or fix `workdir:` in the lesson frontmatter.');
  // A workdir that is a symlink is copied from where it points (the copy must not be a link back to it).
  const source = realpathSync(original);
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'lessoncast-run-')));
  const dir = join(root, basename(original) || 'workdir');
  const scratch = join(root, '.lessoncast');
  const skip = source === realpathSync(course.root) ? new Set(excludedAtRoot(course).map((n) => join(source, n))) : new Set<string>();
  try {
    cpSync(source, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true, filter: (src) => !skip.has(src) });
    mkdirSync(scratch);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw new LessoncastError('WORKDIR_COPY_FAILED', `could not copy the lesson's workdir ${original} to ${dir}: ${(err as Error).message}`,
      'Check that the workdir is readable and that the temporary folder (TMPDIR) has room.', { cause: err });
  }
  return { dir, original, root, scratch, remove: () => rmSync(root, { recursive: true, force: true }) };
}
