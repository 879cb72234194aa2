/**
 * `npm run bench:scale`: the benchmark of issue 11, in one run, on a course of six lessons in a temp
 * folder — the two seeds and two variants of each (the same script with another title and speech
 * rate: other speech, other timings, other pictures). Every build is cold (an empty store: speech,
 * shots, narration, outputs) and runs in a fresh child process:
 *
 *   1. the course with `--jobs 1`, 2. with `--jobs 2`, 3. through Redis with one worker
 *      (`--concurrency 1`), 4. with two such workers — wall times and speed-ups;
 *   5. one lesson alone (services-and-dns) with the default `--jobs`: its time over its video's length;
 *   then the queue's overhead per job (a no-op BullMQ job's round trip, and run 3 against run 1), the
 *   capture cost per frame in runs 1 and 2 against a bare screenshot of a stage page measured in the
 *   same run, and a simulation (src/render/jobs/simulate-schedule.ts) from run 3's job costs and the
 *   scheduler's order of 100 lessons on 1, 10 and 50 workers.
 *
 * Prints the machine's load average at the start and the end: wall times move with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { launchBrowser } from '../src/adapters/browser.ts';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { defaultJobs } from '../src/render/jobs/local-runner.ts';
import { courseVideos } from '../src/commands/course-videos.ts';
import type { JobResult } from '../src/render/jobs/processors.ts';
import type { JobSpec } from '../src/render/jobs/render-jobs.ts';
import { simulateSchedule, type LessonCosts } from '../src/render/jobs/simulate-schedule.ts';
import { planVideo } from '../src/render/video/plan-video.ts';
import { openStage } from '../src/render/video/stage-driver.ts';
import { VIDEO_BROWSER_ARGS } from '../src/render/video/stage-session.ts';
import { videoInputs } from '../src/render/video/video-inputs.ts';
import { writeStagePage } from '../src/stage/write-stage.ts';

const repo = resolve(import.meta.dirname, '..');
const self = fileURLToPath(import.meta.url);
const bin = join(repo, 'bin', 'lessoncast.mjs');

/** A job as a run reports it. */
interface JobRecord { id: string; kind: string; slug: string; ms: number; captureMs?: number; frames?: number; seeks?: number; worker: string }
/** What a child run prints (one JSON line). */
interface RunResult { s: number; cores?: number; lessons: { slug: string; ok: boolean; duration: number; message?: string }[]; jobs: JobRecord[] }

// ---------------------------------------------------------------- child mode: one build, timed
if (process.argv[2] === '--child') {
  const [, , , root, out, jobs, queue] = process.argv;
  // Each run has its own output folder (and so its own store and publish records): nothing is "up to date".
  const course = await openCourse({ root, out });
  const lessons = await Promise.all(course.slugs.filter((s) => !process.env.BENCH_ONLY || s === process.env.BENCH_ONLY).map((s) => readLesson(course, s)));
  const records: JobRecord[] = [];
  const onJob = (spec: JobSpec, r: JobResult) => { records.push({ id: spec.id, kind: spec.data.kind, slug: spec.data.slug, ms: r.ms, captureMs: r.captureMs, frames: r.frames, seeks: r.seeks, worker: r.worker }); };
  const t0 = performance.now();
  const outcomes = await courseVideos(course, lessons, { jobs: Number(jobs), queue: queue || undefined, progress: false, onJob, say: () => {} });
  const s = (performance.now() - t0) / 1000;
  const result: RunResult = { s, jobs: records, lessons: outcomes.map((o) => (o.ok ? { slug: o.slug, ok: true, duration: o.duration } : { slug: o.slug, ok: false, duration: 0, message: o.error.message })) };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const fmt = (s: number) => `${s.toFixed(1)} s`;

/** The six-lesson course: seeds as written, and two variants of each (title, speech rate). */
function makeCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-scale-'));
  for (const name of ['transcripts', 'slides', 'recordings', 'configs', 'lexicon.yml', 'lessoncast.config.ts', 'course-words.txt'])
    if (existsSync(join(repo, name))) cpSync(join(repo, name), join(dir, name), { recursive: true });
  for (const seed of ['pod-to-pod-networking', 'services-and-dns']) {
    const script = readFileSync(join(repo, 'transcripts', `${seed}.md`), 'utf8');
    for (const [suffix, rate, title] of [['faster', 1.25, 'at a brisk pace'], ['fastest', 1.5, 'in a hurry']] as const) {
      const slug = `${seed}-${suffix}`;
      writeFileSync(join(dir, 'transcripts', `${slug}.md`), `---\ntitle: ${seed.replace(/-/g, ' ')}, ${title}\nrate: ${rate}\n---\n${script}`);
      if (existsSync(join(repo, 'slides', `${seed}.md`))) cpSync(join(repo, 'slides', `${seed}.md`), join(dir, 'slides', `${slug}.md`));
    }
  }
  return dir;
}

