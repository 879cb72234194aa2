/**
 * Loudness and outputs that agree, through the CLI: the mini lesson is built with its site; then a
 * human voice-over clip (espeak-ng at another pitch and speed, 30 dB quieter than the synthetic
 * voice) replaces a paragraph and only `build --video` runs. The video is -16 LUFS with true peaks
 * under -1 dBTP, every paragraph (human or synthetic) is levelled to the target, and the site's
 * page and index show the new length without a `--site` build.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { clock, secAttr } from '../../src/render/site/html.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { timelineFor } from '../../src/schedule/timeline-for.ts';
import { loudnessOf } from './conformance.ts';
import { voiceClip } from './incremental-course.ts';
import { makeMiniCourse } from './mini-course.ts';

const repo = join(__dirname, '..', '..');
let root: string;
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/lessoncast.mjs', ...args, '--no-progress', '--root', root], { cwd: repo, encoding: 'utf8' });
let before: Timeline, after: Timeline;
const clipFile = () => join(root, 'recordings', 'mini', 'voice', 'let-us-say-hello.wav');

beforeAll(async () => {
  root = makeMiniCourse();
  const first = cli('build', 'mini', '--video', '--site');
  expect(first.status, first.stderr).toBe(0);
  const c = await openCourse({ root });
  before = (await timelineFor(c, await readLesson(c, 'mini'))).timeline;
  mkdirSync(join(root, 'recordings', 'mini', 'voice'), { recursive: true });
  // Far quieter than the synthetic voice, and longer than its sentence.
  voiceClip(clipFile(), 'Let us say hello, slowly and softly, to everyone who is watching this lesson today.', -30, 'en-us+f2');
  const second = cli('build', 'mini', '--video');
  expect(second.status, second.stderr).toBe(0);
  after = (await timelineFor(c, await readLesson(c, 'mini'))).timeline;
}, 240_000);
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('narration loudness', () => {
  it('the human clip was made at a very different level', () => {
    expect(loudnessOf(clipFile()).integrated).toBeLessThan(-40);
  });

  it('the whole track: -16 LUFS integrated (±1), true peak at most -1 dBTP', () => {
    const l = loudnessOf(join(root, 'build', 'mini', 'mini.mp4'));
    expect(Math.abs(l.integrated - -16)).toBeLessThanOrEqual(1);
    expect(l.truePeak).toBeLessThanOrEqual(-1);
  });

  it('every paragraph, the human one included, is within 2 LU of the target: no jump between voices', () => {
    const paragraphs = new Map<string, { start: number; end: number }>();
    for (const c of after.cues.filter((x) => x.type === 'narration')) {
      const p = paragraphs.get(c.narrationId!) ?? { start: c.start, end: c.end };
      paragraphs.set(c.narrationId!, { start: Math.min(p.start, c.start), end: Math.max(p.end, c.end) });
    }
    expect([...paragraphs.keys()]).toContain('let-us-say-hello');
    const levels = [...paragraphs].map(([id, p]) => ({ id, ...loudnessOf(join(root, 'build', 'mini', 'mini.mp4'), { ss: p.start, t: p.end - p.start }) }));
    for (const l of levels) expect(Math.abs(l.integrated - -16), `${l.id}: ${l.integrated} LUFS`).toBeLessThanOrEqual(2);
    const human = levels.find((l) => l.id === 'let-us-say-hello')!.integrated;
    const synthetic = levels.filter((l) => l.id !== 'let-us-say-hello').map((l) => l.integrated);
    expect(Math.abs(human - synthetic.reduce((a, b) => a + b, 0) / synthetic.length)).toBeLessThanOrEqual(2);
  });
});

describe('outputs agree', () => {
  it('after `build --video` alone, the lesson page and the index show the new length and cue times', () => {
    expect(after.duration).toBeGreaterThan(before.duration + 0.5);
    const page = readFileSync(join(root, 'build', 'mini', 'index.html'), 'utf8');
    const index = readFileSync(join(root, 'build', 'index.html'), 'utf8');
    expect(clock(after.duration)).not.toBe(clock(before.duration));
    expect(page).toContain(`>${clock(after.duration)}<`);
    expect(index).toContain(`>${clock(after.duration)}<`);
    const last = after.cues.filter((c) => c.type === 'narration').at(-1)!;
    expect(page).toContain(`data-start="${secAttr(last.start)}"`);
    expect(page).not.toContain(`data-start="${secAttr(before.cues.filter((c) => c.type === 'narration').at(-1)!.start)}"`);
  });
});
