/**
 * Terminal cells → HTML in asciinema-player's own markup (`.ap-line` rows of spans placed by
 * column), so a precomputed screen looks exactly like the player's live one under the same CSS.
 */

/** A cell's look: colors are `p<N>` (palette index), `#rrggbb`, or null for the default. */
export interface CellStyle {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  faint: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
  invisible: boolean;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for HTML content and attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESC[c]);
}

/** The 256-color palette beyond the 16 theme colors (6×6×6 cube, then the gray ramp). */
export function xtermColor(n: number): string {
  if (n < 16) return `var(--term-color-${n})`;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const g = 8 + (n - 232) * 10;
  return rgb(g, g, g);
}

function rgb(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** A color value as CSS; bold text in a base color uses its bright variant, like the player. */
function css(c: string | null, fallback: string, bright: boolean): string {
  // bright: the player's boldIsBright option (off by default, so off here too).
  if (c === null) return fallback;
  if (c.startsWith('#')) return c;
  let n = Number(c.slice(1));
  if (bright && n < 8) n += 8;
  return xtermColor(n);
}

function styleKey(s: CellStyle): string {
  return `${s.fg}|${s.bg}|${+s.bold}${+s.faint}${+s.italic}${+s.underline}${+s.strike}${+s.inverse}${+s.invisible}`;
}

/** One cell: its text and look; `x` is its column (default: its index) and `wide` a two-column glyph (CJK, emoji). */
export interface ScreenCell {
  ch: string;
  style: CellStyle;
  x?: number;
  wide?: boolean;
}

/**
 * One screen row as an `.ap-line` span; runs of equal style become one span. A wide glyph is a span
 * of its own at its column, and so is what follows it, as asciinema-player draws them: each sits on
 * the cell grid whatever the advance width of the fallback font that draws it.
 */
export function screenRowHtml(row: number, cells: ScreenCell[]): string {
  return screenRow(row, screenRowSpans(cells));
}

/** A row's spans placed on screen row `row` (the `.ap-line` wrapper). */
export function screenRow(row: number, spans: string): string {
  return `<span class="ap-line" style="--row:${row}">${spans}</span>`;
}

/** The spans of one screen row, without its `.ap-line` wrapper: the same text shows the same on any row. */
export function screenRowSpans(cells: ScreenCell[]): string {
  let html = '';
  let i = 0;
  const col = (k: number) => cells[k].x ?? k;
  // Trailing default-styled blanks draw nothing.
  let end = cells.length;
  while (end > 0 && cells[end - 1].ch === ' ' && cells[end - 1].style.bg === null && !cells[end - 1].style.inverse) end--;
  while (i < end) {
    const key = styleKey(cells[i].style);
    let j = i + 1;
    if (!cells[i].wide) while (j < end && !cells[j].wide && col(j) === col(j - 1) + 1 && styleKey(cells[j].style) === key) j++;
    const s = cells[i].style;
    const text = cells.slice(i, j).map((c) => c.ch).join('');
    let fg = css(s.fg, '', false);
    let bg = css(s.bg, '', false);
    if (s.inverse) {
      const f = fg || 'var(--term-color-foreground)';
      fg = bg || 'var(--term-color-background)';
      bg = f;
    }
    const style = [`--offset:${col(i)}`, fg && `color:${fg}`, bg && `background-color:${bg}`, s.invisible && 'visibility:hidden']
      .filter(Boolean).join(';');
    const cls = [s.bold && 'ap-bold', !s.bold && s.faint && 'ap-faint', s.italic && 'ap-italic', s.underline && 'ap-underline', s.strike && 'ap-strike']
      .filter(Boolean).join(' ');
    if (text.trim() !== '' || bg) html += `<span style="${style}"${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</span>`;
    i = j;
  }
  return html;
}