/** The machine's CPU time so far (all cores, /proc/stat): busy and total, in clock ticks. */
function cpuTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - f[4], total };
}
/** Cores busy on average since `t0` (whatever ran: this build, its workers, anything else). */
const coresBusy = (t0: { busy: number; total: number }) => { const t1 = cpuTicks(); return ((t1.busy - t0.busy) / (t1.total - t0.total)) * os.cpus().length; };
const cores = (r: RunResult) => `cores busy ${r.cores!.toFixed(2)} of ${os.cpus().length}`;

/** Runs one child build into `out` (its store: `out/.cache`); resolves with what it printed and the cores it kept busy. */
function runChild(root: string, out: string, jobs: number, queue = '', only = ''): Promise<RunResult> {
  const t0 = cpuTicks();
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--child', root, out, String(jobs), queue], {
      cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...(only ? { BENCH_ONLY: only } : {}) },
    });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) {
        const r = JSON.parse(line) as RunResult;
        r.cores = coresBusy(t0);
        const bad = r.lessons.filter((l) => !l.ok);
        if (bad.length) reject(new Error(`lessons failed: ${bad.map((l) => `${l.slug}: ${l.message}`).join('; ')}`)); else done(r);
      } else reject(new Error(`build failed (exit ${code}): ${stdout}`));
    });
  });
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); }); });
}

/** redis-server on a free loopback port, without disk. */
async function startRedis(): Promise<{ url: string; port: number; stop(): void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) { try { await probe.connect(); break; } catch { await new Promise((r) => setTimeout(r, 50)); } }
  probe.disconnect();
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => child.kill('SIGKILL') };
}

/** `lessoncast worker` processes; resolve once each takes jobs. */
async function startWorkers(n: number, url: string, root: string, cache: string): Promise<ChildProcess[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<ChildProcess>((done, reject) => {
    const w = spawn(process.execPath, [bin, 'worker', '--queue', url, '--root', root, '--cache', cache, '--concurrency', '1', '--quiet'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let text = '';
    w.stderr!.on('data', (d) => { text += d; if (text.includes('taking jobs')) done(w); });
    w.on('exit', (code) => reject(new Error(`worker exited ${code}: ${text}`)));
  })));
}

async function stopWorkers(ws: ChildProcess[]): Promise<void> {
  await Promise.all(ws.map((w) => new Promise<void>((done) => { w.removeAllListeners('exit'); w.once('exit', () => done()); w.kill('SIGTERM'); })));
}

/** The round trip of a job that does nothing (add, take, complete, hear of it), one at a time, ms. */
async function noopRoundTrip(url: string, n = 200): Promise<{ latency: number; throughput: number }> {
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  const name = 'lessoncast-bench-noop';
  const queue = new Queue(name, { connection: conn });
  const events = new QueueEvents(name, { connection: conn.duplicate() });
  const worker = new Worker(name, async () => ({ ok: true }), { connection: conn.duplicate({ maxRetriesPerRequest: null }), concurrency: 1 });
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  // Each job.waitUntilFinished listens on the events and on the queue: a batch of n waits at once.
  events.setMaxListeners(n + 10);
  queue.setMaxListeners(n + 10);
  let t0 = performance.now();
  for (let i = 0; i < n; i++) { const job = await queue.add('noop', { i }, { removeOnComplete: true }); await job.waitUntilFinished(events); }
  const latency = (performance.now() - t0) / n;
  t0 = performance.now();
  const all = await queue.addBulk(Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: true } })));
  await Promise.all(all.map((j) => j.waitUntilFinished(events)));
  const throughput = (performance.now() - t0) / n;
  await worker.close(); await events.close(); await queue.obliterate({ force: true }); await queue.close(); conn.disconnect();
  return { latency, throughput };
}

