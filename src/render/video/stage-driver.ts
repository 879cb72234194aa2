/**
 * Drives a stage page in video mode: `window.lessoncastStage.seek(t)` puts it in the state of time
 * t and says whether the picture changed; we screenshot through the DevTools protocol as JPEG
 * (what the Matroska stream carries as MJPEG, no re-encoding on our side).
 */
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { STAGE_HEIGHT, STAGE_WIDTH } from '../../stage/terminal-layout.ts';
import { ignoreError } from '../../errors.ts';

/** A stage page ready to seek and capture. */
export interface StageDriver {
  seek(t: number): Promise<boolean>;
  capture(): Promise<Buffer>;
  close(): Promise<void>;
}

declare global {
  interface Window { lessoncastStage?: { ready: Promise<void>; seek(t: number): Promise<boolean>; settled?(): Promise<boolean>; size?: { width: number; height: number } } }
}

/**
 * Opens `file` (an HTML stage page) and waits until the stage says it is ready. The page keeps its
 * design size (1920×1080 for 16:9; the page says its own, `lessoncastStage.size`, for 9:16 and 1:1);
 * `scale` (the device scale factor) draws it at the video's size, so text is laid out once and
 * rendered sharp at any size (never cropped, never a bitmap upscale).
 */
export async function openStage(browser: Browser, file: string, opts: { width?: number; height?: number; scale?: number; quality?: number; timeoutMs?: number }): Promise<StageDriver> {
  // The browser's first tab is a renderer already running: a new tab would add one more.
  const page: Page = (await browser.pages()).find((p) => p.url() === 'about:blank') ?? await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String((err as Error).message ?? err)));
  await page.setViewport({ width: opts.width ?? STAGE_WIDTH, height: opts.height ?? STAGE_HEIGHT, deviceScaleFactor: opts.scale ?? 1 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => !!window.lessoncastStage, { timeout: 30_000 }).catch(() => {
    throw new Error(`the stage page did not expose window.lessoncastStage${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  });
  await page.evaluate(() => window.lessoncastStage!.ready);
  let size = { width: opts.width ?? STAGE_WIDTH, height: opts.height ?? STAGE_HEIGHT };
  const own = await page.evaluate(() => window.lessoncastStage!.size ?? null);
  if (!opts.width && own && (own.width !== size.width || own.height !== size.height)) {
    size = own;
    await page.setViewport({ ...size, deviceScaleFactor: opts.scale ?? 1 });
  }
  const cdp: CDPSession = await page.createCDPSession();
  // Device metrics are per DevTools session: screenshots taken on this one draw at the scale only if it says so too.
  await cdp.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: opts.scale ?? 1, mobile: false });
  // The page was drawn before the scale was set: the first screenshot must not show tiles of the
  // scale before (a fresh worker's first frame differed by a few pixels from another's).
  await page.evaluate(() => window.lessoncastStage!.settled?.());
  const quality = opts.quality ?? 90;
  // A crashed renderer can leave protocol calls pending forever: fail them instead.
  let crash: Error | null = null;
  const crashed = new Promise<never>((_, reject) => {
    page.on('error', (err) => { crash = new Error(`Chromium's page crashed (${(err as Error).message})`); reject(crash); });
    page.on('close', () => { crash ??= new Error('the stage page closed'); reject(crash); });
  });
  crashed.catch(ignoreError('raced against each step below, which throws it'));
  const guarded = <T>(what: string, p: Promise<T>): Promise<T> => {
    // The call is already sent: on a crashed page it fails later, and that failure is this one.
    if (crash) { p.catch(ignoreError('the page crashed before it was sent; the crash is thrown')); return Promise.reject(crash); }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the stage did not answer ${what} within ${opts.timeoutMs ?? 30_000} ms`)), opts.timeoutMs ?? 30_000); });
    return Promise.race([p, crashed, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    seek: (t) => guarded(`seek(${t.toFixed(3)})`, page.evaluate((time) => window.lessoncastStage!.seek(time), t)),
    async capture() {
      const { data } = await guarded('a screenshot', cdp.send('Page.captureScreenshot', { format: 'jpeg', quality, optimizeForSpeed: true, captureBeyondViewport: false }));
      return Buffer.from(data, 'base64');
    },
    async close() { await page.close().catch(ignoreError('a crashed or closed page has nothing left to free')); },
  };
}
