/**
 * Incremental equals cold (property test, fast-check): on a tiny course with one input of every
 * kind, each kind of input is edited in turn (in a random order), the course is built
 * incrementally (its store kept from the builds before), and a copy of the edited course is built
 * cold (an empty store). The decoded frames (`-f framemd5`) and the decoded audio must be identical.
 * Real espeak-ng, Chromium and ffmpeg; one stage pool lent to every build.
 *
 * `npm test` edits five kinds (the script's text, a cast, a slide's bytes, the camera and an audio
 * setting) to keep the suite short; `npm run test:long` edits all fourteen (about 200 s here).
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { testPool } from './test-pool.ts';
import type { StagePool } from '../../src/render/video/stage-pool.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import { decodedDigest, EDITS, makeIncrementalCourse } from './incremental-course.ts';

let root: string;
let pool: StagePool;
beforeAll(async () => { root = makeIncrementalCourse(); pool = testPool(); });
afterAll(async () => { await pool?.close(); if (root) rmSync(root, { recursive: true, force: true }); });

async function build(dir: string, out: string) {
  const course = await openCourse({ root: dir, out });
  return buildVideo(course, await readLesson(course, 'tiny'), { pool });
}

/** The kinds `npm test` edits; LESSONCAST_LONG=1 (npm run test:long) edits every kind. */
const SUITE_KINDS = new Set(['narration text', 'cast', 'slide image bytes', 'camera (a {focus wide} directive)', 'audio setting (loudness)']);
const KINDS = process.env.LESSONCAST_LONG ? EDITS : EDITS.filter((e) => SUITE_KINDS.has(e.kind));

describe('incremental build', () => {
  it('equals a cold build of the edited course after an edit of each kind of input', async () => {
    const base = await build(root, 'build');
    const shots = base.stats.shots;
    expect(shots).toBeGreaterThanOrEqual(3);
    const rerendered: Record<string, number> = {};
    const of: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(fc.shuffledSubarray(KINDS, { minLength: KINDS.length, maxLength: KINDS.length }), async (order) => {
      for (const [i, e] of order.entries()) {
        e.apply(root);
        const inc = await build(root, 'build');
        const coldRoot = `${root}-cold`;
        cpSync(root, coldRoot, { recursive: true, filter: (src) => !src.startsWith(join(root, 'build')) });
        try {
          const cold = await build(coldRoot, 'build');
          expect(cold.stats.rendered, e.kind).toBe(cold.stats.shots);
          const a = decodedDigest(inc.file), b = decodedDigest(cold.file);
          expect(a.video, `frames after editing the ${e.kind} (edit ${i + 1})`).toBe(b.video);
          expect(a.audio, `audio after editing the ${e.kind} (edit ${i + 1})`).toBe(b.audio);
        } finally {
          rmSync(coldRoot, { recursive: true, force: true });
        }
        rerendered[e.kind] = inc.stats.rendered;
        of[e.kind] = inc.stats.shots;
        // Something was re-made: an edit is never ignored.
        expect(inc.stats.upToDate, e.kind).toBe(false);
      }
    }), { numRuns: 1 });
    // Local edits re-render only what they touch.
    expect(rerendered['narration text']).toBeLessThan(of['narration text']);
    expect(rerendered['slide image bytes']).toBeLessThan(of['slide image bytes']);
    expect(rerendered['camera (a {focus wide} directive)']).toBeGreaterThan(0);
    expect(rerendered['camera (a {focus wide} directive)']).toBeLessThan(of['camera (a {focus wide} directive)']);
    expect(rerendered['audio setting (loudness)']).toBe(0);
    if (KINDS.length === EDITS.length) expect(rerendered['video setting (tickRate)']).toBe(of['video setting (tickRate)']);
    process.stderr.write(`shots re-rendered per edit: ${Object.keys(rerendered).map((k) => `${k} ${rerendered[k]}/${of[k]}`).join(', ')}\n`);
  }, 600_000);
});
