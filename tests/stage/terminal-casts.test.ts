/**
 * The stage's terminal and recordings: markers as deck steps and timeline cues, a scene at its
 * recordings' size and theme, resizes, the one font stack and the faces a page's text needs. No browser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { TERMINAL_THEMES } from '../../src/casts/terminal-theme.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { renderStageHtml } from '../../src/stage/render-stage-html.ts';
import { sceneTerminalSize, sceneTheme, stageModel, stepCueSpans, withMarkerSteps } from '../../src/stage/stage-model.ts';
import { sceneSteps } from '../../src/stage/stage-steps.ts';
import { facesFor, TERMINAL_FONT_STACK } from '../../src/stage/terminal-fonts.ts';
import { screenFrames } from '../../src/stage/terminal-screens.ts';
import { deckStream, videoStream } from '../../src/stage/terminal-stream.ts';
import { fakeAudio } from './helpers.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const markers = readCast(readFileSync(`${ROOT}tests/fixtures/real-casts/markers.cast`, 'utf8'), 'markers.cast');
const lesson = parseLesson('## terminal\n\nWatch.\n\n```bash\n$ cat markers.cast\n$ echo after\nafter\n```\n\nDone.\n', { file: 'transcripts/m.md', slug: 'm' });
const recorded: LessonCast = { commandId: 'cmd-1', source: 'recorded', file: 'recordings/m/01.cast', kind: 'command-only', cast: markers };
const synth: LessonCast = { commandId: 'cmd-2', source: 'synthesized', cast: { version: 2, cols: 80, rows: 24, events: [{ time: 0, code: 'o', data: '\r\x1b[K$ echo after\r\nafter\r\n$ ' }], duration: 0.5 } };
const casts = new Map([['cmd-1', recorded], ['cmd-2', synth]]);

describe('markers are steps', () => {
  it('a command with two markers becomes three deck steps; the narration after it goes with the last', () => {
    const { steps, after } = withMarkerSteps(sceneSteps(lesson.scenes[0]), casts);
    expect(steps.map((s) => `${s.kind}:${s.id}`)).toEqual(['command:scene-1-step-1', 'marker:scene-1-step-1-m1', 'marker:scene-1-step-1-m2', 'command:scene-1-step-2']);
    expect(steps[1]).toMatchObject({ label: 'first', index: 1, commandId: 'cmd-1' });
    expect(after.map((a) => a.map((n) => n.text))).toEqual([[], [], [], ['Done.']]);
  });

  it('the deck stream stops at each marker: a step ends where the cast\'s marker is, the next plays on from there', () => {
    const { steps } = withMarkerSteps(sceneSteps(lesson.scenes[0]), casts);
    const s = deckStream(steps, casts, '$ ');
    expect(s.events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]])).toEqual([
      [0.5, 'scene-1-step-1'], [1.1, 'scene-1-step-1-m1'], [2.01, 'scene-1-step-1-m2'], [expect.any(Number), 'scene-1-step-2'],
    ]);
    expect(s.spans['scene-1-step-1']).toEqual({ from: 0, to: 0.5 });
    expect(s.spans['scene-1-step-1-m1']).toEqual({ from: 0.501, to: 1.1 });
    expect(s.spans['scene-1-step-1-m2']).toEqual({ from: 1.101, to: 2.01 });
    // "middle" is written after the first marker, in the second step
    const middle = s.events.find((e) => e[2].includes('middle'))!;
    expect(middle[0]).toBeGreaterThan(0.5);
    expect(middle[0]).toBeLessThan(1.1);
  });

  it('the timeline lists them as marker cues (a point in time), and the video stage maps marker steps to them', async () => {
    const timeline = scheduleLesson(lesson, fakeAudio(lesson), [recorded, synth]);
    const cmd = timeline.cues.find((c) => c.type === 'command' && c.ref === 'cmd-1')!;
    const cues = timeline.cues.filter((c) => c.type === 'marker');
    // Timeline times are whole milliseconds.
    const at = (dt: number) => Math.round((cmd.start + dt) * 1000) / 1000;
    expect(cues).toEqual([
      { id: 'marker:cmd-1#1', type: 'marker', start: at(0.5), end: at(0.5), sceneId: 'scene-1', ref: 'cmd-1#1', text: 'first' },
      { id: 'marker:cmd-1#2', type: 'marker', start: at(1.1), end: at(1.1), sceneId: 'scene-1', ref: 'cmd-1#2', text: 'second' },
    ]);
    const { steps } = withMarkerSteps(sceneSteps(lesson.scenes[0]), casts);
    expect(stepCueSpans(steps, timeline.cues).slice(1, 3)).toEqual([[at(0.5), at(0.5)], [at(1.1), at(1.1)]]);
  });
});

describe('a scene\'s terminal: size and theme of its recordings', () => {
  const wide: LessonCast = { ...recorded, cast: { ...markers, cols: 110, rows: 30, theme: TERMINAL_THEMES.dracula }, themeFromRecording: true };

  it('keeps the widest recording\'s size (its lines wrap where they did) and the recording\'s own theme', () => {
    expect(sceneTerminalSize([synth, wide], { cols: 80, rows: 24 })).toEqual({ cols: 110, rows: 30 });
    expect(sceneTerminalSize([], { cols: 80, rows: 24 })).toEqual({ cols: 80, rows: 24 });
    expect(sceneTheme([{ ...synth, cast: { ...synth.cast, theme: TERMINAL_THEMES.dark } }, wide], 'dark')).toEqual(TERMINAL_THEMES.dracula);
    expect(sceneTheme([synth], 'nord')).toEqual(TERMINAL_THEMES.nord);
  });

  it('the video page draws it in that size and theme, and a 95-column line of a 110-column recording stays one line', async () => {
    const line = 'x'.repeat(95);
    const w: LessonCast = { ...wide, cast: { ...wide.cast, events: [{ time: 0.1, code: 'o', data: `${line}\r\n` }], duration: 0.1 } };
    const course = { root: ROOT, config: {}, slidesDir: `${ROOT}slides`, cacheDir: '/tmp/lessoncast-test-cache' } as never;
    const timeline = scheduleLesson(lesson, fakeAudio(lesson), [w, synth]);
    const model = await stageModel({ course, lesson, casts: [w, synth] }, 'video', timeline);
    const term = model.scenes[0].terminal!;
    expect([term.cols, term.rows]).toEqual([110, 30]);
    expect(term.theme).toEqual(TERMINAL_THEMES.dracula);
    const html = renderStageHtml(model);
    expect(html).toContain('--term-color-background:#282a36');
    const rows = term.frames!.frames.at(-1)!.rows.map((r) => term.frames!.rowTable[r].replace(/<[^>]+>/g, ''));
    expect(rows).toContain(line);
  });

  it('a recording\'s resize plays, and the next cast starts at the scene\'s size again', async () => {
    const resizing = readCast(readFileSync(`${ROOT}tests/fixtures/real-casts/resizing.cast`, 'utf8'), 'resizing.cast');
    const r: LessonCast = { commandId: 'cmd-1', source: 'recorded', cast: resizing };
    const cues = [
      { id: 'command:cmd-1', type: 'command' as const, start: 1, end: 3.1, sceneId: 'scene-1', ref: 'cmd-1' },
      { id: 'command:cmd-2', type: 'command' as const, start: 4, end: 4.5, sceneId: 'scene-1', ref: 'cmd-2' },
    ];
    const ev = videoStream(0, 5, cues, new Map([['cmd-1', r], ['cmd-2', synth]]), '$ ', { cols: 80, rows: 24 });
    // v3 intervals: resizes at 1.0 and 2.0 s of the cast, which starts at 1 s
    expect(ev.filter((e) => e[1] === 'r').map((e) => [e[0], e[2]])).toEqual([[2, '100x30'], [3, '50x10'], [4, '80x24']]);
    const frames = await screenFrames(ev, 80, 24);
    const rowsAt = (t: number) => frames.frames[frames.times.filter((x) => x <= t).length - 1].rows.length;
    expect([rowsAt(1.7), rowsAt(2.5), rowsAt(3.5), rowsAt(4.2)]).toEqual([24, 30, 10, 24]);
  });
});

describe('one font stack', () => {
  it('stage, deck and site terminals name the same stack', () => {
    for (const css of ['src/stage/client/stage.css', 'src/render/site/assets/site.css'])
      expect(readFileSync(`${ROOT}${css}`, 'utf8')).toContain(`--term-font-family: ${TERMINAL_FONT_STACK};`);
  });

  it('a page gets only the faces its text needs; plain ASCII needs none', () => {
    expect(facesFor('kubectl get pods\r\n$ ')).toEqual([]);
    const families = (t: string) => [...new Set(facesFor(t).map((f) => f.family))];
    expect(families('\ue0b0\ue0a0')).toContain('Lessoncast Nerd Symbols');
    expect(families('\ue0b0\ue0a0')).not.toContain('Noto Sans KR');
    expect(families('⠿')).toContain('Noto Sans Symbols 2');
    expect(families('┌─┐')).toContain('DejaVu Mono');
    expect(families('🚀')).toContain('Noto Emoji');
    expect(families('한')).toEqual(expect.arrayContaining(['Noto Sans SC', 'Noto Sans KR']));
    // the CJK fonts come in slices: a few characters need a few of them, not the ~200
    expect(facesFor('日本語').length).toBeLessThanOrEqual(10);
    expect(facesFor().length).toBeGreaterThan(200);
  });
});
