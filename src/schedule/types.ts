/** The timeline: every cue of a lesson with its start and end in seconds. JSON form documented in docs/timeline.md. */

export type CueType =
  | 'scene'      // a scene is on screen
  | 'narration'  // a speech chunk plays (ref: SpeechChunk.id; narrationId: the paragraph)
  | 'command'    // a command's cast plays in the terminal pane (ref: Command.id); typing then output
  | 'marker'     // a marker in a command's cast (ref: `<Command.id>#<n>`, text: its label); a step of the deck
  | 'direction'  // a stage direction takes effect (ref: index into the block; action in `action`)
  | 'popup'      // a popup is shown (ref: Popup.id)
  | 'code'       // a code block is shown in the editor pane (ref: CodeBlock.id)
  | 'pause'      // an explicit pause the author wrote (ref: Pause.id): silence and a still picture
  | 'camera'     // the camera moves to `rect` during [start, end) and holds it (ref: `<sceneId>#<n>`; docs/stage.md, "The camera")
  | 'highlight'; // `text` (a word or /pattern/) is highlighted on screen (ref: `<narrationId>#<n>`, or `auto:<commandId>#<n>`)

export interface Cue {
  id: string;
  type: CueType;
  start: number;
  end: number;
  sceneId: string;
  /** Id of the IR node or speech chunk this cue plays. */
  ref: string;
  /** For narration: the paragraph id. */
  narrationId?: string;
  /** Written text (narration sentence, command, popup text). */
  text?: string;
  /** For directions: open-file | focus-terminal | clear; `path` for open-file. */
  action?: string;
  path?: string;
  /** For open-file with a line range (`code <path>:<from>-<to>`): the lines to scroll to and mark, as written. */
  lines?: [from: number, to: number];
  /** For open-file: true when the path is a placeholder (`code ...`): nothing changes on screen. */
  placeholder?: boolean;
  /** For commands: when typing ends (absolute seconds); output follows. */
  typedAt?: number;
  /** For narration: WAV file to mix, absolute path. */
  audio?: string;
  /** For narration: who said it: the speech engine (`piper`, `festival`, …) or `voice-over`. */
  engine?: string;
  /** For narration: the engine's voice, or the voice-over clip's file (relative to the course). */
  voice?: string;
  /** For narration: each written word of `text` with when it is said (absolute seconds, inside the cue, in order). */
  words?: CueWord[];
  /** For camera: the part of the stage in view once the move ends, `[x, y, width, height]` in design pixels of the video's shape. */
  rect?: [x: number, y: number, w: number, h: number];
  /** For highlight: true when the narration named a word of the output on screen (no directive). */
  auto?: boolean;
}

/** A written word of a narration cue and when it is said. */
export interface CueWord {
  text: string;
  start: number;
  end: number;
}

export interface TimelineScene {
  id: string;
  kind: 'slide' | 'desktop';
  title: string;
  start: number;
  end: number;
}

export interface Timeline {
  slug: string;
  title: string;
  duration: number;
  scenes: TimelineScene[];
  /** Sorted by start, then by script order. */
  cues: Cue[];
}
