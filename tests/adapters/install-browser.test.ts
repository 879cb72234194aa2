/**
 * A browser for a machine without one: `lessoncast doctor --install-browser` downloads the Chrome
 * for Testing build puppeteer-core drives into the user's cache, through @puppeteer/browsers, with
 * progress — here from a local mirror (tests/helpers/browser-mirror.ts: a real zip in the layout of
 * storage.googleapis.com, holding a stand-in that runs the system's Chromium, since this machine
 * cannot download Chrome). Then the browser is found there when the system has none, a deck is
 * printed with it, and a mirror without the build is a one-line error with a fix.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/adapters/browser.ts';
import { pinnedChromeBuild } from '../../src/adapters/install-browser.ts';
import { spawn } from 'node:child_process';
import { binPath, lessoncast, type CliResult } from '../helpers/cli.ts';
import { startBrowserMirror, type BrowserMirror } from '../helpers/browser-mirror.ts';
import { makeMiniCourse } from '../video/mini-course.ts';

/** The CLI as a child, awaited (spawnSync would block the mirror's server in this process). */
function lessoncastAsync(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let home: string;
let buildId: string;
let mirror: BrowserMirror;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lc-browser-home-'));
  buildId = await pinnedChromeBuild();
  mirror = await startBrowserMirror(buildId);
});
afterAll(async () => {
  await mirror?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('lessoncast doctor --install-browser', () => {
  let installed = '';

  it('downloads Chrome for Testing into the user cache, with progress, from the mirror it is given', async () => {
    const r = await lessoncastAsync(['doctor', '--install-browser'], { cwd: home, env: { XDG_CACHE_HOME: join(home, 'cache'), PUPPETEER_CHROME_DOWNLOAD_BASE_URL: mirror.url } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(buildId).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(mirror.requests).toContain(`GET /${buildId}/linux64/chrome-linux64.zip`);
    // Progress lines (not a terminal): from 0% to 100% of the archive.
    expect(r.stderr).toMatch(new RegExp(`Chrome for Testing ${buildId.replace(/\./g, '\\.')}: 0% of 4 MB`));
    expect(r.stderr).toMatch(/: 100% of 4 MB/);
    installed = join(home, 'cache', 'lessoncast', 'browsers', 'chrome', `linux-${buildId}`, 'chrome-linux64', 'chrome');
    expect(r.stderr).toContain(`✓ Chrome for Testing ${buildId} installed: ${installed}`);
    expect(statSync(installed).mode & 0o111).not.toBe(0);
    // This machine has a system Chromium: it still comes first, and the doctor says how to pick the new one.
    expect(r.stderr).toContain(`LESSONCAST_BROWSER=${installed} picks the new one`);
    expect(r.stdout).toMatch(/✓ Chromium/);
  }, 120_000);

  it('renders with the downloaded browser: a deck printed to PDF through it', () => {
    const course = makeMiniCourse();
    try {
      const r = lessoncast(['build', '--deck', '--pdf', '--no-progress'], { cwd: course, env: { LESSONCAST_BROWSER: installed } });
      expect(r.code, r.stderr).toBe(0);
      expect(statSync(join(course, 'build', 'mini', 'deck', 'mini.pdf')).size).toBeGreaterThan(10_000);
    } finally {
      rmSync(course, { recursive: true, force: true });
    }
  }, 120_000);

  it('a mirror without the build: a one-line error naming the build, the mirror and the cache, with a fix; exit 1', async () => {
    const empty = await startBrowserMirror(buildId, { missing: true });
    try {
      const r = await lessoncastAsync(['doctor', '--install-browser'], { cwd: home, env: { XDG_CACHE_HOME: join(home, 'cache2'), PUPPETEER_CHROME_DOWNLOAD_BASE_URL: empty.url } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error Could not download Chrome for Testing ${buildId.replace(/\./g, '\\.')} \\(linux\\) from ${empty.url} into ${join(home, 'cache2')}.*: .+$`, 'm'));
      expect(r.stderr).toMatch(/^fix: .*HTTPS_PROXY.*PUPPETEER_CHROME_DOWNLOAD_BASE_URL.*apt-get install -y chromium/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await empty.close();
    }
  }, 60_000);
});

describe('finding a browser', () => {
  it('a machine with no system browser: the one in the user cache is found (macOS layout, PATH empty)', () => {
    const saved = { platform: process.platform, HOME: process.env.HOME, PATH: process.env.PATH, env: ['LESSONCAST_BROWSER', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH', 'PUPPETEER_CACHE_DIR'].map((k) => [k, process.env[k]] as const) };
    const fakeHome = mkdtempSync(join(tmpdir(), 'lc-mac-home-'));
    const exe = join(fakeHome, 'Library', 'Caches', 'lessoncast', 'browsers', 'chrome', `mac_arm-${buildId}`, 'chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing');
    try {
      Object.defineProperty(process, 'platform', { value: 'darwin' });
      process.env.HOME = fakeHome;
      process.env.PATH = '';
      for (const [k] of saved.env) delete process.env[k];
      expect(findBrowser()).toBeNull();
      mkdirSync(join(exe, '..'), { recursive: true });
      writeFileSync(exe, '#!/bin/sh\n');
      chmodSync(exe, 0o755);
      expect(findBrowser()).toEqual({ path: exe, from: 'lessoncast-cache' });
      // A system browser comes first.
      const app = join(fakeHome, 'Applications', 'Microsoft Edge.app', 'Contents', 'MacOS', 'Microsoft Edge');
      mkdirSync(join(app, '..'), { recursive: true });
      writeFileSync(app, '');
      expect(findBrowser()).toEqual({ path: app, from: 'system' });
    } finally {
      Object.defineProperty(process, 'platform', { value: saved.platform });
      process.env.HOME = saved.HOME;
      process.env.PATH = saved.PATH;
      for (const [k, v] of saved.env) if (v !== undefined) process.env[k] = v;
      rmSync(fakeHome, { recursive: true, force: true });
    }
    expect(existsSync('/usr/bin/chromium') ? findBrowser()?.from : 'system').toBe('system');
  });
});
