/**
 * Checks the folders a user names (`--out`, `--root`, config `cache`, `init DIR`) before anything
 * is written: a file where a folder must be, a place this user cannot write, or a pseudo-filesystem
 * (/proc, /sys, /dev) is an environment error with the path and a fix, at once. (Without the check,
 * `mkdir -p` under /proc spins forever and one under a file fails deep inside a stage.)
 */
import { accessSync, constants, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { LessoncastError } from '../errors.ts';

// statfs(2) magic numbers of Linux kernel filesystems that hold no user files (linux/magic.h).
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1cd1: 'devpts', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2',
  0x64626720: 'debugfs', 0x73636673: 'securityfs', 0x74726163: 'tracefs', 0xcafe4a11: 'bpf',
  0x6165676c: 'pstore', 0xde5e81e4: 'efivarfs', 0x62656570: 'configfs', 0x65735543: 'fusectl', 0x19800202: 'mqueue',
};
// devtmpfs reports tmpfs's magic number, so /dev is known by its path.
const PSEUDO_PREFIXES = ['/proc', '/sys', '/dev'];

function stat(path: string): Stats | null {
  try { return statSync(path); } catch { return null; }
}

/** The path itself or its nearest ancestor that exists, with its stats. */
function nearestExisting(path: string): { path: string; stats: Stats; missing: boolean } {
  let cur = path;
  for (;;) {
    const s = stat(cur);
    if (s) return { path: cur, stats: s, missing: cur !== path };
    const up = dirname(cur);
    // A path component that is a file makes stat fail with ENOTDIR: the loop reaches that file.
    if (up === cur) return { path: cur, stats: statSync(cur), missing: true };
    cur = up;
  }
}

/** The pseudo-filesystem `path` lies on, or null. */
export function pseudoFilesystem(path: string): string | null {
  if (process.platform !== 'linux') return null;
  const abs = resolve(path);
  const prefix = PSEUDO_PREFIXES.find((p) => abs === p || abs.startsWith(p + sep));
  if (prefix) return prefix;
  try {
    return PSEUDO_FS[Number(statfsSync(nearestExisting(abs).path).type)] ?? null;
  } catch {
    // statfs is not on every platform: no pseudo-filesystem check there.
    return null;
  }
}

/** The longest name of one path component (NAME_MAX of Linux, macOS and NTFS), in bytes. */
const NAME_MAX = 255;
/** The longest folder we write under: PATH_MAX (4096) less the deepest path lessoncast makes inside one (~150 characters: `.cache/work/<host>-<pid>/…`). */
const FOLDER_MAX = 4096 - 512;

/** Every folder checked for writing in this process (--out, the cache, init's DIR): where a write without a path in its error may have failed. */
export const writeRoots = new Set<string>();

/** A long path shortened for a message: its start and its end. */
export function shortPath(path: string, max = 100): string {
  return path.length <= max ? path : `${path.slice(0, max - 30)}…${path.slice(-25)} (${path.length} characters)`;
}

/** A path whose names or length no file system takes: the environment error, or null. */
function tooLong(abs: string, what: string, fix: string): LessoncastError | null {
  const long = abs.split(sep).find((name) => Buffer.byteLength(name) > NAME_MAX);
  if (long) return new LessoncastError('BAD_PATH', `The ${what} ${shortPath(abs)} has a name of ${Buffer.byteLength(long)} bytes; file systems allow ${NAME_MAX}.`, fix);
  if (abs.length > FOLDER_MAX) return new LessoncastError('BAD_PATH', `The ${what} ${shortPath(abs)} is too long: with what lessoncast writes inside it, paths would pass the system's limit of 4096 characters.`, fix);
  return null;
}

/**
 * Checks that `path` is, or can be created as, a folder this process can write.
 * `what` names it in the message ("output folder (--out)"); `fix` says what to do instead.
 */
export function checkWritableFolder(path: string, what: string, fix: string): void {
  const abs = resolve(path);
  const long = tooLong(abs, what, fix);
  if (long) throw long;
  writeRoots.add(abs);
  const pseudo = pseudoFilesystem(abs);
  if (pseudo)
    throw new LessoncastError('BAD_PATH', `The ${what} ${abs} is on ${pseudo}, a system pseudo-filesystem: files cannot be written there.`, fix);
  const near = nearestExisting(abs);
  if (!near.stats.isDirectory())
    throw new LessoncastError('BAD_PATH', near.missing
      ? `The ${what} ${abs} cannot be created: ${near.path} is a file, not a folder.`
      : `The ${what} ${abs} is a file, not a folder.`, fix);
  try {
    accessSync(near.path, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LessoncastError('BAD_PATH', near.missing
      ? `The ${what} ${abs} cannot be created: ${near.path} is not writable${code === 'EROFS' ? ' (a read-only filesystem)' : ' by this user'}.`
      : `The ${what} ${abs} is not writable${code === 'EROFS' ? ' (a read-only filesystem)' : ' by this user'}.`, fix, { cause: err });
  }
}

/** Checks that `path` is an existing folder (one to read from, such as `--root`). */
export function checkExistingFolder(path: string, what: string, fix: string): void {
  const abs = resolve(path);
  const s = stat(abs);
  if (!s) {
    const near = nearestExisting(abs);
    throw new LessoncastError('BAD_PATH', near.stats.isDirectory()
      ? `The ${what} ${abs} does not exist.`
      : `The ${what} ${abs} does not exist: ${near.path} is a file, not a folder.`, fix);
  }
  if (!s.isDirectory()) throw new LessoncastError('BAD_PATH', `The ${what} ${abs} is a file, not a folder.`, fix);
}

/** Checks that a file the config names, if it exists, is a file (a lexicon, a browser). */
export function checkNotFolder(path: string, what: string, fix: string): void {
  const s = stat(path);
  if (s?.isDirectory()) throw new LessoncastError('BAD_PATH', `The ${what} ${resolve(path)} is a folder, not a file.`, fix);
}
