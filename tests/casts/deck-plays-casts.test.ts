import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { lessoncast, repoRoot } from '../helpers/cli.ts';

/** Real casts, in deck order, and text their last lines show once played. */
const CASTS: [name: string, shows: string[]][] = [
  ['long', ['one', 'six', 'twelve']],
  ['simple', ['hello']],
  ['markers', ['start', 'middle', 'end', 'done']],
  ['resizing', ['hello world!']],
  ['input', ['start', 'done']],
  ['rgb', ['◆']],
];

describe('the real casts play in the deck (asciinema-player in Chromium)', () => {
  let root: string;
  let session: BrowserSession;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lc-deck-casts-'));
    mkdirSync(join(root, 'transcripts'));
    mkdirSync(join(root, 'recordings', 'demo'), { recursive: true });
    // Short idle cap so the whole deck plays in a few seconds.
    writeFileSync(join(root, 'lessoncast.config.mjs'), 'export default { idleTimeLimit: 0.1 };\n');
    writeFileSync(join(root, 'transcripts', 'demo.md'), `# Real casts\n\n## terminal\n\nCasts that real asciinema tools wrote.\n\n\`\`\`bash\n${CASTS.map(([n]) => `$ ${n}`).join('\n')}\n\`\`\`\n`);
    CASTS.forEach(([n], i) => copyFileSync(join(repoRoot, 'tests', 'fixtures', 'real-casts', `${n}.cast`), join(root, 'recordings', 'demo', `0${i + 1}-${n}.cast`)));
    session = await launchBrowser();
  });
  afterAll(async () => { await session?.close(); });

  it('lint sees six recordings; the deck builds and shows each cast as its step plays', async () => {
    const lint = lessoncast(['lint', '--root', root]);
    expect(lint.stdout + lint.stderr).toContain('casts: 6 recorded, 0 synthesized');
    const build = lessoncast(['build', '--deck', '--root', root]);
    expect(build.code, build.stderr).toBe(0);

    const page = await session.browser.newPage();
    await page.goto(pathToFileURL(join(root, 'build', 'demo', 'deck', 'index.html')).href);
    await page.waitForFunction(() => (window as unknown as { lessoncastDeck?: unknown }).lessoncastDeck, { timeout: 15_000 });
    const screen = () => page.evaluate(() => Array.from(document.querySelectorAll('.lc-term-live .ap-line')).map((l) => (l as HTMLElement).innerText.trimEnd()).filter(Boolean));
    for (const [name, shows] of CASTS) {
      await page.keyboard.press('ArrowRight');
      if (name === 'markers') {
        // Its two markers are steps: the cast stops at each, and the next arrow plays on.
        for (const upTo of ['start', 'middle']) {
          await page.waitForFunction((w: string) => Array.from(document.querySelectorAll('.lc-term-live .ap-line')).map((l) => (l as HTMLElement).innerText.trim()).filter(Boolean).at(-1) === w, { timeout: 10_000 }, upTo);
          await new Promise((r) => setTimeout(r, 500));
          expect((await screen()).at(-1), `markers stops after ${upTo}`).toBe(upTo);
          await page.keyboard.press('ArrowRight');
        }
      }
      try {
        await page.waitForFunction((want: string[]) => {
          const lines = Array.from(document.querySelectorAll('.lc-term-live .ap-line')).map((l) => (l as HTMLElement).innerText.trimEnd()).filter(Boolean);
          return want.every((w, i) => lines[lines.length - want.length + i] === w);
        }, { timeout: 30_000 }, shows); // a loaded machine plays the cast late, never wrongly
      } catch {
        expect((await screen()).slice(-shows.length), name).toEqual(shows);
      }
    }
    // 24-bit colour reaches the screen
    const rgb = await page.evaluate(() => Array.from(document.querySelectorAll('.lc-term-live .ap-line span')).find((s) => (s as HTMLElement).innerText.includes('◆'))?.getAttribute('style'));
    expect(rgb).toContain('rgb(254, 220, 186)');
  });
});
