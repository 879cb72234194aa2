/**
 * Commands that print nothing (`cd`, `export`) share one transcript card instead of a player each
 * (issue 22): which casts are silent, how consecutive ones are grouped, and the page they give.
 */
import { describe, expect, it } from 'vitest';
import { writeCast } from '../../src/casts/asciicast.ts';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { estimateAudio, knownDurations } from '../../src/dev/estimate-audio.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { castIsSilent } from '../../src/render/site/build-site.ts';
import { lessonView, type LessonMedia } from '../../src/render/site/lesson-view.ts';
import { renderLessonPage } from '../../src/render/site/render-lesson-page.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { lessonCommands } from '../../src/types.ts';

const SCRIPT = '# Setup\n\n## terminal\n\nFirst the folder and a variable.\n\n```bash\n$ cd demo\n$ export NAME=web\n$ echo $NAME\nweb\n$ mkdir -p x\n$ cd x\n```\n\nThat is all.\n';
const lesson = parseLesson(SCRIPT, { file: 'transcripts/setup.md', slug: 'setup' });
const casts = lessonCommands(lesson).map((c) => synthesizeCast(c, lesson.meta.terminal));
const timeline = scheduleLesson(lesson, estimateAudio(lesson, knownDurations(null)).audio, casts);
const media: LessonMedia = { video: { file: 'setup.mp4', size: 1000 }, vtt: null, srt: null, poster: null, deck: null, captionsText: null };
const view = lessonView({
  lesson, courseTitle: 'Course', timeline, media, number: 1, count: 1, prev: null, next: null, files: new Map(),
  casts: new Map(casts.map((c) => [c.commandId, { text: writeCast(c.cast), cols: 80, rows: 24, lines: 3, recorded: false, silent: castIsSilent(c, '$ ') }])),
});

describe('commands that print nothing', () => {
  it('a synthesized cast without output is silent; one with output, or a recording whose output cannot be told, is not', () => {
    expect(casts.map((c) => castIsSilent(c, '$ '))).toEqual([true, true, false, true, true]);
    const recorded: LessonCast = { commandId: 'cmd-9', source: 'recorded', kind: 'full', cast: { version: 2, cols: 80, rows: 24, duration: 1, events: [{ time: 0, code: 'o', data: '$ cd x\r\n$ ' }] } };
    expect(castIsSilent(recorded, '$ ')).toBe(false);
    expect(castIsSilent({ ...recorded, typedAt: 0.5, cast: { ...recorded.cast, events: [{ time: 0, code: 'o', data: '$ cd x' }, { time: 0.5, code: 'o', data: '\r\n\x1b[32m$\x1b[0m ' }] } }, '$ ')).toBe(true);
    expect(castIsSilent({ ...recorded, typedAt: 0.5, cast: { ...recorded.cast, events: [{ time: 0.5, code: 'o', data: '\r\nbash: cd: x: No such file\r\n$ ' }] } }, '$ ')).toBe(false);
  });

  it('consecutive ones are one card listing them, each line timed; a command with output keeps its player', () => {
    const blocks = view.chapters.flatMap((c) => c.blocks);
    expect(blocks.map((b) => b.type)).toEqual(['narration', 'commands', 'command', 'commands', 'narration']);
    const [first, second] = blocks.filter((b) => b.type === 'commands');
    expect(first.type === 'commands' && first.commands.map((c) => c.command)).toEqual(['cd demo', 'export NAME=web']);
    expect(second.type === 'commands' && second.commands.map((c) => c.command)).toEqual(['mkdir -p x', 'cd x']);
    if (first.type !== 'commands') throw new Error('not a group');
    expect(first.start).toBe(first.commands[0].start);
    expect(first.end).toBe(first.commands[1].end);
    const html = renderLessonPage(view);
    // Two cards of silent commands, one player (echo): the page's casts hold only echo's.
    expect(html.match(/class="block command commands"/g)).toHaveLength(2);
    expect(html.match(/class="cast" data-cast=/g)).toHaveLength(1);
    expect(html).toContain('Terminal · 2 commands');
    expect(html).toMatch(/<li class="cmd-line" id="cmd-2" data-start="[\d.]+" data-end="[\d.]+"><code><span class="prompt" aria-hidden="true">\$ <\/span>export NAME=web<\/code><button[^>]*data-seek=/);
  });
});
