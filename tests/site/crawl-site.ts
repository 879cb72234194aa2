/** Crawls a built site in real Chromium: every page, link and asset must resolve inside the site, with no console errors. */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';

export interface CrawlResult {
  /** Pages visited (URLs). */
  pages: string[];
  /** Every reference checked (href/src/poster), resolved. */
  refs: string[];
  /** What went wrong, one line each; empty when the site is whole. */
  problems: string[];
}

/** True when a URL inside the site exists (file on disk, or 2xx over HTTP). */
async function exists(url: string): Promise<boolean> {
  const u = url.split('#')[0];
  if (u.startsWith('file:')) {
    const p = fileURLToPath(u);
    return existsSync(p) && (statSync(p).isFile() || existsSync(p + '/index.html'));
  }
  const r = await fetch(u, { method: 'HEAD' });
  return r.ok;
}

/** Visits every HTML page reachable from `start` under `prefix` (the deck is checked to exist, not crawled). */
export async function crawlSite(browser: Browser, start: string, prefix: string, opts: { settleMs?: number } = {}): Promise<CrawlResult> {
  const queue = [start];
  const seen = new Set<string>();
  const checked = new Set<string>();
  const problems: string[] = [];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const page = await browser.newPage();
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('data:') && !u.startsWith(prefix)) problems.push(`${url}: request outside the site: ${u}`);
    });
    page.on('requestfailed', (r) => {
      // Media elements abort their first request once they have the metadata they need.
      if (r.failure()?.errorText === 'net::ERR_ABORTED' && r.resourceType() === 'media') return;
      problems.push(`${url}: request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${url}: HTTP ${r.status()} for ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${url}: console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${url}: page error: ${(e as Error).message}`));
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, opts.settleMs ?? 600));
    const found = await page.evaluate(() => {
      const out: { ref: string; fragment: boolean; ok: boolean }[] = [];
      const attr = (sel: string, name: string) => document.querySelectorAll(sel).forEach((el) => {
        const raw = el.getAttribute(name)!;
        if (raw.startsWith('#')) out.push({ ref: raw, fragment: true, ok: raw === '#' || !!document.getElementById(raw.slice(1)) });
        else out.push({ ref: new URL(raw, document.baseURI).href, fragment: false, ok: true });
      });
      attr('a[href]', 'href'); attr('link[href]', 'href'); attr('[src]', 'src'); attr('video[poster]', 'poster');
      return out;
    });
    for (const f of found) {
      if (f.fragment) { if (!f.ok) problems.push(`${url}: link to a missing anchor ${f.ref}`); continue; }
      if (f.ref.startsWith('data:')) continue;
      if (!f.ref.startsWith(prefix)) { problems.push(`${url}: reference outside the site: ${f.ref}`); continue; }
      const target = f.ref.split('#')[0];
      if (!checked.has(target)) {
        checked.add(target);
        if (!(await exists(target))) problems.push(`${url}: broken reference ${f.ref}`);
      }
      if (/(\.html|\/)$/.test(target) && !target.includes('/deck/') && !seen.has(target)) queue.push(target);
    }
    await page.close();
  }
  return { pages: [...seen], refs: [...checked], problems };
}
