/**
 * A script full of injection payloads (tests/security/payload-course.ts) runs nothing in what lessoncast
 * publishes: the deck, the reveal.js speaker view, the video-mode stage page and the site, each opened in
 * real Chromium. A payload that ran would open a dialog or set `window.__lcPwned`; both are watched in
 * every frame of every page, and a control page proves the watch sees a payload that does run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import { buildSite } from '../../src/render/site/build-site.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import type { Lesson } from '../../src/types.ts';
import { writeStandInMedia } from '../site/site-fixture.ts';
import { fakeAudio } from '../stage/helpers.ts';
import { htmlPayloads, makePayloadCourse } from './payload-course.ts';

let root: string;
let course: Course;
let lesson: Lesson;
let casts: LessonCast[];
let timeline: Timeline;
let stageFile: string;
let stageChanges: number[];
let session: BrowserSession;

/** Every dialog any page opened (a payload that ran calls alert). */
const dialogs: string[] = [];

function watch(page: Page): Page {
  page.on('dialog', (d) => { dialogs.push(`${page.url()}: ${d.message()}`); void d.dismiss().catch(() => {}); });
  return page;
}

/** `window.__lcPwned` of every frame of the page (null where nothing ran). */
async function pwned(page: Page): Promise<string[]> {
  const marks: string[] = [];
  for (const frame of page.frames() as Frame[]) {
    const mark = await frame.evaluate(() => (window as unknown as { __lcPwned?: string }).__lcPwned ?? null).catch(() => null);
    if (mark !== null) marks.push(`${frame.url()}: ${mark}`);
  }
  return marks;
}

/**
 * What a page would have to hold for a payload to be live: anywhere, an event-handler attribute, a URL
 * that is not http(s)/mailto/relative (captions ride in a data:text/vtt track), a script that is not
 * one of the page's own, a frame, object, embed, base or meta refresh; inside the author's content
 * (`content`), also SVG, MathML, style and link elements, forms and style attributes.
 */
async function liveMarkup(page: Page, content: string): Promise<string[]> {
  return page.evaluate((content) => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      // The speaker view's own frames: the current and the next slide of the deck.
      if (el.tagName === 'IFRAME' && /^file:.*\/deck\/index\.html\?receiver/.test(el.getAttribute('src') ?? '')) continue;
      for (const a of el.getAttributeNames()) {
        const v = el.getAttribute(a)!.trim();
        if (/^on/i.test(a)) found.push(`${el.tagName} ${a}`);
        if (/^(href|src|action|formaction|data|xlink:href|poster|srcdoc)$/i.test(a)
          && !/^(https?:|mailto:|data:image\/|[^:]*$)/i.test(v) && !(el.tagName === 'TRACK' && v.startsWith('data:text/vtt'))
          && !(el.tagName === 'LINK' && el.getAttribute('rel') === 'icon' && v === 'data:,')) found.push(`${el.tagName} ${a}=${v.slice(0, 60)}`);
      }
      if (/^(IFRAME|OBJECT|EMBED|BASE|FRAME)$/.test(el.tagName)) found.push(el.tagName);
      if (el.tagName === 'META' && el.hasAttribute('http-equiv')) found.push('META http-equiv');
      if (el.tagName === 'SCRIPT' && el.getAttribute('type') !== 'application/json'
        && (el.hasAttribute('src') ? !/^(\.\.\/)?assets\//.test(el.getAttribute('src')!) : /lcPwned/.test(el.textContent!))) found.push(`SCRIPT ${el.getAttribute('src') ?? el.textContent!.slice(0, 60)}`);
      if (el.id === 'lessoncast-data' && el.tagName !== 'SCRIPT') found.push(`clobbering ${el.tagName}#lessoncast-data`);
      if (el.getAttribute('name') === 'lessoncastStage') found.push('clobbering [name=lessoncastStage]');
    }
    for (const box of Array.from(document.querySelectorAll(content)))
      for (const el of Array.from(box.querySelectorAll('svg, math, style, link, form, input:not([type=checkbox]), button')))
        found.push(`in ${box.className}: ${el.tagName}`);
    // Styles are the page's own (editor colors, terminal cells), never the author's.
    for (const el of Array.from(document.querySelectorAll(':is(.lc-slide-body, aside.notes, .lc-popup, .para-text, .popup-text) [style]'))) found.push(`${el.tagName} style=${el.getAttribute('style')}`);
    // Terminal text is text: the player's row spans, nothing else.
    for (const el of Array.from(document.querySelectorAll('.ap-term-text *:not(span)'))) found.push(`terminal ${el.tagName}`);
    if (document.querySelector('.lc-pwned-overlay')) found.push('overlay');
    return found;
  }, content);
}

