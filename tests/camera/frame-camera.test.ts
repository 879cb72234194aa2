/**
 * The camera's framing as data (pure, no browser): scenes open wide, every command of the seeds
 * reads at 11 px or more in a 640×360 / 360×640 rendering and is whole in view at its cue's end (in
 * 16:9, 9:16 and 1:1), a marked editor range is framed, author directives steer it, `camera: off`
 * keeps the whole stage, moves never overlap nor cross a scene's end, and the same script gives
 * the same cues.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAMERA, cameraAt, cameraCues, easeInOut, focusBox, frameFocus, frameSteps, wideRect } from '../../src/camera/frame-camera.ts';
import type { SceneGeometry } from '../../src/camera/types.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { openCourse } from '../../src/course.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Cue } from '../../src/schedule/types.ts';
import { cameraTimeline } from '../../src/stage/lesson-camera.ts';
import { SHAPE_SIZES, type StageShape } from '../../src/stage/stage-shape.ts';
import { editorGrid, terminalGrid, desktopPanes } from '../../src/stage/terminal-layout.ts';
import { fakeAudio, seedLesson } from '../stage/helpers.ts';
import { CAMERA_SCRIPT, makeCameraCourse } from './camera-course.ts';

const out = mkdtempSync(join(tmpdir(), 'lessoncast-frame-camera-'));
const roots: string[] = [];
afterAll(() => { rmSync(out, { recursive: true, force: true }); for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** A seed with its timeline, camera and readability in a shape. */
async function seedIn(slug: string, shape: StageShape) {
  const seed = await seedLesson(slug, out);
  return { seed, ...(await cameraTimeline(seed, seed.timeline, { shape })) };
}

/** The camera course (or another script in it) scheduled with fake speech, in a shape. */
async function tiny(shape: StageShape, opts: { camera?: 'auto' | 'off'; script?: string; files?: Record<string, string> } = {}) {
  const root = makeCameraCourse(SHAPE_SIZES[shape], opts);
  roots.push(root);
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(root, name), text);
  const course = await openCourse({ root });
  const { readLesson } = await import('../../src/parse/read-lesson.ts');
  const lesson = await readLesson(course, 'camera');
  const casts = await lessonCasts(course, lesson);
  const scheduled = scheduleLesson(lesson, fakeAudio(lesson), casts);
  return { course, lesson, casts, scheduled, ...(await cameraTimeline({ course, lesson, casts }, scheduled, { shape })) };
}

const camera = (cues: Cue[]) => cues.filter((c) => c.type === 'camera');

