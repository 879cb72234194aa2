/**
 * Replays a terminal stream in a headless xterm (in Node, at build time) and records the screen
 * after each distinct event time: the video seeks by picking a precomputed screen, which is exact,
 * synchronous and deterministic; the printed deck shows a scene's last screen.
 */
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import type { StreamEvent } from './terminal-stream.ts';
import { screenRow, screenRowSpans, type CellStyle, type ScreenCell } from './screen-html.ts';

const { Terminal } = xtermHeadless as unknown as typeof import('@xterm/headless');
const { Unicode11Addon } = unicode11 as unknown as typeof import('@xterm/addon-unicode11');
type XTerm = InstanceType<typeof Terminal>;

/** The screens of a stream: `frames[i]` is shown from `times[i]`; rows index into the `rows` table. */
export interface ScreenFrames {
  cols: number;
  rows: number;
  /**
   * Distinct row contents (a row's spans, without the `.ap-line` wrapper that places it: `screenRow`),
   * shared between frames: a line scrolling up the screen is one entry, not one a row it passes.
   */
  rowTable: string[];
  times: number[];
  /** Per frame: row indices into `rowTable`, then the cursor as [col, row] or null when hidden. */
  frames: { rows: number[]; cursor: [number, number] | null }[];
}

/** Data queued in xterm, unprocessed, above which the feeder waits (xterm discards writes past 50 MB pending). */
const MAX_PENDING = 4 * 1024 * 1024;

/**
 * Feeds a terminal in order without waiting on each write: xterm runs a write's callback right after
 * that write is processed, before the next one, so `after` sees the screen exactly as that write
 * left it. Awaiting every write cost a timer turn each (about 1 ms: 20,000 writes took 25 s).
 */
function feeder(term: XTerm): { write(data: string, after?: () => void): Promise<void>; drained(): Promise<void> } {
  let pending = 0;
  const drained = () => new Promise<void>((resolve) => term.write('', resolve));
  return {
    async write(data, after) {
      pending += data.length;
      term.write(data, after);
      if (pending > MAX_PENDING) { await drained(); pending = 0; }
    },
    async drained() { await drained(); pending = 0; },
  };
}

function cursorHidden(term: XTerm): boolean {
  const core = (term as unknown as { _core?: { coreService?: { isCursorHidden?: boolean } } })._core;
  return core?.coreService?.isCursorHidden === true;
}

/** Reads the visible rows of the terminal with their colors and attributes. */
function readScreen(term: XTerm, table: Map<string, number>, rowTable: string[]): ScreenFrames['frames'][number] {
  const buf = term.buffer.active;
  const rows: number[] = [];
  const cell = buf.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.baseY + y);
    const cells: ScreenCell[] = [];
    if (line) {
      for (let x = 0; x < term.cols; x++) {
        const c = line.getCell(x, cell);
        if (!c) break;
        if (c.getWidth() === 0) continue; // the right half of a wide glyph
        cells.push({ ch: c.getChars() || ' ', style: cellStyle(c), x, wide: c.getWidth() === 2 });
      }
    }
    const html = screenRowSpans(cells);
    let idx = table.get(html);
    if (idx === undefined) { idx = rowTable.length; rowTable.push(html); table.set(html, idx); }
    rows.push(idx);
  }
  const cursor: [number, number] | null = cursorHidden(term) ? null : [Math.min(buf.cursorX, term.cols - 1), buf.cursorY];
  return { rows, cursor };
}

type Cell = NonNullable<ReturnType<NonNullable<ReturnType<XTerm['buffer']['active']['getLine']>>['getCell']>>;

function color(c: Cell, fg: boolean): string | null {
  const mode = fg ? c.getFgColorMode() : c.getBgColorMode();
  const v = fg ? c.getFgColor() : c.getBgColor();
  if (mode === 0) return null;
  if ((fg ? c.isFgRGB() : c.isBgRGB())) return `#${v.toString(16).padStart(6, '0')}`;
  return `p${v}`;
}

function cellStyle(c: Cell): CellStyle {
  return {
    fg: color(c, true), bg: color(c, false),
    bold: !!c.isBold(), faint: !!c.isDim(), italic: !!c.isItalic(), underline: !!c.isUnderline(),
    strike: !!c.isStrikethrough(), inverse: !!c.isInverse(), invisible: !!c.isInvisible(),
  };
}

/** A headless xterm of the stage's kind (Unicode 11 widths). */
function headlessTerminal(cols: number, rows: number): XTerm {
  const term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true, convertEol: false });
  // Unicode 11 widths (emoji take two cells), as the shells that recorded and asciinema-player count them.
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  return term;
}

/** The drawing events of a stream in time order (equal times keep their order). */
function drawing(events: StreamEvent[]): StreamEvent[] {
  return events.filter((e) => e[1] === 'o' || e[1] === 'r').map((e, i) => ({ e, i })).sort((a, b) => a.e[0] - b.e[0] || a.i - b.i).map((x) => x.e);
}

