/**
 * `build --video --clips`: each scene as a video of its own, cut from the lesson's video without
 * re-encoding; real Chromium, ffmpeg and espeak-ng on the two-scene mini course.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipSpec, specArgs } from '../../src/adapters/ffmpeg.ts';
import { clipCaptions, planClips } from '../../src/render/video/publish-clips.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { runCli } from '../cli/run-cli.ts';
import { makeMiniCourse } from './mini-course.ts';
import { probe } from './probe.ts';

let root: string;
let first: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  root = makeMiniCourse();
  first = await runCli(['build', '--video', '--clips', '--no-progress'], { cwd: root });
}, 300_000);
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

/** The md5 of the first decoded frame of `file` after `ss` seconds (`-ss` before the input: exact with our keyframes). */
function frameMd5(file: string, ss = 0): string {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-ss', ss.toFixed(6), '-i', file, '-map', '0:v:0', '-frames:v', '1', '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return out.trim().split('\n').filter((l) => !l.startsWith('#')).map((l) => l.split(',').pop()!.trim())[0];
}

describe('per-scene clips', () => {
  it('are cut as data: from the keyframe at the scene start, picture and sound copied, captions of the scene', () => {
    const args = specArgs(clipSpec({ input: 'in.mp4', start: 3.166667, duration: 8.133333, captions: 'c.vtt', output: 'out.mp4', rate: 30 }));
    expect(args.slice(0, 4)).toEqual(['-ss', '3.167167', '-i', 'in.mp4']);
    expect(args.join(' ')).toContain('-t 8.133333 -map 0:v:0 -map 0:a:0 -map 1:s:0 -c:v copy -c:a copy -c:s mov_text');
    const tl = { slug: 's', title: 't', duration: 10, scenes: [], cues: [
      { id: 'a', type: 'narration', start: 1, end: 2, sceneId: 'one', ref: 'a#1', text: 'Before.' },
      { id: 'b', type: 'narration', start: 4.2, end: 5.2, sceneId: 'two', ref: 'b#1', text: 'In the scene.' },
    ] } as unknown as Timeline;
    expect(clipCaptions(tl, { file: 'x.mp4', sceneId: 'two', title: 'Two', start: 4, duration: 3 })).toMatch(/00:00:00\.200 --> 00:00:01\.200\nIn the scene\./);
  });

  it('one clip per scene, named by its number and title, each with video, narration and captions', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/mini: 2 clip\(s\), one per scene → build\/mini\/clips\//);
    const clips = readdirSync(join(root, 'build', 'mini', 'clips')).sort();
    expect(clips).toEqual(['01-mini-lesson.mp4', '02-let-us-say-hello.mp4']);
    for (const c of clips) {
      const p = probe(join(root, 'build', 'mini', 'clips', c));
      expect(p.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'subtitle', 'video']);
    }
  });

  it('each clip is its scene: its length, and the picture the lesson shows when the scene starts', () => {
    const timeline = JSON.parse(execFileSync('node', [join(__dirname, '../../bin/lessoncast.mjs'), 'timeline', 'mini', '--json'], { cwd: root, encoding: 'utf8' })) as Timeline;
    const plans = planClips(timeline, 30);
    const full = join(root, 'build', 'mini', 'mini.mp4');
    for (const c of plans) {
      const clip = join(root, 'build', 'mini', 'clips', c.file);
      expect(Math.abs(Number(probe(clip).format.duration) - c.duration)).toBeLessThanOrEqual(2 / 30 + 0.03);
      expect(frameMd5(clip)).toBe(frameMd5(full, c.start));
    }
  });

  it('a warm build cuts nothing again', async () => {
    const clip = join(root, 'build', 'mini', 'clips', '02-let-us-say-hello.mp4');
    const before = statSync(clip).mtimeMs;
    const again = await runCli(['build', '--video', '--clips', '--no-progress'], { cwd: root });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('up to date');
    expect(statSync(clip).mtimeMs).toBe(before);
  });

  it('a clip changed on disk at the same size is cut again (compared by digest, not size)', async () => {
    const clip = join(root, 'build', 'mini', 'clips', '02-let-us-say-hello.mp4');
    const whole = readFileSync(clip);
    const damaged = Buffer.from(whole);
    for (let i = 0; i < 3000; i++) damaged[Math.floor(damaged.length / 2) + i] ^= 0x5a;
    writeFileSync(clip, damaged);
    const again = await runCli(['build', '--video', '--clips', '--no-progress'], { cwd: root });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(clip).equals(whole)).toBe(true);
  });
});
