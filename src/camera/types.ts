/**
 * The camera's data (docs/stage.md, "The camera"): what a desktop scene looks like to it (its panes
 * and text grids, and what each step brings into use), and the framings it decides. Plain data: the
 * stage measures nothing in a browser; it computes these numbers from its layout (src/stage/) and
 * the camera turns them into rectangles (frame-camera.ts).
 */

/** A rectangle in design pixels of the stage. */
export interface Rect { x: number; y: number; w: number; h: number }

/** The cell grid of a terminal: top-left of row 0, column 0, and a cell's size. */
export interface TerminalGridData { x: number; y: number; charW: number; lineH: number; cols: number; rows: number }

/** The line grid of an editor: the code's left edge, the line numbers' left edge, line 1's top unscrolled, the viewport. */
export interface EditorGridData { x: number; gutterX: number; y: number; charW: number; lineH: number; view: Rect }

/** Rows or lines and the columns they use: what must be in view (a step's focus) or what is around it (its context). */
export interface TextSpan { rows: [number, number]; cols: number }

/** What one step of a scene brings into use (in stage-step order). */
export type StepFocus =
  /**
   * Terminal rows [first, last] (0-based screen rows after the step) and the columns they use; the
   * context: the rows in use from the top of the screen; a command's own rows when it is one.
   */
  | { kind: 'terminal'; rows: [number, number]; cols: number; context: TextSpan; commandId?: string; commandRows?: [number, number]; commandCols?: number }
  /** Editor lines [from, to] (1-based) of `file` at scroll position `scrollTop`, the columns they use, and the lines around them in view. */
  | { kind: 'editor'; file: string; lines: [number, number]; scrollTop: number; cols: number; context: TextSpan }
  /** A step that moves nothing into view (a popup, a marker of a recording, `code ...`). */
  | { kind: 'none' };

/** A desktop scene as the camera sees it. */
export interface SceneGeometry {
  sceneId: string;
  /** The stage's design size (the shape's). */
  stage: { width: number; height: number };
  terminal: { pane: Rect; grid: TerminalGridData } | null;
  editor: { pane: Rect; grid: EditorGridData } | null;
  /** Per stage step, in order (the same steps as the page's). */
  steps: StepFocus[];
  /** The editor's files by key: each line's length in columns (tabs expanded). */
  files: Record<string, number[]>;
}

/** What an author's `{focus ...}` names (docs/ir.md, "Camera and highlights"). */
export type FocusTarget = 'terminal' | 'editor' | 'wide';

/** How the camera runs: `auto` frames what is in use, `off` keeps the whole stage in view. */
export type CameraMode = 'auto' | 'off';
