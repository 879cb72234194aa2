/**
 * `npm run bench`: the video benchmark of issues 6 and 10, in one run on a temp copy of the sample course.
 * The longer seed lesson is built cold in the default mode (a frame per change) and in
 * `--capture every-frame` mode (a screenshot every 1/30 s, like frame-by-frame renderers), then
 * warm with nothing changed, then after one narration sentence is edited. Prints durations, wall
 * times, ratios and the peak memory of each build's process tree (node + Chromium + ffmpeg); each
 * build runs in a fresh child process, so one build's memory does not inflate the next.
 *
 * "Cold" means an empty video cache (no segments, no narration track, no output). The speech cache
 * is copied from `build/.cache/speech` when present (speech synthesis is the narration benchmark's
 * subject); the time to synthesize what is missing is printed on its own line.
 *
 * Then the conformance line of the cold video (profile, level, nominal and average frame rate, audio
 * rate, loudness, true peak: tests/video/conformance.ts), and, on the tiny course of the
 * incremental-equals-cold property test, how many shots each kind of edit re-renders.
 *
 * The camera is on (the default) in every build. Last, readability on a phone (scripts/bench-readability.ts):
 * for services-and-dns and the benchmark's own lesson, the share of command cues whose line is 11 px
 * high or more at 640×360 (16:9) and 360×640 (9:16), and the share tesseract reads back.
 * `--skip-readability` leaves it out.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { buildVideo } from '../src/render/video/build-video.ts';
import { timelineFor } from '../src/schedule/timeline-for.ts';
import { lessonNarration } from '../src/types.ts';
import { conformance, conformanceLine } from '../tests/video/conformance.ts';
import { EDITS, makeIncrementalCourse } from '../tests/video/incremental-course.ts';
import { benchReadability } from './bench-readability.ts';

const repo = resolve(import.meta.dirname, '..');
const everyFrame = !process.argv.includes('--skip-every-frame');
const readability = !process.argv.includes('--skip-readability');

/** Sums the memory of a build process and all its descendants (Chromium, ffmpeg), sampled every 100 ms. */
function memorySampler(rootPid: () => number) {
  const kb = (pid: number) => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { return 0; } };
  // PSS shares each page among the processes that map it: Chromium's processes share a lot, so the
  // RSS sum counts the same memory several times; PSS sums to what the tree really uses.
  const pss = (pid: number) => { try { return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0); } catch { return 0; } };
  const tree = (): number[] => {
    const children = new Map<number, number[]>();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (!children.has(ppid)) children.set(ppid, []);
        children.get(ppid)!.push(Number(d));
      } catch { /* gone */ }
    }
    const out: number[] = [];
    const walk = (p: number) => { out.push(p); for (const c of children.get(p) ?? []) walk(c); };
    walk(rootPid());
    return out;
  };
  let peak = 0, peakPss = 0;
  const sample = () => {
    const pids = tree();
    peak = Math.max(peak, pids.reduce((s, p) => s + kb(p), 0));
    peakPss = Math.max(peakPss, pids.reduce((s, p) => s + pss(p), 0));
  };
  const timer = setInterval(sample, 100);
  return { reset() { peak = 0; peakPss = 0; sample(); }, peakMb() { sample(); return { rss: peak / 1024, pss: peakPss / 1024 }; }, stop() { clearInterval(timer); } };
}

function copyCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-video-'));
  for (const name of ['transcripts', 'slides', 'recordings', 'configs', 'lexicon.yml', 'lessoncast.config.ts', 'lessoncast.config.mjs', 'lessoncast.config.js'])
    if (existsSync(join(repo, name))) cpSync(join(repo, name), join(dir, name), { recursive: true });
  const speech = join(repo, 'build', '.cache', 'speech');
  if (existsSync(speech)) for (const out of ['build', 'build-every', 'build-nocam']) cpSync(speech, join(dir, out, '.cache', 'speech'), { recursive: true });
  return dir;
}

async function timed<T>(mem: ReturnType<typeof memorySampler>, fn: () => Promise<T>): Promise<{ value: T; s: number; mb: { rss: number; pss: number } }> {
  mem.reset();
  const t0 = performance.now();
  const value = await fn();
  return { value, s: (performance.now() - t0) / 1000, mb: mem.peakMb() };
}

/** A build in a child process: its own wall time, and the peak memory of its process tree. */
async function timedBuild(mem: ReturnType<typeof memorySampler>, root: string, out: string, slug: string, capture: 'changes' | 'every-frame', camera: 'auto' | 'off' = 'auto') {
  mem.reset();
  const r = await buildInChild(root, out, slug, capture, camera);
  return { value: r, s: r.s, mb: mem.peakMb() };
}

