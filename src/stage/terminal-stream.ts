/**
 * The terminal pane of one desktop scene as a single output stream: each command's cast laid end
 * to end (deck) or placed at its cue's start (video), with the screen cleared at `clear` steps.
 * Pure data; the deck feeds it to asciinema-player, the video replays it in a headless terminal.
 */
import type { LessonCast } from '../casts/types.ts';
import type { Cue } from '../schedule/types.ts';
import type { StageStep } from './stage-steps.ts';

/** Clears screen and scrollback, cursor home: what `clear`, cmd+k and ctrl+l do. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/** An output event at `time` seconds of the stream; code 'm' is a marker (deck: end of a step). */
export type StreamEvent = [time: number, code: 'o' | 'm', data: string];

/** The deck stream of a scene: events plus, per terminal step, where it starts and ends. */
export interface DeckStream {
  events: StreamEvent[];
  /** Keyed by step id: play from `from` to `to` (a marker sits at `to`). */
  spans: Record<string, { from: number; to: number }>;
  duration: number;
}

/** Gap between two steps in the deck stream, so a marker never sits on the next step's start. */
const GAP = 0.01;

/** Output events of a cast ('o' only: input, resize, markers and exit do not draw). */
function outputEvents(lc: LessonCast | undefined): { time: number; data: string }[] {
  const out = (lc?.cast.events ?? []).filter((e) => e.code === 'o').map((e) => ({ time: Math.max(0, e.time), data: e.data }));
  // The idle prompt the stage draws is erased first, whatever the cast starts with (a recording may draw its own prompt).
  if (out.length && !out[0].data.startsWith('\r') && !out[0].data.startsWith('\x1b')) out[0] = { ...out[0], data: ERASE_LINE + out[0].data };
  return out;
}

/** Carriage return + erase line. */
const ERASE_LINE = '\r\x1b[K';

/** Lays the scene's terminal steps end to end with a marker after each one. */
export function deckStream(steps: StageStep[], casts: Map<string, LessonCast>, prompt = '$ '): DeckStream {
  const events: StreamEvent[] = [];
  const spans: DeckStream['spans'] = {};
  let cur = 0;
  // An idle shell shows its prompt before the first command.
  if (steps.some((s) => s.kind === 'command' || s.kind === 'clear')) events.push([0, 'o', prompt]);
  for (const step of steps) {
    if (step.kind === 'command') {
      const out = outputEvents(casts.get(step.commandId));
      const from = cur;
      let end = from;
      for (const e of out) { events.push([round(from + e.time), 'o', e.data]); end = Math.max(end, from + e.time); }
      const cast = casts.get(step.commandId)?.cast;
      end = Math.max(end, from + Math.max(0, cast?.duration ?? 0));
      const to = round(end + GAP);
      events.push([to, 'm', step.id]);
      spans[step.id] = { from: round(from), to };
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
  return { events, spans, duration: round(cur) };
}

/**
 * The video stream of a scene, in lesson seconds: a command's cast starts at its cue's start
 * (cast time = t − cue.start); whatever of it has not played when the next terminal cue starts is
 * flushed at that moment, so the next command never interleaves with the previous one.
 */
export function videoStream(sceneStart: number, sceneEnd: number, cues: Cue[], casts: Map<string, LessonCast>, prompt = '$ '): StreamEvent[] {
  const terminal = cues
    .filter((c) => c.type === 'command' || (c.type === 'direction' && c.action === 'clear'))
    .sort((a, b) => a.start - b.start);
  const events: StreamEvent[] = terminal.length ? [[round(sceneStart), 'o', prompt]] : [];
  terminal.forEach((cue, i) => {
    const limit = Math.min(i + 1 < terminal.length ? terminal[i + 1].start : Infinity, sceneEnd);
    if (cue.type === 'direction') { events.push([round(Math.max(cue.start, sceneStart)), 'o', CLEAR_SCREEN + prompt]); return; }
    for (const e of outputEvents(casts.get(cue.ref))) {
      const at = Math.max(cue.start + e.time, sceneStart);
      events.push([round(at < limit ? at : limit), 'o', e.data]);
    }
  });
  return events;
}

/** Microsecond rounding keeps times stable through JSON. */
function round(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
