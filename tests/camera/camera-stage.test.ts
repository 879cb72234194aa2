/**
 * The camera on the real stage, in Chromium: the page's DOM geometry agrees with the model's
 * numbers (terminal rows, editor lines) in 16:9, 9:16 and 1:1, under the camera's transform at
 * seek(t); the command's line is as high on screen as the model says (≥ 11 px at 360); keys show
 * for their time; highlights mark the words the cues name; a move changes the picture on each tick
 * and a rest does not; the deck steps through the same framings.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { cameraAt, focusBox } from '../../src/camera/frame-camera.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { openCourse } from '../../src/course.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Cue } from '../../src/schedule/types.ts';
import { cameraTimeline } from '../../src/stage/lesson-camera.ts';
import { SHAPE_SIZES, type StageShape } from '../../src/stage/stage-shape.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { fakeAudio } from '../stage/helpers.ts';
import { makeCameraCourse } from './camera-course.ts';

type Box = { x: number; y: number; w: number; h: number };
let session: BrowserSession;
const roots: string[] = [];
beforeAll(async () => { session = await launchBrowser(); });
afterAll(async () => { await session?.close(); for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** The camera course in a shape, its camera timeline, and its video stage page opened at the design size. */
async function stageIn(shape: StageShape) {
  const root = makeCameraCourse(SHAPE_SIZES[shape]);
  roots.push(root);
  const course = await openCourse({ root });
  const lesson = await readLesson(course, 'camera');
  const casts = await lessonCasts(course, lesson);
  const r = await cameraTimeline({ course, lesson, casts }, scheduleLesson(lesson, fakeAudio(lesson), casts));
  await writeStagePage(join(root, 'stage'), { course, lesson, casts }, { mode: 'video', timeline: r.timeline });
  const page = await session.browser.newPage();
  await page.setViewport(SHAPE_SIZES[shape]);
  await page.goto(pathToFileURL(join(root, 'stage', 'index.html')).href);
  await page.evaluate('window.lessoncastStage.ready');
  return { root, course, lesson, casts, ...r, page };
}

const seek = (page: Page, t: number) => page.evaluate(`window.lessoncastStage.seek(${t})`) as Promise<boolean>;
/** Rectangles of the current scene's elements, after the camera's transform (design pixels of the page). */
const rects = (page: Page, selector: string) => page.evaluate(`Array.from(document.querySelectorAll('section.lc-current ${selector}')).map(function (e) { var b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height, text: e.textContent }; })`) as Promise<(Box & { text: string })[]>;

/** A model box as the camera at `rect` shows it on the page. */
function onScreen(b: Box, rect: Box, stage: { width: number }): Box {
  const z = stage.width / rect.w;
  return { x: (b.x - rect.x) * z, y: (b.y - rect.y) * z, w: b.w * z, h: b.h * z };
}

function expectBox(actual: Box, expected: Box, what: string, tolerance = 1.5) {
  for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(actual[k] - expected[k]), `${what} ${k}: ${actual[k]} vs ${expected[k]}`).toBeLessThanOrEqual(tolerance);
}

