/** `quiet-stretch` (docs/lint.md): stretches with neither narration nor a command's output changing, longer than the limit. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { DEFAULT_TYPING } from '../../src/casts/typing-settings.ts';
import { openCourse } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { quietStretches, quietStretchRule } from '../../src/lint/rules/quiet-stretch-rule.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { lessonCommands, type Lesson, type TypingSettings } from '../../src/types.ts';
import { fakeAudio } from '../stage/helpers.ts';

const parse = (src: string) => parseLesson(src, { file: 't.md', slug: 't' });
const castsOf = (l: Lesson, typing: TypingSettings = DEFAULT_TYPING): LessonCast[] => lessonCommands(l).map((c) => synthesizeCast(c, l.meta.terminal, { typing }));
const lint = (l: Lesson, casts = castsOf(l), limit = 6, pauses = {}) => quietStretchRule(l, scheduleLesson(l, fakeAudio(l), casts, { configPauses: pauses }), casts, limit);
const found = (ds: { code: string; line: number }[]) => ds.map((d) => `${d.code}@${d.line}`);

const commits = Array.from({ length: 7 }, (_, i) => `$ git commit -m "Step ${i + 1}: describe the change in one sentence, long enough to read"\n[main ${i}] ok`).join('\n');
const GIT = `## terminal\n\nNow we commit each step.\n\n\`\`\`bash\n${commits}\n\`\`\`\n\nThat is the history.\n`;

describe('quiet-stretch', () => {
  it('seven long commits typed at 13 a second are seven quiet stretches, each at its command; pasted, none', () => {
    const l = parse(GIT);
    const slow = lint(l, castsOf(l, { ...DEFAULT_TYPING, maxSeconds: 60, pasteOver: 1000 }));
    expect(found(slow)).toEqual([6, 8, 10, 12, 14, 16, 18].map((n) => `quiet-stretch@${n}`));
    expect(slow[0].message).toMatch(/^\d+\.\d s with neither narration nor new output \(\d+\.\d s–\d+\.\d s of the video; the limit is 6\.0 s\)$/);
    expect(slow[0].hint, slow[0].hint).toMatch(/^`git commit -m "Step 1: describe the cha…` is typed for \d\.\d s: narrate while it is typed, or shorten it with typing\.maxSeconds/);
    expect(lint(l)).toEqual([]);
  });

  it('a command that prints nothing for long is one, at the command, with what to do', () => {
    const l = parse('## terminal\n\nWe wait for the rollout.\n\n```bash\n$ kubectl rollout status deploy/web\ndeployment "web" successfully rolled out\n```\n\nDone.\n');
    const casts = castsOf(l);
    // The real command takes 9 s before it prints: its cast's output comes late.
    const slow = casts.map((c) => ({ ...c, cast: { ...c.cast, duration: c.cast.duration + 9, events: c.cast.events.map((e) => (e.time > c.typedAt! ? { ...e, time: e.time + 9 } : e)) } }));
    const ds = lint(l, slow);
    expect(found(ds)).toEqual(['quiet-stretch@6']);
    expect(ds[0].hint).toMatch(/^`kubectl rollout status deploy\/web` prints nothing for \d+\.\d s: say what it is doing/);
  });

  it('a popup being read, a written {pause}, and the limit itself are not findings; a long hold in silence is', () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    expect(lint(parse(`## terminal\n\nLook.\n\n\`\`\`popup\n${words}\n\`\`\`\n`))).toEqual([]);
    expect(lint(parse('## terminal\n\nLook.\n\n{pause 9s}\n\nAnd on.\n'))).toEqual([]);
    const hold = parse('---\npace: sequential\n---\n## vscode\n\nThe file.\n\n```bash\ncode a.yml\n```\n\n{pause 1s}\n\n```bash\ncode b.yml\n```\n');
    // Two files opened in silence, each held 9 s (the sequential pace holds a direction in silence too): a still picture the author did not write.
    const ds = lint(hold, [], 6, { openFile: 9 });
    expect(found(ds)).toEqual(['quiet-stretch@9']);
    expect(ds[0].hint).toMatch(/^say something over it/);
    expect(lint(hold, [], 30, { openFile: 9 })).toEqual([]);
  });

  it('measures stretches between narration, popups and output (the keys typed are not output)', () => {
    const l = parse('## terminal\n\nHello there.\n\n```bash\n$ echo hi\nhi\n```\n');
    const casts = castsOf(l, { ...DEFAULT_TYPING, speed: 1 });
    const tl = scheduleLesson(l, fakeAudio(l), casts);
    const cmd = tl.cues.find((c) => c.type === 'command')!;
    const [q] = quietStretches(tl, casts, 1);
    // From the end of the narration to the output after Enter: the slow typing in between is quiet.
    expect(q.start).toBeCloseTo(tl.cues.find((c) => c.type === 'narration')!.end, 6);
    expect(q.end).toBeCloseTo(cmd.typedAt! + 0.25, 6);
  });
});

describe('quiet-stretch through lint', () => {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-quiet-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('uses the config\'s limit and typing; a bad limit is an invalid-config error', async () => {
    mkdirSync(join(root, 'transcripts'));
    writeFileSync(join(root, 'transcripts', 'git.md'), GIT);
    writeFileSync(join(root, 'lessoncast.config.json'), JSON.stringify({ typing: { maxSeconds: 8, pasteOver: 500 }, lint: { quietStretch: 5 } }));
    let course = await openCourse({ root });
    const ds = (await lintLesson(course, await readLesson(course, 'git'))).filter((d) => d.code === 'quiet-stretch');
    expect(ds.map((d) => `${d.file}:${d.line}`)).toEqual([6, 8, 10, 12, 14, 16, 18].map((n) => `transcripts/git.md:${n}`));
    writeFileSync(join(root, 'lessoncast.config.json'), JSON.stringify({ lint: { quietStretch: 5 } }));
    course = await openCourse({ root });
    expect((await lintLesson(course, await readLesson(course, 'git'))).filter((d) => d.code === 'quiet-stretch')).toEqual([]);
    writeFileSync(join(root, 'lessoncast.config.json'), JSON.stringify({ lint: { quietStretch: -1 } }));
    course = await openCourse({ root });
    expect(course.configDiagnostics?.map((d) => d.code) ?? []).toContain('invalid-config');
  });
});
