/** `voice-over-unmatched`: a clip whose paragraph was edited (its id changed) is a lint warning naming the nearest paragraph. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonNarration } from '../../src/types.ts';
import { seedCourse } from './seed-course.ts';

const root = seedCourse();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('voice-over-unmatched', () => {
  it('warns at the clip, with the nearest paragraph id and its line; a matching clip is silent', async () => {
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'pod-to-pod-networking');
    const [first, second] = lessonNarration(lesson);
    const dir = join(root, 'recordings/pod-to-pod-networking/voice');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${first.id}.wav`), 'RIFF');
    // The paragraph was edited after recording: its id lost a word.
    const stale = second.id.split('-').slice(0, -1).join('-') + '-edited';
    writeFileSync(join(dir, `${stale}.mp3`), 'ID3');
    const found = (await lintLesson(course, lesson)).filter((d) => d.code === 'voice-over-unmatched');
    expect(found).toEqual([{
      code: 'voice-over-unmatched', severity: 'warning', file: `recordings/pod-to-pod-networking/voice/${stale}.mp3`, line: 1, column: 1,
      message: `voice-over clip ${stale}.mp3 names no paragraph of pod-to-pod-networking; it is not used`,
      hint: expect.stringContaining(`the nearest paragraph is ${second.id} (transcripts/pod-to-pod-networking.md:${second.pos.line}): rename the clip to ${second.id}.mp3`),
    }]);
  });
});
