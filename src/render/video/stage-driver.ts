/**
 * Drives a stage page in video mode: `window.lessoncastStage.seek(t)` puts it in the state of time
 * t and says whether the picture changed; we screenshot through the DevTools protocol as JPEG
 * (what the Matroska stream carries as MJPEG, no re-encoding on our side).
 */
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'puppeteer';

/** A stage page ready to seek and capture. */
export interface StageDriver {
  seek(t: number): Promise<boolean>;
  capture(): Promise<Buffer>;
  close(): Promise<void>;
}

declare global {
  interface Window { lessoncastStage?: { ready: Promise<void>; seek(t: number): Promise<boolean> } }
}

/** Opens `file` (an HTML stage page) at width×height and waits until the stage says it is ready. */
export async function openStage(browser: Browser, file: string, opts: { width: number; height: number; quality?: number }): Promise<StageDriver> {
  const page: Page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String((err as Error).message ?? err)));
  await page.setViewport({ width: opts.width, height: opts.height, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => !!window.lessoncastStage, { timeout: 30_000 }).catch(() => {
    throw new Error(`the stage page did not expose window.lessoncastStage${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  });
  await page.evaluate(() => window.lessoncastStage!.ready);
  const cdp: CDPSession = await page.createCDPSession();
  const quality = opts.quality ?? 90;
  return {
    seek: (t) => page.evaluate((time) => window.lessoncastStage!.seek(time), t),
    async capture() {
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'jpeg', quality, optimizeForSpeed: true, captureBeyondViewport: false });
      return Buffer.from(data, 'base64');
    },
    async close() { await page.close().catch(() => {}); },
  };
}
