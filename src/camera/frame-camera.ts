/**
 * The camera (docs/stage.md, "The camera"), pure: from a desktop scene's geometry (its panes, text
 * grids and what each step brings into use) to the part of the stage in view after each step, and
 * from the scene's step times and the author's `{focus ...}` directives to the camera cues of the
 * timeline (each a move to a rectangle, eased over a fixed time). The stage draws what these numbers
 * say, in the deck (a framing per step) and in the video (the cues, at seek(t)): the same script
 * gives the same frames, and the shots' keys cover the cues.
 */
import type { Cue } from '../schedule/types.ts';
import type { CameraMode, FocusTarget, Rect, SceneGeometry, StepFocus } from './types.ts';

/** The camera's constants; every number here is part of the stage's code, so the shots' keys cover them. */
export const CAMERA = {
  /**
   * Line height (design pixels, the short side of every shape being 1080) that the camera brings
   * the lines in use to at least, when their width allows: 14 px in a 640×360 or 360×640 rendering.
   * The target is 11 px; the margin keeps a recording's wider lines readable too.
   */
  readableLine: 42,
  /** And at most, when what is in use is small (a prompt, a short command): 20 px at 640×360, 18 lines on a 16:9 screen. */
  largestLine: 60,
  /** Never closer than this. */
  maxZoom: 3,
  /** A move's length, seconds (eased in and out). */
  moveSeconds: 0.6,
  /** Each scene opens on the whole stage for at least this long, so the viewer sees where they are. */
  openWideSeconds: 1.5,
  /** A framing held shorter than this before the next one is skipped (a command's never is). */
  minHoldSeconds: 1.0,
};

/** What must be in view (`box`), what is around it worth showing (`context`), the pane they are in, their line height. */
export interface FocusBox { pane: 'terminal' | 'editor'; box: Rect; context: Rect; paneRect: Rect; lineH: number }

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const round2 = (v: number) => Math.round(v * 100) / 100;

/** The whole stage. */
export function wideRect(stage: { width: number; height: number }): Rect {
  return { x: 0, y: 0, w: stage.width, h: stage.height };
}

