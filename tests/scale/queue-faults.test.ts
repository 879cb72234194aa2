/**
 * The render queue as an operator runs it: a real redis-server on a loopback port, real
 * `lessoncast worker` processes on their own copy of the course sharing one cache folder, a real
 * `lessoncast build --queue` coordinator. Every video is compared with a local `--jobs 1` build of
 * the same course, frame for frame (`ffmpeg -f framemd5`) and sample for sample (md5 of the PCM).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath, lessoncast, repoRoot } from '../helpers/cli.ts';
import { makeMiniCourse, MINI_SCRIPT } from '../video/mini-course.ts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startRedis, startWorker, type RedisServer } from './redis-server.ts';

const base = makeMiniCourse();
const tmp = mkdtempSync(join(tmpdir(), 'lessoncast-scale-'));
const cleanups: (() => Promise<void> | void)[] = [];
/** Workers and builds of one test: stopped after it, passed or failed, so none takes the next test's jobs. */
const perTest: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of perTest.splice(0).reverse()) await c(); });
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(base, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh copy of the course (another "machine"). */
function copyCourse(name: string): string {
  const dir = join(tmp, name);
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** Decoded frames' md5 list and the decoded audio's md5 of a lesson's video. */
function fingerprint(root: string): { frames: string; audio: string } {
  const file = join(root, 'build', 'mini', 'mini.mp4');
  const frames = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framemd5', '-'], { encoding: 'utf8' })
    .split('\n').filter((l) => l && !l.startsWith('#')).join('\n');
  const audio = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a', '-f', 'md5', '-'], { encoding: 'utf8' }).trim();
  return { frames, audio };
}

/** `lessoncast build --video` as a child process, watched. */
function startBuild(root: string, args: string[]) {
  const child = spawn(process.execPath, [binPath, 'build', '--video', '--no-progress', '--root', root, ...args], {
    cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.once('exit', (code) => r({ code, stderr })));
  perTest.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return { child, done, stderr: () => stderr };
}

let reference: { frames: string; audio: string };
/** The reference course's speech, copied into a cache so that a coordinator plans at once. */
let referenceRoot = '';
/** How many shots the lesson has (the reference build prints `N/N shots rendered`). */
let shots = 0;
let redis: RedisServer;

beforeAll(async () => {
  const ref = copyCourse('reference');
  const r = lessoncast(['build', '--video', '--no-progress', '--jobs', '1', '--root', ref]);
  expect(r.code, r.stderr).toBe(0);
  reference = fingerprint(ref);
  referenceRoot = ref;
  shots = Number(/\((\d+)\/\1 shots rendered/.exec(r.stderr)?.[1]);
  expect(shots, r.stderr).toBeGreaterThanOrEqual(2);
  expect(reference.frames.split('\n').length).toBeGreaterThan(3);
  redis = await startRedis();
  cleanups.push(() => redis.stop());
}, 120_000);

const worker = async (root: string, extra: string[], env: NodeJS.ProcessEnv = {}) => {
  const w = await startWorker(redis.url, root, extra, env);
  perTest.push(() => w.stop('SIGKILL'));
  return w;
};

describe('build --jobs 2', () => {
  it('is frame for frame and sample for sample the --jobs 1 build', () => {
    const root = copyCourse('jobs2');
    const r = lessoncast(['build', '--video', '--no-progress', '--jobs', '2', '--root', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${shots}/${shots} shots rendered`);
    expect(fingerprint(root)).toEqual(reference);
    // Colours survive the JPEG → H.264 conversion: the terminal's #181818, decoded as BT.709 limited range, is #181818.
    const px = execFileSync('ffmpeg', ['-v', 'error', '-ss', '6', '-i', join(root, 'build', 'mini', 'mini.mp4'), '-vf', 'crop=4:4:1500:900,scale=in_range=tv:in_color_matrix=bt709,format=rgb24', '-frames:v', '1', '-f', 'rawvideo', '-']);
    for (const v of px) expect(Math.abs(v - 0x18)).toBeLessThanOrEqual(1);
  }, 90_000);
});

describe('build --queue with two workers', () => {
  it('survives a worker killed with SIGKILL mid-job: another takes its job, and the video is the local one', async () => {
    const coordinator = copyCourse('coordinator-a');
    const cache = join(tmp, 'cache-a');
    const machineA = copyCourse('machine-a1'), machineB = copyCourse('machine-a2');
    // A short lock (default 15 s): the dead worker's job goes to w2 after 4 s.
    const w1 = await worker(machineA, ['--cache', cache, '--concurrency', '1', '--lock-timeout', '4']);
    const build = startBuild(coordinator, ['--queue', redis.url, '--cache', cache]);
    // w1 dies while it renders a shot; a second worker joins.
    const started = await w1.waitFor(/mini: scene "[^"]+" \([^)]+\): started/);
    w1.child.kill('SIGKILL');
    await w1.exited;
    const w2 = await worker(machineB, ['--cache', cache, '--concurrency', '1', '--lock-timeout', '4']);
    expect(w1.log()).not.toContain(started.replace('started', 'done'));
    const { code, stderr } = await build.done;
    expect(code, `${stderr}\n--- w1\n${w1.log()}\n--- w2\n${w2.log()}`).toBe(0);
    // The job w1 held went to w2 once w1's lock ran out.
    expect(w2.log()).toContain(started.replace('started', 'done'));
    expect(fingerprint(coordinator)).toEqual(reference);
    await w2.stop();
  }, 120_000);

  it('refuses jobs on a worker whose course files differ, naming the files', async () => {
    const coordinator = copyCourse('coordinator-c');
    const cache = join(tmp, 'cache-c');
    const other = copyCourse('machine-c');
    writeFileSync(join(other, 'transcripts', 'mini.md'), MINI_SCRIPT.replace('That is all for today.', 'That is all for now.'));
    const w = await worker(other, ['--cache', cache]);
    const { code, stderr } = await startBuild(coordinator, ['--queue', redis.url, '--cache', cache]).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ mini: video: mini: speech failed after 1 attempt\(s\): .*course files differ from the coordinator's for mini: transcripts\/mini\.md\./);
    expect(w.log()).toMatch(/failed/);
    await w.stop();
  }, 60_000);

  it('a job that fails all its attempts fails its lesson, naming the scene and the last error lines', async () => {
    const coordinator = copyCourse('coordinator-f');
    const cache = join(tmp, 'cache-f');
    // A worker whose browser cannot start: its speech and narration jobs work, every shot fails.
    const w = await worker(copyCourse('machine-f'), ['--cache', cache], { LESSONCAST_BROWSER: '/bin/false' });
    const { code, stderr } = await startBuild(coordinator, ['--queue', redis.url, '--cache', cache]).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ mini: video: mini: scene "[^"]+" \(scene-\d, [\d.]+–[\d.]+ s\) failed after 2 attempt\(s\): .*Chromium \(\/bin\/false\) did not start/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(w.log()).toMatch(/failed \(attempt 2\)/);
    await w.stop();
  }, 60_000);

  it('shares the jobs of two coordinators of the same course: each shot is rendered once', async () => {
    const cache = join(tmp, 'cache-b');
    const one = copyCourse('coordinator-b1'), two = copyCourse('coordinator-b2');
    const w = await worker(copyCourse('machine-b'), ['--cache', cache]);
    const [a, b] = await Promise.all([startBuild(one, ['--queue', redis.url, '--cache', cache]).done, startBuild(two, ['--queue', redis.url, '--cache', cache]).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const started = w.log().split('\n').filter((l) => / scene "[^"]+" \([^)]+\): started/.test(l));
    expect(started.length, w.log()).toBe(shots);
    expect(new Set(started.map((l) => l.slice(9))).size).toBe(shots);
    expect(fingerprint(one)).toEqual(reference);
    expect(fingerprint(two)).toEqual(reference);
    await w.stop();
  }, 90_000);

  it('Ctrl-C on the coordinator removes the jobs it added that no worker started', async () => {
    const coordinator = copyCourse('coordinator-e');
    const cache = join(tmp, 'cache-e');
    // Its speech is in the store already: the coordinator plans at once and adds the lesson's flow.
    for (const kind of ['speech', 'align']) cpSync(join(referenceRoot, 'build', '.cache', kind), join(cache, kind), { recursive: true });
    const build = startBuild(coordinator, ['--queue', redis.url, '--cache', cache]);
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    conn.on('error', () => {});
    const queue = new Queue('lessoncast', { connection: conn });
    const pendingJobs = async () => { const c = await queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'delayed'); return Object.values(c).reduce((s, n) => s + n, 0); };
    const deadline = Date.now() + 30_000;
    const added = shots + 2; // the shots, the narration track, the mux
    while (Date.now() < deadline && (await pendingJobs()) < added) await new Promise((r) => setTimeout(r, 50));
    const pending = await pendingJobs();
    build.child.kill('SIGINT');
    expect(pending).toBe(added);
    const { code, stderr } = await build.done;
    expect(code).toBe(130);
    expect(stderr).toContain(`removed ${added} pending job(s) from the queue`);
    expect(await pendingJobs()).toBe(0);
    await queue.close();
    conn.disconnect();
  }, 60_000);

  it('stops with a clear error when Redis goes away mid-build; a re-run finishes from the store', async () => {
    const coordinator = copyCourse('coordinator-d');
    const cache = join(tmp, 'cache-d');
    const w = await worker(copyCourse('machine-d'), ['--cache', cache, '--concurrency', '1']);
    const build = startBuild(coordinator, ['--queue', redis.url, '--cache', cache]);
    await w.waitFor(/mini: scene "[^"]+" \([^)]+\): done/);
    const port = redis.port;
    await redis.stop();
    const { code, stderr } = await build.done;
    expect(code).toBe(1);
    expect(stderr).toContain(`Redis at redis://127.0.0.1:${port} stopped answering`);
    expect(stderr).toMatch(/fix: Start Redis again and run the same build/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    // Redis back (empty: no disk), the same worker reconnects by itself; the re-run renders only what is missing.
    redis = await startRedis(port);
    const again = await startBuild(coordinator, ['--queue', redis.url, '--cache', cache]).done;
    expect(again.code, `${again.stderr}\n--- worker\n${w.log()}`).toBe(0);
    const m = /✓ mini: video → .* \((\d+)\/(\d+) shots rendered/.exec(again.stderr);
    expect(m, again.stderr).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(Number(m![2]));
    expect(fingerprint(coordinator)).toEqual(reference);
    await w.stop();
  }, 120_000);
});
