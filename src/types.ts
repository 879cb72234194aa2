/**
 * The lesson IR: plain data, produced by `parseLesson` and read by every later stage.
 * Renderers import these types only; they never see markdown.
 * The JSON form (`lessoncast inspect <slug> --json`) is documented in docs/ir.md and is stable.
 */
import type { Pace, TypingSettings } from './schema/lessoncast-schema.ts';

export type { TypingSettings };

/** A place in a source file: 1-based line and column; `endLine` is inclusive. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
  endLine: number;
}

/** A problem in the author's content, reported with its place and a stable code. */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  line: number;
  column: number;
  /** A suggestion: the nearest known word or kind, the `$` to write, ... */
  hint?: string;
  /** More lines shown under the finding: the unified diff of written and real output (`lessoncast check`). */
  detail?: string;
}

/** Terminal settings from frontmatter `terminal:` (defaults filled in by the parser). */
export interface TerminalSettings {
  cols: number;
  rows: number;
  prompt: string;
  theme: string;
}

/** Frontmatter after validation; unknown keys are kept in `extra`. */
export interface LessonMeta {
  title?: string;
  voice?: string;
  /** Directory `code <path>` is relative to, itself relative to the course root. Default '.' */
  workdir: string;
  pace: Pace;
  terminal: TerminalSettings;
  /** Frontmatter `typing`, over the config's (`resolveTyping` in src/casts/typing-settings.ts merges them); absent when not written. */
  typing?: Partial<TypingSettings>;
  /** Speaking rate multiplier (frontmatter `rate`), overriding the config's. */
  rate?: number;
  /** Pitch shift in semitones (frontmatter `pitch`), overriding the config's. */
  pitch?: number;
  /** The camera (frontmatter `camera`: `auto` or `off`), overriding the config's; absent when not written. */
  camera?: 'auto' | 'off';
  extra: Record<string, unknown>;
}

/** Author notes: never narrated, never shown. */
export interface Note {
  type: 'note';
  kind: 'todo' | 'structure' | 'comment';
  text: string;
  pos: SourcePos;
  raw: string;
}

/** One `->` line (or the first line) of the `Structure:` plan. */
export interface StructureItem {
  text: string;
  /** The scene kind this plan line names, when it names one. */
  kind: SceneKind | null;
  pos: SourcePos;
}

export type SceneKind = 'slide' | 'desktop';

/** A sentence of narration: the unit of speech synthesis and of timing. */
export interface Sentence {
  /** Written form with inline markdown kept (notes, captions). */
  text: string;
  /** Inline markdown stripped (what is spoken, before the pronunciation lexicon). */
  plain: string;
  pos: SourcePos;
}

/** What a narration marker may name: the kind of the step it starts (docs/ir.md, "Markers"). */
export type MarkerTarget = 'command' | 'file' | 'terminal' | 'clear' | 'popup' | 'code';

/**
 * An inline marker `{next}` (or `{next popup}`, ...) in narration: the next step after the paragraph
 * that no earlier marker took starts when the word after the marker is said.
 */
export interface NarrationMarker {
  /** The kind the author named (`{next popup}`), checked by lint; null for a bare `{next}`. */
  target: MarkerTarget | null;
  /** The sentence (index into `sentences`) the marker stands in. */
  sentence: number;
  /** The word of that sentence the step starts at (index among its words, docs/timeline.md); the sentence's word count: at its end. */
  word: number;
  pos: SourcePos;
  raw: string;
}

/**
 * An author's camera or highlight directive in narration (docs/ir.md, "Camera and highlights"):
 * `{focus terminal}`, `{focus editor 12-18}`, `{focus wide}` point the camera from the word after it;
 * `{highlight CrashLoopBackOff}` (or `{highlight /Crash\w+/}`) marks that text on screen from the
 * word it is written after. `sentence` and `word` place it as a marker's (`word`: the word after it).
 */
export type NarrationDirective =
  | { type: 'focus'; target: 'terminal' | 'editor' | 'wide'; lines?: { from: number; to: number }; sentence: number; word: number; pos: SourcePos; raw: string }
  | { type: 'highlight'; pattern: string; regex: boolean; sentence: number; word: number; pos: SourcePos; raw: string };

/** A paragraph or list item of narration. */
export interface Narration {
  type: 'narration';
  /** Stable id (kebab-case of the first words, deduplicated): names voice-over clips. */
  id: string;
  text: string;
  plain: string;
  listItem: boolean;
  sentences: Sentence[];
  /** Inline markers, in order (markers are cut out of `text`, `plain` and `sentences`). */
  markers: NarrationMarker[];
  /** Camera and highlight directives, in order (cut out like markers); absent when there are none. */
  directives?: NarrationDirective[];
  pos: SourcePos;
  raw: string;
}

/** An explicit pause the author wrote (`{pause 2s}` as a paragraph of its own): silence and a still picture. */
export interface Pause {
  type: 'pause';
  /** Stable id: `pause-<n>`. */
  id: string;
  seconds: number;
  pos: SourcePos;
  raw: string;
}

/** A placeholder the author left (`...`, `xxxx`, `curl....`): kept and flagged. */
export interface Placeholder {
  text: string;
  /** Column of the placeholder in its source line (1-based). */
  column: number;
}

/**
 * A wait directive (docs/ir.md, "Set-up, tear-down and waiting"): `wait for "text"` waits until the
 * terminal's output holds the text (or `/regex/` matches it); `wait until <command>` runs the command,
 * hidden, until it succeeds. Never shown, narrated or timed: `record` and `check` obey it.
 */
