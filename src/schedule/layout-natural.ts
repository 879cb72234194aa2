/**
 * `pace: natural`, the default (docs/timeline.md, "Pacing"): a lesson laid out the way a person
 * presents it. The voice and the screen are two tracks. Narration follows narration; stage
 * directions (`code`, switching panes, `clear`) and code blocks happen during the narration around
 * them; a command starts typing over the last words of the sentence that introduces it (from the
 * words' times), and the narration after it starts once its output has appeared. Between two
 * screen steps that no voice covers the schedule leaves at most STILL_MAX of stillness; only a
 * `{pause}` the author wrote, or a popup being read, holds longer. Pure; whole milliseconds.
 */
import type { DraftBeat, DraftTimeline } from './draft-timeline.ts';
import type { Pauses } from './pauses.ts';
import { chunkWords, CueList, markerTime, ms, pausesMs, popupMs, pushCommand, pushDirection } from './timeline-cues.ts';
import type { Cue, CueWord, Timeline } from './types.ts';

/**
 * The longest the schedule leaves the picture still between two screen steps when no one speaks
 * (ms). With a cast's own half second before its first key (src/casts/type-command.ts) it stays
 * under the 1.5 s that the pacing measure calls a gap (src/schedule/pacing.ts).
 */
export const STILL_MAX = 900;
/** A step after a sentence starts at the last of its words that begins at least this long (ms) before the sentence ends. */
export const OVERLAP = 1000;

type Spoken = { start: number; end: number; words: CueWord[] };
type Prev =
  | { kind: 'narration' }
  | { kind: 'command'; end: number }
  | { kind: 'screen'; start: number; spacing: number }
  | { kind: 'popup'; start: number }
  | { kind: 'pause' };

/** Where a step that follows a sentence starts: on the word that leaves about OVERLAP of the sentence to say. */
export function overlapPoint(s: Spoken): number {
  const target = s.end - OVERLAP;
  let pick: number | null = null;
  for (const w of s.words) if (w.start <= target) pick = w.start;
  return Math.max(s.start, pick ?? s.words[0]?.start ?? target);
}

