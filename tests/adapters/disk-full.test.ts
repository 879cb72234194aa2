/**
 * A full disk, for real: a small tmpfs mounted by the test (root only; skipped with the reason
 * otherwise), filled to a few kilobytes while `lessoncast build --video` speaks (festival), captures
 * and mixes, and publishes. Each is one line — which path, how much was needed where known, how much
 * is free — and a fix, exit 1, no stack trace and no misleading advice ("check that the text is plain
 * English", "Run lessoncast doctor"); with room again, the build finishes and its video is whole.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';
import { makeMiniCourse } from '../video/mini-course.ts';

const work = mkdtempSync(join(tmpdir(), 'lc-diskfull-'));
const mnt = join(work, 'mnt');
mkdirSync(mnt);
/** Why the test cannot run here, or null. */
function cannotMount(): string | null {
  if (process.platform !== 'linux') return `tmpfs is Linux's (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (run the suite as root to include it)';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (r.status !== 0) return `mount -t tmpfs failed here: ${(r.stderr || r.error?.message || '').trim()}`;
  return null;
}
const skip = cannotMount();
if (skip) process.stderr.write(`tests/adapters/disk-full.test.ts skipped: ${skip}\n`);

afterAll(() => {
  if (!skip) spawnSync('umount', [mnt]);
  rmSync(work, { recursive: true, force: true });
});

/** Fills the tmpfs so that `leave` bytes stay free. */
function fill(leave: number): void {
  rmSync(join(mnt, 'filler'), { force: true });
  const s = statfsSync(mnt);
  const free = Number(s.bavail) * Number(s.bsize);
  writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, free - leave)));
}

let course: string;
beforeAll(() => {
  if (skip) return;
  course = makeMiniCourse();
  writeFileSync(join(course, 'lessoncast.config.mjs'), "export default { voice: { engine: 'festival' }, video: { width: 640, height: 360 } };\n");
});

/** The one-line disk-full report, and nothing misleading beside it. */
function expectDiskFull(r: { code: number; stderr: string }, under: string): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`No space left on the disk of ${under.replace(/[/.]/g, '\\$&')}[^\\n]*: [^\\n]*needed [^\\n]*, \\d+ kB free\\.`));
  expect(r.stderr).toMatch(/fix: Free space on that disk \(`lessoncast clean` prunes the cache, `clean --all` empties it\), or build onto another disk/);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |plain English|lessoncast doctor|failed twice/);
}

describe.skipIf(!!skip)('a full disk', () => {
  it('while speaking (festival writing a clip into the cache): which file, how much is free', () => {
    fill(2_000);
    const r = lessoncast(['build', '--video', '--no-progress', '--cache', join(mnt, 'cache')], { cwd: course });
    expectDiskFull(r, join(mnt, 'cache'));
    expect(r.stderr).toMatch(/festival writing \S+\.wav needed more/);
  }, 120_000);

  it('while capturing and mixing (the speech is in the cache): which file, how much it needed', () => {
    rmSync(join(mnt, 'filler'), { force: true });
    rmSync(join(mnt, 'cache'), { recursive: true, force: true });
    // The speech first, with room (timeline narrates), then 150 kB left for the segments and the mix.
    expect(lessoncast(['timeline', 'mini', '--out', join(mnt, 'out')], { cwd: course }).code).toBe(0);
    fill(150_000);
    const r = lessoncast(['build', '--video', '--no-progress', '--out', join(mnt, 'out')], { cwd: course });
    expectDiskFull(r, join(mnt, 'out'));
  }, 120_000);

  it('while publishing (the store on another disk): the video, how much it needed; with room again the build completes', () => {
    rmSync(join(mnt, 'filler'), { force: true });
    rmSync(join(mnt, 'out'), { recursive: true, force: true });
    const cache = join(work, 'cache');
    expect(lessoncast(['build', '--video', '--no-progress', '--out', join(work, 'first'), '--cache', cache], { cwd: course }).code).toBe(0);
    fill(30_000);
    const r = lessoncast(['build', '--video', '--no-progress', '--out', join(mnt, 'out'), '--cache', cache], { cwd: course });
    expectDiskFull(r, join(mnt, 'out', 'mini'));
    expect(r.stderr).toMatch(/writing \S+mini\.mp4 needed \d+ kB, \d+ kB free/);
    // Nothing half-written was left as the video.
    expect(existsSync(join(mnt, 'out', 'mini', 'mini.mp4'))).toBe(false);
    rmSync(join(mnt, 'filler'), { force: true });
    const again = lessoncast(['build', '--video', '--no-progress', '--out', join(mnt, 'out'), '--cache', cache], { cwd: course });
    expect(again.code, again.stderr).toBe(0);
    const frames = (f: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', f, '-f', 'framemd5', '-'], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(frames(join(mnt, 'out', 'mini', 'mini.mp4'))).toEqual(frames(join(work, 'first', 'mini', 'mini.mp4')));
  }, 180_000);

  it('a read-only file system where the video is published: one line naming the path, no stack trace', () => {
    const cache = join(work, 'cache');
    const out = join(work, 'ro-out');
    mkdirSync(join(out, 'mini'), { recursive: true });
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', join(out, 'mini')]).status).toBe(0);
    try {
      const r = lessoncast(['build', '--video', '--no-progress', '--out', out, '--cache', cache], { cwd: course });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${join(out, 'mini').replace(/[/.]/g, '\\$&')}/mini\\.mp4 is on a read-only file system\\.`));
      expect(r.stderr).toContain('fix: Build onto a writable disk (--out DIR, --cache DIR).');
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      spawnSync('umount', [join(out, 'mini')]);
    }
  }, 120_000);
});

afterAll(() => { if (course) rmSync(course, { recursive: true, force: true }); });
