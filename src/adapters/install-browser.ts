/**
 * `lessoncast doctor --install-browser`: downloads Chrome for Testing — the build puppeteer-core is
 * made for — into the user's cache (browser.ts `browserCacheDir`), where `findBrowser` looks after
 * the system's browsers. The package itself downloads nothing at install time (puppeteer-core has no
 * install script), so `npm install` never fails for a download; this is how a machine without any
 * Chromium, Chrome or Edge gets one. @puppeteer/browsers does the download and the unpacking (with
 * the proxy of HTTPS_PROXY); `PUPPETEER_CHROME_DOWNLOAD_BASE_URL` or `baseUrl` names a mirror.
 */
import { LessoncastError } from '../errors.ts';
import { browserCacheDir } from './browser.ts';

/** What an install reports while it downloads. */
export type DownloadProgress = (downloadedBytes: number, totalBytes: number) => void;

/** The Chrome for Testing build puppeteer-core drives (its pinned revision). */
export async function pinnedChromeBuild(): Promise<string> {
  const { PUPPETEER_REVISIONS } = await import('puppeteer-core/internal/revisions.js');
  return PUPPETEER_REVISIONS.chrome;
}

/** Installs Chrome for Testing into `cacheDir` (default: the user's browser cache); returns its executable. */
export async function installBrowser(opts: { cacheDir?: string; baseUrl?: string; buildId?: string; onProgress?: DownloadProgress } = {}): Promise<{ path: string; buildId: string; cacheDir: string }> {
  const { install, Browser, detectBrowserPlatform } = await import('@puppeteer/browsers');
  const platform = detectBrowserPlatform();
  if (!platform)
    throw new LessoncastError('BROWSER_UNSUPPORTED', `Chrome for Testing has no build for ${process.platform} ${process.arch}.`,
      'Install Chromium with the system\'s package manager and set LESSONCAST_BROWSER=/path/to/chromium.');
  const cacheDir = opts.cacheDir ?? browserCacheDir();
  const buildId = opts.buildId ?? await pinnedChromeBuild();
  const baseUrl = opts.baseUrl ?? process.env.PUPPETEER_CHROME_DOWNLOAD_BASE_URL ?? undefined;
  try {
    const installed = await install({ browser: Browser.CHROME, buildId, platform, cacheDir, baseUrl, downloadProgressCallback: opts.onProgress });
    return { path: installed.executablePath, buildId, cacheDir };
  } catch (err) {
    const reason = String((err as Error).message ?? err).split('\n').map((l) => l.trim()).filter(Boolean).slice(-1)[0] ?? 'unknown error';
    throw new LessoncastError('BROWSER_DOWNLOAD_FAILED',
      `Could not download Chrome for Testing ${buildId} (${platform}) from ${baseUrl ?? 'storage.googleapis.com'} into ${cacheDir}: ${reason.replace(/^- \w+: /, '')}`,
      'Check the network (a proxy goes in HTTPS_PROXY; a mirror in PUPPETEER_CHROME_DOWNLOAD_BASE_URL), or install Chromium, Chrome or Edge yourself (Debian/Ubuntu: sudo apt-get install -y chromium) — lessoncast finds it.',
      { cause: err });
  }
}
