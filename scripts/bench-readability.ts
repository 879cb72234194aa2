/**
 * Readable on a phone (issue 19; `npm run bench` runs it after the video benchmark, `npm run
 * bench:readability` alone): for the longer seed lesson (services-and-dns) and the benchmark's own
 * lesson with a desktop scene and recorded casts (tests/fixtures/readability-course,
 * clusterip-services), in 16:9 rendered at 640×360 and 9:16 rendered at 360×640, with the camera
 * and without it:
 *   - the share of command cues whose command line is at least 11 px high at its cue's end and whole
 *     in view (the camera's model, src/camera/frame-camera.ts `commandReadability`);
 *   - the share that tesseract reads back (at least 90 % of the command's characters): the stage
 *     page in video mode drawn at the rendering's size (the video's own frames, before H.264), sought
 *     to each command cue's end, captured as the video captures (JPEG q90), given to tesseract as it
 *     is and upscaled ×3 (Lanczos) and inverted (dark text on light, as tesseract prefers) — the
 *     pixels are the small frame's either way.
 * Real festival speech (cached), Chromium, tesseract (`tesseract-ocr`, scripts/setup.sh).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../src/adapters/browser.ts';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { openStage } from '../src/render/video/stage-driver.ts';
import { timelineFor } from '../src/schedule/timeline-for.ts';
import { cameraTimeline } from '../src/stage/lesson-camera.ts';
import { SHAPE_SIZES, type StageShape } from '../src/stage/stage-shape.ts';
import { writeStagePage } from '../src/stage/write-stage.ts';

const repo = resolve(import.meta.dirname, '..');

/** The renderings measured: a 16:9 video at 640×360, a 9:16 video at 360×640. */
const RENDERINGS: { name: string; shape: StageShape; width: number; height: number }[] = [
  { name: '16:9 at 640×360', shape: 'landscape', width: 640, height: 360 },
  { name: '9:16 at 360×640', shape: 'portrait', width: 360, height: 640 },
];

/** How much of `want` a text holds: 1 − the edit distance of its closest substring (semi-global alignment) over `want`'s length. */
export function charactersRead(want: string, text: string): number {
  const a = want.replace(/\s+/g, ' ').trim(), b = text.replace(/\s+/g, ' ');
  if (!a.length) return 1;
  // Sellers' algorithm: the substring of b may start and end anywhere.
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.max(0, 1 - Math.min(...prev) / a.length);
}

