/**
 * The lesson site in real Chromium: crawled from file:// and from a static server under a sub-path, before and
 * after the video exists; the video plays with captions; the transcript seeks and highlights; axe finds nothing serious.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { timelineFor } from '../../src/schedule/timeline-for.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import type { Lesson } from '../../src/types.ts';
import { buildDeck } from '../../src/render/deck/build-deck.ts';
import { buildSite } from '../../src/render/site/build-site.ts';
import { createStaticHandler } from '../../src/adapters/static-handler.ts';
import { crawlSite } from './crawl-site.ts';
import { makeCourse, writeStandInMedia } from './site-fixture.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let root: string;
let course: Course;
let lessons: Lesson[];
const timelines = new Map<string, Timeline>();
let browser: BrowserSession;
let server: Server;
let httpBase: string;

async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

async function openPage(url: string, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push((e as Error).message));
  await page.setViewport(viewport);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

beforeAll(async () => {
  root = makeCourse();
  course = await openCourse({ root, out: join(root, 'pub', 'course') });
  lessons = await Promise.all(course.slugs.map((s) => readLesson(course, s)));
  for (const lesson of lessons) {
    timelines.set(lesson.slug, (await timelineFor(course, lesson)).timeline);
    await buildDeck(course, lesson, {});
  }
  await buildSite(course, lessons, { timelines });
  browser = await launchBrowser();
  const serve = createStaticHandler(join(root, 'pub'));
  server = createServer((req, res) => { void serve(req, res).then((done) => { if (!done) res.writeHead(405).end(); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  httpBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/course/`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (root) rmSync(root, { recursive: true, force: true });
});

const fileBase = () => pathToFileURL(course.outDir).href + '/';

describe('before the video is built', () => {
  it('every page, link and asset resolves from file://, and the page says the video is missing', async () => {
    const r = await crawlSite(browser.browser, fileBase() + 'index.html', fileBase());
    expect(r.problems).toEqual([]);
    expect(r.pages).toEqual(expect.arrayContaining([fileBase() + 'index.html', fileBase() + 'alpha/index.html', fileBase() + 'beta/index.html']));
    expect(r.refs).toContain(fileBase() + 'alpha/deck/index.html');
    const html = readFileSync(join(course.outDir, 'alpha', 'index.html'), 'utf8');
    expect(html).toContain('has not been built yet');
    expect(html).not.toContain('<video');
    expect(html).not.toContain('alpha.mp4');
  });

  it('passes axe without serious findings', async () => {
    for (const path of ['index.html', 'alpha/index.html']) {
      const { page } = await openPage(fileBase() + path);
      expect(await axeSerious(page), path).toEqual([]);
      await page.close();
    }
  });
});

describe('with the video built', () => {
  beforeAll(async () => {
    for (const lesson of lessons) await writeStandInMedia(course.outDir, lesson.slug, timelines.get(lesson.slug)!);
    await buildSite(course, lessons, { timelines });
  });

  it('every page, link and asset resolves from file://', async () => {
    const r = await crawlSite(browser.browser, fileBase() + 'index.html', fileBase());
    expect(r.problems).toEqual([]);
    for (const f of ['alpha/alpha.mp4', 'alpha/alpha.vtt', 'alpha/alpha.srt', 'alpha/poster.jpg', 'beta/index.html', 'assets/site.css'])
      expect(r.refs).toContain(fileBase() + f);
  });

  it('every page, link and asset resolves over HTTP under a sub-path (/course/)', async () => {
    const r = await crawlSite(browser.browser, httpBase, httpBase);
    expect(r.problems).toEqual([]);
    expect(r.pages).toEqual(expect.arrayContaining([httpBase, httpBase + 'alpha/index.html', httpBase + 'beta/index.html']));
  });

  it('the index lists each lesson with poster, title, duration and summary', async () => {
    const { page, errors } = await openPage(httpBase);
    const cards = await page.$$eval('.card', (els) => els.map((el) => ({
      title: el.querySelector('.card-title')?.textContent, duration: el.querySelector('.card-duration')?.textContent,
      summary: el.querySelector('.card-summary')?.textContent, alt: el.querySelector('img')?.getAttribute('alt'),
      href: el.querySelector('a')?.getAttribute('href'),
    })));
    expect(cards).toEqual([
      { title: 'Reaching a pod', duration: expect.stringMatching(/^\d+:\d\d$/), summary: 'Welcome back.', alt: expect.stringContaining('Reaching a pod'), href: 'alpha/index.html' },
      { title: 'Services', duration: expect.stringMatching(/^\d+:\d\d$/), summary: 'A service gives a set of pods one stable name.', alt: expect.stringContaining('Services'), href: 'beta/index.html' },
    ]);
    const d = Math.floor(timelines.get('alpha')!.duration);
    expect(cards[0].duration).toBe(`${Math.floor(d / 60)}:${String(d % 60).padStart(2, '0')}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the video loads and plays (muted) with its captions track loaded, from file://', async () => {
    const { page, errors } = await openPage(fileBase() + 'alpha/index.html');
    const state = await page.evaluate(async () => {
      const v = document.getElementById('lesson-video') as HTMLVideoElement;
      v.muted = true;
      await v.play();
      // Playing means time moves: wait for it (a loaded machine may take seconds), no fixed sleep.
      const until = Date.now() + 20_000;
      while (v.currentTime <= 0.2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const track = v.querySelector('track') as HTMLTrackElement;
      return { time: v.currentTime, paused: v.paused, ready: v.readyState, trackState: track.readyState, kind: track.kind, isDefault: track.default, cues: track.track.cues?.length ?? 0, mode: track.track.mode };
    });
    expect(state.ready).toBeGreaterThanOrEqual(2);
    expect(state.paused).toBe(false);
    expect(state.time).toBeGreaterThan(0.2);
    expect(state).toMatchObject({ trackState: 2, kind: 'captions', isDefault: true, mode: 'showing' });
    expect(state.cues).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking a transcript paragraph seeks the video to it and highlights it', async () => {
    const { page, errors } = await openPage(httpBase + 'alpha/index.html');
    await page.evaluate(() => { (document.getElementById('lesson-video') as HTMLVideoElement).muted = true; });
    await page.waitForFunction(() => (document.getElementById('lesson-video') as HTMLVideoElement).readyState >= 1);
    const paras = await page.$$('.para[data-start]');
    expect(paras.length).toBe(5);
    const target = paras[3];
    const start = Number(await target.evaluate((el) => el.getAttribute('data-start')));
    const narration = timelines.get('alpha')!.cues.filter((c) => c.type === 'narration' && c.narrationId === 'the-pod-is-running-and-it');
    expect(start).toBeCloseTo(narration[0].start, 2);
    await target.$eval('.para-text', (el) => (el as HTMLElement).click());
    await page.waitForFunction(() => (document.getElementById('lesson-video') as HTMLVideoElement).seeking === false);
    const after = await page.evaluate(() => ({
      t: (document.getElementById('lesson-video') as HTMLVideoElement).currentTime,
      current: document.querySelector('.para.is-current')?.id,
    }));
    expect(after.t).toBeGreaterThanOrEqual(start - 0.05);
    expect(after.t).toBeLessThan(start + 1);
    expect(after.current).toBe('the-pod-is-running-and-it');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks the word being said: seeking the video to a word\'s time gives that word aria-current="true", with its paragraph', async () => {
    const { page, errors } = await openPage(httpBase + 'alpha/index.html');
    await page.evaluate(() => { (document.getElementById('lesson-video') as HTMLVideoElement).muted = true; });
    await page.waitForFunction(() => (document.getElementById('lesson-video') as HTMLVideoElement).readyState >= 1);
    // The fourth and fifth words of "Each pod gets its own IP address when it is created." (espeak-ng's times, from the timeline).
    const cue = timelines.get('alpha')!.cues.find((c) => c.type === 'narration' && c.narrationId === 'each-pod-gets-its-own-ip')!;
    for (const k of [3, 5]) {
      const w = cue.words![k];
      const t = (w.start + w.end) / 2;
      await page.evaluate((t) => { (document.getElementById('lesson-video') as HTMLVideoElement).currentTime = t; }, t);
      await page.waitForFunction((t) => { const v = document.getElementById('lesson-video') as HTMLVideoElement; return !v.seeking && Math.abs(v.currentTime - t) < 0.01; }, {}, t);
      await page.waitForFunction((text) => document.querySelector('.w[aria-current="true"]')?.textContent === text, { timeout: 3000 }, w.text);
      const marked = await page.evaluate(() => ({
        words: Array.from(document.querySelectorAll('[aria-current="true"].w')).map((el) => el.textContent),
        para: document.querySelector('.para[aria-current="true"]')?.id,
        spoken: document.querySelectorAll('.w.is-spoken').length,
      }));
      expect(marked).toEqual({ words: [w.text], para: 'each-pod-gets-its-own-ip', spoken: 1 });
    }
    // Between two paragraphs no word is marked.
    const next = timelines.get('alpha')!.cues.find((c) => c.type === 'narration' && c.narrationId === 'here-is-the-pod-we-will')!;
    await page.evaluate((t) => { (document.getElementById('lesson-video') as HTMLVideoElement).currentTime = t; }, next.start - 0.02);
    await page.waitForFunction(() => document.querySelectorAll('.w[aria-current="true"]').length === 0, { timeout: 3000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard: Tab reaches a chapter button and Enter seeks', async () => {
    const { page } = await openPage(httpBase + 'alpha/index.html');
    await page.evaluate(() => { (document.getElementById('lesson-video') as HTMLVideoElement).muted = true; });
    const chapterStart = timelines.get('alpha')!.scenes[1].start;
    const target = `.chapter[data-seek="${Math.round(chapterStart * 1000) / 1000}"]`;
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((sel) => document.activeElement === document.querySelector(sel), target);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.getElementById('lesson-video') as HTMLVideoElement).currentTime > 0.01);
    const t = await page.evaluate(() => (document.getElementById('lesson-video') as HTMLVideoElement).currentTime);
    expect(t).toBeGreaterThanOrEqual(chapterStart - 0.05);
    await page.close();
  });

  it('plays each command cast inline with asciinema-player', async () => {
    const { page, errors } = await openPage(fileBase() + 'alpha/index.html');
    await page.waitForSelector('.cast.is-mounted .ap-term', { timeout: 10_000 });
    const text = await page.$eval('.cast.is-mounted .ap-term', (el) => el.textContent ?? '');
    expect(text).toContain('kubectl get pods -o wide');
    expect(errors).toEqual([]);
    await page.close();
    // On a phone the command's text shows until the reader asks for the player.
    const phone = await openPage(fileBase() + 'alpha/index.html', { width: 390, height: 844 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await phone.page.$('.cast.is-mounted')).toBeNull();
    await phone.page.click('.cast-play');
    await phone.page.waitForSelector('.cast.is-mounted .ap-term', { timeout: 10_000 });
    expect(phone.errors).toEqual([]);
    await phone.page.close();
  });

  it('passes axe without serious findings (index and lesson, desktop and mobile)', async () => {
    for (const [path, viewport] of [['', { width: 1440, height: 900 }], ['alpha/index.html', { width: 1440, height: 900 }], ['beta/index.html', { width: 390, height: 844 }]] as const) {
      const { page } = await openPage(httpBase + path, viewport);
      await new Promise((r) => setTimeout(r, 400));
      expect(await axeSerious(page), path).toEqual([]);
      const headings = await page.$$eval('h1, h2, h3, h4', (els) => els.map((e) => Number(e.tagName[1])));
      expect(headings.filter((h) => h === 1)).toHaveLength(1);
      for (let i = 1; i < headings.length; i++) expect(headings[i] - headings[i - 1]).toBeLessThanOrEqual(1);
      expect(await page.$eval('html', (el) => el.lang)).toBe('en');
      await page.close();
    }
  });
});
