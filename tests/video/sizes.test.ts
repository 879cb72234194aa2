/**
 * Any size: a 3-second lesson built at 1920×1080, 1280×720 and 2560×1440 (config video.width and
 * video.height). Each frame is the 1080p picture at that size (SSIM against the 1080p frame
 * scaled), not a corner of it; the 1440p text is sharper than the 1080p frame scaled up (the page
 * is drawn at the device scale factor, not upscaled); level and poster follow the size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { testPool } from './test-pool.ts';
import type { StagePool } from '../../src/render/video/stage-pool.ts';
import { buildVideo, type VideoResult } from '../../src/render/video/build-video.ts';
import { conformance } from './conformance.ts';
import { frameAtArgs, probe } from './probe.ts';

const SCRIPT = `---
title: Sizes
---
## slide

Small text, big text.

## terminal

\`\`\`bash
$ kubectl get pods -o wide
NAME        READY   STATUS    RESTARTS   AGE   IP
pod-httpd   1/1     Running   0          42s   172.17.0.3
\`\`\`
`;

const SIZES = { p1080: [1920, 1080], p720: [1280, 720], p1440: [2560, 1440] } as const;
let base: string;
let pool: StagePool;
const built: Record<string, VideoResult> = {};

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'lessoncast-sizes-'));
  const first = join(base, 'p1080');
  for (const d of ['transcripts', 'slides']) mkdirSync(join(first, d), { recursive: true });
  writeFileSync(join(first, 'transcripts', 'sizes.md'), SCRIPT);
  writeFileSync(join(first, 'slides', 'sizes.md'), '# Any size\n\nThe same picture at every size, with sharp text.\n');
  pool = testPool();
  for (const [name, [w, h]] of Object.entries(SIZES)) {
    const root = join(base, name);
    if (name !== 'p1080') cpSync(first, root, { recursive: true, filter: (s) => !s.includes(`${first}/build`) });
    writeFileSync(join(root, 'lessoncast.config.ts'), `export default ${JSON.stringify({ voice: { engine: 'espeak-ng' }, video: { width: w, height: h } })};\n`);
    // Speech is the same at every size: the first build's store serves the others.
    if (name !== 'p1080') cpSync(join(first, 'build', '.cache', 'speech'), join(root, 'build', '.cache', 'speech'), { recursive: true });
    const course = await openCourse({ root });
    built[name] = await buildVideo(course, await readLesson(course, 'sizes'), { pool });
  }
}, 300_000);
afterAll(async () => { await pool?.close(); if (base && !process.env.KEEP) rmSync(base, { recursive: true, force: true }); });

/** The frame on screen at t as a PNG. */
function frame(file: string, t: number, out: string): string {
  execFileSync('ffmpeg', [...frameAtArgs(file, t, 'null'), '-y', out]);
  return out;
}

/** SSIM ("All") of `a` against `b` scaled to a's size. */
function ssim(a: string, b: string, w: number, h: number): number {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-i', a, '-i', b, '-lavfi', `[1]scale=${w}:${h}:flags=bicubic[r];[0][r]ssim`, '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/All:([\d.]+)/.exec(r.stderr)?.[1]);
}

/** Mean squared horizontal gradient of a frame's luma, scaled to w×h: a sharp edge puts its step in one pixel, a blurred one spreads it. */
function detail(png: string, w: number, h: number): number {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', png, '-vf', `scale=${w}:${h}:flags=bicubic,format=gray`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 26 });
  let s = 0;
  for (let y = 0; y < h; y++) for (let x = 1; x < w; x++) s += (raw[y * w + x] - raw[y * w + x - 1]) ** 2;
  return s / (w * h);
}

describe('video sizes', () => {
  it('each size is the 1080p picture scaled (not cropped), with its own level and a poster of its size', () => {
    for (const [name, [w, h]] of Object.entries(SIZES)) {
      const c = conformance(built[name].file);
      expect([c.width, c.height], name).toEqual([w, h]);
      expect(c.decodeErrors, name).toBe('');
      expect(probe(join(base, name, 'build', 'sizes', 'poster.jpg')).streams[0]).toMatchObject({ width: w, height: h });
    }
    expect(conformance(built.p720.file).level).toBe(31);
    expect(conformance(built.p1440.file).level).toBe(50);
    const dir = join(base, 'frames');
    mkdirSync(dir, { recursive: true });
    const cues = built.p1080.timeline.cues.filter((c) => c.type !== 'scene');
    for (const t of [cues[0].start + 0.5, cues.find((c) => c.type === 'command')!.end + 0.1]) {
      const ref = frame(built.p1080.file, t, join(dir, `1080-${t}.png`));
      for (const name of ['p720', 'p1440'] as const) {
        const [w, h] = SIZES[name];
        const f = frame(built[name].file, t, join(dir, `${name}-${t}.png`));
        expect(ssim(f, ref, w, h), `${name} at ${t}`).toBeGreaterThan(0.9);
      }
      // What a crop would have given: the top-left 1280×720 of the 1080p frame.
      const crop = join(dir, `crop-${t}.png`);
      execFileSync('ffmpeg', ['-v', 'error', '-i', ref, '-vf', 'crop=1280:720:0:0', '-y', crop]);
      expect(ssim(crop, ref, 1280, 720)).toBeLessThan(ssim(join(dir, `p720-${t}.png`), ref, 1280, 720) - 0.1);
      // 1440p drawn at 4/3 the scale has detail the 1080p frame scaled up cannot have (2160p: twice
      // the detail, measured; 1440p keeps the test's encode small).
      const sharp = detail(join(dir, `p1440-${t}.png`), 2560, 1440), blurred = detail(ref, 2560, 1440);
      process.stderr.write(`detail at ${t}: 1440p ${sharp.toFixed(1)}, 1080p scaled up ${blurred.toFixed(1)}; frames in ${dir}\n`);
      expect(sharp).toBeGreaterThan(1.2 * blurred);
    }
  });
});
