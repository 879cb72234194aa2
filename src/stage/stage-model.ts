/**
 * Everything the stage page needs, computed in Node: per scene its layout, steps, speaker notes,
 * slide, editor files, and terminal data (the deck's stream for asciinema-player; in video mode the
 * precomputed screens at each change, and each step's time from the timeline).
 */
import type { LessonCast } from '../casts/types.ts';
import type { Course } from '../course.ts';
import type { Cue, Timeline } from '../schedule/types.ts';
import { headingTitle } from '../schedule/scene-titles.ts';
import { renderInline } from '../markdown/render-markdown.ts';
import type { Lesson, Narration, Scene } from '../types.ts';
import { editorFiles, type EditorFile } from './editor-files.ts';
import { lessonSlides, type CompiledSlide } from './lesson-slides.ts';
import { sceneSteps, type StageStep } from './stage-steps.ts';
import { terminalFontSize, type DesktopLayout } from './terminal-layout.ts';
import { frameSteps } from '../camera/frame-camera.ts';
import type { CameraMode } from '../camera/types.ts';
import { sceneGeometry } from './scene-geometry.ts';
import { keyCaps } from './key-labels.ts';
import { SHAPE_SIZES, videoShape, type StageShape } from './stage-shape.ts';
import { finalScreen, screenFrames } from './terminal-screens.ts';
import { castMarkers, deckStream, streamHistory, videoStream, type TerminalHistory } from './terminal-stream.ts';
import { DEFAULT_TERMINAL_THEME, TERMINAL_THEMES, type TerminalTheme } from '../casts/terminal-theme.ts';
import { HEX_COLOR, THEMES } from './themes.ts';

export type StageMode = 'deck' | 'video';

export type { SceneTerminal, StageScene } from './stage-scene.ts';
import type { SceneTerminal, StageScene } from './stage-scene.ts';

