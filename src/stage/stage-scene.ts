/**
 * The stage's scene as data (docs/stage.md): what stage-model.ts computes for a scene and what the
 * camera's scene geometry reads. Types only, apart from the model so both can import them.
 */
import type { SceneGeometry } from '../camera/types.ts';
import type { TerminalTheme } from '../casts/terminal-theme.ts';
import type { EditorFile } from './editor-files.ts';
import type { CompiledSlide } from './lesson-slides.ts';
import type { StageStep } from './stage-steps.ts';
import type { DesktopLayout } from './terminal-layout.ts';
import type { ScreenFrames } from './terminal-screens.ts';
import type { DeckStream } from './terminal-stream.ts';

/** One scene of the stage. */
export interface StageScene {
  id: string;
  index: number;
  kind: 'slide' | 'desktop';
  /** Chapter-like title: the slide's heading, or a description of the desktop scene. */
  title: string;
  heading: string | null;
  layout: 'slide' | DesktopLayout;
  steps: StageStep[];
  /** Speaker notes as HTML: before the first step, and after each step. */
  notes: { intro: string; after: string[] };
  /** Slide scenes: the author's slide, or null for the generated title slide. */
  slide: CompiledSlide | null;
  /** Editor tabs this scene can show, in the order they open. */
  files: EditorFile[];
  initialFocus: 'editor' | 'terminal';
  terminal: SceneTerminal | null;
  /** Video mode: the scene's time span and each step's cue span (null when the timeline has no cue for it). */
  video: { start: number; end: number; steps: ([number, number] | null)[] } | null;
  /** Desktop scenes: what the camera sees (panes, grids, each step's lines in use). */
  geometry: SceneGeometry | null;
  /**
   * The camera: in the deck, the framing after each number of steps shown (`[0]`: the whole stage);
   * in the video, the timeline's camera cues of the scene (`[start, end, x, y, w, h]`, seconds and
   * design pixels) and its highlight cues (`[start, end, pattern]`).
   */
  camera: { steps: [number, number, number, number][] | null; cues: [number, number, number, number, number, number][]; highlights: [number, number, string][] };
  /** The deck's highlights: the `{highlight}` patterns of the narration spoken after each number of steps shown (`[0]`: before the first). */
  deckHighlights: string[][];
}

/** The terminal pane of a desktop scene. */
export interface SceneTerminal {
  /** The largest size among the scene's casts: a recording keeps its own width (its lines wrap where they did). */
  cols: number;
  rows: number;
  fontSize: number;
  /** The scene's colors: the first recording's own theme, else the lesson's (docs/stage.md). */
  theme: TerminalTheme;
  /** Deck: the stream asciinema-player plays. */
  deck: DeckStream;
  /** The screen after every step (the printed deck and the deck's opening state). */
  final: { rows: string[]; cursor: [number, number] | null };
  /** Video: screens at each change time, in lesson seconds. */
  frames: ScreenFrames | null;
}
