/**
 * The file system saying no — a disk full, a name too long, a folder this user cannot write, a
 * read-only mount — as one environment error naming the path and what to do, whether Node's own call
 * failed (an errno code on the error) or a child process did (ffmpeg, festival: known by the free
 * space left where it was writing). The CLI turns any such error that reaches it into its line
 * (src/cli.ts), so a new write anywhere needs nothing more to fail well.
 */
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { LessoncastError } from '../errors.ts';
import { shortPath, writeRoots } from './check-folder.ts';

/** Below this much free space, a write that failed is taken as a full disk: a 1080p frame or a second of speech is more. */
const NEARLY_FULL = 1024 * 1024;

/** Free bytes for this user on the file system of `path` (its nearest existing folder), or null when unknown. */
export function freeBytes(path: string): number | null {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      const s = statfsSync(dir);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}

function megabytes(bytes: number): string {
  return bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The error for a full disk at `path` (a file; `folder: true`: somewhere in that folder); `needed`:
 * bytes the write needed, when known.
 */
export function diskFull(path: string, opts: { needed?: number; tool?: string; cause?: unknown; folder?: boolean } = {}): LessoncastError {
  const free = freeBytes(path);
  const need = opts.needed !== undefined ? `needed ${megabytes(opts.needed)}` : 'needed more';
  const what = opts.folder ? `a write there ${need}` : `${opts.tool ? `${opts.tool} writing` : 'writing'} ${shortPath(resolve(path))} ${need}`;
  return new LessoncastError('DISK_FULL',
    `No space left on the disk of ${shortPath(opts.folder ? resolve(path) : dirname(resolve(path)))}: ${what}${free !== null ? `, ${megabytes(free)} free` : ''}.`,
    'Free space on that disk (`lessoncast clean` prunes the cache, `clean --all` empties it), or build onto another disk (--out DIR, --cache DIR).',
    { cause: opts.cause });
}

/** A child process that failed while writing `path`: the disk-full error when that disk is (nearly) full, else null. */
export function diskFullAt(path: string, opts: { tool?: string; needed?: number; cause?: unknown; folder?: boolean } = {}): LessoncastError | null {
  const free = freeBytes(path);
  if (free === null || free >= Math.max(NEARLY_FULL, opts.needed ?? 0)) return null;
  return diskFull(path, opts);
}

/** The errno code of an error or of one of its causes. */
function errnoOf(err: unknown): NodeJS.ErrnoException | null {
  for (let e = err as (NodeJS.ErrnoException & { cause?: unknown }) | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++)
    if (typeof e === 'object' && !(e instanceof LessoncastError) && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e;
  return null;
}

/**
 * The environment error for a file-system failure (disk full, quota, name too long, permission,
 * read-only), or null for any other error. `path` and `needed` say more than the error itself knows.
 */
export function fsFailure(err: unknown, opts: { path?: string; needed?: number } = {}): LessoncastError | null {
  const e = errnoOf(err);
  if (!e) return null;
  const path = opts.path ?? (e as { dest?: string }).dest ?? e.path;
  const where = path ? shortPath(resolve(path)) : 'a file';
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT': {
      if (path) return diskFull(path, { needed: opts.needed, cause: err });
      // A write to an open file says no path: the folder lessoncast writes to whose disk is (nearly) full.
      const full = [...writeRoots, tmpdir()].map((root) => diskFullAt(root, { cause: err, folder: true })).find(Boolean);
      return full ?? new LessoncastError('DISK_FULL', `No space left on a disk lessoncast writes to (${e.syscall ?? 'write'}).`, 'Free some space (`lessoncast clean` prunes the cache), or build onto another disk (--out DIR, --cache DIR).', { cause: err });
    }
    case 'ENAMETOOLONG':
      if (!path) return null;
      return new LessoncastError('PATH_TOO_LONG', `A path is too long for the file system: ${where}.`, 'Use shorter folder names (--out, --root, --cache, the lesson slugs).', { cause: err });
    case 'EACCES':
    case 'EPERM':
      // Without a path it is not a file (a signal to a process of another user): a bug to report as one.
      if (!path) return null;
      return new LessoncastError('NOT_WRITABLE', `Permission denied: ${where} (${e.syscall ?? 'access'}).`, 'Make it writable by this user (chmod, chown), or use another folder (--out DIR, --cache DIR).', { cause: err });
    case 'EROFS':
      if (!path) return null;
      return new LessoncastError('NOT_WRITABLE', `${where} is on a read-only file system.`, 'Build onto a writable disk (--out DIR, --cache DIR).', { cause: err });
    default:
      return null;
  }
}
