/**
 * The deck in real Chromium: both seed decks from file:// and from the static server, every scene,
 * speaker notes, fragments that play casts, open files and show popups, the speaker view, no
 * console errors and no request outside the deck's folder; the PDF.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { serveDir } from '../../src/adapters/static-server.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import { lessonNarration } from '../../src/types.ts';
import { seedLesson, ROOT } from '../stage/helpers.ts';
import { goTo, next, openDeck, terminalText, waitForTerminal } from './deck-helpers.ts';

const out = mkdtempSync(join(tmpdir(), 'lessoncast-deck-'));
let session: BrowserSession;
let p2p: Awaited<ReturnType<typeof seedLesson>>;
let sad: Awaited<ReturnType<typeof seedLesson>>;

beforeAll(async () => {
  [p2p, sad] = await Promise.all([seedLesson('pod-to-pod-networking', out), seedLesson('services-and-dns', out)]);
  await buildDeck(p2p.course, p2p.lesson, { pdf: true });
  await buildDeck(sad.course, sad.lesson, {});
  session = await launchBrowser();
});
afterAll(async () => {
  await session?.close();
  rmSync(out, { recursive: true, force: true });
});

/** Every request is a file inside `dir` (or in-memory data). */
function expectInside(requests: string[], base: string): void {
  expect(requests.length).toBeGreaterThan(3);
  for (const url of requests) if (!url.startsWith('data:') && !url.startsWith('blob:')) expect(url.startsWith(base), url).toBe(true);
}

function fragmentIndex(steps: { kind: string }[], kind: string, nth = 0): number {
  return steps.map((s, i) => (s.kind === kind ? i : -1)).filter((i) => i >= 0)[nth];
}

async function visiblePopups(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('.lc-popup.lc-visible')).map((p) => p.textContent ?? ''));
}

