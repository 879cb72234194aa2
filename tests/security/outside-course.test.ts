/**
 * One rule for files from outside the course: a `code` file, a slide image (markdown or HTML), a
 * voice-over clip and a cast that leave the course folder — by `..`, an absolute path or a symlink —
 * are each an `outside-course` error, and nothing of theirs reaches the deck or the site.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insideCourse } from '../../src/adapters/inside-course.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { readRecordings } from '../../src/casts/match-casts.ts';
import { CastOutsideCourseError } from '../../src/casts/read-cast-file.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { findVoiceOvers } from '../../src/narrate/voice-over.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import { buildSite } from '../../src/render/site/build-site.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Diagnostic } from '../../src/types.ts';
import { lessoncast } from '../helpers/cli.ts';
import { fakeAudio } from '../stage/helpers.ts';

const SECRET = 'TOP-SECRET-OUTSIDE';
const PNG = join(new URL('../..', import.meta.url).pathname, 'node_modules', 'reveal.js', 'package.json'); // any file: its bytes are copied, not decoded

let tmp: string;
let root: string;
let course: Course;

const SCRIPT = `# Leaks

## slide

Welcome.

## vscode

Files from everywhere.

\`\`\`bash
code ../secret.yml
code configs/link.yml
code ${'/'}SECRET_ABS
code configs/ok.yml
code configs/not-there.yml
$ recorded
\`\`\`

That is all.
`;

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lessoncast-outside-'));
  root = join(tmp, 'course');
  for (const d of ['transcripts', 'slides', 'configs', 'recordings/leak/voice', 'recordings', 'shared-outside']) mkdirSync(join(d === 'shared-outside' ? tmp : root, d), { recursive: true });
  writeFileSync(join(tmp, 'secret.yml'), `${SECRET}: yaml\n`);
  writeFileSync(join(tmp, 'secret.png'), SECRET);
  writeFileSync(join(tmp, 'secret.wav'), SECRET);
  writeFileSync(join(tmp, 'secret.cast'), `{"version": 2, "width": 80, "height": 24, "command": "recorded"}\n[0.1, "o", "${SECRET}"]\n`);
  writeFileSync(join(tmp, 'shared-outside', '01-recorded.cast'), `{"version": 2, "width": 80, "height": 24, "command": "recorded"}\n[0.1, "o", "${SECRET}"]\n`);
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' } };\n");
  writeFileSync(join(root, 'transcripts', 'leak.md'), SCRIPT.replace('/SECRET_ABS', join(tmp, 'secret.yml')));
  writeFileSync(join(root, 'transcripts', 'leak2.md'), '# Leak two\n\n```bash\n$ recorded\n```\n');
  writeFileSync(join(root, 'configs', 'ok.yml'), 'kind: Pod\n');
  symlinkSync(join(tmp, 'secret.yml'), join(root, 'configs', 'link.yml'));
  copyFileSync(PNG, join(root, 'slides', 'ok.png'));
  symlinkSync(join(tmp, 'secret.png'), join(root, 'slides', 'linked.png'));
  writeFileSync(join(root, 'slides', 'leak.md'), `# Images\n\n![a](../../secret.png)\n\n![b](${join(tmp, 'secret.png')}) ![ok](ok.png)\n\n<img src="../../secret.png" alt="html"> ![c](linked.png)\n`);
  symlinkSync(join(tmp, 'secret.wav'), join(root, 'recordings', 'leak', 'voice', 'welcome.wav'));
  symlinkSync(join(tmp, 'secret.cast'), join(root, 'recordings', 'leak', '01-recorded.cast'));
  symlinkSync(join(tmp, 'shared-outside'), join(root, 'recordings', 'leak2'));
  course = await openCourse({ root });
});

afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('insideCourse', () => {
  it('sees .., absolute paths, symlinked files and symlinked folders (also for files that do not exist)', () => {
    expect(insideCourse(root, join(root, 'configs', 'ok.yml')).status).toBe('inside');
    expect(insideCourse(root, join(root, '..', 'secret.yml')).status).toBe('outside');
    expect(insideCourse(root, join(tmp, 'secret.yml')).status).toBe('outside');
    expect(insideCourse(root, join(root, 'configs', 'link.yml')).status).toBe('outside');
    expect(insideCourse(root, join(root, 'recordings', 'leak2', '01-recorded.cast')).status).toBe('outside');
    expect(insideCourse(root, join(root, 'recordings', 'leak2', 'nope.cast')).status).toBe('outside');
    expect(insideCourse(root, join(root, 'configs', 'not-there.yml')).status).toBe('missing');
  });
});

describe('the outside-course rule', () => {
  let diags: Diagnostic[];
  beforeAll(async () => { diags = await lintLesson(course, await readLesson(course, 'leak')); });

  it('reports each file outside the course once, at its place, and never as missing', () => {
    const outside = diags.filter((d) => d.code === 'outside-course').map((d) => `${d.file}:${d.line}:${d.column} ${d.message.split(' resolves')[0]}`);
    expect(outside).toEqual([
      'transcripts/leak.md:12:6 `code ../secret.yml`',
      'transcripts/leak.md:13:6 `code configs/link.yml`',
      `transcripts/leak.md:14:6 \`code ${join(tmp, 'secret.yml')}\``,
      'recordings/leak/01-recorded.cast:1:1 recording recordings/leak/01-recorded.cast',
      'recordings/leak/voice/welcome.wav:1:1 voice-over clip recordings/leak/voice/welcome.wav',
      'slides/leak.md:3:6 image ../../secret.png',
      `slides/leak.md:5:6 image ${join(tmp, 'secret.png')}`,
      'slides/leak.md:7:11 image ../../secret.png',
      'slides/leak.md:7:46 image linked.png',
    ]);
    expect(diags.filter((d) => d.code === 'outside-course').every((d) => d.severity === 'error' && d.hint)).toBe(true);
    expect(diags.filter((d) => d.code === 'missing-file').map((d) => d.line)).toEqual([16]);
    expect(diags.filter((d) => d.code === 'invalid-recording')).toEqual([]);
  });

  it('a recordings folder that is a symlink out of the course: reported, and the build stops rather than read it', async () => {
    const lesson = await readLesson(course, 'leak2');
    const d = (await lintLesson(course, lesson)).filter((x) => x.code === 'outside-course');
    expect(d.map((x) => x.file)).toEqual(['recordings/leak2/01-recorded.cast']);
    const { recordings, invalid } = await readRecordings(course, 'leak2');
    expect(recordings).toEqual([]);
    expect(invalid[0].error).toBeInstanceOf(CastOutsideCourseError);
    await expect(lessonCasts(course, lesson)).rejects.toThrow(/resolves outside the course folder/);
  });

  it('voice-over and casts: the symlinked clip and cast are not used', async () => {
    expect([...findVoiceOvers(course, 'leak').keys()]).toEqual([]);
    expect((await readRecordings(course, 'leak')).recordings).toEqual([]);
  });

  it('lessoncast lint exits 1 with the findings (the real CLI)', () => {
    const r = lessoncast(['lint', 'leak', '--json', '--root', root]);
    expect(r.code).toBe(1);
    const all = JSON.parse(r.stdout) as Diagnostic[];
    expect(all.filter((d) => d.code === 'outside-course')).toHaveLength(9);
  });
});

describe('nothing from outside reaches the build', () => {
  it('deck and site: no copy, no content, the editor says why', async () => {
    const lesson = await readLesson(course, 'leak');
    const casts = await lessonCasts(course, lesson);
    await buildDeck(course, lesson, { casts });
    const timeline = scheduleLesson(lesson, fakeAudio(lesson), casts);
    await buildSite(course, [lesson], { timelines: new Map([['leak', timeline]]), casts: new Map([['leak', casts]]) });
    const built = files(course.outDir).filter((f) => !f.includes(`${join(course.outDir, '.cache')}`));
    for (const f of built) expect(readFileSync(f).includes(SECRET), relative(root, f)).toBe(false);
    const slideAssets = readdirSync(join(deckDir(course, 'leak'), 'assets', 'slides'));
    expect(slideAssets).toHaveLength(1);
    expect(statSync(join(deckDir(course, 'leak'), 'assets', 'slides', slideAssets[0])).size).toBe(statSync(PNG).size);
    const deck = readFileSync(join(deckDir(course, 'leak'), 'index.html'), 'utf8');
    expect(deck).not.toContain('secret.png');
    expect(deck).not.toContain('linked.png');
    expect(deck.match(/Outside the course folder: not published/g)).toHaveLength(3);
  });
});