describe('the camera as data', () => {
  for (const shape of ['landscape', 'portrait', 'square'] as const)
    it(`frames every command of the seeds readable and whole at its cue's end (${shape})`, async () => {
      for (const slug of ['pod-to-pod-networking', 'services-and-dns']) {
        const { readability, timeline } = await seedIn(slug, shape);
        const commands = timeline.cues.filter((c) => c.type === 'command');
        expect(readability.length, slug).toBe(commands.length);
        for (const r of readability) {
          expect(r.inFrame, `${slug} ${r.commandId} in view`).toBe(true);
          expect(r.linePx, `${slug} ${r.commandId} line height at 360 px`).toBeGreaterThanOrEqual(11);
        }
        // Without the camera the same commands are 10 px (16:9 split) or less: the camera is what makes them readable.
      }
    });

  it('today (camera off) the split layout reads at about 10 px, the camera brings it to 14 px or more', async () => {
    const on = await tiny('landscape');
    const off = await tiny('landscape', { camera: 'off' });
    expect(off.readability[0].linePx).toBeLessThan(11);
    // Off: only the author's focus moves it, and it comes back to the whole stage once that sentence is said.
    expect(camera(off.timeline.cues).map((c) => c.rect)).toEqual([expect.anything(), [0, 0, 1920, 1080]]);
    expect(on.readability[0].linePx).toBeGreaterThanOrEqual(CAMERA.readableLine / 3);
  });

  it('opens each scene wide, then moves, each move its own 0.6 s, never two at once, never across the scene end', async () => {
    for (const slug of ['pod-to-pod-networking', 'services-and-dns'])
      for (const shape of ['landscape', 'portrait'] as const) {
        const { timeline } = await seedIn(slug, shape);
        for (const scene of timeline.scenes) {
          const cues = camera(timeline.cues).filter((c) => c.sceneId === scene.id);
          expect(cameraAt(cues, scene.start, SHAPE_SIZES[shape])).toEqual(wideRect(SHAPE_SIZES[shape]));
          cues.forEach((c, i) => {
            expect(c.start, `${slug} ${c.id}`).toBeGreaterThanOrEqual(scene.start + CAMERA.openWideSeconds - 1e-9);
            expect(c.end - c.start).toBeCloseTo(CAMERA.moveSeconds, 9);
            expect(c.end).toBeLessThanOrEqual(scene.end);
            if (i) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1].end);
          });
        }
      }
  });

  it('keeps the framing while consecutive commands stay in view (one move for the terminal, not one per command)', async () => {
    const { timeline } = await seedIn('pod-to-pod-networking', 'landscape');
    const scene2 = camera(timeline.cues).filter((c) => c.sceneId === 'scene-2');
    const commands = timeline.cues.filter((c) => c.type === 'command');
    expect(commands.length).toBe(4);
    const during = scene2.filter((c) => c.start >= commands[1].start);
    expect(during).toEqual([]);
  });

  it('frames a marked range of a long file: its lines in view at the readable size', async () => {
    const lines = Array.from({ length: 70 }, (_, i) => `key${i + 1}: value number ${i + 1}`).join('\n');
    const script = '## vscode\n\nThe file.\n\n```bash\ncode configs/long.yml:40-43\n```\n\nThese four lines matter.\n';
    const r = await tiny('portrait', { script, files: { 'configs/long.yml': lines } });
    const geom = r.camera.geometry[0];
    const focus = geom.steps[0];
    expect(focus).toMatchObject({ kind: 'editor', lines: [40, 43] });
    const [cue] = camera(r.timeline.cues);
    const rect = { x: cue.rect![0], y: cue.rect![1], w: cue.rect![2], h: cue.rect![3] };
    const box = focusBox(geom, focus)!.box;
    expect(box.y).toBeGreaterThanOrEqual(rect.y);
    expect(box.y + box.h).toBeLessThanOrEqual(rect.y + rect.h);
    expect(geom.editor!.grid.lineH * (1080 / rect.w)).toBeGreaterThanOrEqual(CAMERA.readableLine - 0.5);
  });

  it('follows the author: {focus editor 6-7} frames those lines at the word after it; {focus wide} shows the whole stage', async () => {
    const t = await tiny('landscape');
    const cues = camera(t.timeline.cues);
    const authored = cues.find((c) => /\{focus editor 6-7\}/.test(c.text ?? ''))!;
    expect(authored).toBeDefined();
    const n = t.timeline.cues.find((c) => c.type === 'narration' && /These lines/.test(c.text ?? ''))!;
    // "…is open. {focus editor 6-7} These lines…": the move starts when "These" is said.
    expect(authored.start).toBeCloseTo(n.words![0].start, 3);
    const geom = t.camera.geometry[0];
    const g = geom.editor!.grid;
    const rect = authored.rect!;
    for (const line of [6, 7]) {
      const y = g.y + (line - 1) * g.lineH;
      expect(y).toBeGreaterThanOrEqual(rect[1]);
      expect(y + g.lineH).toBeLessThanOrEqual(rect[1] + rect[3]);
    }
    const wide = await tiny('landscape', { script: CAMERA_SCRIPT.replace('{focus editor 6-7}', '{focus wide}') });
    const asked = camera(wide.timeline.cues).find((c) => /\{focus wide\}/.test(c.text ?? ''))!;
    expect(asked.rect).toEqual([0, 0, 1920, 1080]);
    // The command typed meanwhile is framed once the sentence is said: it ends in view.
    expect(wide.readability.every((r) => r.inFrame)).toBe(true);
    expect(t.readability.every((r) => r.inFrame && r.linePx >= 11)).toBe(true);
    const resume = camera(t.timeline.cues).at(-1)!;
    expect(resume.start).toBeCloseTo(n.end, 3);
    expect(resume.text).toMatch(/^terminal/);
    // With the automatic camera off, the author's focus still acts, and only it.
    const off = await tiny('landscape', { camera: 'off' });
    expect(camera(off.timeline.cues).map((c) => c.text)).toEqual(['editor 6-7 ({focus editor 6-7})', 'wide']);
  });

  it('is deterministic: the same script gives the same cues', async () => {
    const a = await seedIn('services-and-dns', 'portrait');
    const b = await seedIn('services-and-dns', 'portrait');
    expect(camera(a.timeline.cues)).toEqual(camera(b.timeline.cues));
    expect(camera(a.timeline.cues).length).toBeGreaterThan(0);
  });

  it('eases between framings: from the last rest to the next, slow at both ends', () => {
    const stage = { width: 1920, height: 1080 };
    const cues: Cue[] = [
      { id: 'camera:s#1', type: 'camera', start: 10, end: 10.6, sceneId: 's', ref: 's#1', rect: [960, 540, 960, 540] },
      { id: 'camera:s#2', type: 'camera', start: 20, end: 20.6, sceneId: 's', ref: 's#2', rect: [0, 0, 960, 540] },
    ];
    expect(cameraAt(cues, 9.99, stage)).toEqual({ x: 0, y: 0, w: 1920, h: 1080 });
    const mid = cameraAt(cues, 10.3, stage);
    for (const [k, v] of Object.entries({ x: 480, y: 270, w: 1440, h: 810 })) expect(mid[k as 'x'], k).toBeCloseTo(v, 6);
    expect(cameraAt(cues, 15, stage)).toEqual({ x: 960, y: 540, w: 960, h: 540 });
    expect(cameraAt(cues, 20.6, stage)).toEqual({ x: 0, y: 0, w: 960, h: 540 });
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(0.9)).toBeGreaterThan(0.9);
  });

  it('skips a framing held less than a second, never a command\'s; waits for a running move', () => {
    const stage = { width: 1920, height: 1080 };
    const f = (x: number, text = 'f') => ({ rect: { x, y: 0, w: 960, h: 540 }, pane: 'terminal' as const, text });
    const cues = cameraCues({ id: 's', start: 0, end: 30_000 }, stage, [
      { at: 5000, framing: f(100, 'brief'), must: false },
      { at: 5500, framing: f(200, 'command'), must: true },
      { at: 5700, framing: f(300, 'second command'), must: true },
    ]);
    expect(cues.map((c) => [c.text, c.start, c.end])).toEqual([['command', 5.5, 6.1], ['second command', 6.1, 6.7]]);
    // Too late to finish before the scene ends: no move.
    expect(cameraCues({ id: 's', start: 0, end: 6000 }, stage, [{ at: 5600, framing: f(100), must: true }])).toEqual([]);
  });

  it('never cuts the line being typed: a line wider than readability allows is framed whole, smaller', () => {
    const shape = 'portrait';
    const pane = desktopPanes('terminal', shape).terminal!;
    const grid = terminalGrid(pane, 21, 80, 24, shape);
    const geom: SceneGeometry = {
      sceneId: 's', stage: SHAPE_SIZES[shape], terminal: { pane, grid }, editor: null, files: {},
      steps: [{ kind: 'terminal', rows: [0, 1], cols: 80, context: { rows: [0, 1], cols: 80 }, commandId: 'c', commandRows: [0, 0], commandCols: 80 }],
    };
    const [wide, framed] = frameSteps(geom, 'auto');
    expect(wide.rect).toEqual(wideRect(SHAPE_SIZES[shape]));
    const box = focusBox(geom, geom.steps[0])!.box;
    expect(box.x).toBeGreaterThanOrEqual(framed.rect.x);
    expect(box.x + box.w).toBeLessThanOrEqual(framed.rect.x + framed.rect.w + 0.01);
    // 80 columns on a 1080-wide frame: about 10 px at 360, below the target, but whole.
    expect(grid.lineH * (1080 / framed.rect.w) / 3).toBeLessThan(11);
    expect(frameSteps(geom, 'off').map((x) => x.rect)).toEqual([wideRect(SHAPE_SIZES[shape]), wideRect(SHAPE_SIZES[shape])]);
  });

  it('frames the pane in use: an editor step frames the editor, a command the terminal', async () => {
    const t = await tiny('landscape');
    const geom = t.camera.geometry[0];
    const framings = frameSteps(geom, 'auto');
    const editorPane = geom.editor!.pane, termPane = geom.terminal!.pane;
    const center = (r: { x: number; w: number }) => r.x + r.w / 2;
    const afterFile = framings[1].rect, afterCommand = framings[3].rect;
    expect(center(afterFile)).toBeLessThan(center(afterCommand));
    expect(afterFile.x).toBeLessThanOrEqual(editorPane.x + 1);
    expect(afterCommand.x + afterCommand.w).toBeGreaterThan(termPane.x + termPane.w / 2);
    expect(editorGrid(editorPane).lineH).toBeCloseTo(36.8, 6);
  });

  it('parses the directives and refuses bad ones (docs/ir.md)', () => {
    const l = parseLesson('## terminal\n\nSee CrashLoopBackOff {highlight CrashLoopBackOff} and {focus code 3-5} then {focus wide}. Bad {focus sideways} {highlight /a(/} {focus terminal 3}.\n', { file: 'x.md', slug: 'x' });
    const n = l.scenes[0].items[0];
    expect(n.type === 'narration' && n.text).toBe('See CrashLoopBackOff and then. Bad.');
    expect(n.type === 'narration' && n.directives!.map((d) => (d.type === 'focus' ? [d.target, d.lines ?? null, d.word] : [d.pattern, d.regex, d.word]))).toEqual([
      ['CrashLoopBackOff', false, 2], ['editor', { from: 3, to: 5 }, 3], ['wide', null, 4],
    ]);
    expect(l.diagnostics.map((d) => d.code)).toEqual(['invalid-focus', 'invalid-highlight', 'invalid-focus']);
  });
});