/** The box of a step's focus and of its context in stage coordinates (null when the scene has no such pane or the step brings nothing into view). */
export function focusBox(geom: SceneGeometry, focus: StepFocus): FocusBox | null {
  if (focus.kind === 'terminal' && geom.terminal) {
    const g = geom.terminal.grid;
    const rowsBox = (rows: [number, number], cols: number): Rect => {
      const [r0, r1] = [clamp(rows[0], 0, g.rows - 1), clamp(rows[1], 0, g.rows - 1)];
      return { x: g.x, y: g.y + r0 * g.lineH, w: clamp(cols, 1, g.cols) * g.charW, h: (Math.max(r0, r1) - r0 + 1) * g.lineH };
    };
    const box = rowsBox(focus.rows, focus.cols);
    return { pane: 'terminal', lineH: g.lineH, box, context: union(box, rowsBox(focus.context.rows, focus.context.cols)), paneRect: geom.terminal.pane };
  }
  if (focus.kind === 'editor' && geom.editor) {
    const g = geom.editor.grid;
    const v = g.view;
    // Only what the editor's viewport shows can be framed (a range scrolled out of view: its visible part, else the viewport).
    const linesBox = (lines: [number, number], cols: number): Rect => {
      let y0 = clamp(g.y + (lines[0] - 1) * g.lineH - focus.scrollTop, v.y, v.y + v.h);
      let y1 = clamp(g.y + lines[1] * g.lineH - focus.scrollTop, v.y, v.y + v.h);
      if (y1 - y0 < g.lineH) { y0 = v.y; y1 = v.y + v.h; }
      return { x: g.gutterX, y: y0, w: Math.min(v.w, g.x - g.gutterX + Math.max(1, cols) * g.charW), h: y1 - y0 };
    };
    const box = linesBox(focus.lines, focus.cols);
    return { pane: 'editor', lineH: g.lineH, box, context: union(box, linesBox(focus.context.rows, focus.context.cols)), paneRect: geom.editor.pane };
  }
  return null;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Where a frame of length `size` goes along one axis to show `region` (a context or a box) of the pane [lo, hi]. */
function place(size: number, region: [number, number], box: [number, number], m: number): number {
  const [a, b] = region;
  if (b - a + 2 * m <= size) {
    // Much room to spare: the region in the middle; else the region from its start (text reads from the top left).
    return size > 2 * (b - a + 2 * m) ? (a + b) / 2 - size / 2 : a - m;
  }
  // The region does not fit: the box, low or right in the frame, with what comes before it in view.
  let at = Math.max(box[1] + m - size, a - m);
  at = Math.min(at, box[0] - m);
  return at;
}

/**
 * The rectangle (of the stage's aspect) that frames a focus: its context (the rows in use, the
 * lines around a range) when that reads at `readableLine` at least, shown no larger than
 * `largestLine`; else the context's whole width, if that reads so; else the box as close as
 * `readableLine` asks — never so close that the box (the line being typed, the output being read)
 * is cut. Inside the pane when the frame is smaller than the pane, and never outside the stage.
 */
export function frameFocus(stage: { width: number; height: number }, f: FocusBox): Rect {
  const W = stage.width, H = stage.height;
  const m = 0.5 * f.lineH;
  const fit = (r: Rect) => Math.min(W / (r.w + 2 * m), H / (r.h + 2 * m));
  const zRead = CAMERA.readableLine / f.lineH, zCap = CAMERA.largestLine / f.lineH;
  const c = f.context;
  let z: number;
  // All that is in use, when it reads well; else its whole width with the rows around the box; else the box, as large as
  // readable (older lines wider than it are cut: on a phone the line in use matters more than the history's right edge).
  if (fit(c) >= zRead) z = Math.min(fit(c), zCap);
  else if (W / (c.w + 2 * m) >= zRead) z = Math.min(W / (c.w + 2 * m), zCap, fit(f.box));
  else z = Math.min(zRead, fit(f.box));
  z = clamp(z, 1, CAMERA.maxZoom);
  const w = W / z, h = H / z;
  let x = place(w, [c.x, c.x + c.w], [f.box.x, f.box.x + f.box.w], m);
  let y = place(h, [c.y, c.y + c.h], [f.box.y, f.box.y + f.box.h], m);
  // Inside the pane when the frame is smaller (no half-seen neighbour); a larger frame shows what is around the pane too.
  const p = f.paneRect;
  if (w <= p.w) x = clamp(x, p.x, p.x + p.w - w);
  if (h <= p.h) y = clamp(y, p.y, p.y + p.h - h);
  x = clamp(x, 0, W - w);
  y = clamp(y, 0, H - h);
  return { x: round2(x), y: round2(y), w: round2(w), h: round2(h) };
}

/** True when `outer` holds `inner` (to half a pixel). */
function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;
}

/** Two framings the eye cannot tell apart (every edge within 2 px). */
export function sameRect(a: Rect, b: Rect): boolean {
  return Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) < 2 && Math.abs(a.w - b.w) < 2 && Math.abs(a.h - b.h) < 2;
}

/**
 * Whether the framing in view can stay for a new focus in the same pane: it holds the box (with its
 * margin) and shows its lines about as large as a new framing would (up to the readable size). So
 * the camera does not wander from command to command while what is typed stays in view.
 */
function keeps(stage: { width: number; height: number }, cur: Rect, f: FocusBox, target: Rect): boolean {
  const m = 0.5 * f.lineH;
  const need = { x: Math.max(0, f.box.x - m), y: Math.max(0, f.box.y - m), w: 0, h: 0 };
  need.w = Math.min(stage.width, f.box.x + f.box.w + m) - need.x;
  need.h = Math.min(stage.height, f.box.y + f.box.h + m) - need.y;
  if (!contains(cur, need)) return false;
  const shown = f.lineH * (stage.width / cur.w);
  return shown >= 0.97 * Math.min(CAMERA.readableLine, f.lineH * (stage.width / target.w));
}

