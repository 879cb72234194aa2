/**
 * The Chromium adapter: finds a browser (config, environment, system paths, the browser cache) and
 * launches it headless with the flags this kind of machine needs and a fresh profile. Chromium
 * talks to us over a pipe (not a WebSocket port), so it exits when its parent does, even one killed
 * with SIGKILL; profiles of dead parents are removed at the next launch.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, LaunchOptions } from 'puppeteer-core';
import { LessoncastError, ignoreError } from '../errors.ts';
import { processAlive } from '../store/work-dir.ts';
import { which } from './tools.ts';

/** Chromium, Chrome and Edge where their installers put them, per platform (as Marp CLI and puppeteer look). */
function systemBrowsers(): string[] {
  if (process.platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Microsoft Edge', 'Google Chrome Canary'].flatMap((app) =>
      ['/Applications', join(homedir(), 'Applications')].map((dir) => join(dir, `${app}.app`, 'Contents', 'MacOS', app)));
  }
  if (process.platform === 'win32') {
    const roots = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(r, 'Chromium', 'Application', 'chrome.exe'),
      join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome',
    '/snap/bin/chromium', '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/microsoft/msedge/msedge'];
}

/** Where the browser was found, for `doctor` and error messages. */
export interface BrowserLocation { path: string; from: 'config' | 'environment' | 'system' | 'lessoncast-cache' | 'puppeteer-cache' }

/** The user's cache folder for lessoncast (XDG on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows). */
export function userCacheDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'lessoncast');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'lessoncast', 'Cache');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lessoncast');
}

/** Where `lessoncast doctor --install-browser` puts browsers (the layout of @puppeteer/browsers). */
export function browserCacheDir(): string {
  return join(userCacheDir(), 'browsers');
}

/** The newest browser in a cache folder laid out by @puppeteer/browsers (`<cache>/<browser>/<platform>-<build>/…`). */
function fromBrowserCache(cache: string): string | null {
  for (const product of ['chrome', 'chrome-headless-shell']) {
    const dir = join(cache, product);
    if (!existsSync(dir)) continue;
    for (const build of readdirSync(dir).sort().reverse()) {
      for (const rel of ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell',
        'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-win64/chrome.exe', 'chrome-win32/chrome.exe']) {
        const p = join(dir, build, rel);
        if (existsSync(p)) return p;
      }
    }
  }
  return null;
}

/**
 * Resolves the browser executable, or null when there is none: the config's, the environment's
 * (LESSONCAST_BROWSER, PUPPETEER_EXECUTABLE_PATH, CHROME_PATH), a Chromium, Chrome or Edge installed
 * on the system, then one `lessoncast doctor --install-browser` downloaded (or puppeteer did).
 */
export function findBrowser(configured?: string): BrowserLocation | null {
  if (configured) return existsSync(configured) ? { path: configured, from: 'config' } : null;
  for (const v of ['LESSONCAST_BROWSER', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH']) {
    const p = process.env[v];
    if (p && existsSync(p)) return { path: p, from: 'environment' };
  }
  for (const p of systemBrowsers()) if (existsSync(p)) return { path: p, from: 'system' };
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable', 'msedge']) {
    const p = which(name);
    if (p) return { path: p, from: 'system' };
  }
  const ours = fromBrowserCache(browserCacheDir());
  if (ours) return { path: ours, from: 'lessoncast-cache' };
  const cached = fromBrowserCache(process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer'));
  return cached ? { path: cached, from: 'puppeteer-cache' } : null;
}

/** The browser path, or an environment error that says how to install one. */
export function requireBrowser(configured?: string): BrowserLocation {
  const found = findBrowser(configured);
  if (found) return found;
  if (configured)
    throw new LessoncastError('BROWSER_MISSING', `The browser set in lessoncast.config.ts (browser: ${configured}) does not exist.`, 'Fix the path, or remove it to let lessoncast find one.');
  throw new LessoncastError('BROWSER_MISSING', 'No Chromium, Chrome or Edge found (config, LESSONCAST_BROWSER, system paths, the browser cache).',
    'Run `lessoncast doctor --install-browser` (downloads Chrome for Testing into your cache), or install one: Debian/Ubuntu: sudo apt-get install -y chromium; macOS: install Google Chrome; or set LESSONCAST_BROWSER=/path/to/chrome.');
}

/** Flags for headless Chromium on a machine without network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage', '--hide-scrollbars', '--mute-audio',
  '--font-render-hinting=none',
];

/** A launched browser; `close()` also removes its temporary profile. */
export interface BrowserSession { browser: Browser; close(): Promise<void> }

const PROFILE_PREFIX = 'lessoncast-chromium-';

/** Removes the profiles (`lessoncast-chromium-<pid>-…` in the temp folder) of processes that are gone. */
export function sweepDeadProfiles(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    const m = name.startsWith(PROFILE_PREFIX) ? /^(\d+)-/.exec(name.slice(PROFILE_PREFIX.length)) : null;
    if (!m) continue;
    if (processAlive(Number(m[1]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Launches headless Chromium with a fresh user-data-dir, over a pipe (it exits with its parent). */
export async function launchBrowser(opts: { configured?: string; extraArgs?: string[]; launch?: Partial<LaunchOptions> } = {}): Promise<BrowserSession> {
  const { path } = requireBrowser(opts.configured);
  const puppeteer = (await import('puppeteer-core')).default;
  sweepDeadProfiles();
  const userDataDir = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: path,
      headless: true,
      // The DevTools pipe: when we die, Chromium reads end-of-file and quits (a port would keep it running).
      pipe: true,
      userDataDir,
      args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])],
      ...opts.launch,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new LessoncastError('BROWSER_LAUNCH_FAILED', `Chromium (${path}) did not start: ${(err as Error).message.split('\n')[0]}`,
      'Run `lessoncast doctor`; on Debian reinstall with: sudo apt-get install --reinstall -y chromium', { cause: err });
  }
  return {
    browser,
    async close() {
      await browser.close().catch(ignoreError('a browser that died has nothing left to close; its process is killed below if need be'));
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
