/**
 * Recordings written by real asciinema tools (../shared/real-casts: v2, v3, markers, resize, input,
 * exit, 24-bit color and symbol glyphs) play in the deck's terminal and draw in the video stage.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { capIdle, readCast } from '../../src/casts/asciicast.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { buildDeck, deckDir } from '../../src/render/deck/build-deck.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { fakeAudio } from '../stage/helpers.ts';
import { next, openDeck, waitForTerminal } from './deck-helpers.ts';
import { fontsUsed } from '../stage/fonts-used.ts';

const REAL = '/work/shared/real-casts';
/** What each recording leaves on the screen. */
const EXPECT: Record<string, string> = {
  'input.cast': 'done', 'long.cast': 'twelve', 'markers.cast': 'done', 'resizing.cast': 'hello world!', 'rgb.cast': '◆', 'simple.cast': 'hello',
};
const root = mkdtempSync(join(tmpdir(), 'lessoncast-real-casts-'));
const names = readdirSync(REAL).filter((f) => f.endsWith('.cast')).sort();
let session: BrowserSession;
let course: Awaited<ReturnType<typeof openCourse>>;
let lesson: Awaited<ReturnType<typeof readLesson>>;
let casts: LessonCast[];

beforeAll(async () => {
  mkdirSync(join(root, 'transcripts'), { recursive: true });
  mkdirSync(join(root, 'recordings', 'real'), { recursive: true });
  for (const n of names) cpSync(join(REAL, n), join(root, 'recordings', 'real', n));
  writeFileSync(join(root, 'transcripts', 'real.md'), `# Real recordings\n\n## terminal\n\nEach recording plays in turn.\n\n\`\`\`bash\n${names.map((n) => `$ cat ${n}`).join('\n')}\n\`\`\`\n`);
  course = await openCourse({ root });
  lesson = await readLesson(course, 'real');
  casts = names.map((n, i) => ({
    commandId: `cmd-${i + 1}`, source: 'recorded' as const, file: `recordings/real/${n}`,
    cast: capIdle(readCast(readFileSync(join(REAL, n), 'utf8'), n), 0.3),
  }));
  session = await launchBrowser();
});
afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('real recordings', () => {
  it('has them all', () => expect(names).toEqual(Object.keys(EXPECT).sort()));

  it('each plays in the deck terminal when its fragment is reached, without console errors', async () => {
    await buildDeck(course, lesson, { casts });
    const { page, errors } = await openDeck(session.browser, pathToFileURL(join(deckDir(course, 'real'), 'index.html')).href);
    const text = () => page.evaluate(() => document.querySelector('.lc-term-live .ap-term-text')!.textContent!.replace(/\s+/g, ' '));
    for (const n of names) {
      await next(page);
      if (n === 'markers.cast') {
        // Its two markers are steps: the deck stops at each like a fragment.
        await waitForTerminal(page, 0, 'start', 30_000);
        await new Promise((r) => setTimeout(r, 800));
        expect(await text()).not.toContain('middle');
        await next(page);
        await waitForTerminal(page, 0, 'middle', 30_000);
        await new Promise((r) => setTimeout(r, 800));
        expect(await text()).not.toContain('end');
        await next(page);
      }
      await waitForTerminal(page, 0, EXPECT[n], 30_000);
      // No empty boxes: every glyph the player draws as text comes from a bundled font.
      const fonts = await fontsUsed(page, '.lc-term-live .ap-term-text .ap-line > span');
      expect(fonts.filter((f) => !f.custom), `${n}: ${JSON.stringify(fonts)}`).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('each draws in the video stage at the end of its cue', async () => {
    const timeline = scheduleLesson(lesson, fakeAudio(lesson), casts);
    const dir = join(root, 'video');
    await writeStagePage(dir, { course, lesson, casts }, { mode: 'video', timeline });
    const page = await session.browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.evaluate(() => (window as unknown as { lessoncastStage: { ready: Promise<void> } }).lessoncastStage.ready);
    for (const [i, n] of names.entries()) {
      const c = timeline.cues.find((q) => q.type === 'command' && q.ref === `cmd-${i + 1}`)!;
      await page.evaluate((t) => (window as unknown as { lessoncastStage: { seek(t: number): Promise<boolean> } }).lessoncastStage.seek(t), c.end);
      const text = await page.evaluate(() => document.querySelector('section.lc-current .ap-term-text')!.textContent!.replace(/\s+/g, ' '));
      expect(text, n).toContain(EXPECT[n]);
      const fonts = await fontsUsed(page, 'section.lc-current .ap-term-text .ap-line > span');
      expect(fonts.filter((f) => !f.custom), `${n}: ${JSON.stringify(fonts)}`).toEqual([]);
    }
    // rgb.cast's ◆ ▋ and Powerline U+E0B0 are drawn by bundled fonts in the video's stage.
    const used = await fontsUsed(page, 'section.lc-current .ap-term-text .ap-line > span');
    expect(used.map((f) => f.family)).toEqual(expect.arrayContaining(['Pure Nerd Font', 'DejaVu Sans Mono']));
    // 24-bit color reaches the page as an RGB color.
    expect(await page.evaluate(() => document.querySelector('section.lc-current .ap-term-text')!.innerHTML)).toContain('#fedcba');
    expect(errors).toEqual([]);
    await page.close();
  });
});