describe('frameFocus', () => {
  it('shows all that is in use when it reads well, no larger than the largest line', () => {
    const pane = desktopPanes('split').terminal!;
    const grid = terminalGrid(pane, 23, 80, 24);
    const geom: SceneGeometry = { sceneId: 's', stage: SHAPE_SIZES.landscape, terminal: { pane, grid }, editor: null, files: {}, steps: [] };
    const prompt = frameFocus(geom.stage, focusBox(geom, { kind: 'terminal', rows: [0, 0], cols: 2, context: { rows: [0, 0], cols: 2 } })!);
    expect(grid.lineH * (1920 / prompt.w)).toBeCloseTo(CAMERA.largestLine, 2);
    const full = frameFocus(geom.stage, focusBox(geom, { kind: 'terminal', rows: [20, 23], cols: 80, context: { rows: [0, 23], cols: 80 } })!);
    const box = { y: grid.y, h: 24 * grid.lineH, x: grid.x, w: 80 * grid.charW };
    expect(full.y).toBeLessThanOrEqual(box.y);
    expect(full.y + full.h).toBeGreaterThanOrEqual(box.y + box.h);
    expect(full.x + full.w).toBeGreaterThanOrEqual(box.x + box.w);
    expect(grid.lineH * (1920 / full.w)).toBeGreaterThanOrEqual(CAMERA.readableLine);
  });
});

describe('lint of the directives', () => {
  it('warns of a highlight nothing shows and a focus on a pane the scene lacks', async () => {
    const { lintLesson } = await import('../../src/lint/lint-lesson.ts');
    const script = CAMERA_SCRIPT.replace('{highlight 80/TCP}', '{highlight 443/TCP} {highlight /Cluster\\w+/}') + '\n## slide\n\nA slide {focus terminal} here.\n';
    const t = await tiny('landscape', { script });
    const found = (await lintLesson(t.course, t.lesson)).filter((d) => ['highlight-not-shown', 'focus-without-pane'].includes(d.code));
    expect(found.map((d) => [d.code, d.message])).toEqual([
      ['highlight-not-shown', '{highlight 443/TCP}: nothing this scene shows matches "443/TCP"'],
      ['focus-without-pane', '{focus terminal}: this scene has no terminal (it runs nothing)'],
    ]);
  });
});
