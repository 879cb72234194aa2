/**
 * Geometry of the stage (a fixed design size that reveal.js or the video page scales: 1920×1080 for
 * 16:9, 1080×1920 for 9:16, 1080×1080 for 1:1), the panes of a desktop scene in each shape, where a
 * terminal row or an editor line is drawn, and the terminal font size that fits a scene's
 * cols × rows into its pane. Pure: the camera frames lines from these numbers (no measuring in a
 * browser); tests/stage/camera-geometry.test.ts checks them against the DOM of stage.css.
 */
import type { EditorGridData, Rect, TerminalGridData } from '../camera/types.ts';
import { isStacked, SHAPE_SIZES, type StageShape } from './stage-shape.ts';

export type { Rect } from '../camera/types.ts';

/** The stage's design size for 16:9 (the deck's and the default video's); other shapes: SHAPE_SIZES. */
export const STAGE_WIDTH = SHAPE_SIZES.landscape.width;
export const STAGE_HEIGHT = SHAPE_SIZES.landscape.height;

/** Desktop chrome sizes in design pixels (kept in sync with stage.css through CSS variables). */
export const CHROME = {
  titleBar: 44,
  activityBar: 64,
  statusBar: 32,
  panelHeader: 48,
  panelPadding: 20,
  /** Share of the workspace width the editor takes in the split layout (16:9). */
  editorShare: 0.36,
  /** Share of the workspace height the editor takes when the panes are stacked (9:16, 1:1). */
  stackedEditorShare: 0.4,
};

/** The editor's text metrics (stage.css `.lc-code`, `.lc-ln`, `.lc-breadcrumb`). */
export const EDITOR = { fontSize: 23, lineHeight: 1.6, gutter: 76, breadcrumb: 36, padTop: 4 };

/** Terminal line height in em, the same as asciinema-player's default. */
export const TERM_LINE_HEIGHT = 1.3333333333;
/** JetBrains Mono's advance width in em. */
export const CH = 0.6;
/** asciinema-player draws a 0.75em border around the screen. */
const BORDER = 0.75;
const MAX_FONT = 30;
const MIN_FONT = 10;

/** The layout of a desktop scene: both panes, or one pane filling the workspace. */
export type DesktopLayout = 'split' | 'terminal' | 'editor';

/** The chrome of a shape: the activity bar is left out where the panes stack (a phone has no width to spare). */
export function chromeOf(shape: StageShape): typeof CHROME {
  return isStacked(shape) ? { ...CHROME, activityBar: 0 } : CHROME;
}

/** The workspace between the title bar, the activity bar and the status bar. */
function workArea(shape: StageShape): Rect {
  const { width, height } = SHAPE_SIZES[shape];
  const c = chromeOf(shape);
  return { x: c.activityBar, y: c.titleBar, w: width - c.activityBar, h: height - c.titleBar - c.statusBar };
}

/** The panes of a desktop layout in a shape: side by side in 16:9, the editor above the terminal in 9:16 and 1:1. */
export function desktopPanes(layout: DesktopLayout, shape: StageShape = 'landscape'): { editor: Rect | null; terminal: Rect | null } {
  const work = workArea(shape);
  if (layout === 'terminal') return { editor: null, terminal: work };
  if (layout === 'editor') return { editor: work, terminal: null };
  if (isStacked(shape)) {
    const eh = work.h * CHROME.stackedEditorShare;
    return { editor: { ...work, h: eh }, terminal: { x: work.x, y: work.y + eh, w: work.w, h: work.h - eh } };
  }
  const ew = work.w * CHROME.editorShare;
  return { editor: { ...work, w: ew }, terminal: { x: work.x + ew, y: work.y, w: work.w - ew, h: work.h } };
}

/** Size of the terminal pane's drawing area for a layout, in design pixels. */
export function terminalArea(layout: DesktopLayout, shape: StageShape = 'landscape'): { width: number; height: number } {
  const work = workArea(shape);
  const c = chromeOf(shape);
  // 16:9 split: the pane's whole pixels (its font sizes are those of every video made before shapes).
  const paneW = layout === 'split' && !isStacked(shape) ? Math.round(work.w * (1 - c.editorShare)) : work.w;
  const paneH = layout === 'split' && isStacked(shape) ? work.h * (1 - c.stackedEditorShare) : work.h;
  return { width: paneW - 2 * c.panelPadding, height: paneH - c.panelHeader - 2 * c.panelPadding };
}

/** The largest whole-pixel font size at which cols × rows (plus the player's border) fit the pane. */
export function terminalFontSize(cols: number, rows: number, layout: DesktopLayout, shape: StageShape = 'landscape'): number {
  const { width, height } = terminalArea(layout, shape);
  const byWidth = width / (cols * CH + 2 * BORDER);
  const byHeight = height / (rows * TERM_LINE_HEIGHT + 2 * BORDER);
  return Math.max(MIN_FONT, Math.min(MAX_FONT, Math.floor(Math.min(byWidth, byHeight))));
}

/** The cell grid of the terminal in `pane` (stage.css: the panel's left border in 16:9, its header, its padding, the player's border). */
export function terminalGrid(pane: Rect, fontSize: number, cols: number, rows: number, shape: StageShape = 'landscape'): TerminalGridData {
  const c = chromeOf(shape);
  const border = isStacked(shape) ? 0 : 1;
  return {
    x: pane.x + border + c.panelPadding + BORDER * fontSize,
    y: pane.y + c.panelHeader + c.panelPadding + BORDER * fontSize,
    charW: CH * fontSize, lineH: TERM_LINE_HEIGHT * fontSize, cols, rows,
  };
}

/** The line grid of the editor in `pane` (tabs, breadcrumb, the code's top padding). */
export function editorGrid(pane: Rect): EditorGridData {
  const top = pane.y + CHROME.panelHeader + EDITOR.breadcrumb;
  return {
    x: pane.x + EDITOR.gutter, gutterX: pane.x, y: top + EDITOR.padTop,
    charW: CH * EDITOR.fontSize, lineH: EDITOR.lineHeight * EDITOR.fontSize,
    view: { x: pane.x, y: top, w: pane.w, h: pane.y + pane.h - top },
  };
}

/**
 * The editor's scroll position for lines [from, to] of a file of `count` lines, as the page
 * computes it (stage-client.js `showLines`, from DOM offsets rounded to whole pixels): centred when
 * they fit, else from the first with one line above.
 */
export function editorScrollTop(grid: EditorGridData, count: number, range: [number, number] | null): number {
  if (!range || count === 0) return 0;
  const lh = grid.lineH;
  const offset = (line: number) => Math.round(EDITOR.padTop + (line - 1) * lh);
  const first = Math.min(range[0], count), last = Math.min(range[1], count);
  const top = offset(first);
  const bottom = offset(last) + Math.round(lh);
  const view = Math.round(grid.view.h);
  const scrollHeight = Math.round(EDITOR.padTop + count * lh);
  const target = bottom - top <= view - 2 * Math.round(lh) ? (top + bottom - view) / 2 : top - Math.round(lh);
  return Math.max(0, Math.min(Math.round(target), scrollHeight - view));
}
