import { describe, expect, it } from 'vitest';
import { findBrowser, launchBrowser, requireBrowser } from '../../src/adapters/browser.ts';
import { LessoncastError } from '../../src/errors.ts';

describe('browser adapter', () => {
  it('prefers the configured path, then the environment', () => {
    expect(findBrowser('/usr/bin/chromium')).toEqual({ path: '/usr/bin/chromium', from: 'config' });
    const saved = process.env.LESSONCAST_BROWSER;
    process.env.LESSONCAST_BROWSER = '/usr/bin/chromium';
    try { expect(findBrowser()?.from).toBe('environment'); } finally {
      if (saved === undefined) delete process.env.LESSONCAST_BROWSER; else process.env.LESSONCAST_BROWSER = saved;
    }
  });

  it('says how to fix a configured browser that does not exist', () => {
    expect(() => requireBrowser('/nowhere/chrome')).toThrow(LessoncastError);
    try { requireBrowser('/nowhere/chrome'); } catch (e) { expect((e as LessoncastError).code).toBe('BROWSER_MISSING'); }
  });

  it('launches real headless Chromium and renders a page', async () => {
    const session = await launchBrowser();
    try {
      const page = await session.browser.newPage();
      await page.setContent('<h1 id="x">hello</h1><script>document.getElementById("x").textContent += " world"</script>');
      expect(await page.$eval('#x', (el) => el.textContent)).toBe('hello world');
    } finally {
      await session.close();
    }
  });
});