/** Child mode: one build in a fresh process (so each build's memory is its own), result as JSON on stdout. */
if (process.argv[2] === '--child') {
  const [, , , root, out, slug, capture, camera] = process.argv;
  const c = await openCourse({ root, out });
  // The camera's cost: the same build with the automatic camera off (docs/stage.md, "The camera").
  if (camera === 'off') c.config = { ...c.config, camera: 'off' };
  const lesson = await readLesson(c, slug);
  const t0 = performance.now();
  const r = await buildVideo(c, lesson, { capture: capture as 'changes' | 'every-frame' });
  // CPU seconds of this process and of every child it waited for (ffmpeg, Chromium and its own children):
  // unlike wall time, hardly moved by other work on the machine.
  const f = readFileSync('/proc/self/stat', 'utf8').slice(readFileSync('/proc/self/stat', 'utf8').lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  process.stdout.write(JSON.stringify({ s: (performance.now() - t0) / 1000, cpu, duration: r.duration, file: r.file, stats: r.stats }) + '\n');
  process.exit(0);
}

type ChildResult = { s: number; cpu: number; duration: number; file: string; stats: Awaited<ReturnType<typeof buildVideo>>['stats'] };
let childPid = process.pid;

/** Runs one build in a child process; wall time is the build's own (without node's start-up). */
function buildInChild(root: string, out: string, slug: string, capture: 'changes' | 'every-frame', camera: 'auto' | 'off' = 'auto'): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, out, slug, capture, camera], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    childPid = child.pid!;
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.on('exit', (code) => {
      childPid = process.pid;
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolvePromise(JSON.parse(line)); else reject(new Error(`build failed (exit ${code}): ${stdout}`));
    });
  });
}