describe('pod-to-pod-networking deck from file://', () => {
  let page: Page;
  let errors: string[];
  let requests: string[];
  let steps: { kind: string }[];
  beforeAll(async () => {
    ({ page, errors, requests } = await openDeck(session.browser, pathToFileURL(join(deckDir(p2p.course, 'pod-to-pod-networking'), 'index.html')).href));
    steps = await page.evaluate(() => JSON.parse(document.getElementById('lessoncast-data')!.textContent!).scenes[1].steps);
  });
  afterAll(() => page?.close());

  it('has every scene as a slide, in order', async () => {
    const ids = await page.evaluate(() => Array.from(document.querySelectorAll('.reveal .slides > section')).map((s) => s.id));
    expect(ids).toEqual(p2p.lesson.scenes.map((s) => s.id));
    expect(await page.evaluate(() => document.querySelector('#scene-1 .lc-slide-body h2')?.textContent)).toBe('Pod-to-pod networking');
  });

  it('holds the narration as speaker notes', async () => {
    for (const [i, scene] of p2p.lesson.scenes.entries()) {
      const notes = await page.evaluate((i) => Array.from(document.querySelectorAll('.reveal .slides > section')[i].querySelectorAll('aside.notes')).map((n) => n.textContent).join(' ').replace(/\s+/g, ' '), i);
      for (const n of lessonNarration({ ...p2p.lesson, scenes: [scene] })) for (const s of n.sentences) expect(notes).toContain(s.plain.replace(/\s+/g, ' ').trim());
    }
  });

  it('advancing a command fragment plays its cast in the terminal', async () => {
    await goTo(page, 1, -1);
    expect(await terminalText(page, 1)).not.toContain('pwd');
    await next(page);
    await waitForTerminal(page, 1, '$ pwd');
    const k = fragmentIndex(steps, 'command', 1);
    await goTo(page, 1, k - 1);
    await next(page);
    await waitForTerminal(page, 1, 'pod/pod-centos unchanged', 15_000);
  });

  it('the `code` fragment shows the file in the editor, highlighted, with its name in the tab', async () => {
    const k = fragmentIndex(steps, 'open-file');
    await goTo(page, 1, k - 1);
    expect(await page.evaluate(() => document.querySelector('#scene-2 .lc-file.lc-active'))).toBeNull();
    await next(page);
    const shown = await page.evaluate(() => ({
      text: document.querySelector('#scene-2 .lc-file.lc-active .lc-code')?.textContent ?? '',
      tab: document.querySelector('#scene-2 .lc-tab.lc-active')?.textContent ?? '',
      focus: document.querySelector('#scene-2 .lc-desktop')?.getAttribute('data-focus'),
      colored: document.querySelectorAll('#scene-2 .lc-file.lc-active .lc-src span[style*="color"]').length,
    }));
    const file = readFileSync(join(ROOT, 'configs/pod-httpd.yml'), 'utf8');
    for (const line of file.split('\n').filter((l) => l.trim())) expect(shown.text).toContain(line);
    expect(shown.tab).toContain('pod-httpd.yml');
    expect(shown.focus).toBe('editor');
    expect(shown.colored).toBeGreaterThan(5);
    await next(page); // switch to bash terminal
    expect(await page.evaluate(() => document.querySelector('#scene-2 .lc-desktop')?.getAttribute('data-focus'))).toBe('terminal');
  });

  it('the popup appears on its fragment only', async () => {
    const k = fragmentIndex(steps, 'popup');
    await goTo(page, 1, k - 1);
    expect(await visiblePopups(page)).toEqual([]);
    await next(page);
    expect(await visiblePopups(page)).toEqual(['curl http://apache.localcluster']);
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.lc-popup.lc-visible')!).opacity === '1');
  });

  it('going back to a scene shows its final state (all commands run)', async () => {
    await goTo(page, 0, -1);
    await page.evaluate(() => (window as unknown as { Reveal: { right(): void } }).Reveal.right());
    await goTo(page, 1, steps.length - 1);
    await waitForTerminal(page, 1, 'kubectl exec ... -- curl http://xxxxxx');
  });

  it('the speaker view opens (S) and shows the notes of the current step', async () => {
    await goTo(page, 1, -1);
    const popup = new Promise<Page>((resolve) => page.once('popup', (p) => resolve(p!)));
    await page.keyboard.press('s');
    const speaker = await popup;
    await speaker.waitForFunction(() => document.querySelector('.speaker-controls-notes .value')?.textContent?.includes("Let's take a look"), { timeout: 10_000 });
    await speaker.close();
  });

  it('logged no console errors and requested nothing outside the deck folder', () => {
    expect(errors).toEqual([]);
    expectInside(requests, pathToFileURL(deckDir(p2p.course, 'pod-to-pod-networking')).href + '/');
  });
});

describe('services-and-dns deck from the static server', () => {
  it('serves, plays and stays inside its folder', async () => {
    const server = await serveDir(deckDir(sad.course, 'services-and-dns'));
    try {
      const { page, errors, requests } = await openDeck(session.browser, server.url, { width: 1366, height: 768 });
      expect(await page.evaluate(() => document.querySelectorAll('.reveal .slides > section').length)).toBe(1);
      await next(page);
      await page.evaluate(() => (window as unknown as { Reveal: { next(): void } }).Reveal.next());
      await waitForTerminal(page, 0, '$ kubectl apply -f', 15_000);
      // The speaker-view URL opens the deck too (and offers the speaker view when pop-ups are blocked).
      await page.goto(`${server.url}?speaker`);
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
      expect(errors).toEqual([]);
      expectInside(requests, server.url);
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('the PDF', () => {
  it('has one page per scene, 1920×1080, the terminal in its final state', () => {
    const pdf = join(deckDir(p2p.course, 'pod-to-pod-networking'), 'pod-to-pod-networking.pdf');
    expect(existsSync(pdf)).toBe(true);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+2\b/);
    expect(info).toMatch(/Page size:\s+1440 x 810 pts/);
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('kubectl exec ... -- curl http://xxxxxx');
    expect(text).toContain('pod/pod-centos unchanged');
    expect(text).toContain('curl http://apache.localcluster');
  });
});
