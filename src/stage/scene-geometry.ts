/**
 * A desktop scene as the camera sees it (src/camera/types.ts): its panes and text grids in a shape
 * (terminal-layout.ts) and, after each step, the terminal rows or editor lines it brings into use.
 * Terminal rows come from replaying the scene's stream in a headless xterm (the same replay as the
 * pictures: where the command was typed, how far its output scrolled, how wide its lines are);
 * editor lines from the files' text and the page's own scroll rule. No browser is involved.
 */
import type { LessonCast } from '../casts/types.ts';
import type { SceneGeometry, StepFocus } from '../camera/types.ts';
import { castTypedAt } from '../schedule/cast-typed-at.ts';
import type { EditorFile } from './editor-files.ts';
import type { StageScene } from './stage-scene.ts';
import { SHAPE_SIZES, type StageShape } from './stage-shape.ts';
import { desktopPanes, editorGrid, editorScrollTop, terminalFontSize, terminalGrid } from './terminal-layout.ts';
import { screenStates, type ScreenState } from './terminal-screens.ts';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** A highlighted line's width in columns: its text without markup, tabs to the next multiple of 8 (CSS `tab-size`). */
export function lineWidth(html: string): number {
  const text = html.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]);
  let w = 0;
  for (const ch of text) w = ch === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
  return w;
}

/** Each file's line widths (a file the editor cannot show: none). */
function fileWidths(files: EditorFile[]): Record<string, number[]> {
  return Object.fromEntries(files.map((f) => [f.key, f.status === 'ok' ? f.lines.map(lineWidth) : []]));
}

const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

/** The terminal rows in use from the top of the screen (through `last` at least) and the widest of them. */
function used(e: ScreenState, last: number): { rows: [number, number]; cols: number } {
  let bottom = Math.max(last, e.cursorY);
  e.widths.forEach((w, y) => { if (w > 0) bottom = Math.max(bottom, y); });
  return { rows: [0, bottom], cols: Math.max(1, maxOf(e.widths)) };
}