/** tesseract's reading of a picture, in its own page segmentation (psm 3: on these frames psm 6 misread the last command line of clear pictures). */
function ocr(png: string): string {
  return execFileSync('tesseract', [png, 'stdout', '-l', 'eng'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** One lesson in one rendering, with the camera on or off. */
export interface ReadabilityRow { lesson: string; rendering: string; camera: 'auto' | 'off'; commands: number; tall: number; read: number; readUpscaled: number; lines: number[] }

/** Measures a lesson (its course at `root`) in every rendering, with and without the camera; frames go under `work`. */
export async function measureLesson(root: string, slug: string, work: string, log: (s: string) => void = () => {}): Promise<ReadabilityRow[]> {
  const course = await openCourse({ root });
  const lesson = await readLesson(course, slug);
  const { timeline: scheduled, casts } = await timelineFor(course, lesson);
  const session = await launchBrowser({ configured: course.config.browser });
  const rows: ReadabilityRow[] = [];
  try {
    for (const r of RENDERINGS)
      for (const camera of ['auto', 'off'] as const) {
        const design = SHAPE_SIZES[r.shape];
        course.config = { ...course.config, video: { ...course.config.video, width: r.width, height: r.height }, camera };
        const { timeline, readability } = await cameraTimeline({ course, lesson, casts }, scheduled, { shape: r.shape });
        const dir = join(work, `${slug}-${r.shape}-${camera}`);
        await writeStagePage(join(dir, 'stage'), { course, lesson, casts }, { mode: 'video', timeline });
        const stage = await openStage(session.browser, join(dir, 'stage', 'index.html'), { scale: r.width / design.width });
        let read = 0, readUp = 0;
        const commands = timeline.cues.filter((c) => c.type === 'command');
        for (const [k, cue] of commands.entries()) {
          await stage.seek(cue.end);
          const jpg = join(dir, `cmd-${k + 1}.jpg`);
          writeFileSync(jpg, await stage.capture());
          const plain = join(dir, `cmd-${k + 1}.png`), big = join(dir, `cmd-${k + 1}-x3.png`);
          execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', jpg, plain]);
          execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', jpg, '-vf', 'scale=iw*3:ih*3:flags=lanczos,format=gray,negate', big]);
          const want = `$ ${cue.text ?? ''}`;
          const a = charactersRead(want, ocr(plain)), b = charactersRead(want, ocr(big));
          if (a >= 0.9) read++;
          if (b >= 0.9) readUp++;
          log(`  ${slug} ${r.name} camera ${camera}: ${want} — ${(a * 100).toFixed(0)} % / ×3 ${(b * 100).toFixed(0)} %`);
        }
        await stage.close();
        rows.push({
          lesson: slug, rendering: r.name, camera, commands: commands.length,
          tall: readability.filter((x) => x.linePx >= 11 && x.inFrame).length, read, readUpscaled: readUp,
          lines: readability.map((x) => Math.round(x.linePx * 10) / 10),
        });
      }
  } finally {
    await session.close();
  }
  return rows;
}

/** The table of the results, one line per lesson, rendering and camera. */
export function readabilityTable(rows: ReadabilityRow[]): string[] {
  const pct = (n: number, of: number) => `${n}/${of} (${Math.round((100 * n) / of)} %)`;
  const out = ['| lesson | rendering | camera | line ≥ 11 px, whole in view | tesseract reads ≥ 90 % (frame as is) | tesseract reads ≥ 90 % (×3, inverted) | line heights at 360 px (px) |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.lesson} | ${r.rendering} | ${r.camera} | ${pct(r.tall, r.commands)} | ${pct(r.read, r.commands)} | ${pct(r.readUpscaled, r.commands)} | ${r.lines.join(', ')} |`);
  return out;
}

/** Copies a course's sources (and its cached speech) to a temp folder. */
export function copyCourse(from: string, names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-readability-'));
  for (const name of names) if (existsSync(join(from, name))) cpSync(join(from, name), join(dir, name), { recursive: true });
  const speech = join(from, 'build', '.cache', 'speech');
  if (existsSync(speech)) cpSync(speech, join(dir, 'build', '.cache', 'speech'), { recursive: true });
  return dir;
}

/** The benchmark's lessons measured, as table lines; `seedRoot`: a copy of the sample course to use (else one is made). */
export async function benchReadability(opts: { seedRoot?: string; log?: (s: string) => void } = {}): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'lessoncast-readability-frames-'));
  const seed = opts.seedRoot ?? copyCourse(repo, ['transcripts', 'slides', 'recordings', 'configs', 'lexicon.yml', 'lessoncast.config.ts']);
  const own = copyCourse(join(repo, 'tests', 'fixtures', 'readability-course'), ['transcripts', 'slides', 'recordings', 'configs', 'lessoncast.config.mjs']);
  try {
    const rows = [...await measureLesson(seed, 'services-and-dns', work, opts.log), ...await measureLesson(own, 'clusterip-services', work, opts.log)];
    return readabilityTable(rows);
  } finally {
    if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
    else opts.log?.(`frames kept in ${work}`);
    if (!opts.seedRoot) rmSync(seed, { recursive: true, force: true });
    rmSync(own, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(join(repo, 'build'), { recursive: true });
  const lines = await benchReadability({ log: (s) => process.stderr.write(s + '\n') });
  process.stdout.write(`lessoncast readability benchmark (${new Date().toISOString()})\n${lines.join('\n')}\n`);
}
