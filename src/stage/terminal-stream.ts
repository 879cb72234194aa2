/**
 * The terminal pane of one desktop scene as a single output stream: each command's cast laid end
 * to end (deck) or placed at its cue's start (video), with the screen cleared at `clear` steps.
 * Pure data; the deck feeds it to asciinema-player, the video replays it in a headless terminal.
 * A cast's own resizes (`r` events) play in both; the next cast starts at the scene's size again.
 * One terminal per lesson: a scene starts with what the previous desktop scene's terminal showed
 * (its history since its last clear, and its prompt), so a `clear` is what starts afresh.
 */
import type { LessonCast } from '../casts/types.ts';
import { coalesceDrawn, type DrawnEvent } from '../casts/coalesce-drawn.ts';
import type { Cue } from '../schedule/types.ts';
import type { StageStep } from './stage-steps.ts';

/** Clears screen and scrollback, cursor home: what `clear`, cmd+k and ctrl+l do. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/** An event at `time` seconds of the stream: 'o' output, 'r' resize ("COLSxROWS"), 'm' a marker (deck: end of a step). */
export type StreamEvent = [time: number, code: 'o' | 'm' | 'r', data: string];

/** The deck stream of a scene: events plus, per terminal step, where it starts and ends. */
export interface DeckStream {
  events: StreamEvent[];
  /** Keyed by step id: play from `from` to `to` (a marker sits at `to`). */
  spans: Record<string, { from: number; to: number }>;
  duration: number;
}

/** Gap between two steps in the deck stream, so a marker never sits on the next step's start. */
const GAP = 0.01;
/** A marker step starts playing just after its marker, so the player does not stop on it again. */
const AFTER_MARKER = 0.001;

/** The events of a cast that draw ('o' output, 'r' resize; input, markers and exit do not), a tick's writes joined (coalesce-drawn.ts). */
function drawnEvents(lc: LessonCast | undefined): DrawnEvent[] {
  const out = coalesceDrawn((lc?.cast.events ?? []).filter((e) => e.code === 'o' || e.code === 'r')
    .map((e) => ({ time: Math.max(0, e.time), code: e.code as 'o' | 'r', data: e.data })));
  // The idle prompt the stage draws is erased first, whatever the cast starts with (a recording may draw its own prompt).
  const first = out.findIndex((e) => e.code === 'o');
  if (first >= 0 && !out[first].data.startsWith('\r') && !out[first].data.startsWith('\x1b')) out[first] = { ...out[first], data: ERASE_LINE + out[first].data };
  return out;
}

/** The cast's markers (`m` events), in order: each is a step of the deck and a cue of the timeline. */
export function castMarkers(lc: LessonCast | undefined): { time: number; label: string }[] {
  return (lc?.cast.events ?? []).filter((e) => e.code === 'm').map((e) => ({ time: Math.max(0, e.time), label: e.data }));
}

/** Carriage return + erase line. */
const ERASE_LINE = '\r\x1b[K';

/** Tracks the terminal size so a cast that resized is followed by one at the scene's size. */
function sizeKeeper(size: string, push: (t: number, data: string) => void): { cast(t: number): void; seen(data: string): void } {
  let current = size;
  return {
    cast(t) {
      if (current !== size) { push(t, size); current = size; }
    },
    seen(data) { current = data; },
  };
}

/**
 * The terminal a desktop scene hands to the next one (one terminal per lesson): what it drew since
 * its last clear, as output and resizes in order, and its size.
 */
export interface TerminalHistory { events: ['o' | 'r', string][]; cols: number; rows: number }

/** At most this much of a scene's output (characters) goes on to the next scene: many screens, not a whole recording. */
export const HISTORY_CHARS = 256 * 1024;

/** The history a scene's stream leaves: output and resizes after its last clear, consecutive output joined, the oldest output cut at a line start past HISTORY_CHARS. */
export function streamHistory(events: StreamEvent[], size: { cols: number; rows: number }): TerminalHistory {
  const drawn = events.filter((e) => e[1] === 'o' || e[1] === 'r');
  let from = 0;
  drawn.forEach((e, i) => { if (e[1] === 'o' && e[2].includes(CLEAR_SCREEN)) from = i; });
  const out: TerminalHistory['events'] = [];
  for (const e of drawn.slice(from)) {
    const data = e[1] === 'o' && e[2].includes(CLEAR_SCREEN) ? e[2].slice(e[2].lastIndexOf(CLEAR_SCREEN) + CLEAR_SCREEN.length) : e[2];
    const last = out[out.length - 1];
    if (e[1] === 'o' && last?.[0] === 'o') last[1] += data;
    else if (e[1] === 'r' || data) out.push([e[1] as 'o' | 'r', data]);
  }
  let chars = out.reduce((n, e) => n + (e[0] === 'o' ? e[1].length : 0), 0);
  while (chars > HISTORY_CHARS && out.length) {
    const first = out[0];
    if (first[0] === 'r') { out.shift(); continue; }
    const over = chars - HISTORY_CHARS;
    if (over >= first[1].length) { out.shift(); chars -= first[1].length; continue; }
    const cut = first[1].indexOf('\n', over);
    first[1] = cut === -1 ? '' : first[1].slice(cut + 1);
    chars = out.reduce((n, e) => n + (e[0] === 'o' ? e[1].length : 0), 0);
    if (!first[1]) out.shift();
  }
  return { events: out, ...size };
}