/** The scene's geometry in `shape`, or null for a slide. `casts`: by command id (when Enter is pressed). */
export async function sceneGeometry(scene: StageScene, shape: StageShape, casts: Map<string, LessonCast>): Promise<SceneGeometry | null> {
  if (scene.kind !== 'desktop' || scene.layout === 'slide') return null;
  const layout = scene.layout;
  const panes = desktopPanes(layout, shape);
  const t = scene.terminal;
  const terminal = t && panes.terminal
    ? { pane: panes.terminal, grid: terminalGrid(panes.terminal, terminalFontSize(t.cols, t.rows, layout, shape), t.cols, t.rows, shape) } : null;
  const editor = panes.editor ? { pane: panes.editor, grid: editorGrid(panes.editor) } : null;
  const files = fileWidths(scene.files);
  const status = new Map(scene.files.map((f) => [f.key, f.status]));

  // Terminal: the screen at each step's moments, replayed from the deck's stream (the video's screens are the same at a step's end).
  type Probe = { t: number; inclusive: boolean };
  const probes: Probe[] = [];
  const ask = (p: Probe) => probes.push(p) - 1;
  const plan: ({ kind: 'command'; from: number; typed: number; end: number; commandId: string } | { kind: 'screen'; at: number } | null)[] = [];
  const spans = t?.deck.spans ?? {};
  let lastTo = 0;
  scene.steps.forEach((step, i) => {
    if (!terminal) { plan.push(null); return; }
    if (step.kind === 'command' && spans[step.id]) {
      // A command with markers ends with its last marker step's span.
      let k = i;
      while (scene.steps[k + 1]?.kind === 'marker' && (scene.steps[k + 1] as { commandId: string }).commandId === step.commandId) k++;
      const span = spans[step.id];
      const to = spans[scene.steps[k].id]?.to ?? span.to;
      const lc = casts.get(step.commandId);
      const typedAt = lc ? castTypedAt(lc) : 0;
      // The deck stream's times are rounded to the microsecond: so is Enter's, and the screen just before it holds the whole command.
      const typed = Math.round((span.from + typedAt) * 1e6) / 1e6;
      plan.push({ kind: 'command', commandId: step.commandId, from: ask({ t: span.from, inclusive: true }), typed: ask({ t: typed, inclusive: false }), end: ask({ t: to, inclusive: true }) });
      lastTo = to;
    } else if (step.kind === 'clear' && spans[step.id]) {
      lastTo = spans[step.id].to;
      plan.push({ kind: 'screen', at: ask({ t: lastTo, inclusive: true }) });
    } else if (step.kind === 'focus-terminal') {
      plan.push({ kind: 'screen', at: ask({ t: lastTo, inclusive: true }) });
    } else plan.push(null);
  });
  const states: ScreenState[] = terminal && probes.length ? await screenStates(t!.deck.events, t!.cols, t!.rows, probes) : [];

  // Editor: each file keeps the range its last `code <path>:<from>-<to>` named (the page's rule).
  const ranges = new Map<string, [number, number]>();
  const visible = editor ? Math.max(1, Math.floor((editor.grid.view.h - 4) / editor.grid.lineH)) : 1;
  const steps: StepFocus[] = scene.steps.map((step, i) => {
    const p = plan[i];
    if (p?.kind === 'command') {
      const a = states[p.from], b = states[p.typed], e = states[p.end];
      const first = a.baseY + a.cursorY;
      const last = Math.max(first, b.baseY + b.cursorY);
      const commandRows: [number, number] = [first - e.baseY, last - e.baseY];
      const rows: [number, number] = [Math.max(0, commandRows[0]), Math.max(e.cursorY, commandRows[1], 0)];
      const cmdWidths = commandRows[1] >= 0 ? e.widths.slice(Math.max(0, commandRows[0]), commandRows[1] + 1) : [];
      return { kind: 'terminal', rows, cols: Math.max(1, maxOf(e.widths.slice(rows[0], rows[1] + 1))), context: used(e, rows[1]), commandId: p.commandId, commandRows, commandCols: maxOf(cmdWidths) };
    }
    if (p?.kind === 'screen') {
      const e = states[p.at];
      let top = e.widths.findIndex((w) => w > 0);
      if (top < 0 || top > e.cursorY) top = e.cursorY;
      return { kind: 'terminal', rows: [top, e.cursorY], cols: Math.max(1, maxOf(e.widths.slice(top, e.cursorY + 1))), context: used(e, e.cursorY) };
    }
    if (!editor) return { kind: 'none' };
    const key = step.kind === 'open-file' && !step.placeholder ? step.path : step.kind === 'code' ? step.codeId : null;
    if (key === null) return { kind: 'none' };
    const widths = files[key] ?? [];
    if (status.get(key) !== 'ok' || widths.length === 0) {
      // "File not found" and the like: a card filling the editor.
      const cols = Math.floor(editor.grid.view.w / editor.grid.charW);
      return { kind: 'editor', file: key, lines: [1, visible], scrollTop: 0, cols, context: { rows: [1, visible], cols } };
    }
    if (step.kind === 'open-file' && step.lines) {
      const [a, b] = step.lines;
      ranges.set(key, [Math.max(1, Math.min(a, b)), Math.max(1, a, b)]);
    }
    const range = ranges.get(key) ?? null;
    const scrollTop = editorScrollTop(editor.grid, widths.length, range);
    // The lines in view: from the first the scroll position shows to the last that fits.
    const firstShown = Math.max(1, Math.floor(scrollTop / editor.grid.lineH) + 1);
    const lastShown = Math.min(widths.length, firstShown + visible - 1);
    const lines: [number, number] = range
      ? [Math.min(range[0], widths.length), Math.min(range[1], widths.length)]
      : [firstShown, lastShown];
    // Around a marked range, a few lines of what surrounds it; else the lines in view.
    const around: [number, number] = range ? [Math.max(firstShown, lines[0] - 3), Math.min(lastShown, lines[1] + 3)] : lines;
    const colsOf = (r: [number, number]) => Math.max(1, maxOf(widths.slice(r[0] - 1, r[1])));
    return { kind: 'editor', file: key, lines, scrollTop, cols: colsOf(lines), context: { rows: around, cols: colsOf(around) } };
  });
  return { sceneId: scene.id, stage: { ...SHAPE_SIZES[shape] }, terminal, editor, steps, files };
}
