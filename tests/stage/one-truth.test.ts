/**
 * One truth for the screen: every real cast (the six from asciinema-player's tests and ours, recorded
 * with Debian's asciinema and `lessoncast record`) replayed in the video's headless xterm
 * (screenFrames) and in asciinema-player in real Chromium must show the same screen at several
 * times: the text of every cell, and the colours (and bold) of every drawn cell and a sample of blank ones.
 * Both screens are read back from the same page with the same code, under the same theme and CSS.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { readCast, writeCast } from '../../src/casts/asciicast.ts';
import { castTheme, TERMINAL_THEMES } from '../../src/casts/terminal-theme.ts';
import type { Cast } from '../../src/casts/types.ts';
import { staticTerminal } from '../../src/stage/render-stage-html.ts';
import { writeStageAssets } from '../../src/stage/stage-assets.ts';
import { screenFrames } from '../../src/stage/terminal-screens.ts';
import { screenRow } from '../../src/stage/screen-html.ts';
import type { StreamEvent } from '../../src/stage/terminal-stream.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIRS = [join(ROOT, 'tests/fixtures/real-casts'), join(ROOT, 'tests/fixtures/casts/asciinema')];
const FILES = DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.cast')).sort().map((f) => join(d, f)));
const dir = mkdtempSync(join(tmpdir(), 'lessoncast-one-truth-'));
let session: BrowserSession;

/** A cell as read from either screen: its text, colours as computed by the browser, bold, and the colours a canvas painted in it. */
interface Cell { ch: string; fg: string; bg: string; bold: boolean; inks: string[] }

