/**
 * Speech beside capture (docs/video.md): a cold build speaks the lesson in jobs of whole scenes and
 * renders the first scene's shots from the plan of the scenes spoken so far, while the rest is
 * spoken; the video is frame for frame and sample for sample the one a build with all its speech
 * in the store makes from the whole plan. Real espeak-ng, Chromium and ffmpeg.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import type { JobSpec } from '../../src/render/jobs/render-jobs.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import { decodedDigest } from './incremental-course.ts';

// Two scenes; the first holds enough sentences (8) to be a speech job of its own.
const SCRIPT = `## slide

One. Two. Three. Four.

Five. Six. Seven. Eight.

## terminal

Now the terminal.

\`\`\`bash
$ echo done
done
\`\`\`
`;

const root = mkdtempSync(join(tmpdir(), 'lc-beside-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'transcripts'));
writeFileSync(join(root, 'transcripts', 'two.md'), SCRIPT);
writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' }, video: { width: 640, height: 360 } };\n");

describe('speech beside capture', () => {
  it('starts the first scene\'s shots from the scenes spoken so far; the video equals the one made from the whole plan', async () => {
    const course = await openCourse({ root, out: 'build' });
    const jobs: JobSpec[] = [];
    const cold = await buildVideo(course, await readLesson(course, 'two'), { onJob: (spec) => jobs.push(spec) });
    const speech = jobs.filter((j) => j.data.kind === 'speech');
    expect(speech.length).toBe(2);
    const early = jobs.filter((j) => j.data.kind === 'shot' && j.data.scenes === 1);
    expect(early.length).toBeGreaterThanOrEqual(1);
    expect(early.length + jobs.filter((j) => j.data.kind === 'shot' && j.data.scenes === undefined).length).toBe(cold.stats.shots);
    expect(cold.stats.rendered).toBe(cold.stats.shots);

    // The same course with all its speech in the store: planned whole, nothing spoken.
    const ref = `${root}-ref`;
    cpSync(root, ref, { recursive: true, filter: (src) => !src.startsWith(join(root, 'build')) });
    mkdirSync(join(ref, 'build', '.cache'), { recursive: true });
    for (const kind of ['speech', 'align']) cpSync(join(root, 'build', '.cache', kind), join(ref, 'build', '.cache', kind), { recursive: true });
    try {
      const refCourse = await openCourse({ root: ref, out: 'build' });
      const refJobs: JobSpec[] = [];
      const whole = await buildVideo(refCourse, await readLesson(refCourse, 'two'), { onJob: (spec) => refJobs.push(spec) });
      expect(refJobs.filter((j) => j.data.kind === 'speech')).toEqual([]);
      expect(refJobs.some((j) => j.data.scenes !== undefined)).toBe(false);
      expect(whole.plan.shots.map((s) => s.key.hash)).toEqual(cold.plan.shots.map((s) => s.key.hash));
      expect(decodedDigest(cold.file)).toEqual(decodedDigest(whole.file));
    } finally {
      rmSync(ref, { recursive: true, force: true });
    }
  });
});