/** The author's content on the stage: slides, notes, popups, editor files. */
const STAGE_CONTENT = '.lc-slide-body, aside.notes, .lc-popup, .lc-file';
/** The author's content on the site. */
const SITE_CONTENT = '.para-text, .popup-text, .file-text, .cast-text, .lesson-head h1, .chapter-title, .card-title, .card-summary, .brand';

beforeAll(async () => {
  root = makePayloadCourse();
  course = await openCourse({ root });
  lesson = await readLesson(course, 'payload');
  casts = await lessonCasts(course, lesson);
  timeline = scheduleLesson(lesson, fakeAudio(lesson), casts);
  await buildDeck(course, lesson, { casts });
  const stage = await writeStagePage(join(root, 'stage'), { course, lesson, casts }, { mode: 'video', timeline });
  stageFile = stage.file;
  stageChanges = stage.changes;
  await writeStandInMedia(course.outDir, 'payload', timeline);
  await buildSite(course, [lesson], { timelines: new Map([['payload', timeline]]), casts: new Map([['payload', casts]]) });
  session = await launchBrowser();
});

afterAll(async () => {
  await session?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});


/** Steps the deck one fragment or slide on; true when it was at the end already. */
function revealNext(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const R = (window as unknown as { Reveal: { isLastSlide(): boolean; availableFragments(): { next: boolean }; next(): void } }).Reveal;
    if (R.isLastSlide() && !R.availableFragments().next) return true;
    R.next();
    return false;
  });
}
describe('the payload lesson', () => {
  it('has payloads everywhere the dialect allows text (the fixture is what it says)', () => {
    const kinds = new Set(lesson.scenes.flatMap((s) => s.items.map((i) => i.type)));
    expect([...kinds].sort()).toEqual(['code', 'narration', 'popup', 'terminal']);
    expect(casts.some((c) => c.source === 'recorded')).toBe(true);
    expect(lesson.title).toContain('onerror');
    expect(lesson.scenes.flatMap((s) => s.items).filter((i) => i.type === 'narration' && /<|javascript:/.test(i.text)).length).toBeGreaterThanOrEqual(4);
  });

  it('the control: a payload that does run is seen (dialog and global)', async () => {
    const page = watch(await session.browser.newPage());
    const before = dialogs.length;
    await page.setContent('<p>control</p>');
    await page.evaluate((html) => { document.body.insertAdjacentHTML('beforeend', html); }, htmlPayloads('control')[0]);
    await page.waitForFunction(() => (window as unknown as { __lcPwned?: string }).__lcPwned === 'control');
    expect(await pwned(page)).toEqual([expect.stringContaining('control')]);
    expect(dialogs.length).toBe(before + 1);
    dialogs.length = before;
    await page.close();
  });
});