/** A framing and the pane it frames (null: the whole stage). */
export interface Framing { rect: Rect; pane: 'terminal' | 'editor' | null; text: string }

/**
 * The framing after each step of a scene: `[0]` before the first step (the whole stage: a scene
 * opens wide), `[i + 1]` after step i. With the camera `off`, the whole stage throughout.
 */
export function frameSteps(geom: SceneGeometry, mode: CameraMode): Framing[] {
  const wide: Framing = { rect: wideRect(geom.stage), pane: null, text: 'wide' };
  const out: Framing[] = [wide];
  let cur = wide;
  for (const focus of geom.steps) {
    const f = mode === 'auto' ? focusBox(geom, focus) : null;
    if (!f) { out.push(cur); continue; }
    const target = frameFocus(geom.stage, f);
    if (cur.pane !== f.pane || !keeps(geom.stage, cur.rect, f, target)) cur = { rect: target, pane: f.pane, text: focusText(focus) };
    out.push(cur);
  }
  return out;
}

function focusText(focus: StepFocus): string {
  if (focus.kind === 'terminal') return focus.commandId ? `terminal: ${focus.commandId}` : 'terminal';
  if (focus.kind === 'editor') return `editor: ${focus.file}:${focus.lines[0]}-${focus.lines[1]}`;
  return 'wide';
}

/** An author's `{focus ...}` at a time (ms): a pane, lines of the open file, or the whole stage. */
export interface FocusDirective { at: number; target: FocusTarget; lines?: [number, number]; raw: string }

/** The framing an author's focus asks for, in the scene's state after `done` steps. */
export function directiveFraming(geom: SceneGeometry, d: FocusDirective, done: number): Framing {
  const wide: Framing = { rect: wideRect(geom.stage), pane: null, text: `wide (${d.raw})` };
  if (d.target === 'wide') return wide;
  const before = geom.steps.slice(0, done).reverse();
  if (d.target === 'terminal') {
    if (!geom.terminal) return wide;
    const last = before.find((s) => s.kind === 'terminal') ?? { kind: 'terminal' as const, rows: [0, 0] as [number, number], cols: geom.terminal.grid.cols, context: { rows: [0, 0] as [number, number], cols: geom.terminal.grid.cols } };
    return { rect: frameFocus(geom.stage, focusBox(geom, last)!), pane: 'terminal', text: `terminal (${d.raw})` };
  }
  if (!geom.editor) return wide;
  const last = before.find((s): s is Extract<StepFocus, { kind: 'editor' }> => s.kind === 'editor');
  if (!last) {
    const v = geom.editor.grid.view;
    return { rect: frameFocus(geom.stage, { pane: 'editor', box: v, context: v, paneRect: geom.editor.pane, lineH: geom.editor.grid.lineH }), pane: 'editor', text: `editor (${d.raw})` };
  }
  const lengths = geom.files[last.file] ?? [];
  const lines: [number, number] = d.lines
    ? [clamp(Math.min(...d.lines), 1, Math.max(1, lengths.length)), clamp(Math.max(...d.lines), 1, Math.max(1, lengths.length))]
    : last.lines;
  const cols = Math.max(1, ...lengths.slice(lines[0] - 1, lines[1]));
  const focus: StepFocus = { ...last, lines, cols, context: { rows: lines, cols } };
  return { rect: frameFocus(geom.stage, focusBox(geom, focus)!), pane: 'editor', text: `editor ${lines[0]}-${lines[1]} (${d.raw})` };
}

/** A moment the camera may move: at `at` (ms) to `framing`; `must`: a command's, never skipped. */
export interface CameraEvent { at: number; framing: Framing; must: boolean }

/**
 * The camera cues of one scene (times in whole ms, as every cue): the scene opens on the whole
 * stage; then each event whose framing differs from the one in view moves there over
 * `moveSeconds` — no earlier than `openWideSeconds` into the scene, never while another move runs,
 * never across the scene's end; a framing that would hold less than `minHoldSeconds` before the
 * next one is skipped unless it frames a command.
 */