const root = copyCourse();
const mem = memorySampler(() => childPid);
try {
  const course = await openCourse({ root });
  // Speech first (and which seed is longer): synthesizes only what the copied cache lacks.
  const prep = await timed(mem, async () => {
    const lengths: { slug: string; duration: number }[] = [];
    for (const slug of course.slugs) lengths.push({ slug, duration: (await timelineFor(course, await readLesson(course, slug))).timeline.duration });
    return lengths.sort((a, b) => b.duration - a.duration);
  });
  const slug = prep.value[0].slug;
  process.stderr.write(`bench: longer seed ${slug} (${prep.value.map((l) => `${l.slug} ${l.duration.toFixed(1)} s`).join(', ')}); speech ready in ${prep.s.toFixed(1)} s\n`);
  if (everyFrame) {
    const c = await openCourse({ root, out: 'build-every' });
    await timelineFor(c, await readLesson(c, slug));
  }

  process.stderr.write('bench: cold, default (a frame per change)\n');
  const cold = await timedBuild(mem, root, 'build', slug, 'changes');
  process.stderr.write('bench: cold, default, camera off\n');
  const noCamera = await timedBuild(mem, root, 'build-nocam', slug, 'changes', 'off');
  let every: Awaited<ReturnType<typeof timedBuild>> | null = null;
  if (everyFrame) {
    process.stderr.write('bench: cold, --capture every-frame (a screenshot every 1/30 s)\n');
    every = await timedBuild(mem, root, 'build-every', slug, 'every-frame');
  }
  process.stderr.write('bench: warm, nothing changed\n');
  const warm = await timedBuild(mem, root, 'build', slug, 'changes');

  // Edit one sentence in the middle of the lesson (a copy: transcripts/ in the repo is never touched).
  const lesson = await readLesson(course, slug);
  const paragraphs = lessonNarration(lesson);
  const sentence = paragraphs[Math.floor(paragraphs.length / 2)].sentences[0].text;
  const file = join(root, 'transcripts', `${slug}.md`);
  const src = readFileSync(file, 'utf8');
  if (!src.includes(sentence)) throw new Error(`cannot find the sentence to edit: ${sentence}`);
  const edited = sentence.replace(/([.!?:]?)$/, ', as you will see in a moment$1');
  writeFileSync(file, src.replace(sentence, edited));
  process.stderr.write(`bench: after editing "${sentence}"\n`);
  const edit = await timedBuild(mem, root, 'build', slug, 'changes');

  // The conformance of what a publisher gets: the last build's file (the edited lesson, same settings as cold).
  const conform = conformance(edit.value.file);

  // Shots each kind of edit re-renders, on the property test's tiny course (in its order of EDITS).
  process.stderr.write('bench: each kind of edit on the tiny course of the property test\n');
  const tiny = makeIncrementalCourse();
  const perEdit: string[] = [];
  try {
    const first = await buildInChild(tiny, 'build', 'tiny', 'changes');
    perEdit.push(`cold ${first.stats.rendered}/${first.stats.shots}`);
    for (const e of EDITS) {
      e.apply(tiny);
      const r = await buildInChild(tiny, 'build', 'tiny', 'changes');
      perEdit.push(`${e.kind} ${r.stats.rendered}/${r.stats.shots}`);
    }
  } finally {
    rmSync(tiny, { recursive: true, force: true });
  }

  const runs = [cold, ...(every ? [every] : []), warm, edit];
  const names = ['cold', ...(every ? ['every-frame'] : []), 'warm', 'edit'];
  const own = [cold, warm, edit];
  const row = (label: string, value: string) => `  ${label.padEnd(44)} ${value}`;
  const dur = cold.value.duration;
  const lines = [
    `lessoncast video benchmark — ${slug}, ${dur.toFixed(1)} s of video, 1920×1080 (${new Date().toISOString()})`,
    row('video duration', `${dur.toFixed(2)} s (${cold.value.stats.shots} shots)`),
    row('cold, default (frame per change)', `${cold.s.toFixed(2)} s  (${cold.value.stats.frames} frames from ${cold.value.stats.seeks} seeks; ${cold.value.cpu.toFixed(1)} s of CPU)`),
    row('cold, default, camera off', `${noCamera.s.toFixed(2)} s  (${noCamera.value.stats.frames} frames from ${noCamera.value.stats.seeks} seeks; ${noCamera.value.cpu.toFixed(1)} s of CPU): the camera costs ${cold.value.stats.frames - noCamera.value.stats.frames} frames`),
    row('machine load average (1 min) at the end', os.loadavg()[0].toFixed(2)),
    ...(every ? [row('cold, --capture every-frame (30 fps)', `${every.s.toFixed(2)} s  (${every.value.stats.frames} frames)`),
      row('ratio every-frame / default (camera on)', `${(every.s / cold.s).toFixed(1)}×   (target ≥ 15×)`),
      row('ratio in CPU time (process trees)', `${(every.value.cpu / cold.value.cpu).toFixed(1)}×   (${every.value.cpu.toFixed(1)} s / ${cold.value.cpu.toFixed(1)} s of CPU)`)] : []),
    row('cold / video duration', `${(cold.s / dur).toFixed(3)}   (target < 0.15)`),
    row('warm, nothing changed', `${warm.s.toFixed(3)} s   (target < 1 s)`),
    row('after editing one sentence', `${edit.s.toFixed(2)} s = ${((edit.s / cold.s) * 100).toFixed(1)}% of cold (target < 20%); ${edit.value.stats.rendered} of ${edit.value.stats.shots} shots re-rendered`),
    // The target is lessoncast's own (default mode); the every-frame baseline is shown beside it.
    row('peak memory, default mode, PSS sum', `${Math.max(...own.map((r) => r.mb.pss)).toFixed(0)} MB  (target < 1536; ${runs.map((r, i) => `${names[i]} ${r.mb.pss.toFixed(0)}`).join(', ')})`),
    row('peak memory, default mode, RSS sum', `${Math.max(...own.map((r) => r.mb.rss)).toFixed(0)} MB  (target < 1536; counts shared pages once per process; ${runs.map((r, i) => `${names[i]} ${r.mb.rss.toFixed(0)}`).join(', ')})`),
    row('speech synthesized before (not in cold)', `${prep.s.toFixed(2)} s`),
    row('cold phases (ms)', JSON.stringify(cold.value.stats.timings)),
    ...(every ? [row('every-frame phases (ms)', JSON.stringify(every.value.stats.timings))] : []),
    row('edit phases (ms)', JSON.stringify(edit.value.stats.timings)),
    row('conformance (the edited build)', conformanceLine(conform)),
    row('shots re-rendered per kind of edit', perEdit.join('; ')),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (readability) {
    process.stderr.write('bench: readability on a phone (camera on and off, tesseract)\n');
    const table = await benchReadability({ seedRoot: root, log: (l) => process.stderr.write(l + '\n') });
    process.stdout.write(`readability at each command cue's end (${os.loadavg()[0].toFixed(2)} load average):\n${table.join('\n')}\n`);
  }
} finally {
  mem.stop();
  rmSync(root, { recursive: true, force: true });
}
