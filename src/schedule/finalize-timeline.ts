/** Narrows a draft (durations maybe unknown) to a strict Timeline, or says precisely why it cannot. */
import { LessoncastError } from '../errors.ts';
import type { SourcePos } from '../types.ts';
import type { DraftBeat, DraftTimeline } from './draft-timeline.ts';
import type { Pauses } from './pauses.ts';
import type { Cue, Timeline } from './types.ts';
import { chunkWords, CueList, markerTime, ms, pausesMs, popupMs, pushCommand, pushDirection } from './timeline-cues.ts';
import { layoutNatural } from './layout-natural.ts';

/** Why a draft cannot become a timeline: one line per missing or bad duration, with its place. */
export function draftProblems(draft: DraftTimeline): string[] {
  const problems: string[] = [];
  const at = (pos: SourcePos) => `${pos.file}:${pos.line}:${pos.column}`;
  const bad = (d: number | undefined) => d === undefined || !Number.isFinite(d) || d < 0;
  for (const scene of draft.scenes)
    for (const b of scene.beats) {
      if (b.kind === 'narration') {
        if (!b.chunks) problems.push(`${at(b.pos)} narration "${b.narrationId}" has no audio`);
        else for (const c of b.chunks) if (bad(c.duration)) problems.push(`${at(b.pos)} speech chunk "${c.id}" has no valid duration (${String(c.duration)})`);
      } else if (b.kind === 'command') {
        if (bad(b.duration)) problems.push(`${at(b.pos)} command ${b.ref} (${b.text}) has no cast`);
      }
    }
  return problems;
}

/**
 * Lays the draft out in time, in whole milliseconds. `pace: natural` (the default): as a person
 * would (layout-natural.ts). `sequential`: narration in order, a terminal step after the narration
 * before it; `overlap`: the same, but a block's first command starts typing with the last sentence
 * of the narration before it. In every pace: popups over what follows, for their reading time (the
 * scene waits for them); code blocks stay in the editor until the scene ends; a slide holds `slideEnd`
 * after its narration; a `{pause}` holds everything; a marker starts its step at its word.
 */
export function finalizeTimeline(draft: DraftTimeline, pauses: Pauses): Timeline {
  const problems = draftProblems(draft);
  if (problems.length)
    throw new LessoncastError('TIMELINE_INCOMPLETE', `Cannot schedule lesson "${draft.slug}":\n  ${problems.join('\n  ')}`,
      'Run the narration and casts again (lessoncast build --video rebuilds them); if it persists, report it as a bug.');
  return draft.pace === 'natural' ? layoutNatural(draft, pauses) : layoutSequential(draft, pauses);
}

/** Today's order: each step waits for what is written before it (with `overlap`, a block's first command types during the last sentence). */
function layoutSequential(draft: DraftTimeline, pauses: Pauses): Timeline {
  const out = new CueList();
  const P = pausesMs(pauses);
  let t = P.leadIn;

  draft.scenes.forEach((scene, sceneIndex) => {
    const sceneStart = sceneIndex === 0 ? 0 : t;
    const open: Cue[] = []; // code (until the scene ends) and popups (capped by the scene's end)
    let prev: DraftBeat['kind'] | null = null;
    let lastSpoken: { start: number; end: number } | null = null;
    let minEnd = 0; // overlap pace: what follows waits for the sentence being spoken
    let popupFloor = 0; // the scene waits for its popups
    let claims: number[] = []; // marker times of the last paragraph, for the steps after it
    for (const b of scene.beats) {
      if (b.kind === 'narration') {
        t += prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === 'narration' ? P.paragraph : 0;
        t = Math.max(t, minEnd);
        const chunkStarts: { start: number; end: number; words: ReturnType<typeof chunkWords> }[] = [];
        for (const c of b.chunks!) {
          const d = ms(c.duration!);
          const words = chunkWords(c, t);
          out.push({ id: `narration:${c.id}`, type: 'narration', start: t, end: t + d, sceneId: scene.id, ref: c.id, narrationId: b.narrationId, text: c.text, ...(c.audio ? { audio: c.audio } : {}), ...(c.engine ? { engine: c.engine, voice: c.voice } : {}), words });
          chunkStarts.push({ start: t, end: t + d, words });
          lastSpoken = { start: t, end: t + d };
          t += d;
        }
        claims = b.markers.map((m) => { const c = chunkStarts[Math.min(m.chunk, chunkStarts.length - 1)]; return markerTime(c.words, c.end, m.word); });
      } else if (b.kind === 'command' || b.kind === 'direction') {
        if (b.firstInBlock) t += prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === null || prev === 'pause' ? 0 : P.beforeTerminal;
        else t += P.betweenSteps;
        let start = t;
        const claim = claims.shift();
        if (claim !== undefined) start = claim;
        else if (b.kind === 'command' && b.firstInBlock && draft.pace === 'overlap' && prev === 'narration' && lastSpoken) {
          // Typing starts while the last sentence is spoken; whatever follows waits for both.
          start = lastSpoken.start;
          minEnd = lastSpoken.end;
        }
        if (b.kind === 'command') {
          const d = ms(b.duration!);
          pushCommand(out, b, scene.id, start, d);
          t = Math.max(t, start + d, minEnd);
        } else {
          const hold = b.action === 'open-file' ? P.openFile : b.action === 'clear' ? P.clear : P.focusTerminal;
          pushDirection(out, b, scene.id, start, hold);
          t = Math.max(t, start + hold, minEnd);
        }
      } else if (b.kind === 'popup') {
        if (prev === 'command' || prev === 'direction') t += P.afterTerminal;
        else if (prev === 'narration') t += P.paragraph;
        const start = claims.shift() ?? t;
        const shown = popupMs(b.text, P);
        open.push({ id: `popup:${b.ref}`, type: 'popup', start, end: start + shown, sceneId: scene.id, ref: b.ref, text: b.text });
        popupFloor = Math.max(popupFloor, start + shown);
      } else if (b.kind === 'pause') {
        t = Math.max(t, minEnd);
        out.push({ id: `pause:${b.ref}`, type: 'pause', start: t, end: t + ms(b.seconds), sceneId: scene.id, ref: b.ref, text: b.text });
        t += ms(b.seconds);
      } else {
        if (prev === 'command' || prev === 'direction') t += P.afterTerminal;
        const start = claims.shift() ?? t;
        open.push({ id: `code:${b.ref}`, type: 'code', start, end: Infinity, sceneId: scene.id, ref: b.ref, text: b.text });
        t = Math.max(t, start + P.code);
      }
      // A pause takes the place of the pause the schedule would put there; markers before it still name the steps after it.
      prev = b.kind;
    }
    t += scene.kind === 'slide' ? P.slideEnd : prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === 'narration' ? P.paragraph : 0;
    t = Math.max(t, minEnd, popupFloor);
    if (sceneIndex === draft.scenes.length - 1 && !draft.partial) t += P.tail;
    const sceneEnd = t;
    for (const c of open) out.push({ ...c, end: Math.min(c.end, sceneEnd) });
    out.scene({ id: scene.id, kind: scene.kind, title: scene.title, start: sceneStart, end: sceneEnd });
  });
  return out.timeline(draft.slug, draft.title, t);
}