export function cameraCues(scene: { id: string; start: number; end: number }, stage: { width: number; height: number }, events: CameraEvent[]): Cue[] {
  const move = Math.round(CAMERA.moveSeconds * 1000), hold = Math.round(CAMERA.minHoldSeconds * 1000);
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
  const out: Cue[] = [];
  let cur = wideRect(stage);
  let free = scene.start + Math.round(CAMERA.openWideSeconds * 1000);
  sorted.forEach((e, k) => {
    if (sameRect(e.framing.rect, cur)) return;
    const start = Math.max(e.at, free);
    const next = sorted.slice(k + 1).find((n) => !sameRect(n.framing.rect, e.framing.rect));
    if (!e.must && next && next.at < start + move + hold) return;
    const end = start + move;
    if (end > scene.end) return;
    const r = e.framing.rect;
    out.push({ id: `camera:${scene.id}#${out.length + 1}`, type: 'camera', start: start / 1000, end: end / 1000, sceneId: scene.id,
      ref: `${scene.id}#${out.length + 1}`, text: e.framing.text, rect: [r.x, r.y, r.w, r.h] });
    cur = r;
    free = end;
  });
  return out;
}

/** Ease in and out (cubic): a move starts and ends at rest. */
export function easeInOut(p: number): number {
  const q = clamp(p, 0, 1);
  return q < 0.5 ? 4 * q * q * q : 1 - Math.pow(-2 * q + 2, 3) / 2;
}

/** The part of the stage in view at `t` (seconds) from a scene's camera cues (sorted): stage-client.js computes the same. */
export function cameraAt(cues: Cue[], t: number, stage: { width: number; height: number }): Rect {
  let rect = wideRect(stage);
  for (const c of cues) {
    if (c.type !== 'camera' || !c.rect || c.start > t) continue;
    const to = { x: c.rect[0], y: c.rect[1], w: c.rect[2], h: c.rect[3] };
    if (t < c.end) {
      const p = easeInOut((t - c.start) / (c.end - c.start));
      return { x: rect.x + (to.x - rect.x) * p, y: rect.y + (to.y - rect.y) * p, w: rect.w + (to.w - rect.w) * p, h: rect.h + (to.h - rect.h) * p };
    }
    rect = to;
  }
  return rect;
}

/** How a command reads at the end of its cue: its line's height on screen in a rendering whose short side is 360 px, and whether it is whole in view. */
export interface CommandReadability { commandId: string; sceneId: string; at: number; linePx: number; inFrame: boolean }

/** The readability of every command of a scene at its cue's end (the measure of docs/video.md, "Readable on a phone"). */
export function commandReadability(geom: SceneGeometry, cues: Cue[]): CommandReadability[] {
  const camera = cues.filter((c) => c.type === 'camera' && c.sceneId === geom.sceneId).sort((a, b) => a.start - b.start);
  const out: CommandReadability[] = [];
  const shortSide = Math.min(geom.stage.width, geom.stage.height);
  for (const focus of geom.steps) {
    if (focus.kind !== 'terminal' || !focus.commandId || !geom.terminal) continue;
    const cue = cues.find((c) => c.type === 'command' && c.ref === focus.commandId);
    if (!cue) continue;
    const g = geom.terminal.grid;
    const rows = focus.commandRows ?? focus.rows;
    const rect = cameraAt(camera, cue.end, geom.stage);
    const zoom = geom.stage.width / rect.w;
    const cols = Math.min(g.cols, Math.max(1, focus.commandCols ?? focus.cols));
    const box = { x: g.x, y: g.y + rows[0] * g.lineH, w: cols * g.charW, h: (rows[1] - rows[0] + 1) * g.lineH };
    out.push({
      commandId: focus.commandId, sceneId: geom.sceneId, at: cue.end,
      linePx: (g.lineH * zoom * 360) / shortSide,
      inFrame: rows[0] >= 0 && contains(rect, box),
    });
  }
  return out;
}