export interface WaitDirective {
  type: 'wait';
  /** `output`: a pattern in the output so far; `command`: a command that exits 0. */
  kind: 'output' | 'command';
  /** For `output`: a regular expression's source (quoted text is escaped into one) and its flags. */
  pattern?: string;
  flags?: string;
  /** For `command`: the shell command to try. */
  command?: string;
  /** Time limit, seconds. */
  timeoutSeconds: number;
  pos: SourcePos;
  raw: string;
}

/** What a command's trailing annotation says to expect (`# no output`, `# exit 1`; docs/ir.md). */
export interface CommandExpectation {
  /** `# no output`: it prints nothing on purpose. */
  noOutput?: true;
  /** `# exit N`: its exit status. */
  exit?: number;
}

/** A command typed in the terminal. */
export interface Command {
  type: 'command';
  /** Stable id: `cmd-<index+1>`. */
  id: string;
  /** 0-based position among all commands of the lesson (cast matching by order). */
  index: number;
  command: string;
  /** Expected output lines as written, or null when the script gives none. */
  output: string[] | null;
  /** True when written with `$ `; false for a bare line recognised as a command. */
  explicit: boolean;
  placeholders: Placeholder[];
  /** What its trailing annotation says (present only when it has one); the annotation is not part of `command`. */
  expect?: CommandExpectation;
  /** The wait directives written before it since the previous command (present only when there are some). */
  waits?: WaitDirective[];
  pos: SourcePos;
  raw: string;
}

/** A stage direction inside a terminal block. */
export interface Direction {
  type: 'direction';
  action: 'open-file' | 'focus-terminal' | 'clear';
  /** For `open-file`: the path as written (relative to the lesson's workdir), without a `:<from>-<to>` line range. */
  path?: string;
  /** For `open-file` with `code <path>:<from>-<to>` (or `:<line>`): the lines to scroll to and mark, 1-based, as written. */
  lines?: { from: number; to: number };
  /** A key press the direction names (`ctrl+~` of `switch to bash terminal (ctrl+~)`, `cmd+k`, `ctrl+l`), lower case; the stage shows it (docs/stage.md). */
  keys?: string;
  placeholders: Placeholder[];
  pos: SourcePos;
  raw: string;
}

export type TerminalStep = Command | Direction;

/** A `bash`/`sh`/`shell`/`console` block: terminal steps in order. */
export interface TerminalBlock {
  type: 'terminal';
  id: string;
  lang: string;
  steps: TerminalStep[];
  pos: SourcePos;
  raw: string;
}

/** A `popup` block: a callout shown over the current scene at this point. */
export interface Popup {
  type: 'popup';
  id: string;
  text: string;
  pos: SourcePos;
  raw: string;
}

/** Any other fenced block: shown as code in the editor pane. */
export interface CodeBlock {
  type: 'code';
  id: string;
  lang: string;
  code: string;
  pos: SourcePos;
  raw: string;
}

export type SceneItem = Narration | TerminalBlock | Popup | CodeBlock | Pause;

/** A piece of a set-up or tear-down script: lines run as written (sourced in the lesson's shell). */
export interface ScriptPart {
  type: 'script';
  code: string;
  pos: SourcePos;
}

/**
 * A ```` ```bash setup ```` or ```` ```bash teardown ```` block: run before the first command or after
 * the last, in the same shell session, never shown, narrated or timed (docs/ir.md).
 */
export interface HiddenScript {
  type: 'setup' | 'teardown';
  /** `setup-<n>` / `teardown-<n>`. */
  id: string;
  lang: string;
  /** Script parts and the waits between them, in order. */
  steps: (ScriptPart | WaitDirective)[];
  pos: SourcePos;
  raw: string;
}

/** A section of the script (`## <kind>`), or the implicit scene before the first one. */
export interface Scene {
  type: 'scene';
  /** Stable id: `scene-<index+1>`. */
  id: string;
  index: number;
  kind: SceneKind;
  /** The heading text as written (`powerpoint slide`), or null for the implicit scene. */
  heading: string | null;
  implicit: boolean;
  items: SceneItem[];
  pos: SourcePos;
}

/** One parsed lesson script. */
export interface Lesson {
  type: 'lesson';
  slug: string;
  /** Path of the script, relative to the course root. */
  file: string;
  title: string;
  titleSource: 'frontmatter' | 'h1' | 'filename';
  meta: LessonMeta;
  notes: Note[];
  structure: StructureItem[] | null;
  scenes: Scene[];
  /** `bash setup` blocks in script order (present only when the script has some). */
  setup?: HiddenScript[];
  /** `bash teardown` blocks in script order (present only when the script has some). */
  teardown?: HiddenScript[];
  /** Problems found while parsing (malformed frontmatter, unknown scene kind, unclosed fence...). */
  diagnostics: Diagnostic[];
}

/** All commands of a lesson in script order. */
export function lessonCommands(lesson: Lesson): Command[] {
  const out: Command[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items)
      if (item.type === 'terminal') for (const step of item.steps) if (step.type === 'command') out.push(step);
  return out;
}

/** All narration paragraphs of a lesson in script order. */
export function lessonNarration(lesson: Lesson): Narration[] {
  return lesson.scenes.flatMap((s) => s.items.filter((i): i is Narration => i.type === 'narration'));
}
