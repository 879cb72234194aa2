/** Opening a deck in real Chromium and recording what it does (console errors, requests). */
import type { Browser, Page } from 'puppeteer-core';

/** A deck page with everything it logged and requested. */
export interface DeckPage {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Opens `url` at 1920×1080 (or `size`) and waits for reveal.js to be ready. */
export async function openDeck(browser: Browser, url: string, size = { width: 1920, height: 1080 }): Promise<DeckPage> {
  const page = await browser.newPage();
  await page.setViewport(size);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, { timeout: 15_000 });
  return { page, errors, requests };
}

/** Goes to scene `h` with `f` fragments... shown (f = -1: none), then lets the stage settle. */
export async function goTo(page: Page, h: number, f: number): Promise<void> {
  await page.evaluate((h, f) => (window as unknown as { Reveal: { slide(h: number, v: number, f: number): void } }).Reveal.slide(h, 0, f), h, f);
}

/** Advances one step, as the presenter's right arrow does. */
export async function next(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { Reveal: { next(): void } }).Reveal.next());
}

/** The live terminal's text in scene `h` (asciinema-player's DOM). */
export function terminalText(page: Page, h: number): Promise<string> {
  return page.evaluate((h) => document.querySelectorAll('section.lc-scene')[h].querySelector('.lc-term-live .ap-term-text')?.textContent ?? '', h);
}

/** Waits until the scene's live terminal shows `text` (whitespace-normalized). */
export async function waitForTerminal(page: Page, h: number, text: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((h, text) => {
    const t = document.querySelectorAll('section.lc-scene')[h].querySelector('.lc-term-live .ap-term-text')?.textContent ?? '';
    return t.replace(/\s+/g, ' ').includes(text.replace(/\s+/g, ' '));
  }, { timeout, polling: 50 }, h, text);
}
