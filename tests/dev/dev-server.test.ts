/**
 * `lessoncast dev` as a user runs it: the real CLI on a temp course, a real Chromium page. An edit reloads the
 * page within 2 s, a broken script shows the overlay (and the server keeps running), paths outside the build are refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { binPath } from '../helpers/cli.ts';
import { makeCourse } from '../site/site-fixture.ts';

let root: string;
let child: ChildProcess;
let output = '';
let base: string;
let browser: BrowserSession;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const port = (s.address() as { port: number }).port; s.close(() => resolve(port)); });
  });
}

/** A raw GET: the path is sent exactly as written (fetch would normalise `/../`). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor<T>(fn: () => T | Promise<T>, ms: number, what: string): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; server output:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The overlay's text once it shows (null while absent); survives the page reloading underneath. */
async function overlayText(page: import('puppeteer-core').Page, present: boolean): Promise<string> {
  return waitFor(async () => {
    // An evaluate that lands mid-navigation can hang: give each try a short deadline.
    const text = await Promise.race([
      page.evaluate(() => document.getElementById('lc-dev-overlay')?.textContent ?? null).catch(() => undefined),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)),
    ]);
    if (text === undefined) return null; // navigating
    return present ? text : text === null ? 'gone' : null;
  }, 5000, present ? 'the error overlay' : 'the overlay to clear');
}

/** Resolves `p`, or fails naming the step after `ms` (a stuck CDP call must not eat the test's whole timeout). */
function within<T>(p: Promise<T>, ms: number, step: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${step}: no answer within ${ms} ms`)), ms))]);
}

/** Waits until the server has no work queued or running (no reload is about to hit the page). */
async function idle(): Promise<void> {
  let quiet = 0;
  await waitFor(async () => {
    const st = await (await fetch(base + '__lessoncast/state')).json() as { phase: string; lessons: Record<string, { estimated: boolean }> };
    quiet = st.phase === 'idle' && Object.values(st.lessons).every((l) => !l.estimated) ? quiet + 1 : 0;
    if (quiet < 3) await new Promise((r) => setTimeout(r, 100));
    return quiet >= 3;
  }, 30_000, 'the server to be idle');
}

/** Opens a page of the dev server once it is idle. */
async function open(path: string): Promise<import('puppeteer-core').Page> {
  await idle();
  const page = await within(browser.browser.newPage(), 10_000, 'newPage');
  await within(page.goto(base + path, { waitUntil: 'load', timeout: 10_000 }), 12_000, `goto ${path}`);
  return page;
}

function close(page: import('puppeteer-core').Page): Promise<void> {
  return within(page.close(), 10_000, 'page.close').catch(() => {});
}

beforeAll(async () => {
  root = makeCourse('lessoncast-dev-');
  const port = await freePort();
  child = spawn(process.execPath, [binPath, 'dev', '--root', root, '--port', String(port)], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  base = await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0], 90_000, 'the dev server URL');
  expect(base).toBe(`http://127.0.0.1:${port}/`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('lessoncast dev', () => {
  it('serves the built site with the reload client injected', async () => {
    const index = await rawGet('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('Networking basics');
    expect(index.body).toContain('/__lessoncast/client.js');
    const lessonNoSlash = await rawGet('/alpha');
    expect(lessonNoSlash.status).toBe(301);
    expect((await rawGet('/alpha/deck/index.html')).status).toBe(200);
  });

  it('refuses paths outside the build folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/%2E%2E/%2e%2e/etc/passwd', '/alpha/..%2f..%2fpackage.json', '/..\\package.json', '/assets/../../lessoncast.config.mjs']) {
      const r = await rawGet(path);
      expect([403, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain('espeak-ng');
      expect(r.body, path).not.toContain('root:');
    }
  });

  it('an edit to a script reloads the open page within 2 s with the change', async () => {
    const page = await open('alpha/index.html');
    await page.waitForFunction(() => document.getElementById('lc-dev-bar') !== null);
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });
    const started = Date.now();
    appendFileSync(join(root, 'transcripts', 'alpha.md'), '\nOne more sentence, added while the page was open.\n');
    await page.waitForFunction(() => !(window as unknown as { marker?: number }).marker && document.body.textContent!.includes('One more sentence, added while the page was open.'), { timeout: 5000, polling: 25 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
    const rebuilt = /rebuilt alpha in (\d+) ms \(deck (\d+) ms, page (\d+) ms\)/.exec(output);
    expect(rebuilt, output).not.toBeNull();
    console.log(`page reloaded with the edit ${elapsed} ms after the write; server: ${rebuilt![0]}`);
    await close(page);
  });

  it('a broken script shows the overlay with file:line, the server keeps running, and fixing it clears the overlay', async () => {
    const page = await open('beta/index.html');
    const file = join(root, 'transcripts', 'beta.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '---\ntitle: [unclosed\n---\n\n' + good);
    try {
      const text = await overlayText(page, true);
      expect(text).toMatch(/transcripts\/beta\.md:2:\d+/);
      expect(text).toContain('invalid-frontmatter');
      expect((await rawGet('/')).status).toBe(200);
    } finally {
      writeFileSync(file, good);
    }
    await overlayText(page, false);
    await close(page);
  });

  it('an unclosed fence is reported with its line', async () => {
    const page = await open('beta/index.html');
    const file = join(root, 'transcripts', 'beta.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good + '\n```bash\n$ kubectl get pods\n');
    try {
      const lines = good.split('\n').length;
      expect(await overlayText(page, true)).toContain(`transcripts/beta.md:${lines + 1}:`);
    } finally {
      writeFileSync(file, good);
    }
    await overlayText(page, false);
    await close(page);
  });

  it('the build-video endpoint only takes a JSON POST', async () => {
    expect((await rawGet('/__lessoncast/build-video')).status).toBe(405);
    const r = await fetch(base + '__lessoncast/build-video', { method: 'POST', body: 'slug=alpha', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(405);
  });

  it('the Build video button builds the lesson video and the page reloads with the player', async () => {
    const page = await open('beta/index.html');
    expect(await page.$('video')).toBeNull();
    await page.waitForSelector('#lc-dev-bar button');
    await page.click('#lc-dev-bar button');
    await page.waitForSelector('video#lesson-video', { timeout: 110_000 });
    const src = await page.$eval('video#lesson-video source', (el) => el.getAttribute('src'));
    expect(src).toBe('beta.mp4');
    expect(output).toMatch(/video of beta built in/);
    await close(page);
  }, 120_000);

  it('stops cleanly on Ctrl-C (SIGINT)', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const t0 = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