/** Lays the scene's terminal steps end to end with a marker after each one (a cast's own markers end the steps before them); `history`: the previous desktop scene's terminal, drawn first. */
export function deckStream(steps: StageStep[], casts: Map<string, LessonCast>, prompt = '$ ', size?: { cols: number; rows: number }, history?: TerminalHistory | null): DeckStream {
  const events: StreamEvent[] = [];
  const spans: DeckStream['spans'] = {};
  const sceneSize = size ? `${size.cols}x${size.rows}` : '';
  const sizes = sizeKeeper(sceneSize, (t, data) => events.push([round(t), 'r', data]));
  let cur = 0;
  // The terminal of the scene before goes on (its screen and prompt); else an idle shell shows its prompt before the first command.
  if (history?.events.length) pushHistory(events, history, 0, sceneSize);
  else if (steps.some((s) => s.kind === 'command' || s.kind === 'clear')) events.push([0, 'o', prompt]);
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k];
    if (step.kind === 'command') {
      const lc = casts.get(step.commandId);
      const from = cur;
      if (sceneSize) sizes.cast(from);
      let end = from;
      for (const e of drawnEvents(lc)) {
        events.push([round(from + e.time), e.code, e.data]);
        if (e.code === 'r') sizes.seen(e.data);
        end = Math.max(end, from + e.time);
      }
      end = Math.max(end, from + Math.max(0, lc?.cast.duration ?? 0));
      // The cast's markers close this step and each marker step after it (stage-model adds them in order).
      let stepId = step.id;
      let stepFrom = from;
      for (const m of castMarkers(lc)) {
        const next = steps[k + 1];
        if (!next || next.kind !== 'marker' || next.commandId !== step.commandId) break;
        const at = round(from + m.time);
        events.push([at, 'm', stepId]);
        spans[stepId] = { from: round(stepFrom), to: at };
        k++;
        stepId = next.id;
        stepFrom = at + AFTER_MARKER;
      }
      const to = round(end + GAP);
      events.push([to, 'm', stepId]);
      spans[stepId] = { from: round(stepFrom), to };
      cur = to + GAP;
    } else if (step.kind === 'clear') {
      const from = cur;
      events.push([round(from + GAP / 2), 'o', CLEAR_SCREEN + prompt]);
      const to = round(from + GAP);
      events.push([to, 'm', step.id]);
      spans[step.id] = { from: round(from), to };
      cur = to + GAP;
    }
  }
  // Equal times keep their order (a marker before the output that follows it).
  const order = events.map((e, i) => ({ e, i })).sort((a, b) => a.e[0] - b.e[0] || a.i - b.i).map((x) => x.e);
  return { events: order, spans, duration: round(cur) };
}

/**
 * The video stream of a scene, in lesson seconds: a command's cast starts at its cue's start
 * (cast time = t − cue.start); whatever of it has not played when the next terminal cue starts is
 * flushed at that moment, so the next command never interleaves with the previous one.
 */
export function videoStream(sceneStart: number, sceneEnd: number, cues: Cue[], casts: Map<string, LessonCast>, prompt = '$ ', size?: { cols: number; rows: number }, history?: TerminalHistory | null): StreamEvent[] {
  const terminal = cues
    .filter((c) => c.type === 'command' || (c.type === 'direction' && c.action === 'clear'))
    .sort((a, b) => a.start - b.start);
  const sceneSize = size ? `${size.cols}x${size.rows}` : '';
  const events: StreamEvent[] = [];
  if (history?.events.length) pushHistory(events, history, round(sceneStart), sceneSize);
  else if (terminal.length) events.push([round(sceneStart), 'o', prompt]);
  const sizes = sizeKeeper(sceneSize, (t, data) => events.push([round(t), 'r', data]));
  terminal.forEach((cue, i) => {
    const limit = Math.min(i + 1 < terminal.length ? terminal[i + 1].start : Infinity, sceneEnd);
    if (cue.type === 'direction') { events.push([round(Math.max(cue.start, sceneStart)), 'o', CLEAR_SCREEN + prompt]); return; }
    const lc = casts.get(cue.ref);
    if (sceneSize) sizes.cast(Math.max(cue.start, sceneStart));
    for (const e of drawnEvents(lc)) {
      const at = Math.max(cue.start + e.time, sceneStart);
      events.push([round(at < limit ? at : limit), e.code, e.data]);
      if (e.code === 'r') sizes.seen(e.data);
    }
  });
  return events;
}

/** The history at `t`: its size first when it differs, its events, then the scene's own size again. */
function pushHistory(events: StreamEvent[], history: TerminalHistory, t: number, sceneSize: string): void {
  const own = `${history.cols}x${history.rows}`;
  if (sceneSize && own !== sceneSize) events.push([t, 'r', own]);
  let current = own;
  for (const [code, data] of history.events) {
    events.push([t, code, data]);
    if (code === 'r') current = data;
  }
  if (sceneSize && current !== sceneSize) events.push([t, 'r', sceneSize]);
}

/** Microsecond rounding keeps times stable through JSON. */
function round(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