/** A bare screenshot of a stage page at 1080p (the page not changed between shots), ms, as the driver takes it. */
async function bareScreenshot(root: string, cache: string, slug: string, n = 30): Promise<number> {
  const course = await openCourse({ root, cache });
  const lesson = await readLesson(course, slug);
  const inputs = await videoInputs(course, lesson, { synthesize: false });
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-stage-'));
  const page = await writeStagePage(dir, { course, lesson, casts: inputs.casts }, { mode: 'video', timeline: inputs.timeline });
  const browser = await launchBrowser({ extraArgs: VIDEO_BROWSER_ARGS });
  try {
    const stage = await openStage(browser.browser, page.file, { scale: 1 });
    // The middle of the lesson: a desktop scene with a terminal and an editor.
    await stage.seek(inputs.timeline.duration / 2);
    for (let i = 0; i < 3; i++) await stage.capture();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await stage.capture();
    return (performance.now() - t0) / n;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Capture formats compared on what a viewer gets: six states of a lesson captured as JPEG q90 (what
 * the renderer uses), JPEG q100, PNG and WebP q100 (ms per screenshot), each set encoded with the
 * segments' H.264 options, decoded, and compared with the PNG screenshots (PSNR, dB, RGB).
 */
async function captureFormats(root: string, cache: string, slug: string): Promise<{ name: string; ms: number; kb: number; psnr: number }[]> {
  const course = await openCourse({ root, cache });
  const lesson = await readLesson(course, slug);
  const inputs = await videoInputs(course, lesson, { synthesize: false });
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-formats-'));
  const page = await writeStagePage(join(dir, 'stage'), { course, lesson, casts: inputs.casts }, { mode: 'video', timeline: inputs.timeline });
  const browser = await launchBrowser({ extraArgs: VIDEO_BROWSER_ARGS });
  const formats = [
    { name: 'JPEG q90', format: 'jpeg', quality: 90, ext: 'jpg' }, { name: 'JPEG q100', format: 'jpeg', quality: 100, ext: 'jpg' },
    { name: 'PNG', format: 'png', quality: undefined, ext: 'png' }, { name: 'WebP q100', format: 'webp', quality: 100, ext: 'webp' },
  ] as const;
  try {
    await openStage(browser.browser, page.file, { scale: 1 });
    const tab = (await browser.browser.pages()).find((p) => p.url().startsWith('file:'))!;
    const cdp = await tab.createCDPSession();
    const times = Array.from({ length: 6 }, (_, i) => ((i + 0.5) / 6) * inputs.timeline.duration);
    const out: { name: string; ms: number; kb: number; psnr: number }[] = [];
    const { h264Options, segmentSpec } = await import('../src/adapters/ffmpeg.ts');
    const { PassThrough } = await import('node:stream');
    // The segments' own colour conversion (JPEG: full-range BT.601 in); RGB formats come in without a range.
    const segmentVf = (() => { const o = segmentSpec(new PassThrough(), '/dev/null', { width: 1920, height: 1080, rate: 30, cfr: false, ticks: 1 }).outputOptions; return o[o.indexOf('-vf') + 1]; })();
    const { execFileSync } = await import('node:child_process');
    const h264 = h264Options({ width: 1920, height: 1080, rate: 30, cfr: false }).filter((a) => a !== '-force_key_frames' && !a.startsWith('expr:'));
    for (const f of [formats[2], formats[0], formats[1], formats[3]]) {
      let ms = 0, bytes = 0;
      for (const [i, t] of times.entries()) {
        await tab.evaluate((x) => window.lessoncastStage!.seek(x), t);
        const t0 = performance.now();
        const { data } = await cdp.send('Page.captureScreenshot', { format: f.format, quality: f.quality, optimizeForSpeed: true, captureBeyondViewport: false });
        ms += performance.now() - t0;
        const buf = Buffer.from(data, 'base64');
        bytes += buf.length;
        writeFileSync(join(dir, `${f.format}${f.quality ?? ''}-${i}.${f.ext}`), buf);
      }
      const mp4 = join(dir, `${f.format}${f.quality ?? ''}.mp4`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-framerate', '1', '-i', join(dir, `${f.format}${f.quality ?? ''}-%d.${f.ext}`),
        '-vf', f.format === 'jpeg' ? segmentVf : segmentVf.replace('in_range=full:', ''), ...h264, mp4]);
      const cmp = spawnSync('ffmpeg', ['-v', 'info', '-i', mp4, '-framerate', '1', '-i', join(dir, 'png-%d.png'), '-lavfi',
        '[0:v]scale=in_range=tv:in_color_matrix=bt709,format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr', '-f', 'null', '-'], { encoding: 'utf8' });
      const psnr = /average:([0-9.]+|inf)/.exec(cmp.stderr)?.[1] ?? 'NaN';
      out.push({ name: f.name, ms: ms / times.length, kb: bytes / times.length / 1024, psnr: psnr === 'inf' ? Infinity : Number(psnr) });
    }
    return out;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per-lesson costs from a run's jobs, and the coordinator's planning time measured here. */
async function lessonCosts(run: RunResult, root: string, cache: string): Promise<LessonCosts[]> {
  const course = await openCourse({ root, cache });
  const out: LessonCosts[] = [];
  for (const slug of course.slugs) {
    const jobs = run.jobs.filter((j) => j.slug === slug);
    const lesson = await readLesson(course, slug);
    const t0 = performance.now();
    planVideo(await videoInputs(course, lesson, { synthesize: false }));
    const plan = performance.now() - t0;
    const sum = (kind: string) => jobs.filter((j) => j.kind === kind).reduce((s, j) => s + j.ms, 0);
    out.push({ speech: sum('speech'), plan, narration: sum('narration'), shots: jobs.filter((j) => j.kind === 'shot').map((j) => j.ms), mux: sum('mux') });
  }
  return out;
}

const ok = (pass: boolean) => (pass ? '✓' : '✗');

async function main(): Promise<void> {
  console.log(`bench:scale — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average at start: ${load()}`);
  const root = makeCourse();
  const work = mkdtempSync(join(tmpdir(), 'lessoncast-bench-scale-caches-'));
  /** A run's output folder; its store is `<out>/.cache`, shared with the workers of that run. */
  const outFor = (name: string) => { const c = join(work, name); mkdirSync(c, { recursive: true }); return c; };
  const cacheOf = (name: string) => join(work, name, '.cache');
  try {
    const course = await openCourse({ root });
    console.log(`course: ${course.slugs.length} lessons (${course.slugs.join(', ')}); every build cold (empty store, speech included)`);

    const jobs1 = await runChild(root, outFor('jobs1'), 1);
    const total = jobs1.lessons.reduce((s, l) => s + l.duration, 0);
    console.log(`\nvideo in all: ${fmt(total)}`);
    console.log(`--jobs 1              ${fmt(jobs1.s).padStart(8)}  ${(jobs1.s / total).toFixed(3)} of the video's length   (${cores(jobs1)}; load ${load()})`);
    const jobs2 = await runChild(root, outFor('jobs2'), 2);
    console.log(`--jobs 2              ${fmt(jobs2.s).padStart(8)}  ${(jobs2.s / total).toFixed(3)}   speed-up ${(jobs1.s / jobs2.s).toFixed(2)}×   (${cores(jobs2)}; load ${load()})`);

    const redis = await startRedis();
    let one: RunResult, two: RunResult;
    try {
      let ws = await startWorkers(1, redis.url, root, cacheOf('redis1'));
      one = await runChild(root, outFor('redis1'), 1, redis.url);
      await stopWorkers(ws);
      console.log(`Redis, 1 worker       ${fmt(one.s).padStart(8)}  ${(one.s / total).toFixed(3)}   against --jobs 1: ${(one.s / jobs1.s).toFixed(2)}×   (${cores(one)}; load ${load()})`);
      ws = await startWorkers(2, redis.url, root, cacheOf('redis2'));
      two = await runChild(root, outFor('redis2'), 1, redis.url);
      await stopWorkers(ws);
      const workers = new Set(two.jobs.map((j) => j.worker)).size;
      console.log(`Redis, 2 workers      ${fmt(two.s).padStart(8)}  ${(two.s / total).toFixed(3)}   speed-up over 1 worker ${(one.s / two.s).toFixed(2)}×  ${ok(one.s / two.s >= 1.3)} (target ≥ 1.3×; ${workers} host name(s) among the results)   (${cores(two)}; load ${load()})`);
      // Two workers on the cores one worker already keeps busy cannot be much faster: say how busy it kept them.
      if (one.cores! > 0.75 * os.cpus().length) console.log(`  (one worker kept ${one.cores!.toFixed(2)} of ${os.cpus().length} cores busy: at most ${(os.cpus().length / one.cores!).toFixed(2)}× is left for a second worker on this machine)`);

      const jobCount = one.jobs.length;
      const rt = await noopRoundTrip(redis.url);
      console.log(`\nqueue overhead: a no-op job's round trip ${rt.latency.toFixed(1)} ms one at a time, ${rt.throughput.toFixed(2)} ms each in a batch of 200; ` +
        `1 worker against --jobs 1: ${(((one.s - jobs1.s) * 1000) / jobCount).toFixed(0)} ms per job over ${jobCount} jobs`);

      // A lesson alone, cold, with the default --jobs.
      const dflt = defaultJobs();
      const alone = await runChild(root, outFor('alone'), dflt, '', 'services-and-dns');
      const ratio = alone.s / alone.lessons[0].duration;
      console.log(`\none cold lesson (services-and-dns, ${fmt(alone.lessons[0].duration)} of video, speech included), default --jobs ${dflt}: ${fmt(alone.s)} = ${ratio.toFixed(3)} of its length  ${ok(ratio <= 0.12)} (target ≤ 0.12)`);

      const formats = await captureFormats(root, cacheOf('jobs1'), 'pod-to-pod-networking');
      console.log(`\ncapture formats (6 states of pod-to-pod-networking; PSNR of the decoded H.264 against the PNG screenshots):`);
      for (const f of formats) console.log(`  ${f.name.padEnd(10)} ${f.ms.toFixed(1).padStart(6)} ms a screenshot  ${f.kb.toFixed(0).padStart(5)} KB  → H.264 ${f.psnr.toFixed(2)} dB`);
      const bare = await bareScreenshot(root, cacheOf('jobs1'), 'pod-to-pod-networking');
      for (const [name, run] of [['--jobs 1', jobs1], ['--jobs 2', jobs2]] as const) {
        const shots = run.jobs.filter((j) => j.kind === 'shot' && j.frames);
        const frames = shots.reduce((s, j) => s + (j.frames ?? 0), 0);
        const seeks = shots.reduce((s, j) => s + (j.seeks ?? 0), 0);
        const capture = shots.reduce((s, j) => s + (j.captureMs ?? 0), 0);
        const per = capture / frames;
        console.log(`capture in ${name}: ${per.toFixed(1)} ms per frame (${frames} frames, ${seeks} seeks), a bare 1080p screenshot ${bare.toFixed(1)} ms: ${(per / bare).toFixed(2)}×  ${ok(per / bare <= 1.3)} (target ≤ 1.3×)`);
      }

      // The simulation: run 3's job costs, scaled so that one simulated worker takes run 3's wall time.
      const costs = await lessonCosts(one, root, cacheOf('redis1'));
      const raw1 = simulateSchedule(costs, 1, rt.latency).makespan;
      const f = (one.s * 1000) / raw1;
      const scaled = costs.map((c) => ({ ...c, speech: c.speech * f, narration: c.narration * f, mux: c.mux * f, shots: c.shots.map((s) => s * f) }));
      const sim2 = simulateSchedule(scaled, 2, rt.latency).makespan / 1000;
      console.log(`\nsimulation: ${jobCount} jobs of run 3 (costs × ${f.toFixed(2)}: a worker runs 2 jobs at once), plan ${(costs.reduce((s, c) => s + c.plan, 0) / costs.length).toFixed(0)} ms per lesson on the coordinator, ${rt.latency.toFixed(1)} ms queue time per job`);
      console.log(`  check: 6 lessons on 2 workers simulated ${fmt(sim2)}, measured ${fmt(two.s)}`);
      const hundred = Array.from({ length: 100 }, (_, i) => scaled[i % scaled.length]);
      const base = simulateSchedule(hundred, 1, rt.latency).makespan;
      for (const n of [1, 10, 50]) {
        const m = simulateSchedule(hundred, n, rt.latency).makespan;
        const speedup = base / m;
        console.log(`  100 lessons on ${String(n).padStart(2)} worker(s): makespan ${fmt(m / 1000).padStart(9)}  speed-up ${speedup.toFixed(1)}×${n === 10 ? `  ${ok(speedup >= 8)} (target ≥ 0.8·N = 8)` : ''}`);
      }
    } finally {
      redis.stop();
    }
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
