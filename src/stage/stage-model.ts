/**
 * Everything the stage page needs, computed in Node: per scene its layout, steps, speaker notes,
 * slide, editor files, and terminal data (the deck's stream for asciinema-player; in video mode the
 * precomputed screens at each change, and each step's time from the timeline).
 */
import { Marked } from 'marked';
import type { LessonCast } from '../casts/types.ts';
import type { Course } from '../course.ts';
import type { Cue, Timeline } from '../schedule/types.ts';
import type { Lesson, Narration, Scene } from '../types.ts';
import { editorFiles, type EditorFile } from './editor-files.ts';
import { lessonSlides, type CompiledSlide } from './lesson-slides.ts';
import { sceneSteps, type StageStep } from './stage-steps.ts';
import { terminalFontSize, type DesktopLayout } from './terminal-layout.ts';
import { finalScreen, screenFrames, type ScreenFrames } from './terminal-screens.ts';
import { deckStream, videoStream, type DeckStream } from './terminal-stream.ts';
import { HEX_COLOR, THEMES } from './themes.ts';

export type StageMode = 'deck' | 'video';

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
}

/** The terminal pane of a desktop scene. */
export interface SceneTerminal {
  cols: number;
  rows: number;
  fontSize: number;
  /** Deck: the stream asciinema-player plays. */
  deck: DeckStream;
  /** The screen after every step (the printed deck and the deck's opening state). */
  final: { rows: string[]; cursor: [number, number] | null };
  /** Video: screens at each change time, in lesson seconds. */
  frames: ScreenFrames | null;
}

/** The whole page's model. */
export interface StageModel {
  mode: StageMode;
  slug: string;
  title: string;
  courseTitle: string | null;
  accent: string;
  prompt: string;
  scenes: StageScene[];
  duration: number | null;
}

/** Inputs of the stage: the lesson and one cast per command. */
export interface StageInput {
  course: Course;
  lesson: Lesson;
  casts: LessonCast[];
}

// The list lives in its own small module so config validation can read it without loading the stage.
export { THEME_NAMES } from './themes.ts';

/** The course accent color: config `theme` as a name from the list or a #hex color. */
export function accentColor(theme: string | undefined): string {
  if (theme && HEX_COLOR.test(theme)) return theme;
  return THEMES[theme ?? ''] ?? THEMES.kubernetes;
}

// No GFM: a URL in the narration stays text rather than becoming a link in the notes.
const notesMarked = new Marked({ gfm: false });

/** Narration paragraphs as speaker-notes HTML (inline markdown kept). */
function notesHtml(paras: Narration[]): string {
  return paras.map((p) => `<p>${notesMarked.parseInline(p.text, { async: false }) as string}</p>`).join('\n');
}

const GENERIC_HEADINGS = /^(powerpoint( slide)?|slides?|vscode|terminal|editor)$/i;

/** A scene's title: the slide's heading; for desktops, the first file opened or the first command. */
function sceneTitle(scene: Scene, steps: StageStep[], slide: CompiledSlide | null, lessonTitle: string): string {
  if (scene.kind === 'slide') return slide?.title ?? (scene.heading && !GENERIC_HEADINGS.test(scene.heading.trim()) ? scene.heading.trim() : lessonTitle);
  if (scene.heading && !GENERIC_HEADINGS.test(scene.heading.trim())) return scene.heading.trim();
  const cmd = steps.find((s) => s.kind === 'command');
  return cmd && cmd.kind === 'command' ? `Terminal: ${cmd.text}` : 'Terminal';
}

function desktopLayout(steps: StageStep[], files: EditorFile[]): DesktopLayout {
  const terminal = steps.some((s) => s.kind === 'command' || s.kind === 'clear' || s.kind === 'focus-terminal');
  if (files.length === 0) return 'terminal';
  return terminal ? 'split' : 'editor';
}

