/**
 * The camera in real videos, as pixels: the camera course built at 640×360 and at 360×640
 * (espeak-ng, Chromium, ffmpeg). At a command's end the text lines in the frame are 11 px apart or
 * more, as the model says; the 9:16 video is the stage laid out tall (its title bar on top, its
 * status bar at the bottom: no letterbox of a 16:9 picture); a highlight is yellow in the frame.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPool } from '../video/test-pool.ts';
import type { StagePool } from '../../src/render/video/stage-pool.ts';
import { cameraAt } from '../../src/camera/frame-camera.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo, type VideoResult } from '../../src/render/video/build-video.ts';
import { lessonCamera } from '../../src/stage/lesson-camera.ts';
import { SHAPE_SIZES } from '../../src/stage/stage-shape.ts';
import { frameAtArgs } from '../video/probe.ts';
import { makeCameraCourse } from './camera-course.ts';

const SIZES = { wide: { width: 640, height: 360, shape: 'landscape' }, tall: { width: 360, height: 640, shape: 'portrait' } } as const;
let pool: StagePool;
const built: Record<string, { root: string; video: VideoResult; geometry: Awaited<ReturnType<typeof lessonCamera>>['geometry'] }> = {};

beforeAll(async () => {
  pool = testPool();
  for (const [name, size] of Object.entries(SIZES)) {
    const root = makeCameraCourse({ width: size.width, height: size.height });
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'camera');
    const video = await buildVideo(course, lesson, { pool });
    const { geometry } = await lessonCamera({ course, lesson, casts: await lessonCasts(course, lesson) }, video.timeline);
    built[name] = { root, video, geometry };
  }
}, 300_000);
afterAll(async () => { await pool?.close(); for (const b of Object.values(built)) if (!process.env.KEEP) rmSync(b.root, { recursive: true, force: true }); });

/** The frame on screen at t as RGB bytes. */
function rgbFrame(file: string, t: number): Buffer {
  return execFileSync('ffmpeg', [...frameAtArgs(file, t, 'format=rgb24'), '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}

/** Mean luma of rows [y0, y1) of an RGB frame `w` wide. */
function rowsLuma(img: Buffer, w: number, y0: number, y1: number): number {
  let s = 0;
  for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) { const i = (y * w + x) * 3; s += 0.2126 * img[i] + 0.7152 * img[i + 1] + 0.0722 * img[i + 2]; }
  return s / ((y1 - y0) * w);
}

/** The first row of each band of rows holding light text pixels, in the box [x0, x1) × [y0, y1). */
function textBands(img: Buffer, w: number, x0: number, x1: number, y0: number, y1: number): number[] {
  const lit: boolean[] = [];
  for (let y = y0; y < y1; y++) {
    let n = 0;
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) { const i = (y * w + x) * 3; if (img[i] + img[i + 1] + img[i + 2] > 3 * 110) n++; }
    lit.push(n >= 2);
  }
  // A band is 3 lit rows or more (a line's letters); a lone row is a descender or a cursor edge.
  const starts: number[] = [];
  lit.forEach((on, k) => { if (on && !lit[k - 1] && lit[k + 1] && lit[k + 2]) starts.push(y0 + k); });
  return starts;
}

describe('camera videos', () => {
  for (const name of ['wide', 'tall'] as const)
    it(`at a command's end its lines are 11 px apart or more in the ${SIZES[name].width}×${SIZES[name].height} frame, as the model says`, () => {
      const { video, geometry } = built[name];
      const size = SIZES[name];
      const stage = SHAPE_SIZES[size.shape];
      const cue = video.timeline.cues.filter((c) => c.type === 'command')[1];
      const t = cue.end + 0.1;
      const rect = cameraAt(video.timeline.cues.filter((c) => c.type === 'camera'), t, stage);
      const g = geometry[0].terminal!.grid;
      const step = geometry[0].steps.find((s) => s.kind === 'terminal' && s.commandId === cue.ref)!;
      if (step.kind !== 'terminal') throw new Error('no step');
      const px = size.width / rect.w;
      const model = g.lineH * px;
      // The command's row and the two output rows below it, where the camera puts them in the frame.
      const y0 = Math.floor((g.y + step.commandRows![0] * g.lineH - rect.y) * px), y1 = Math.ceil((g.y + (step.commandRows![0] + 3) * g.lineH - rect.y) * px);
      const x0 = Math.floor((g.x - rect.x) * px), x1 = Math.ceil((g.x + 40 * g.charW - rect.x) * px);
      const img = rgbFrame(video.file, t);
      const bands = textBands(img, size.width, x0, x1, Math.max(0, y0 + 1), Math.min(size.height, y1 + 2));
      expect(bands.length, `text lines found at ${bands}`).toBeGreaterThanOrEqual(3);
      const pitches = bands.slice(1).map((b, i) => b - bands[i]);
      for (const p of pitches.slice(0, 2)) {
        expect(p).toBeGreaterThanOrEqual(11);
        expect(Math.abs(p - model)).toBeLessThanOrEqual(1.5);
      }
      process.stderr.write(`${name}: lines ${pitches.join(', ')} px apart (model ${model.toFixed(2)} px)\n`);
    });

  it('the 9:16 video is the stage laid out tall, not a 16:9 picture letterboxed', () => {
    const { video } = built.tall;
    const img = rgbFrame(video.file, 0.4);
    // Title bar (#323233) across the top, status bar (#007acc) across the bottom: no black bands.
    expect(rowsLuma(img, 360, 0, 10)).toBeGreaterThan(35);
    expect(rowsLuma(img, 360, 631, 640)).toBeGreaterThan(70);
    // The editor pane (upper) and the terminal panel's header (lower) each span the width.
    expect(rowsLuma(img, 360, 300, 310)).toBeGreaterThan(15);
  });

  it('a highlight is drawn where the narration says its word', () => {
    for (const name of ['wide', 'tall'] as const) {
      const { video } = built[name];
      const size = SIZES[name];
      const h = video.timeline.cues.find((c) => c.type === 'highlight' && c.text === '80/TCP')!;
      const yellow = (t: number) => {
        const img = rgbFrame(video.file, t);
        let n = 0;
        for (let i = 0; i < img.length; i += 3) if (img[i] > 200 && img[i + 1] > 160 && img[i + 2] < 120) n++;
        return n;
      };
      expect(yellow(h.start + 0.2), `${name} (${size.width}×${size.height})`).toBeGreaterThan(yellow(h.start - 1.2) + 20);
    }
  });
});
