/**
 * Nothing left behind: a real `lessoncast build --video` killed with SIGKILL mid-capture leaves no
 * Chromium and no ffmpeg running (Chromium talks over a pipe and exits with its parent; ffmpeg
 * reads its frames from stdin and ends at its end), and the next build removes the work folder
 * and the browser profile of the dead process, then finishes from the store.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import { hostTag } from '../../src/store/work-dir.ts';
import { makeMiniCourse } from './mini-course.ts';

const root = makeMiniCourse();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Processes whose command line mentions `needle` (pid and name). */
function processesWith(needle: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) out.push({ pid: Number(d), cmd: cmd.slice(0, 120) });
    } catch { /* gone */ }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL mid-capture', () => {
  it('leaves no Chromium or ffmpeg running; the next build sweeps what the dead one left and finishes', async () => {
    const cache = join(root, 'build', '.cache');
    const child = spawn(process.execPath, ['bin/lessoncast.mjs', 'build', 'mini', '--video', '--no-progress', '--root', root], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const pid = child.pid!;
    const work = join(cache, 'work', `${hostTag()}-${pid}`);
    const profile = `lessoncast-chromium-${pid}-`;
    // Mid-capture: Chromium is up and ffmpeg is encoding a segment from our frames.
    const deadline = Date.now() + 90_000;
    const capturing = () => processesWith(profile).length > 0 && processesWith(work).some((p) => p.cmd.includes('ffmpeg'));
    while (Date.now() < deadline && !capturing()) await sleep(25);
    expect(capturing(), stderr).toBe(true);
    expect(processesWith(profile).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Give them a moment to see their pipes close.
    let left: { pid: number; cmd: string }[] = [];
    for (let i = 0; i < 40; i++) {
      left = [...processesWith(profile), ...processesWith(work)];
      if (left.length === 0) break;
      await sleep(100);
    }
    expect(left).toEqual([]);
    // What it could not clean up: its work folder and its browser profile.
    expect(existsSync(work)).toBe(true);
    expect(readdirSync(tmpdir()).some((f) => f.startsWith(profile))).toBe(true);

    const course = await openCourse({ root });
    const r = await buildVideo(course, await readLesson(course, 'mini'));
    expect(existsSync(r.file)).toBe(true);
    expect(existsSync(work)).toBe(false);
    expect(readdirSync(tmpdir()).some((f) => f.startsWith(profile))).toBe(false);
    expect(readdirSync(join(cache, 'shot')).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 180_000);
});
