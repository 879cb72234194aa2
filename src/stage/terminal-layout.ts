/**
 * Geometry of the stage (a fixed 1920×1080 design that reveal.js or the video page scales) and the
 * terminal font size that fits a scene's cols × rows into its pane. Pure.
 */

/** The stage's design size; the deck scales it to the window, the video renders it 1:1. */
export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

/** Desktop chrome sizes in design pixels (kept in sync with stage.css through CSS variables). */
export const CHROME = {
  titleBar: 44,
  activityBar: 64,
  statusBar: 32,
  panelHeader: 48,
  panelPadding: 20,
  /** Share of the workspace width the editor takes in the split layout. */
  editorShare: 0.36,
};

/** Terminal line height in em, the same as asciinema-player's default. */
export const TERM_LINE_HEIGHT = 1.3333333333;
/** JetBrains Mono's advance width in em. */
const CH = 0.6;
/** asciinema-player draws a 0.75em border around the screen. */
const BORDER = 0.75;
const MAX_FONT = 30;
const MIN_FONT = 10;

/** The layout of a desktop scene: both panes, or one pane filling the workspace. */
export type DesktopLayout = 'split' | 'terminal' | 'editor';

/** Size of the terminal pane's drawing area for a layout, in design pixels. */
export function terminalArea(layout: DesktopLayout): { width: number; height: number } {
  const workW = STAGE_WIDTH - CHROME.activityBar;
  const workH = STAGE_HEIGHT - CHROME.titleBar - CHROME.statusBar;
  const paneW = layout === 'split' ? Math.round(workW * (1 - CHROME.editorShare)) : workW;
  return { width: paneW - 2 * CHROME.panelPadding, height: workH - CHROME.panelHeader - 2 * CHROME.panelPadding };
}

/** The largest whole-pixel font size at which cols × rows (plus the player's border) fit the pane. */
export function terminalFontSize(cols: number, rows: number, layout: DesktopLayout): number {
  const { width, height } = terminalArea(layout);
  const byWidth = width / (cols * CH + 2 * BORDER);
  const byHeight = height / (rows * TERM_LINE_HEIGHT + 2 * BORDER);
  return Math.max(MIN_FONT, Math.min(MAX_FONT, Math.floor(Math.min(byWidth, byHeight))));
}