describe('runs nothing', () => {
  it('in the deck, stepping through every scene and fragment (casts playing), nor in its markup', async () => {
    const page = watch(await session.browser.newPage());
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(pathToFileURL(join(deckDir(course, 'payload'), 'index.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
    for (let i = 0; i < 60; i++) {
      if (await revealNext(page)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    await new Promise((r) => setTimeout(r, 800)); // let the last casts play
    expect(await liveMarkup(page, STAGE_CONTENT)).toEqual([]);
    // Escaped, not lost: the notes and the popups show the payloads as text.
    const notes = await page.evaluate(() => Array.from(document.querySelectorAll('aside.notes')).map((n) => n.textContent).join(' '));
    expect(notes).toContain('<img src=x onerror=');
    expect(notes).toContain('<script>');
    const popups = await page.evaluate(() => Array.from(document.querySelectorAll('.lc-popup-text')).map((n) => n.textContent).join(' '));
    expect(popups).toContain('<svg onload=');
    const term = await page.evaluate(() => Array.from(document.querySelectorAll('.lc-term-live')).map((n) => n.textContent).join(' '));
    expect(term).toContain('<img src=x onerror=');
    expect(await pwned(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('in the speaker view (reveal.js notes plugin), through every step', async () => {
    const page = watch(await session.browser.newPage());
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(join(deckDir(course, 'payload'), 'index.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
    const popup = new Promise<Page>((resolve) => page.once('popup', (p) => resolve(watch(p!))));
    await page.keyboard.press('s');
    const speaker = await popup;
    await speaker.waitForSelector('.speaker-controls-notes', { timeout: 10_000 });
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      await speaker.waitForFunction(() => document.querySelector('.speaker-controls-notes .value') !== null, { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 200));
      seen.push(await speaker.evaluate(() => document.querySelector('.speaker-controls-notes .value')?.textContent ?? ''));
      expect(await speaker.evaluate(() => document.querySelectorAll('.speaker-controls-notes .value *:not(p):not(em):not(strong):not(code):not(a):not(del)').length)).toBe(0);
      expect(await liveMarkup(speaker, '.speaker-controls-notes')).toEqual([]);
      if (await revealNext(page)) break;
    }
    expect(seen.join(' ')).toContain('<img src=x onerror=');
    // The speaker view shows the current and the next slide in iframes of the deck: those too.
    expect(speaker.frames().length).toBeGreaterThan(1);
    expect(await pwned(speaker)).toEqual([]);
    expect(await pwned(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await speaker.close();
    await page.close();
  });

  it('in the video-mode stage page, seeking every change', async () => {
    const page = watch(await session.browser.newPage());
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(pathToFileURL(stageFile).href, { waitUntil: 'load' });
    await page.evaluate(() => (window as unknown as { lessoncastStage: { ready: Promise<void> } }).lessoncastStage.ready);
    expect(stageChanges.length).toBeGreaterThan(5);
    for (const t of stageChanges) await page.evaluate((t) => (window as unknown as { lessoncastStage: { seek(t: number): Promise<boolean> } }).lessoncastStage.seek(t), t);
    expect(await liveMarkup(page, STAGE_CONTENT)).toEqual([]);
    const text = await page.evaluate(() => document.querySelector('.lc-video')!.textContent);
    expect(text).toContain('<svg onload=');
    expect(await pwned(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('on the site: the index and the lesson page, with casts mounted and the video seeking through its captions', async () => {
    for (const path of ['index.html', 'payload/index.html']) {
      const page = watch(await session.browser.newPage());
      await page.setViewport({ width: 1440, height: 900 });
      await page.goto(pathToFileURL(join(course.outDir, path)).href, { waitUntil: 'load' });
      if (path !== 'index.html') {
        await page.waitForSelector('.cast .ap-player, .cast .ap-wrapper', { timeout: 10_000 });
        for (const t of timeline.cues.filter((c) => c.type === 'narration').map((c) => c.start + 0.1))
          await page.evaluate((t) => { const v = document.querySelector('video')!; v.muted = true; v.currentTime = t; }, t);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await new Promise((r) => setTimeout(r, 500));
        expect(await liveMarkup(page, SITE_CONTENT)).toEqual([]);
        const transcript = await page.evaluate(() => document.querySelector('.transcript')!.textContent);
        expect(transcript).toContain('<img src=x onerror=');
        expect(transcript).toContain('<script>');
      } else {
        expect(await liveMarkup(page, SITE_CONTENT)).toEqual([]);
      }
      expect(await pwned(page)).toEqual([]);
      await page.close();
    }
    expect(dialogs).toEqual([]);
  });
});
