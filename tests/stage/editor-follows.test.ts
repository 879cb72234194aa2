/**
 * An editor that follows (`code <path>:<from>-<to>` scrolls to the lines and marks them; a long file
 * scrolls) and one terminal per lesson (a desktop scene goes on with the terminal of the one before),
 * in the video stage and in the deck, in real Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/adapters/browser.ts';
import { openCourse } from '../../src/course.ts';
import { deckDir } from '../../src/render/deck/build-deck.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { goTo, openDeck, waitForTerminal } from '../deck/deck-helpers.ts';
import { openVideoStage } from './helpers.ts';
import { EDITOR_SCRIPT, LONG_FILE } from './editor-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-editor-'));
let session: BrowserSession;
let page: Page;
let timeline: Timeline;
const errors: string[] = [];
type Stage = { ready: Promise<void>; seek(t: number): Promise<boolean> };
const seek = (t: number) => page.evaluate((t) => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.seek(t), t);

/** What the active file of a scene shows: the lines inside the visible pane, and the marked ones. */
function editorState(p: Page, scene: string): Promise<{ visible: number[]; marked: number[] }> {
  return p.evaluate((scene) => {
    const file = document.querySelector(`#${scene} .lc-file.lc-active`)!;
    const pane = file.querySelector('.lc-scroll')!.getBoundingClientRect();
    const rows = Array.from(file.querySelectorAll('.lc-line'));
    const n = (r: Element) => Number(r.querySelector('.lc-ln')!.textContent);
    return {
      visible: rows.filter((r) => { const b = r.getBoundingClientRect(); return b.top >= pane.top - 1 && b.bottom <= pane.bottom + 1; }).map(n),
      marked: rows.filter((r) => r.classList.contains('lc-mark')).map(n),
    };
  }, scene);
}
/** The video terminal's rows, each trimmed, joined by a space. */
const termText = (scene: string) => page.evaluate((s) => Array.from(document.querySelectorAll(`#${s} .lc-term-static .ap-line`)).map((l) => l.textContent!.trimEnd()).filter(Boolean).join(' '), scene);

beforeAll(async () => {
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'configs'));
  writeFileSync(join(root, 'transcripts', 'editor.md'), EDITOR_SCRIPT);
  writeFileSync(join(root, 'configs', 'long.yml'), LONG_FILE);
  ({ timeline, session, page } = await openVideoStage(root, 'editor', errors));
}, 60_000);
afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an editor that follows (video stage)', () => {
  it('`code long.yml:40-43` opens the 70-line file scrolled so lines 40-43 are in view, and marks them', async () => {
    const open = timeline.cues.filter((c) => c.type === 'direction' && c.action === 'open-file');
    expect(open.map((c) => c.lines)).toEqual([[40, 43], [5, 5]]);
    await seek(open[0].start + 0.01);
    const s = await editorState(page, 'scene-1');
    expect(s.marked).toEqual([40, 41, 42, 43]);
    for (const n of [40, 41, 42, 43]) expect(s.visible).toContain(n);
    expect(s.visible).not.toContain(1);
    // Centred: about as many lines above the range as below it.
    const above = s.visible.filter((n) => n < 40).length, below = s.visible.filter((n) => n > 43).length;
    expect(Math.abs(above - below)).toBeLessThanOrEqual(2);
  });

  it('a later `code` of the same file with other lines scrolls there', async () => {
    const open = timeline.cues.filter((c) => c.type === 'direction' && c.action === 'open-file');
    await seek(open[1].start + 0.01);
    const s = await editorState(page, 'scene-1');
    expect(s.marked).toEqual([5]);
    expect(s.visible).toContain(1);
    expect(s.visible).not.toContain(40);
    // Seeking back shows the first range again: the state is a function of t.
    await seek(open[0].start + 0.01);
    expect((await editorState(page, 'scene-1')).marked).toEqual([40, 41, 42, 43]);
  });
});

describe('one terminal per lesson (video stage)', () => {
  it('a desktop scene goes on with the terminal of the desktop scene before (history and prompt), past a slide', async () => {
    const third = timeline.scenes[2];
    await seek(third.start + 0.01);
    const text = (await termText('scene-3')).replace(/\s+/g, ' ');
    expect(text).toContain('$ echo one one $');
    await seek(third.end - 0.01);
    expect((await termText('scene-3')).replace(/\s+/g, ' ')).toMatch(/\$ echo one one \$ echo two two \$/);
  });

  it('a clear in the next scene starts it afresh', async () => {
    const fourth = timeline.scenes[3];
    await seek(fourth.start + 0.01);
    expect((await termText('scene-4')).replace(/\s+/g, ' ')).toContain('echo two');
    await seek(fourth.end - 0.01);
    const text = (await termText('scene-4')).replace(/\s+/g, ' ');
    expect(text).not.toContain('echo two');
    expect(text).toContain('$ echo three three $');
  });
});

describe('the deck does the same', () => {
  it('marks and scrolls on the step, and the terminal of scene 3 begins with scene 1\'s history', async () => {
    const deck = await openDeck(session.browser, pathToFileURL(join(deckDir(await openCourse({ root }), 'editor'), 'index.html')).href);
    await goTo(deck.page, 0, 0);
    await deck.page.waitForFunction(() => document.querySelector('#scene-1 .lc-file.lc-active .lc-mark') !== null, { timeout: 5000 });
    const s = await editorState(deck.page, 'scene-1');
    expect(s.marked).toEqual([40, 41, 42, 43]);
    for (const n of [40, 43]) expect(s.visible).toContain(n);
    expect(s.visible).not.toContain(1);
    await goTo(deck.page, 2, -1);
    await waitForTerminal(deck.page, 2, '$ echo one one $');
    await goTo(deck.page, 2, 0);
    await waitForTerminal(deck.page, 2, '$ echo one one $ echo two two $');
    expect(deck.errors).toEqual([]);
    await deck.page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
