/**
 * The stage in video mode, in real Chromium: `window.lessoncastStage.seek(t)` is exact (scene, editor,
 * terminal typing, popups by their cues), deterministic (same t → same pixels), fast, and the
 * terminal looks the same as the deck's asciinema-player.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import type { Cue } from '../../src/schedule/types.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { goTo, openDeck, waitForTerminal } from '../deck/deck-helpers.ts';
import { seedLesson } from './helpers.ts';

const out = mkdtempSync(join(tmpdir(), 'lessoncast-video-stage-'));
let session: BrowserSession;
let seed: Awaited<ReturnType<typeof seedLesson>>;
let page: Page;
let changes: number[];
const errors: string[] = [];
const requests: string[] = [];
const pageDir = join(out, 'stage-video');

type Stage = { ready: Promise<void>; seek(t: number): Promise<boolean> };
const seek = (t: number) => page.evaluate((t) => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.seek(t), t);
const termText = () => page.evaluate(() => document.querySelector('section.lc-current .lc-term-static .ap-term-text')?.textContent ?? '');
const cue = (type: string, ref?: string): Cue => seed.timeline.cues.find((c) => c.type === type && (!ref || c.ref === ref))!;

beforeAll(async () => {
  seed = await seedLesson('pod-to-pod-networking', out);
  ({ changes } = await writeStagePage(pageDir, seed, { mode: 'video', timeline: seed.timeline }));
  session = await launchBrowser();
  page = await session.browser.newPage();
  await page.setViewport({ width: 1920, height: 1080 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(pageDir, 'index.html')).href);
  await page.evaluate(() => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.ready);
});
afterAll(async () => {
  await session?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('video mode', () => {
  it('is a fixed 1920×1080 stage without reveal.js', async () => {
    const s = await page.evaluate(() => ({ reveal: 'Reveal' in window, w: document.body.scrollWidth, h: document.body.scrollHeight, fonts: document.fonts.status }));
    expect(s).toEqual({ reveal: false, w: 1920, h: 1080, fonts: 'loaded' });
  });

  it('shows the scene of time t', async () => {
    await seek(1);
    expect(await page.evaluate(() => document.querySelector('section.lc-current')?.id)).toBe('scene-1');
    await seek(seed.timeline.scenes[1].start + 0.01);
    expect(await page.evaluate(() => document.querySelector('section.lc-current')?.id)).toBe('scene-2');
    await seek(seed.timeline.duration + 5);
    expect(await page.evaluate(() => document.querySelector('section.lc-current')?.id)).toBe('scene-2');
  });

  it('types a command character by character: half-way through typing shows a partial command', async () => {
    const c = cue('command', 'cmd-2');
    const full = 'kubectl apply -f configs/pod-httpd.yml -f configs/pod-centos.yml';
    await seek(c.start - 0.001);
    expect(await termText()).not.toContain('kubectl');
    await seek(c.start + (c.typedAt! - c.start) / 2);
    const half = (await termText()).replace(/\s+/g, ' ');
    expect(half).toMatch(/\$ kubectl apply/);
    expect(half).not.toContain(full);
    await seek(c.end);
    const done = (await termText()).replace(/\s+/g, ' ');
    expect(done).toContain(full);
    expect(done).toContain('pod/pod-centos unchanged');
  });

  it('opens files in the editor at their direction cues, and moves the focus', async () => {
    const opens = seed.timeline.cues.filter((c) => c.type === 'direction' && c.action === 'open-file');
    await seek(opens[0].start - 0.01);
    expect(await page.evaluate(() => document.querySelector('section.lc-current .lc-file.lc-active'))).toBeNull();
    await seek(opens[0].start + 0.01);
    const s = await page.evaluate(() => ({
      file: document.querySelector('section.lc-current .lc-file.lc-active')?.getAttribute('data-file'),
      focus: document.querySelector('section.lc-current .lc-desktop')?.getAttribute('data-focus'),
    }));
    expect(s).toEqual({ file: 'configs/pod-httpd.yml', focus: 'editor' });
  });

  it('shows a popup only during its cue', async () => {
    const p = cue('popup');
    const visible = () => page.evaluate(() => document.querySelectorAll('section.lc-current .lc-popup.lc-visible').length);
    await seek(p.start - 0.01);
    expect(await visible()).toBe(0);
    await seek(p.start + 0.01);
    expect(await visible()).toBe(1);
    await seek(p.end + 0.01);
    expect(await visible()).toBe(0);
  });

  it('is deterministic: the same t gives the same pixels, and says when nothing changed', async () => {
    const c = cue('command', 'cmd-2');
    const t = c.start + 1.3;
    await seek(t);
    const a = await page.screenshot({ type: 'png' });
    expect(await seek(t)).toBe(false);
    expect(await seek(5)).toBe(true);
    expect(await seek(t)).toBe(true);
    const b = await page.screenshot({ type: 'png' });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('seeks every change time in well under 20 ms each', async () => {
    expect(changes.length).toBeGreaterThan(50);
    const ms = await page.evaluate(async (times) => {
      const stage = (window as unknown as { lessoncastStage: Stage }).lessoncastStage;
      const t0 = performance.now();
      for (const t of times) await stage.seek(t);
      for (const t of [...times].reverse()) await stage.seek(t);
      return (performance.now() - t0) / (times.length * 2);
    }, changes);
    expect(ms).toBeLessThan(20);
  });

  it('draws the terminal like the deck: same box, same lines', async () => {
    await buildDeck(seed.course, seed.lesson, { casts: seed.casts });
    const deck = await openDeck(session.browser, pathToFileURL(join(deckDir(seed.course, seed.lesson.slug), 'index.html')).href);
    const n = seed.lesson.scenes[1].items.filter((i) => i.type === 'terminal').flatMap((b) => (b.type === 'terminal' ? b.steps : [])).length;
    await goTo(deck.page, 1, n - 1);
    await waitForTerminal(deck.page, 1, 'kubectl exec ... -- curl http://xxxxxx');
    await seek(seed.timeline.duration - 0.01);
    const box = (p: Page, sel: string) => p.evaluate((sel) => {
      const term = document.querySelector(sel)!;
      const r = term.getBoundingClientRect();
      const lines = Array.from(term.querySelectorAll('.ap-line')).map((l) => l.textContent!.trimEnd()).filter(Boolean);
      return { x: r.x, y: r.y, w: r.width, h: r.height, font: getComputedStyle(term).fontSize, family: getComputedStyle(term).fontFamily.split(',')[0], lines };
    }, sel);
    const inDeck = await box(deck.page, '#scene-2 .lc-term-live .ap-term');
    const inVideo = await box(page, '#scene-2 .lc-term-static .ap-term');
    expect(inVideo).toEqual(inDeck);
    expect(deck.errors).toEqual([]);
    await deck.page.close();
  });

  it('logged no errors and loaded nothing from outside its folder', () => {
    expect(errors).toEqual([]);
    for (const url of requests) if (!url.startsWith('data:')) expect(url.startsWith(pathToFileURL(pageDir).href + '/'), url).toBe(true);
  });
});