/** Lays a draft out as a person would present it (docs/timeline.md). */
export function layoutNatural(draft: DraftTimeline, pauses: Pauses): Timeline {
  const out = new CueList();
  const P = pausesMs(pauses);
  let t = 0;

  draft.scenes.forEach((scene, sceneIndex) => {
    const sceneStart = t;
    const first = sceneStart + (sceneIndex === 0 ? P.leadIn : 0);
    const open: Cue[] = [];
    let voiceEnd = first;
    let spoken = false;
    let lastChunk: Spoken | null = null;
    let screenFree = first; // before this no screen step starts: the last command's end, the last direction's start
    let screenSoon = first; // an unmarked step also waits for the hold of the direction before it
    let commandEnd: number | null = null; // the latest command end since the last narration
    let runStart: number | null = null; // the first direction or code block since the last narration
    let pauseEnd = 0;
    let busy = first; // when everything so far has happened (a pause waits for it)
    let popupFloor = 0;
    let claims: number[] = []; // when the markers of the last paragraph are said: the steps after it start then
    let prev = null as Prev | null;

    /** When the next narration may start: after the voice, a command's output, the first direction since, a pause, a popup. */
    const narrationStart = (): number => {
      let start = prev?.kind === 'pause' ? voiceEnd : spoken ? voiceEnd + P.paragraph : voiceEnd;
      if (commandEnd !== null) start = Math.max(start, commandEnd + P.afterTerminal);
      if (runStart !== null) start = Math.max(start, runStart + P.beforeTerminal);
      if (prev?.kind === 'popup') start = Math.max(start, prev.start);
      return Math.max(start, pauseEnd);
    };

    /** Until when the voice will speak if only directions, code blocks and popups come before the next narration. */
    const voiceUntil = (from: number): number => {
      let k = from + 1;
      while (k < scene.beats.length && (scene.beats[k].kind === 'direction' || scene.beats[k].kind === 'code' || scene.beats[k].kind === 'popup')) k++;
      const next = scene.beats[k];
      if (!next || next.kind !== 'narration') return voiceEnd;
      const length = next.chunks!.reduce((sum, c) => sum + ms(c.duration!), 0);
      return Math.max(voiceEnd, narrationStart() + length);
    };

    /** When a screen step may start, from what came before it (a marker's word wins). */
    const screenReady = (b: DraftBeat): number => {
      const claim = claims.shift();
      let ready: number;
      // The author's word wins over the hold of a direction before it, never over a command under way.
      if (claim !== undefined) return Math.max(claim, screenFree, pauseEnd, first);
      if (!prev) ready = first;
      else if (prev.kind === 'narration') ready = lastChunk ? overlapPoint(lastChunk) : voiceEnd;
      else if (prev.kind === 'command') ready = prev.end + ((b.kind === 'command' || b.kind === 'direction') && !b.firstInBlock ? P.betweenSteps : P.afterTerminal);
      else if (prev.kind === 'screen') ready = prev.start + prev.spacing;
      else if (prev.kind === 'popup') ready = prev.start + P.beforeTerminal;
      else ready = pauseEnd;
      return Math.max(ready, screenFree, screenSoon, pauseEnd, first);
    };

    for (const [i, b] of scene.beats.entries()) {
      if (b.kind === 'narration') {
        let at = narrationStart();
        const chunks: Spoken[] = [];
        for (const c of b.chunks!) {
          const d = ms(c.duration!);
          const words = chunkWords(c, at);
          out.push({ id: `narration:${c.id}`, type: 'narration', start: at, end: at + d, sceneId: scene.id, ref: c.id, narrationId: b.narrationId, text: c.text, ...(c.audio ? { audio: c.audio } : {}), ...(c.engine ? { engine: c.engine, voice: c.voice } : {}), words });
          chunks.push({ start: at, end: at + d, words });
          at += d;
        }
        if (chunks.length) lastChunk = chunks[chunks.length - 1];
        voiceEnd = at;
        busy = Math.max(busy, at);
        spoken = true;
        commandEnd = null;
        runStart = null;
        claims = b.markers.map((m) => { const c = chunks[Math.min(m.chunk, chunks.length - 1)]; return markerTime(c.words, c.end, m.word); });
        prev = { kind: 'narration' };
      } else if (b.kind === 'command') {
        const start = screenReady(b);
        const d = ms(b.duration!);
        pushCommand(out, b, scene.id, start, d);
        screenFree = screenSoon = start + d;
        commandEnd = Math.max(commandEnd ?? 0, start + d);
        busy = Math.max(busy, start + d);
        prev = { kind: 'command', end: start + d };
      } else if (b.kind === 'direction' || b.kind === 'code') {
        const start = screenReady(b);
        const hold = b.kind === 'code' ? P.code : b.placeholder ? 0 : b.action === 'open-file' ? P.openFile : b.action === 'clear' ? P.clear : P.focusTerminal;
        const full = b.kind === 'code' ? hold : b.placeholder ? 0 : hold + P.betweenSteps;
        // The viewer gets the whole hold while someone speaks; in silence the next step comes sooner.
        const spacing = start + full <= voiceUntil(i) ? full : Math.min(full, STILL_MAX);
        if (b.kind === 'code') open.push({ id: `code:${b.ref}`, type: 'code', start, end: Infinity, sceneId: scene.id, ref: b.ref, text: b.text });
        else pushDirection(out, b, scene.id, start, hold);
        screenFree = start;
        screenSoon = start + spacing;
        // `code ...` shows nothing: nothing waits for it.
        if (!(b.kind === 'direction' && b.placeholder)) runStart ??= start;
        busy = Math.max(busy, start + Math.min(hold, STILL_MAX));
        prev = { kind: 'screen', start, spacing };
      } else if (b.kind === 'popup') {
        const claim = claims.shift();
        let start: number;
        if (claim !== undefined) start = claim;
        else if (!prev) start = first;
        else if (prev.kind === 'narration') start = voiceEnd + P.paragraph;
        else if (prev.kind === 'command') start = prev.end + P.afterTerminal;
        else if (prev.kind === 'screen') start = prev.start + prev.spacing;
        else if (prev.kind === 'popup') start = prev.start;
        else start = pauseEnd;
        start = Math.max(start, pauseEnd, first);
        const shown = popupMs(b.text, P);
        open.push({ id: `popup:${b.ref}`, type: 'popup', start, end: start + shown, sceneId: scene.id, ref: b.ref, text: b.text });
        // The scene waits for its popups: a callout cut short is a callout nobody read.
        popupFloor = Math.max(popupFloor, start + shown);
        busy = Math.max(busy, start);
        prev = { kind: 'popup', start };
      } else {
        // A pause waits until everything before it has happened, then holds everything.
        const start = Math.max(busy, pauseEnd);
        out.push({ id: `pause:${b.ref}`, type: 'pause', start, end: start + ms(b.seconds), sceneId: scene.id, ref: b.ref, text: b.text });
        pauseEnd = start + ms(b.seconds);
        busy = pauseEnd;
        prev = { kind: 'pause' };
      }
    }

    // The scene holds after its last words (a slide longer), after its last command's output, after a popup.
    let end = Math.max(busy, popupFloor, pauseEnd);
    if (spoken) end = Math.max(end, voiceEnd + (scene.kind === 'slide' ? P.slideEnd : P.paragraph));
    else if (scene.kind === 'slide') end = Math.max(end, first + P.slideEnd);
    if (commandEnd !== null) end = Math.max(end, commandEnd + P.afterTerminal);
    if (sceneIndex === draft.scenes.length - 1 && !draft.partial) end += P.tail;
    for (const c of open) out.push({ ...c, end: Math.min(c.end, end) });
    out.scene({ id: scene.id, kind: scene.kind, title: scene.title, start: sceneStart, end });
    t = end;
  });
  return out.timeline(draft.slug, draft.title, t);
}
