/**
 * Prints a built deck to PDF with Chromium through reveal.js's `?print-pdf` layout: one page per
 * scene, all fragments shown, each terminal in its final state.
 */
import { renameSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launchBrowser, type BrowserSession } from '../../adapters/browser.ts';
import { STAGE_HEIGHT, STAGE_WIDTH } from '../../stage/terminal-layout.ts';
import { ignoreError } from '../../errors.ts';

/** Puppeteer's PDF options for a deck page (one 1920×1080 page per slide). */
export function deckPdfOptions(): { width: string; height: string; printBackground: boolean; preferCSSPageSize: boolean; timeout: number } {
  return { width: `${STAGE_WIDTH}px`, height: `${STAGE_HEIGHT}px`, printBackground: true, preferCSSPageSize: true, timeout: 60_000 };
}

/**
 * Prints `<deckDir>/index.html` to `pdfFile` (written to a temporary name, then renamed). With
 * `session`, it prints in that browser (one browser for every lesson of a build); else it starts one.
 */
export async function printDeckPdf(deckHtml: string, pdfFile: string, opts: { browser?: string; session?: BrowserSession } = {}): Promise<void> {
  const session = opts.session ?? await launchBrowser({ configured: opts.browser });
  const tmp = `${pdfFile}.${process.pid}.tmp`;
  const page = await session.browser.newPage();
  try {
    await page.setViewport({ width: STAGE_WIDTH, height: STAGE_HEIGHT });
    await page.goto(`${pathToFileURL(deckHtml).href}?print-pdf`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('.pdf-page').length > 0 && (document as Document).fonts.status === 'loaded', { timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.pdf({ path: tmp, ...deckPdfOptions() });
    renameSync(tmp, pdfFile);
  } finally {
    rmSync(tmp, { force: true });
    await page.close().catch(ignoreError('a page that is already closed has nothing left to free'));
    if (!opts.session) await session.close();
  }
}
