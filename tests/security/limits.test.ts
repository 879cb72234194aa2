/**
 * The documented limits (docs/limits.md): a 50 MB script and a 500 MB cast are clear diagnostics
 * without being read (sparse files: nothing big is written), the step limit cuts a lesson at its
 * place, a cast line over its limit names its line, and the streaming cast reader gives exactly
 * what the string reader gives for every real and damaged cast. Memory at the large sizes is
 * measured by `npm run bench:limits`, not here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import { CastInvalidError } from '../../src/casts/cast-invalid-error.ts';
import { readCastFile } from '../../src/casts/read-cast-file.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { LIMITS } from '../../src/limits.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonCommands } from '../../src/types.ts';
import { lessoncast, repoRoot } from '../helpers/cli.ts';

const MB = 1024 * 1024;
let root: string;
let course: Course;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-limits-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'recordings', 'casty'), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'huge.md'), '');
  truncateSync(join(root, 'transcripts', 'huge.md'), 50 * MB); // sparse: 50 MB of NULs that are never read
  const steps = Array.from({ length: 30 }, (_, i) => `$ echo ${i + 1}\n${i + 1}`).join('\n');
  writeFileSync(join(root, 'transcripts', 'steps.md'), `# Steps\n\nThirty commands follow.\n\n\`\`\`bash\n${steps}\n\`\`\`\n\nThe end.\n`);
  writeFileSync(join(root, 'transcripts', 'casty.md'), '# Casty\n\n```bash\n$ echo hi\nhi\n```\n');
  writeFileSync(join(root, 'recordings', 'casty', '01-echo.cast'), '');
  truncateSync(join(root, 'recordings', 'casty', '01-echo.cast'), 500 * MB);
  course = await openCourse({ root });
});

afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('script size', () => {
  it('a 50 MB script is one over-limit error at 1:1, and is not parsed', async () => {
    const lesson = await readLesson(course, 'huge');
    expect(lesson.diagnostics).toEqual([expect.objectContaining({ code: 'over-limit', severity: 'error', line: 1, column: 1, file: 'transcripts/huge.md' })]);
    expect(lesson.diagnostics[0].message).toBe(`the script is 50.0 MB; a script may be at most ${(LIMITS.scriptBytes / MB).toFixed(1)} MB (docs/limits.md): it is not read`);
    expect(lesson.scenes).toEqual([]);
  });

  it('lessoncast lint and inspect say so and exit 1 (the real CLI)', () => {
    const lint = lessoncast(['lint', 'huge', '--root', root]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/transcripts\/huge\.md:1:1 .*over-limit the script is 50\.0 MB/);
    const inspect = lessoncast(['inspect', 'huge', '--json', '--root', root]);
    expect(inspect.code).toBe(1);
    expect(JSON.parse(inspect.stdout).diagnostics[0].code).toBe('over-limit');
  });
});

describe('steps', () => {
  it('past the step limit the rest is left out, with one error at the first step left out', async () => {
    const full = await readLesson(course, 'steps');
    expect(lessonCommands(full)).toHaveLength(30);
    expect(full.diagnostics.filter((d) => d.code === 'over-limit')).toEqual([]);
    // 1 narration paragraph + 20 commands = 21 steps.
    const cut = await readLesson(course, 'steps', { lessonSteps: 21 });
    expect(lessonCommands(cut)).toHaveLength(20);
    const diag = cut.diagnostics.find((d) => d.code === 'over-limit')!;
    const line21 = readFileSync(join(root, 'transcripts', 'steps.md'), 'utf8').split('\n').findIndex((l) => l === '$ echo 21') + 1;
    expect(diag).toMatchObject({ severity: 'error', line: line21, column: 1 });
    expect(diag.message).toMatch(/the lesson has 32 steps; a lesson may have at most 21/);
    // The limit itself is fine.
    expect((await readLesson(course, 'steps', { lessonSteps: 32 })).diagnostics.filter((d) => d.code === 'over-limit')).toEqual([]);
  });
});

describe('casts', () => {
  it('a 500 MB recording is an invalid-recording error in lint, read no further than its size', async () => {
    await expect(readCastFile(join(root, 'recordings', 'casty', '01-echo.cast'), { file: 'recordings/casty/01-echo.cast' }))
      .rejects.toThrow(`recordings/casty/01-echo.cast:1: the recording is 500.0 MB; a recording may be at most ${(LIMITS.castBytes / MB).toFixed(1)} MB (docs/limits.md)`);
    const diags = await lintLesson(course, await readLesson(course, 'casty'));
    expect(diags.filter((d) => d.code === 'invalid-recording')).toEqual([expect.objectContaining({ file: 'recordings/casty/01-echo.cast', line: 1, severity: 'error' })]);
  });

  it('a line over the line limit names its line; a lower byte limit is checked too', async () => {
    const file = join(root, 'long-line.cast');
    writeFileSync(file, `{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "ok"]\n[0.2, "o", "${'x'.repeat(5000)}"]\n[0.3, "o", "after"]\n`);
    const cast = await readCastFile(file);
    expect(cast.events).toHaveLength(3);
    const err = await readCastFile(file, { limits: { castLineChars: 1000 }, chunkBytes: 512 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CastInvalidError);
    expect((err as CastInvalidError).line).toBe(3);
    expect((err as CastInvalidError).problem).toMatch(/longer than 1000 characters/);
    await expect(readCastFile(file, { limits: { castBytes: 1024 } })).rejects.toThrow(/a recording may be at most 1 KB/);
  });

  it('the streaming reader reads every real and damaged cast exactly as readCast does, in chunks of any size', async () => {
    const dirs = [join(repoRoot, 'tests/fixtures/real-casts'), join(repoRoot, 'tests/fixtures/casts/damaged')];
    let n = 0;
    for (const dir of dirs)
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.cast'))) {
        const path = join(dir, name);
        const expected = (() => { try { return readCast(readFileSync(path, 'utf8'), name); } catch (e) { return (e as CastInvalidError).message; } })();
        for (const chunkBytes of [1, 7, 4096]) {
          const got = await readCastFile(path, { file: name, chunkBytes }).catch((e: CastInvalidError) => e.message);
          expect(got, `${name} in chunks of ${chunkBytes}`).toEqual(expected);
        }
        n++;
      }
    expect(n).toBeGreaterThan(20);
  });
});
