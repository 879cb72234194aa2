/**
 * `lessoncast clean [--all]` on a built course (real CLI): nothing the current lessons use is
 * removed; after an edit and a build, what only the old version used goes; an older cache layout
 * goes; `--all` empties the cache. The narration loudness search, as a pure function.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Loudness } from '../../src/adapters/ffmpeg.ts';
import { searchGain } from '../../src/render/video/narration-track.ts';
import { makeMiniCourse } from '../video/mini-course.ts';

const SCRIPT = `## slide

A short lesson to clean.

## terminal

\`\`\`bash
$ echo clean
clean
\`\`\`
`;

const repo = join(__dirname, '..', '..');
let root: string;
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/lessoncast.mjs', ...args, '--root', root], { cwd: repo, encoding: 'utf8' });
const entries = (kind: string) => (existsSync(join(root, 'build', '.cache', kind)) ? readdirSync(join(root, 'build', '.cache', kind)).filter((f) => /^[0-9a-f]{32}$/.test(f)).sort() : []);
const all = () => ['speech', 'shot', 'narration', 'output'].flatMap((k) => entries(k).map((h) => `${k}/${h}`));

beforeAll(() => {
  root = makeMiniCourse(SCRIPT);
  const r = cli('build', 'mini', '--video', '--no-progress');
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('lessoncast clean', () => {
  it('keeps everything the current lessons use; a re-build after it renders nothing', () => {
    const before = all();
    expect(before.filter((k) => k.startsWith('shot/')).length).toBeGreaterThan(0);
    const r = cli('clean');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed 0 entries/);
    expect(all()).toEqual(before);
  });

  it('after an edit and a build, removes what only the old version used, and older cache layouts', () => {
    const before = all();
    const file = join(root, 'transcripts', 'mini.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('A short lesson to clean.', 'A short lesson that we clean.'));
    expect(cli('build', 'mini', '--video', '--no-progress').status).toBe(0);
    mkdirSync(join(root, 'build', '.cache', 'video', 'segments'), { recursive: true });
    writeFileSync(join(root, 'build', '.cache', 'video', 'segments', 'old.mp4'), 'old layout');
    writeFileSync(join(root, 'build', '.cache', 'speech', 'old.wav'), 'old layout');
    const built = all();
    const r = cli('clean');
    expect(r.status, r.stderr).toBe(0);
    const after = all();
    // The edited sentence's old speech, its old shot, the old narration track and the old output went.
    const gone = built.filter((k) => !after.includes(k));
    expect(gone.length).toBeGreaterThanOrEqual(4);
    expect(gone.every((k) => before.includes(k))).toBe(true);
    for (const kind of ['speech', 'shot', 'narration', 'output']) expect(gone.some((k) => k.startsWith(`${kind}/`)), kind).toBe(true);
    expect(existsSync(join(root, 'build', '.cache', 'video'))).toBe(false);
    expect(existsSync(join(root, 'build', '.cache', 'speech', 'old.wav'))).toBe(false);
    // What is left is exactly what the lesson needs: building again captures nothing.
    const again = cli('build', 'mini', '--video', '--no-progress');
    expect(again.status).toBe(0);
    expect(all()).toEqual(after);
  });

  it('--all empties the cache', () => {
    const r = cli('clean', '--all');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(root, 'build', '.cache'))).toBe(false);
    expect(existsSync(join(root, 'build', 'mini', 'mini.mp4'))).toBe(true);
  });
});

describe('narration gain search', () => {
  it('corrects the gain by what the limiter takes until the loudness is within 0.3 LU of the target', async () => {
    // A limiter that takes half of every dB above -20 LUFS: loudness = -26 + g below, -20 + (g - 6) / 2 above.
    const seen: string[] = [];
    const measure = async (filters: string): Promise<Loudness | null> => {
      seen.push(filters);
      const g = Number(/volume=(-?[\d.]+)dB/.exec(filters)![1]);
      const out = -26 + g <= -20 ? -26 + g : -20 + (g - 6) / 2;
      return { integrated: out, threshold: out - 10, lra: 3, truePeak: -3 };
    };
    const r = await searchGain(measure, -16, -3);
    expect(seen[0]).toMatch(/^volume=0.00dB,alimiter=/);
    expect(r.loudness!.integrated).toBeGreaterThan(-16.3);
    expect(r.loudness!.integrated).toBeLessThan(-15.7);
    expect(r.passes).toBeLessThanOrEqual(5);
    expect(r.gainDb).toBeGreaterThan(10);
    // Silence: nothing to measure, nothing to do.
    expect(await searchGain(async () => null, -16, -3)).toEqual({ gainDb: 0, loudness: null, passes: 1 });
  });
});
