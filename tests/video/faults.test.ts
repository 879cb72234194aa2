/**
 * Faults during a render, with real Chromium and ffmpeg and a small stage page of our own (so the
 * fault is ours to cause): a renderer crash mid-shot is retried; a stage that keeps failing is
 * reported with the scene and the cause, leaving nothing half-written.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { LessoncastError } from '../../src/errors.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import { writeFakeStage } from './fake-stage.ts';
import { makeMiniCourse } from './mini-course.ts';
import { decodedDigest } from './incremental-course.ts';
import { probe } from './probe.ts';

let root: string;
beforeAll(() => { root = makeMiniCourse(); });
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

/** Chromium renderer processes started by this test process. */
function ourRenderers(): number[] {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(d));
    } catch { /* gone */ }
  }
  const mine = (pid: number): boolean => { for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true; return false; };
  return renderers.filter(mine);
}

/** Chromium browser processes (not their renderers or helpers) started by this test process. */
function ourBrowsers(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      // argv[0] only: an encoder's arguments may say "chroma".
      if (ppid === process.pid && /chrom/.test(cmd.split('\0')[0]) && !cmd.includes('--type=')) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

/** What a render leaves behind in the store: work folders and half-made entries. */
const leftovers = (cache: string) => [
  ...(existsSync(join(cache, 'work')) ? readdirSync(join(cache, 'work')) : []),
  ...(existsSync(join(cache, 'shot')) ? readdirSync(join(cache, 'shot')).filter((f) => f.startsWith('.')) : []),
];
/** True once the render has a segment on the way (a job's work folder holds one). */
const encoding = (cache: string) => {
  const w = join(cache, 'work');
  if (!existsSync(w)) return false;
  try {
    return readdirSync(w, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.mp4'));
  } catch { return false; /* a folder removed while listed: look again */ }
};

describe('render faults', () => {
  it('a Chromium renderer crash mid-shot is retried once and the video is whole', async () => {
    const c = await openCourse({ root, out: 'build-crash' });
    const lesson = await readLesson(c, 'mini');
    let killed = 0;
    const watcher = (async () => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !encoding(c.cacheDir)) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      for (const pid of ourRenderers()) { try { process.kill(pid, 'SIGKILL'); killed++; } catch { /* gone */ } }
    })();
    const r = await buildVideo(c, lesson, { progress: false, stagePage: (dir, i) => writeFakeStage(dir, i, { seekDelayMs: 80 }) });
    await watcher;
    expect(killed).toBeGreaterThan(0);
    expect(r.stats.retries).toBeGreaterThanOrEqual(1);
    expect(Math.abs(Number(probe(r.file).format.duration) - r.duration)).toBeLessThanOrEqual(1 / 30);
    expect(leftovers(c.cacheDir)).toEqual([]);
  });

  it('a browser that dies between shots is replaced by the pool, and the video equals a clean build', async () => {
    const ref = await openCourse({ root, out: 'build-ref' });
    const clean = await buildVideo(ref, await readLesson(ref, 'mini'), { progress: false });
    const c = await openCourse({ root, out: 'build-browser-dies' });
    const killed: number[] = [];
    const r = await buildVideo(c, await readLesson(c, 'mini'), {
      progress: false,
      // After the first shot, the pool's browser is killed: the next shot must get a new one.
      onJob: (spec) => { if (spec.data.kind === 'shot' && killed.length === 0) for (const pid of ourBrowsers()) { process.kill(pid, 'SIGKILL'); killed.push(pid); } },
    });
    expect(killed.length).toBe(1);
    expect(r.stats.rendered).toBe(r.stats.shots);
    expect(r.stats.shots).toBeGreaterThanOrEqual(2);
    expect(decodedDigest(r.file)).toEqual(decodedDigest(clean.file));
    expect(leftovers(c.cacheDir)).toEqual([]);
  });

  it('a stage that keeps failing: VIDEO_RENDER_FAILED names the scene and the cause; no output, no temp files', async () => {
    const c = await openCourse({ root, out: 'build-fail' });
    const lesson = await readLesson(c, 'mini');
    const err = await buildVideo(c, lesson, { progress: false, stagePage: (dir, i) => writeFakeStage(dir, i, { failAfter: 5 }) }).catch((e) => e);
    expect(err).toBeInstanceOf(LessoncastError);
    expect(err.code).toBe('VIDEO_RENDER_FAILED');
    expect(err.message, err.message).toMatch(/^Scene "Let us say hello" \(scene-2, [\d.]+–[\d.]+ s\) failed twice: .*fake stage broke/);
    expect(err.fix).toMatch(/resumes/);
    expect(existsSync(join(c.outDir, 'mini', 'mini.mp4'))).toBe(false);
    expect(leftovers(c.cacheDir).join(', ')).toBe('');
  });
});
