/** The stage's pure core: steps, terminal streams, screens, slides, layout, cue mapping. No browser. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LessonCast } from '../../src/casts/types.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import type { Cue } from '../../src/schedule/types.ts';
import { screenRowHtml, xtermColor } from '../../src/stage/screen-html.ts';
import { stepCueSpans, stageModel } from '../../src/stage/stage-model.ts';
import { isPlaceholderPath, sceneSteps } from '../../src/stage/stage-steps.ts';
import { terminalFontSize, terminalArea } from '../../src/stage/terminal-layout.ts';
import { screenFrames } from '../../src/stage/terminal-screens.ts';
import { CLEAR_SCREEN, deckStream, videoStream } from '../../src/stage/terminal-stream.ts';
import { compileSlide, splitSlides } from '../../src/stage/lesson-slides.ts';
import { renderStageHtml } from '../../src/stage/render-stage-html.ts';
import { seedLesson } from './helpers.ts';

const cast = (commandId: string, text: string, dur = 1): LessonCast => ({
  commandId, source: 'synthesized',
  cast: { version: 2, cols: 40, rows: 5, duration: dur, events: [{ time: 0, code: 'o', data: '\r\x1b[K$ ' }, { time: 0.5, code: 'o', data: text }, { time: dur, code: 'o', data: '\r\nok\r\n$ ' }] },
});

describe('scene steps', () => {
  it('turns terminal steps, popups and code blocks into ordered steps with the narration after each', () => {
    const lesson = parseLesson('## vscode\n\nIntro.\n\n```bash\ncode configs/a.yml\nswitch to bash terminal (ctrl+~)\nclear\n$ echo hi\nhi\n```\n\nAfter the command.\n\n```popup\nLook!\n```\n\n```yaml\nkey: 1\n```\n\nEnd.\n', { file: 'transcripts/t.md', slug: 't' });
    const { steps, intro, after } = sceneSteps(lesson.scenes[0]);
    expect(steps.map((s) => s.kind)).toEqual(['open-file', 'focus-terminal', 'clear', 'command', 'popup', 'code']);
    expect(intro.map((n) => n.text)).toEqual(['Intro.']);
    expect(after[3].map((n) => n.text)).toEqual(['After the command.']);
    expect(after[5].map((n) => n.text)).toEqual(['End.']);
    expect(steps[0]).toMatchObject({ kind: 'open-file', path: 'configs/a.yml', placeholder: false });
  });

  it('recognises placeholder paths', () => {
    for (const p of ['...', 'xxxx', '', 'configs/....']) expect(isPlaceholderPath(p, false)).toBe(true);
    expect(isPlaceholderPath('configs/pod.yml', false)).toBe(false);
  });
});

describe('terminal streams', () => {
  const steps = [
    { kind: 'command' as const, id: 's1', commandId: 'cmd-1', text: 'echo a' },
    { kind: 'clear' as const, id: 's2' },
    { kind: 'command' as const, id: 's3', commandId: 'cmd-2', text: 'echo b' },
  ];
  const casts = new Map([['cmd-1', cast('cmd-1', 'echo a', 1)], ['cmd-2', cast('cmd-2', 'echo b', 2)]]);

  it('lays casts end to end in the deck with a marker at the end of every step', () => {
    const s = deckStream(steps, casts, '$ ');
    expect(s.events[0]).toEqual([0, 'o', '$ ']);
    expect(s.spans.s1.from).toBe(0);
    expect(s.spans.s1.to).toBeGreaterThan(1);
    expect(s.spans.s2.from).toBeGreaterThan(s.spans.s1.to);
    expect(s.spans.s3.from).toBeGreaterThan(s.spans.s2.to);
    const markers = s.events.filter((e) => e[1] === 'm').map((e) => e[2]);
    expect(markers).toEqual(['s1', 's2', 's3']);
    expect(s.events.some((e) => e[2].startsWith(CLEAR_SCREEN))).toBe(true);
    const times = s.events.map((e) => e[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('places casts at their cue start in the video and flushes what has not played when the next cue starts', () => {
    const cues: Cue[] = [
      { id: 'c1', type: 'command', start: 10, end: 11, sceneId: 'scene-1', ref: 'cmd-1' },
      { id: 'c2', type: 'direction', action: 'clear', start: 10.5, end: 10.6, sceneId: 'scene-1', ref: 'term#1' },
      { id: 'c3', type: 'command', start: 20, end: 22, sceneId: 'scene-1', ref: 'cmd-2' },
    ];
    const ev = videoStream(5, 30, cues, casts, '> ');
    expect(ev[0]).toEqual([5, 'o', '> ']);
    // cmd-1's last event (at 11) is flushed at the clear (10.5).
    expect(ev.filter((e) => e[0] > 10.5 && e[0] < 20)).toEqual([]);
    expect(ev.find((e) => e[2].startsWith(CLEAR_SCREEN))![0]).toBe(10.5);
    expect(ev.find((e) => e[2] === 'echo b')![0]).toBe(20.5);
  });

  it('replays a stream into screens: typing, colors, clear, cursor', async () => {
    const frames = await screenFrames([[0, 'o', '$ '], [1, 'o', 'ec'], [2, 'o', 'ho'], [3, 'o', '\r\n\x1b[31mred\x1b[0m\r\n$ '], [4, 'o', CLEAR_SCREEN + '$ ']], 20, 4);
    expect(frames.times).toEqual([0, 1, 2, 3, 4]);
    const text = (i: number) => frames.frames[i].rows.map((r) => frames.rowTable[r].replace(/<[^>]+>/g, '')).join('|');
    expect(text(1)).toContain('$ ec');
    expect(text(2)).toContain('$ echo');
    expect(frames.rowTable[frames.frames[3].rows[1]]).toContain('color:var(--term-color-1)');
    expect(text(4)).toBe('$|||'); // trailing blanks draw nothing
    expect(frames.frames[4].cursor).toEqual([2, 0]);
  });

  it('writes rows in the player markup, runs of one style in one span, 256 and RGB colors', () => {
    const plain = { fg: null, bg: null, bold: false, faint: false, italic: false, underline: false, strike: false, inverse: false, invisible: false };
    const html = screenRowHtml(2, [
      { ch: 'a', style: plain }, { ch: 'b', style: plain }, { ch: 'c', style: { ...plain, fg: '#fedcba', bold: true } }, { ch: ' ', style: plain },
    ]);
    expect(html).toBe('<span class="ap-line" style="--row:2"><span style="--offset:0">ab</span><span style="--offset:2;color:#fedcba" class="ap-bold">c</span></span>');
    expect(xtermColor(196)).toBe('#ff0000');
    expect(xtermColor(244)).toBe('#808080');
  });
});

describe('slides and layout', () => {
  it('splits slides on --- lines outside code fences and compiles them', () => {
    const slides = splitSlides('# One\n\ntext\n---\n## Two\n\n```yaml\n---\nkey: v\n```\n---\n');
    expect(slides).toHaveLength(2);
    const two = compileSlide(slides[1], '/nonexistent');
    expect(two.title).toBe('Two');
    expect(two.html).toContain('<h2>Two</h2>');
    expect(two.html).toContain('---');
  });

  it('fits 80×24 into both desktop layouts at a readable size', () => {
    const split = terminalFontSize(80, 24, 'split');
    const full = terminalFontSize(80, 24, 'terminal');
    expect(split).toBeGreaterThanOrEqual(20);
    expect(full).toBeGreaterThan(split);
    const area = terminalArea('split');
    expect(80 * 0.6 * split + 1.5 * split).toBeLessThanOrEqual(area.width);
    expect(terminalFontSize(300, 100, 'split')).toBeGreaterThanOrEqual(10);
  });

  it('maps steps to their cues: by ref, and directions in order', () => {
    const steps = [
      { kind: 'open-file' as const, id: 'a', path: 'x', placeholder: false },
      { kind: 'command' as const, id: 'b', commandId: 'cmd-1', text: 'ls' },
      { kind: 'clear' as const, id: 'c' },
      { kind: 'popup' as const, id: 'd', popupId: 'popup-1', text: 'hi' },
    ];
    const cues: Cue[] = [
      { id: '1', type: 'direction', action: 'open-file', start: 1, end: 2, sceneId: 's', ref: 't#0' },
      { id: '2', type: 'command', start: 3, end: 4, sceneId: 's', ref: 'cmd-1' },
      { id: '3', type: 'direction', action: 'clear', start: 5, end: 6, sceneId: 's', ref: 't#1' },
    ];
    expect(stepCueSpans(steps, cues)).toEqual([[1, 2], [3, 4], [5, 6], null]);
  });
});

describe('a slide scene without a slide', () => {
  it('becomes a clean title slide from the lesson title and the section', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lessoncast-title-slide-'));
    const lesson = parseLesson('---\ntitle: Services in depth\n---\n## slide\n\nHello.\n\n## powerpoint slide\n\nMore.\n', { file: 'transcripts/t.md', slug: 't' });
    const course = { root, config: {}, configFile: null, transcriptsDir: join(root, 'transcripts'), slidesDir: join(root, 'slides'), recordingsDir: join(root, 'recordings'), outDir: join(root, 'build'), cacheDir: join(root, 'build/.cache'), slugs: ['t'] };
    const m = await stageModel({ course, lesson, casts: [] }, 'deck');
    expect(m.scenes.map((s) => [s.layout, s.slide])).toEqual([['slide', null], ['slide', null]]);
    const html = renderStageHtml(m);
    expect(html.match(/<h1>Services in depth<\/h1>/g)).toHaveLength(2);
  });
});

describe('the seed lessons', () => {
  const out = mkdtempSync(join(tmpdir(), 'lessoncast-stage-core-'));
  let p2p: Awaited<ReturnType<typeof seedLesson>>;
  let sad: Awaited<ReturnType<typeof seedLesson>>;
  beforeAll(async () => {
    p2p = await seedLesson('pod-to-pod-networking', out);
    sad = await seedLesson('services-and-dns', out);
  });

  it('pod-to-pod: the slide scene takes the first slide; the desktop opens both files, side by side with the terminal', async () => {
    const m = await stageModel(p2p, 'deck');
    expect(m.scenes.map((s) => s.layout)).toEqual(['slide', 'split']);
    expect(m.scenes[0].slide?.title).toBe('Pod-to-pod networking');
    expect(m.scenes[1].files.map((f) => [f.name, f.status])).toEqual([['pod-httpd.yml', 'ok'], ['pod-centos.yml', 'ok']]);
    expect(m.scenes[1].files[0].lines.join('\n')).toContain('pod-httpd');
    expect(m.scenes[1].steps.filter((s) => s.kind === 'command')).toHaveLength(4);
    expect(m.scenes[1].steps.at(-1)).toMatchObject({ kind: 'popup', text: 'curl http://apache.localcluster' });
    const html = renderStageHtml(m);
    expect(html.match(/<section /g)).toHaveLength(2);
    expect(html).not.toMatch(/(src|href)="(\/|https?:)/);
  });

  it('services-and-dns: one implicit desktop scene, terminal only (its `code ...` placeholders open nothing)', async () => {
    const m = await stageModel(sad, 'deck');
    expect(m.scenes).toHaveLength(1);
    expect(m.scenes[0].layout).toBe('terminal');
    expect(m.scenes[0].steps.filter((s) => s.kind === 'open-file').every((s) => s.kind === 'open-file' && s.placeholder)).toBe(true);
    // Every narration paragraph is in the notes, in order.
    const notes = [m.scenes[0].notes.intro, ...m.scenes[0].notes.after].join('\n');
    const paras = sad.lesson.scenes[0].items.filter((i) => i.type === 'narration');
    let at = -1;
    for (const p of paras) {
      const i = notes.indexOf(p.text.slice(0, 40).replace(/&/g, '&amp;'), at + 1);
      expect(i, p.text).toBeGreaterThan(at);
      at = i;
    }
  });
});