/** Maps each step to its cue in the scene: by ref for commands, popups and code; in order for directions. */
export function stepCueSpans(steps: StageStep[], cues: Cue[]): ([number, number] | null)[] {
  const directions = cues.filter((c) => c.type === 'direction');
  let d = 0;
  return steps.map((step) => {
    let cue: Cue | undefined;
    if (step.kind === 'command') cue = cues.find((c) => c.type === 'command' && c.ref === step.commandId);
    else if (step.kind === 'popup') cue = cues.find((c) => c.type === 'popup' && c.ref === step.popupId);
    else if (step.kind === 'code') cue = cues.find((c) => c.type === 'code' && c.ref === step.codeId);
    else cue = directions[d++];
    return cue ? [cue.start, cue.end] : null;
  });
}

/** Builds the stage model; `timeline` is required in video mode. */
export async function stageModel(input: StageInput, mode: StageMode, timeline?: Timeline): Promise<StageModel> {
  const { course, lesson } = input;
  if (mode === 'video' && !timeline) throw new Error('stageModel: video mode needs a timeline');
  const casts = new Map(input.casts.map((c) => [c.commandId, c]));
  const slides = lessonSlides(course, lesson.slug);
  const { cols, rows } = lesson.meta.terminal;
  const scenes: StageScene[] = [];
  let slideN = 0;
  for (const scene of lesson.scenes) {
    const { steps: allSteps, intro, after } = sceneSteps(scene);
    // A slide shows its slide and popups; terminal steps there have no pane to draw in.
    const keep = allSteps.map((s) => scene.kind === 'desktop' || s.kind === 'popup');
    const steps = allSteps.filter((_, i) => keep[i]);
    const afterKept: Narration[][] = [];
    let introKept = [...intro];
    allSteps.forEach((_, i) => {
      if (keep[i]) afterKept.push([...after[i]]);
      else if (afterKept.length) afterKept[afterKept.length - 1].push(...after[i]);
      else introKept = introKept.concat(after[i]);
    });
    const slide = scene.kind === 'slide' ? (slides?.[slideN++] ?? null) : null;
    const fileMap = scene.kind === 'desktop' ? await editorFiles(course, lesson, steps) : new Map<string, EditorFile>();
    const files = [...fileMap.values()];
    const layout = scene.kind === 'slide' ? 'slide' : desktopLayout(steps, files);
    let terminal: SceneTerminal | null = null;
    const tlScene = timeline?.scenes.find((s) => s.id === scene.id);
    const sceneCues = timeline ? timeline.cues.filter((c) => c.sceneId === scene.id) : [];
    if (layout === 'split' || layout === 'terminal') {
      const fontSize = terminalFontSize(cols, rows, layout);
      const prompt = lesson.meta.terminal.prompt;
      const deck = deckStream(steps, casts, prompt);
      const frames = mode === 'video' && tlScene
        ? await screenFrames(videoStream(tlScene.start, tlScene.end, sceneCues, casts, prompt), cols, rows, tlScene.start)
        : null;
      terminal = { cols, rows, fontSize, deck, final: await finalScreen(deck.events, cols, rows), frames };
    }
    const firstChange = steps.find((s) => s.kind !== 'popup');
    scenes.push({
      id: scene.id, index: scene.index, kind: scene.kind, heading: scene.heading,
      title: sceneTitle(scene, steps, slide, lesson.title),
      layout, steps, slide, files,
      notes: { intro: notesHtml(introKept), after: afterKept.map(notesHtml) },
      initialFocus: layout === 'editor' || (layout === 'split' && firstChange?.kind === 'open-file' && !firstChange.placeholder) ? 'editor' : 'terminal',
      terminal,
      video: tlScene ? { start: tlScene.start, end: tlScene.end, steps: stepCueSpans(steps, sceneCues) } : null,
    });
  }
  return {
    mode, slug: lesson.slug, title: lesson.title, courseTitle: course.config.title ?? null,
    accent: accentColor(course.config.theme), prompt: lesson.meta.terminal.prompt, scenes,
    duration: timeline?.duration ?? null,
  };
}