/** The whole page's model. */
export interface StageModel {
  mode: StageMode;
  /** The shape the page is laid out for (the deck's is always 16:9) and its design size. */
  shape: StageShape;
  stage: { width: number; height: number };
  /** `auto`: the camera frames what is in use; `off`: the whole stage (author `{focus}` directives still act in the video). */
  cameraMode: CameraMode;
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

/** Narration paragraphs as speaker-notes HTML (inline markdown kept, raw HTML escaped: the speaker view renders it). */
function notesHtml(paras: Narration[]): string {
  return paras.map((p) => `<p>${renderInline(p.text)}</p>`).join('\n');
}

/** A scene's title: the slide's heading, else the section heading without its scene kind; for desktops, else the first command. */
function sceneTitle(scene: Scene, steps: StageStep[], slide: CompiledSlide | null, lessonTitle: string): string {
  const heading = headingTitle(scene.heading);
  if (scene.kind === 'slide') return slide?.title ?? heading ?? lessonTitle;
  if (heading) return heading;
  const cmd = steps.find((s) => s.kind === 'command');
  return cmd && cmd.kind === 'command' ? cmd.text : 'Terminal';
}

function desktopLayout(steps: StageStep[], files: EditorFile[]): DesktopLayout {
  const terminal = steps.some((s) => s.kind === 'command' || s.kind === 'clear' || s.kind === 'focus-terminal');
  if (files.length === 0) return 'terminal';
  return terminal ? 'split' : 'editor';
}

/** Maps each step to its cue in the scene: by ref for commands, markers, popups and code; in order for directions. */
export function stepCueSpans(steps: StageStep[], cues: Cue[]): ([number, number] | null)[] {
  const directions = cues.filter((c) => c.type === 'direction');
  let d = 0;
  return steps.map((step) => {
    let cue: Cue | undefined;
    if (step.kind === 'command') cue = cues.find((c) => c.type === 'command' && c.ref === step.commandId);
    else if (step.kind === 'marker') cue = cues.find((c) => c.type === 'marker' && c.ref === `${step.commandId}#${step.index}`);
    else if (step.kind === 'popup') cue = cues.find((c) => c.type === 'popup' && c.ref === step.popupId);
    else if (step.kind === 'code') cue = cues.find((c) => c.type === 'code' && c.ref === step.codeId);
    else cue = directions[d++];
    return cue ? [cue.start, cue.end] : null;
  });
}

/**
 * A scene's terminal size: the largest cols and rows among its casts (synthesized casts have the
 * lesson's size, recordings their own), so a wide recording's lines wrap where they wrapped.
 */
export function sceneTerminalSize(casts: LessonCast[], settings: { cols: number; rows: number }): { cols: number; rows: number } {
  if (casts.length === 0) return { cols: settings.cols, rows: settings.rows };
  return { cols: Math.max(...casts.map((c) => c.cast.cols)), rows: Math.max(...casts.map((c) => c.cast.rows)) };
}

/** One terminal, one theme: the first of the scene's casts that brings its own, else the lesson's. */
export function sceneTheme(casts: LessonCast[], setting: string): TerminalTheme {
  const own = casts.find((c) => c.themeFromRecording && c.cast.theme);
  const t = own?.cast.theme ?? casts[0]?.cast.theme;
  if (t?.fg && t.bg && t.palette) return { fg: t.fg, bg: t.bg, palette: t.palette };
  return TERMINAL_THEMES[setting] ?? TERMINAL_THEMES[DEFAULT_TERMINAL_THEME];
}

/**
 * Adds a step after a command for each marker (`m` event) in its cast: the deck stops there like a
 * fragment. The narration after the command goes with its last marker step.
 */
export function withMarkerSteps(scene: { steps: StageStep[]; intro: Narration[]; after: Narration[][] }, casts: Map<string, LessonCast>): { steps: StageStep[]; intro: Narration[]; after: Narration[][] } {
  const steps: StageStep[] = [];
  const after: Narration[][] = [];
  scene.steps.forEach((step, i) => {
    steps.push(step);
    if (step.kind !== 'command') { after.push(scene.after[i]); return; }
    const markers = castMarkers(casts.get(step.commandId));
    if (markers.length === 0) { after.push(scene.after[i]); return; }
    after.push([]);
    markers.forEach((m, k) => {
      steps.push({ kind: 'marker', id: `${step.id}-m${k + 1}`, commandId: step.commandId, label: m.label, index: k + 1 });
      after.push(k === markers.length - 1 ? scene.after[i] : []);
    });
  });
  return { steps, intro: scene.intro, after };
}

/** Everything the page's terminals draw (their output streams) and its keys on screen (⌃, ⌘: DejaVu Mono's), to pick the font faces they need. */
export function stageTerminalText(model: StageModel): string {
  const keys = (s: StageScene) => s.steps.map((st) => ((st.kind === 'focus-terminal' || st.kind === 'clear') && st.keys ? keyCaps(st.keys).join('') : '')).join('');
  return model.scenes.map((s) => (s.terminal ? s.terminal.deck.events.map((e) => (e[1] === 'o' ? e[2] : '')).join('') : '') + keys(s)).join('');
}

/** The camera of a lesson: its frontmatter's `camera`, else the course config's, else `auto`. */
export function cameraModeOf(course: Course, lesson: Lesson): CameraMode {
  return lesson.meta.camera ?? course.config.camera ?? 'auto';
}

/** Builds the stage model; `timeline` is required in video mode. `shape`: the deck's is 16:9, the video's the config's. */
export async function stageModel(input: StageInput, mode: StageMode, timeline?: Timeline, opts: { shape?: StageShape } = {}): Promise<StageModel> {
  const { course, lesson } = input;
  const shape = opts.shape ?? (mode === 'video' ? videoShape(course.config.video) : 'landscape');
  const cameraMode = cameraModeOf(course, lesson);
  if (mode === 'video' && !timeline) throw new Error('stageModel: video mode needs a timeline');
  const casts = new Map(input.casts.map((c) => [c.commandId, c]));
  const slides = lessonSlides(course, lesson.slug);
  const scenes: StageScene[] = [];
  let slideN = 0;
  // One terminal per lesson: each desktop scene's terminal goes on from the one before.
  let history: TerminalHistory | null = null;
  for (const scene of lesson.scenes) {
    const { steps: allSteps, intro, after } = withMarkerSteps(sceneSteps(scene), casts);
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
      const sceneCasts = steps.flatMap((s) => (s.kind === 'command' && casts.get(s.commandId) ? [casts.get(s.commandId)!] : []));
      const own = sceneTerminalSize(sceneCasts, lesson.meta.terminal);
      // The terminal keeps the size it had in the scene before (its lines wrapped at that width).
      const cols = history?.events.length ? Math.max(own.cols, history.cols) : own.cols;
      const rows = history?.events.length ? Math.max(own.rows, history.rows) : own.rows;
      const fontSize = terminalFontSize(cols, rows, layout, shape);
      const prompt = lesson.meta.terminal.prompt;
      const deck = deckStream(steps, casts, prompt, { cols, rows }, history);
      const frames = mode === 'video' && tlScene
        ? await screenFrames(videoStream(tlScene.start, tlScene.end, sceneCues, casts, prompt, { cols, rows }, history), cols, rows, tlScene.start)
        : null;
      history = streamHistory(deck.events, { cols, rows });
      const theme = sceneTheme(sceneCasts, lesson.meta.terminal.theme);
      terminal = { cols, rows, fontSize, theme, deck, final: await finalScreen(deck.events, cols, rows), frames };
    }
    const firstChange = steps.find((s) => s.kind !== 'popup');
    const cue6 = (c: Cue): [number, number, number, number, number, number] => [c.start, c.end, ...c.rect!];
    const stageScene: StageScene = {
      id: scene.id, index: scene.index, kind: scene.kind, heading: scene.heading,
      title: sceneTitle(scene, steps, slide, lesson.title),
      layout, steps, slide, files,
      notes: { intro: notesHtml(introKept), after: afterKept.map(notesHtml) },
      initialFocus: layout === 'editor' || (layout === 'split' && firstChange?.kind === 'open-file' && !firstChange.placeholder) ? 'editor' : 'terminal',
      terminal,
      video: tlScene ? { start: tlScene.start, end: tlScene.end, steps: stepCueSpans(steps, sceneCues) } : null,
      geometry: null,
      deckHighlights: [introKept, ...afterKept].map((paras) => paras.flatMap((p) => (p.directives ?? []).flatMap((d) => (d.type === 'highlight' ? [d.pattern] : [])))),
      camera: {
        steps: null,
        cues: sceneCues.filter((c) => c.type === 'camera' && c.rect).map(cue6),
        highlights: sceneCues.filter((c) => c.type === 'highlight' && c.text).map((c) => [c.start, c.end, c.text!]),
      },
    };
    stageScene.geometry = await sceneGeometry(stageScene, shape, casts);
    // The deck steps through framings (the video's are cues, decided with the timeline: lesson-camera.ts).
    if (stageScene.geometry && mode === 'deck') stageScene.camera.steps = frameSteps(stageScene.geometry, cameraMode).map((f) => [f.rect.x, f.rect.y, f.rect.w, f.rect.h]);
    scenes.push(stageScene);
  }
  return {
    mode, shape, stage: { ...SHAPE_SIZES[shape] }, cameraMode, slug: lesson.slug, title: lesson.title, courseTitle: course.config.title ?? null,
    accent: accentColor(course.config.theme), prompt: lesson.meta.terminal.prompt, scenes,
    duration: timeline?.duration ?? null,
  };
}
