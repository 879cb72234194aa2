/**
 * The video shows what `code <path>:<from>-<to>` names: frames of a real video (buildVideo: espeak-ng,
 * Chromium, ffmpeg) of a tiny lesson that opens a 70-line file at lines 40-43, then at line 5.
 * Where the stage (in Chromium, at the same time) has lines 40-43 marked and in view, the frame has
 * the mark, and the editor in the frame is the stage's editor.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { frameAtArgs, meanDiff } from '../video/probe.ts';
import { LONG_FILE } from './editor-fixture.ts';

const SCRIPT = `---
title: Lines
---
## vscode

Here is the long file.

\`\`\`bash
code configs/long.yml:40-43
\`\`\`

These four lines are the service we want to look at.

\`\`\`bash
code configs/long.yml:5
\`\`\`

And this is where it starts.
`;

type Rect = { x: number; y: number; w: number; h: number };
type Stage = { ready: Promise<void>; seek(t: number): Promise<boolean> };

const root = mkdtempSync(join(tmpdir(), 'lessoncast-editor-video-'));
let session: BrowserSession;
let timeline: Timeline;
let file: string;

/** The frame of the video on screen at t, cropped to `r`, as gray bytes (a player's picture, compression and all). */
function frameCrop(t: number, r: Rect): Buffer {
  return execFileSync('ffmpeg', [...frameAtArgs(file, t, `crop=${r.w}:${r.h}:${r.x}:${r.y},format=gray`), '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}
function imageCrop(png: string, r: Rect): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', png, '-vf', `crop=${r.w}:${r.h}:${r.x}:${r.y},format=gray`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}
/** Mean gray level of a strip of a crop: rows [y0, y1) of a `w`-wide image. */
function stripMean(img: Buffer, w: number, y0: number, y1: number, x0 = 0, x1 = w): number {
  let s = 0, n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { s += img[y * w + x]; n++; }
  return s / n;
}

beforeAll(async () => {
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'configs'));
  writeFileSync(join(root, 'transcripts', 'lines.md'), SCRIPT);
  writeFileSync(join(root, 'configs', 'long.yml'), LONG_FILE);
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' } };\n");
  const course = await openCourse({ root });
  const lesson = await readLesson(course, 'lines');
  const built = await buildVideo(course, lesson, {});
  timeline = built.timeline;
  file = built.file;
  session = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('frames of the video', () => {
  it('show lines 40-43 of the 70-line file, marked, after `code configs/long.yml:40-43`; then line 5 after `code ...:5`', async () => {
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'lines');
    const { lessonCasts } = await import('../../src/casts/lesson-casts.ts');
    const dir = join(root, 'stage-check');
    await writeStagePage(dir, { course, lesson, casts: await lessonCasts(course, lesson) }, { mode: 'video', timeline });
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.evaluate(() => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.ready);

    const opens = timeline.cues.filter((c) => c.type === 'direction' && c.action === 'open-file');
    expect(opens.map((c) => c.lines), JSON.stringify(timeline.cues.map((c) => [c.id, c.start, c.end]))).toEqual([[40, 43], [5, 5]]);
    const shots: Buffer[] = [];
    for (const [k, range] of ([[40, 43], [5, 5]] as const).entries()) {
      // Half a second into the hold: a held frame in the variable-rate video.
      const t = Math.round((opens[k].start + 0.5) * 1000) / 1000;
      await page.evaluate((t) => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.seek(t), t);
      const dom = await page.evaluate(() => {
        const f = document.querySelector('section.lc-current .lc-file.lc-active')!;
        const pane = f.querySelector('.lc-scroll')!.getBoundingClientRect();
        const rows = Array.from(f.querySelectorAll('.lc-line')).map((r) => {
          const b = r.getBoundingClientRect();
          return { n: Number(r.querySelector('.lc-ln')!.textContent), top: b.top, bottom: b.bottom, marked: r.classList.contains('lc-mark') };
        });
        return { pane: { x: Math.round(pane.left), y: Math.round(pane.top), w: Math.round(pane.width), h: Math.round(pane.height) }, rows };
      });
      const visible = dom.rows.filter((r) => r.top >= dom.pane.y - 1 && r.bottom <= dom.pane.y + dom.pane.h + 1);
      expect(visible.filter((r) => r.marked).map((r) => r.n)).toEqual(range[0] === range[1] ? [range[0]] : [40, 41, 42, 43]);
      if (range[0] === 40) expect(visible.map((r) => r.n)).not.toContain(1);
      else expect(visible.map((r) => r.n)).not.toContain(40);

      // The editor pane of the frame is the stage's editor pane at t (same lines, same scroll, same marks),
      // as much of it as the camera shows.
      const x = Math.max(0, dom.pane.x), y = Math.max(0, dom.pane.y);
      const pane: Rect = { x, y, w: Math.min(1920, dom.pane.x + dom.pane.w - 20) - x, h: Math.min(1080, dom.pane.y + dom.pane.h) - y };
      const png = join(root, `stage-${k}.png`);
      await page.screenshot({ path: png, type: 'png' });
      const frame = frameCrop(t, pane);
      const stage = imageCrop(png, pane);
      expect(meanDiff(frame, stage)).toBeLessThan(4);
      // Whole frames: the camera may frame the two steps differently.
      shots.push(frameCrop(t, { x: 0, y: 0, w: 1920, h: 1080 }));

      // In the frame, the marked rows stand out from the rows around them: the mark is on screen.
      const rowOf = (n: number) => visible.find((r) => r.n === n)!;
      const inPane = (r: { top: number; bottom: number }) => [Math.round(r.top - pane.y) + 3, Math.round(r.bottom - pane.y) - 3] as const;
      const [m0, m1] = inPane(rowOf(range[0]));
      const plain = visible.find((r) => !r.marked && Math.abs(r.n - range[0]) > 2)!;
      const [p0, p1] = inPane(plain);
      // Right of the text (lines are short): the rows' background.
      const x0 = Math.round(pane.w * 0.6), x1 = pane.w - 10;
      expect(stripMean(frame, pane.w, m0, m1, x0, x1) - stripMean(frame, pane.w, p0, p1, x0, x1)).toBeGreaterThan(8);
    }
    // The second `code` scrolled the file: the pictures differ.
    expect(meanDiff(shots[0], shots[1])).toBeGreaterThan(2);
    await page.close();
  }, 120_000);
});