/** A recording's own resize, as asciinema-player applies it (the pane keeps the scene's size). */
function resize(term: XTerm, data: string): void {
  const m = /^(\d+)x(\d+)$/.exec(data);
  if (m) term.resize(Math.max(1, Number(m[1])), Math.max(1, Number(m[2])));
}

/**
 * Replays `events` (sorted by time) and returns a frame per distinct time, plus one for t = `start`.
 * The work is linear in the events: writes are queued, and each distinct time's screen is read in
 * the callback of its last write (streams join a tick's writes first: terminal-stream.ts).
 */
export async function screenFrames(events: StreamEvent[], cols: number, rows: number, start = 0): Promise<ScreenFrames> {
  const term = headlessTerminal(cols, rows);
  const table = new Map<string, number>();
  const out: ScreenFrames = { cols, rows, rowTable: [], times: [], frames: [] };
  const push = (t: number) => {
    const frame = readScreen(term, table, out.rowTable);
    const last = out.frames[out.frames.length - 1];
    if (last && out.times[out.times.length - 1] === t) { out.frames[out.frames.length - 1] = frame; return; }
    if (last && sameFrame(last, frame)) return;
    out.times.push(t);
    out.frames.push(frame);
  };
  push(start);
  const sorted = drawing(events);
  const feed = feeder(term);
  for (let i = 0; i < sorted.length; i++) {
    const [t, code, data] = sorted[i];
    const last = i + 1 === sorted.length || sorted[i + 1][0] !== t;
    // A resize runs between the writes before and after it, in the same queue.
    const after = () => { if (code === 'r') resize(term, data); if (last) push(Math.max(t, start)); };
    await feed.write(code === 'o' ? data : '', after);
  }
  await feed.drained();
  term.dispose();
  return out;
}

/** The last screen of a stream as HTML rows (the printed deck's final terminal state): the events replayed, the screen read once. */
export async function finalScreen(events: StreamEvent[], cols: number, rows: number): Promise<{ rows: string[]; cursor: [number, number] | null }> {
  const term = headlessTerminal(cols, rows);
  const feed = feeder(term);
  for (const [, code, data] of drawing(events)) {
    if (code === 'o') await feed.write(data);
    else await feed.write('', () => resize(term, data));
  }
  await feed.drained();
  const rowTable: string[] = [];
  const frame = readScreen(term, new Map(), rowTable);
  term.dispose();
  return { rows: frame.rows.map((i, y) => screenRow(y, rowTable[i])), cursor: frame.cursor };
}

function sameFrame(a: ScreenFrames['frames'][number], b: ScreenFrames['frames'][number]): boolean {
  if (String(a.cursor) !== String(b.cursor)) return false;
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i] !== b.rows[i]) return false;
  return a.rows.length === b.rows.length;
}

/** What the camera needs of a screen: the cursor, how far it has scrolled (lines in the scrollback), each row's used width in columns. */
export interface ScreenState { cursorX: number; cursorY: number; baseY: number; widths: number[] }

/**
 * The screen's state at each probe time: after every event before it (and at it, when `inclusive`).
 * Probes may come in any order; the answers follow it.
 */
export async function screenStates(events: StreamEvent[], cols: number, rows: number, probes: { t: number; inclusive: boolean }[]): Promise<ScreenState[]> {
  const term = new Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true, convertEol: false });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  const sorted = events.filter((e) => e[1] === 'o' || e[1] === 'r').map((e, i) => ({ e, i })).sort((a, b) => a.e[0] - b.e[0] || a.i - b.i).map((x) => x.e);
  const order = probes.map((p, i) => ({ p, i })).sort((a, b) => a.p.t - b.p.t || Number(a.p.inclusive) - Number(b.p.inclusive));
  const out: ScreenState[] = new Array(probes.length);
  let k = 0;
  let pending = '';
  const feed = feeder(term);
  const flush = async () => { if (pending) { await feed.write(pending); await feed.drained(); pending = ''; } };
  for (const { p, i } of order) {
    while (k < sorted.length && (sorted[k][0] < p.t || (p.inclusive && sorted[k][0] <= p.t))) {
      const e = sorted[k++];
      if (e[1] === 'o') { pending += e[2]; continue; }
      await flush();
      const m = /^(\d+)x(\d+)$/.exec(e[2]);
      if (m) term.resize(Math.max(1, Number(m[1])), Math.max(1, Number(m[2])));
    }
    await flush();
    out[i] = readState(term);
  }
  term.dispose();
  return out;
}

function readState(term: XTerm): ScreenState {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const widths: number[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.baseY + y);
    let w = 0;
    if (line) for (let x = 0; x < term.cols; x++) {
      const c = line.getCell(x, cell);
      if (c && c.getWidth() > 0 && (c.getChars() || ' ') !== ' ') w = x + c.getWidth();
    }
    widths.push(w);
  }
  return { cursorX: buf.cursorX, cursorY: buf.cursorY, baseY: buf.baseY, widths };
}