beforeAll(async () => {
  const allText = FILES.map((f) => readFileSync(f, 'utf8')).join('');
  writeStageAssets(dir, 'deck', [], JSON.parse(JSON.stringify(allText)));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="assets/fonts/fonts.css"><link rel="stylesheet" href="assets/asciinema-player/asciinema-player.css">
<link rel="stylesheet" href="assets/stage/stage.css"></head><body style="background:#222">
<div class="lc-term-host" id="host" style="padding:0"><div id="live"></div><div id="static"></div></div>
<script src="assets/asciinema-player/asciinema-player.min.js"></script></body></html>`);
  session = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Times to compare: between event times (never on one), spread over the cast, and after its end. */
function sampleTimes(cast: Cast): number[] {
  const times = [...new Set(cast.events.filter((e) => e.code === 'o' || e.code === 'r').map((e) => e.time))].sort((a, b) => a - b);
  const mids = times.slice(1).map((t, i) => (times[i] + t) / 2);
  const pick = mids.length <= 4 ? mids : [0.25, 0.5, 0.75].map((q) => mids[Math.floor(q * (mids.length - 1))]);
  return [...new Set([...pick, cast.duration + 0.5])];
}

/** Reads a terminal (the player's or the static one) in the page: cells per row. */
const readScreen = (root: Element, cols: number, rows: number): Cell[][] => {
  const term = root.querySelector('.ap-term') as HTMLElement;
  const termStyle = getComputedStyle(term);
  const defaultBg = getComputedStyle(root).getPropertyValue('--term-color-background').trim();
  const lines = Array.from(term.querySelectorAll('.ap-term-text .ap-line')) as HTMLElement[];
  const canvas = term.querySelector('canvas') as HTMLCanvasElement | null;
  const ctx = canvas?.getContext('2d') ?? null;
  const toRgb = (c: string) => { const d = document.createElement('span'); d.style.color = c; document.body.appendChild(d); const v = getComputedStyle(d).color; d.remove(); return v; };
  const bg0 = toRgb(defaultBg);
  const out: Cell[][] = [];
  for (let y = 0; y < Math.min(rows, lines.length); y++) {
    const row: Cell[] = Array.from({ length: cols }, () => ({ ch: ' ', fg: termStyle.color, bg: bg0, bold: false, inks: [] as string[] }));
    for (const span of Array.from(lines[y].children) as HTMLElement[]) {
      const off = Number(span.style.getPropertyValue('--offset'));
      const st = getComputedStyle(span);
      const chars = Array.from(span.textContent ?? '');
      chars.forEach((ch, i) => {
        const x = off + i;
        if (x >= cols) return;
        const bg = st.backgroundColor === 'rgba(0, 0, 0, 0)' ? bg0 : st.backgroundColor;
        row[x] = { ch, fg: st.color, bg, bold: span.classList.contains('ap-bold'), inks: [] };
      });
    }
    // asciinema-player draws Powerline and some box symbols as SVG, backgrounds and block elements on a canvas.
    const symbolRow = term.querySelectorAll('svg.ap-term-symbols g[transform]')[y] as SVGGElement | undefined;
    if (symbolRow) for (const use of Array.from(symbolRow.querySelectorAll('use'))) {
      const cp = Number((use.getAttribute('href') ?? '').replace('#sym-', ''));
      const x = Math.round(Number(use.getAttribute('x')));
      if (cp && x < cols) row[x] = { ...row[x], ch: String.fromCodePoint(cp), fg: getComputedStyle(use).color };
    }
    if (ctx && canvas) {
      const bw = canvas.width / cols;
      const bh = canvas.height / rows;
      for (let x = 0; x < cols; x++) {
        const img = ctx.getImageData(Math.floor(x * bw), Math.floor(y * bh), Math.max(1, Math.floor(bw)), Math.max(1, Math.floor(bh))).data;
        const inks = new Set<string>();
        for (let k = 0; k < img.length; k += 4) if (img[k + 3] > 0) inks.add(`rgb(${img[k]}, ${img[k + 1]}, ${img[k + 2]})`);
        const mid = ((Math.floor(bh / 2) * Math.max(1, Math.floor(bw))) + Math.floor(bw / 2)) * 4;
        row[x] = { ...row[x], inks: [...inks], ...(img[mid + 3] > 0 ? { bg: `rgb(${img[mid]}, ${img[mid + 1]}, ${img[mid + 2]})` } : {}) };
      }
    }
    out.push(row);
  }
  return out;
};

/** The player paints these on its canvas (its drawBlockGlyph): compared as ink in the cell. */
const CANVAS_DRAWN = /[\u2503\u2579\u257b\u2580-\u25a0\u25e2-\u25e5\u268f\u{1fb00}-\u{1fb6c}]/u;

describe('the headless xterm of the video and asciinema-player of the deck show the same screens', () => {
  it('covers the six shared casts and ours of each kind', () => {
    const names = FILES.map((f) => f.split('/').pop());
    for (const n of ['input.cast', 'long.cast', 'markers.cast', 'resizing.cast', 'rgb.cast', 'simple.cast', 'command-only-get-pods.cast', 'lessoncast-apply.cast', 'session-plain.cast', 'session-stdin.cast', 'session-powerline.cast'])
      expect(names).toContain(n);
  });

  // Each cast as recorded, and one with a theme of its own (v2 `theme`): both renderers must use it.
  const CASES = [...FILES.map((file) => ({ file, theme: null as string | null })), { file: FILES.find((f) => f.endsWith('session-powerline.cast'))!, theme: 'solarized-light' }];
  for (const { file, theme: themed } of CASES) {
    const name = file.split('/').pop()! + (themed ? ` with its own ${themed} theme` : '');
    it(`${name}: every cell's text, and the colours of the cells, at several times`, async () => {
      const read = readCast(readFileSync(file, 'utf8'), name, { idleTimeLimit: 2 });
      const cast: Cast = themed ? { ...read, theme: TERMINAL_THEMES[themed] } : read;
      const theme = castTheme(cast) ?? TERMINAL_THEMES.dark;
      const events: StreamEvent[] = cast.events.filter((e) => e.code === 'o' || e.code === 'r').map((e) => [e.time, e.code as 'o' | 'r', e.data]);
      const frames = await screenFrames(events, cast.cols, cast.rows);
      const page = await session.browser.newPage();
      try {
        await page.goto(pathToFileURL(join(dir, 'index.html')).href);
        await page.evaluate(() => document.fonts.ready);
        await page.evaluate((text: string, cols: number, rows: number) => {
          const w = window as unknown as { AsciinemaPlayer: { create(src: unknown, el: Element, o: unknown): unknown }; player: unknown };
          w.player = w.AsciinemaPlayer.create({ data: text }, document.getElementById('live')!, {
            fit: false, autoPlay: false, preload: true, controls: false, theme: 'auto/lessoncast', terminalFontSize: '16px', terminalLineHeight: 1.3333333333,
          });
        }, writeCast({ ...cast, theme }), cast.cols, cast.rows);
        let compared = 0;
        for (const t of sampleTimes(cast)) {
          let k = -1;
          for (let i = 0; i < frames.times.length; i++) if (frames.times[i] <= t) k = i;
          const frame = frames.frames[Math.max(0, k)];
          const size = /^(\d+)x(\d+)$/.exec([...cast.events].reverse().find((e) => e.code === 'r' && e.time <= t)?.data ?? '') ;
          const cols = size ? Number(size[1]) : cast.cols;
          const rows = size ? Number(size[2]) : cast.rows;
          const html = staticTerminal(cols, rows, 16, { rows: frame.rows.map((r, y) => screenRow(y, frames.rowTable[r])), cursor: null }, theme);
          const [live, mine] = await page.evaluate(async (t: number, html: string, cols: number, rows: number, read: string) => {
            const w = window as unknown as { player: { seek(t: number): Promise<void>; pause(): Promise<void> } };
            await w.player.seek(t);
            for (let i = 0; i < 4; i++) await new Promise((r) => requestAnimationFrame(r));
            document.getElementById('static')!.innerHTML = html;
            const fn = new Function(`return (${read})`)() as (root: Element, cols: number, rows: number) => unknown;
            return [fn(document.querySelector('#live .ap-player')!, cols, rows), fn(document.querySelector('#static .lc-term-static')!, cols, rows)];
          }, t, html, cols, rows, readScreen.toString()) as [Cell[][], Cell[][]];
          expect(live.length, `${name} @${t.toFixed(3)}: rows`).toBe(rows);
          // the cast's theme (its own, else the default) is what both draw: a blank corner cell has its background
          const hex = theme.bg.slice(1).match(/../g)!.map((h) => parseInt(h, 16)).join(', ');
          expect([live[rows - 1][cols - 1].bg, mine[rows - 1][cols - 1].bg]).toEqual([`rgb(${hex})`, `rgb(${hex})`]);
          expect(mine.length).toBe(rows);
          for (let y = 0; y < rows; y++) {
            // cells the player paints on its canvas (block elements) are compared as ink of the right colour
            const mineRow = mine[y].map((c) => (CANVAS_DRAWN.test(c.ch) ? ' ' : c.ch)).join('').trimEnd();
            const liveRow = live[y].map((c) => c.ch).join('').trimEnd();
            expect(liveRow, `${name} @${t.toFixed(3)} row ${y} text`).toBe(mineRow);
            for (let x = 0; x < cols; x++) {
              const a = mine[y][x];
              const b = live[y][x];
              if (frame.cursor && frame.cursor[0] === x && frame.cursor[1] === y) continue; // the player paints its cursor there
              if (CANVAS_DRAWN.test(a.ch)) {
                expect(b.inks, `${name} @${t.toFixed(3)} (${x},${y}) '${a.ch}' ink`).toContain(a.fg);
                compared++;
                continue;
              }
              // every drawn cell's colours, and every 7th blank one's background
              if (a.ch === ' ' && (x + y) % 7 !== 0) continue;
              if (a.ch !== ' ') {
                expect(b.fg, `${name} @${t.toFixed(3)} (${x},${y}) '${a.ch}' fg`).toBe(a.fg);
                expect(b.bold, `${name} @${t.toFixed(3)} (${x},${y}) bold`).toBe(a.bold);
              }
              expect(b.bg, `${name} @${t.toFixed(3)} (${x},${y}) bg`).toBe(a.bg);
              compared++;
            }
          }
        }
        expect(compared).toBeGreaterThan(0);
      } finally {
        await page.close();
      }
    }, 30_000);
  }
});