describe('the camera on the stage', () => {
  for (const shape of ['landscape', 'portrait', 'square'] as const)
    it(`puts the command's line and the file's lines where the model says, under the camera (${shape})`, async () => {
      const s = await stageIn(shape);
      const stage = SHAPE_SIZES[shape];
      const geom = s.camera.geometry[0];
      const camera = s.timeline.cues.filter((c) => c.type === 'camera');
      const command = s.timeline.cues.find((c) => c.type === 'command')!;
      // The command at its cue's end: its row on screen, and its height, as the model has them.
      await seek(s.page, command.end);
      const step = geom.steps.find((f) => f.kind === 'terminal' && f.commandId)!;
      if (step.kind !== 'terminal') throw new Error('no command step');
      const g = geom.terminal!.grid;
      const row = { x: g.x, y: g.y + step.commandRows![0] * g.lineH, w: g.cols * g.charW, h: g.lineH };
      const rect = cameraAt(camera, command.end, stage);
      const lines = await rects(s.page, '.lc-term-static .ap-line');
      expectBox(lines[step.commandRows![0]], onScreen(row, rect, stage), `${shape} command row`);
      expect(lines[step.commandRows![0]].text).toContain('$ kubectl get svc svc-clusterip-httpd');
      const [r, second] = s.readability;
      expect(r.inFrame).toBe(true);
      expect(lines[step.commandRows![0]].h * (360 / 1080)).toBeCloseTo(r.linePx, 1);
      // The first command's output is 76 columns: whole in view, which a 1080-wide frame allows only below 11 px;
      // the second's output (42 columns) lets the camera bring its line to 11 px or more in every shape.
      if (shape === 'landscape') expect(r.linePx).toBeGreaterThanOrEqual(11);
      expect(second.inFrame).toBe(true);
      expect(second.linePx).toBeGreaterThanOrEqual(11);
      const widest = Math.max(...lines.map((l) => l.x + l.w));
      expect(widest).toBeGreaterThan(0);
      // Whole in view: inside the page.
      const text = (await rects(s.page, '.lc-term-static .ap-line span'))[0];
      expect(text.x).toBeGreaterThanOrEqual(0);
      expect(text.x + text.w).toBeLessThanOrEqual(stage.width);
      // The file, framed after `code configs/svc.yml`: each line where the model puts it.
      const open = s.timeline.cues.find((c) => c.type === 'direction' && c.action === 'open-file')!;
      const firstMove = camera[0];
      await seek(s.page, Math.max(open.start, firstMove.end) + 0.3);
      const fileRect = cameraAt(camera, Math.max(open.start, firstMove.end) + 0.3, stage);
      const eg = geom.editor!.grid;
      const dom = await rects(s.page, '.lc-file.lc-active .lc-line');
      for (const line of [1, 4, 7]) expectBox(dom[line - 1], onScreen({ x: eg.gutterX, y: eg.y + (line - 1) * eg.lineH, w: geom.editor!.pane.w, h: eg.lineH }, fileRect, stage), `${shape} editor line ${line}`);
      const box = focusBox(geom, geom.steps[0])!.box;
      expect(box.y + box.h).toBeLessThanOrEqual(fileRect.y + fileRect.h + 0.5);
      await s.page.close();
    });

  it('draws moves on every tick and nothing while the camera rests; keys for their time; highlights at their words', async () => {
    const s = await stageIn('landscape');
    const move = s.timeline.cues.find((c) => c.type === 'camera' && /cmd-1/.test(c.text ?? ''))!;
    await seek(s.page, move.start - 0.2);
    const changes: boolean[] = [];
    for (let t = move.start + 1 / 30; t < move.end; t += 1 / 30) changes.push(await seek(s.page, t));
    expect(changes.every(Boolean)).toBe(true);
    const transform = await s.page.evaluate(`document.querySelector('section.lc-current .lc-camera').style.transform`);
    expect(transform).toMatch(/^translate\(-?[\d.]+px, -?[\d.]+px\) scale\([\d.]+\)$/);
    // At rest (typing only changes the terminal; two seeks in one rest and one screen: no change).
    const end = s.timeline.cues.find((c) => c.type === 'command')!.end;
    await seek(s.page, end + 0.05);
    expect(await seek(s.page, end + 0.06)).toBe(false);

    const key = s.timeline.cues.find((c) => c.type === 'direction' && c.action === 'focus-terminal')!;
    const keysShown = async () => s.page.evaluate(`Array.from(document.querySelectorAll('section.lc-current .lc-keys.lc-visible')).map(function (k) { return k.textContent; })`);
    await seek(s.page, key.start + 0.1);
    expect(await keysShown()).toEqual(['⌃~']);
    await seek(s.page, key.start + 1.25);
    expect(await keysShown()).toEqual([]);

    const marked = async () => s.page.evaluate(`(function () { var h = CSS.highlights.get('lc-hl'); return h ? Array.from(h).map(function (r) { return r.toString(); }) : []; })()`) as Promise<string[]>;
    const highlights = s.timeline.cues.filter((c): c is Cue => c.type === 'highlight');
    expect(highlights.map((h) => [h.text, h.auto ?? false])).toEqual([['/\\bClusterIP\\b/', true], ['80/TCP', false]]);
    await seek(s.page, highlights[0].start + 0.01);
    expect(await marked()).toEqual(['ClusterIP']);
    await seek(s.page, highlights[1].start + 0.01);
    expect((await marked()).sort()).toEqual(['80/TCP', 'ClusterIP']);
    await seek(s.page, highlights[0].start - 0.01);
    expect(await marked()).toEqual([]);
    await s.page.close();
  });

  it('the deck steps through the same framings (16:9), a key press flashes its keys', async () => {
    const root = makeCameraCourse(SHAPE_SIZES.landscape);
    roots.push(root);
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'camera');
    await buildDeck(course, lesson);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(pathToFileURL(join(deckDir(course, 'camera'), 'index.html')).href);
    await page.waitForFunction('window.Reveal && Reveal.isReady()');
    const data = JSON.parse(await page.evaluate(`document.getElementById('lessoncast-data').textContent`) as string);
    const steps: number[][] = data.scenes[0].camera.steps;
    expect(steps.length).toBe(data.scenes[0].steps.length + 1);
    expect(steps[0]).toEqual([0, 0, 1920, 1080]);
    const transformAfter = async (n: number) => {
      for (let i = 0; i < n; i++) await page.evaluate('Reveal.next()');
      return page.evaluate(`document.querySelector('section.present .lc-camera').style.transform`);
    };
    expect(await transformAfter(0)).toBe('');
    const [x, y, w] = steps[1];
    const z = 1920 / w;
    const numbers = (t: unknown) => String(t).match(/-?[\d.]+/g)!.map(Number);
    const shown = numbers(await transformAfter(1));
    [-x * z, -y * z, z].forEach((v, i) => expect(shown[i]).toBeCloseTo(v, 2));
    await transformAfter(1);
    expect(await page.evaluate(`document.querySelector('section.present .lc-keys').classList.contains('lc-flash')`)).toBe(true);
    await page.close();
  });
});
