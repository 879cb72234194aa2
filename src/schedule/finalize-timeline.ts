/** Narrows a draft (durations maybe unknown) to a strict Timeline, or says precisely why it cannot. */
import { LessoncastError } from '../errors.ts';
import type { SourcePos } from '../types.ts';
import type { DraftBeat, DraftTimeline } from './draft-timeline.ts';
import type { Pauses } from './pauses.ts';
import type { Cue, CueWord, Timeline, TimelineScene } from './types.ts';
import type { WordTime } from '../narrate/types.ts';
import { estimateWordTimes } from '../narrate/align/written-words.ts';
import { plainText } from '../parse/plain-text.ts';

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

/** Milliseconds: every duration is rounded to a whole ms and times are sums of whole ms, so an edit
 * shifts later cues by whole ms and their video segments (cached by relative times) stay exact. */
const ms = (seconds: number) => Math.round(seconds * 1000);
const sec = (m: number) => m / 1000;

/** A clip's word times (seconds from the clip) as whole ms of the cue starting at `start` ms and lasting `d` ms: inside it, in order. */
function cueWords(words: WordTime[], start: number, d: number): CueWord[] {
  let floor = 0;
  return words.map((w) => {
    const s = Math.min(Math.max(ms(w.start), floor), d);
    const e = Math.min(Math.max(ms(w.end), s), d);
    floor = e;
    return { text: w.text, start: start + s, end: start + e };
  });
}

/**
 * Lays the draft out in time. Narration in order; a terminal step after the narration before it
 * (with `pace: overlap`, a block's first command starts typing with the last sentence of the
 * narration before it); popups over what follows, for `pauses.popup` or until their scene ends;
 * code blocks stay in the editor until the scene ends; a slide holds `slideEnd` after its narration.
 * Times are whole milliseconds.
 */
export function finalizeTimeline(draft: DraftTimeline, pauses: Pauses): Timeline {
  const problems = draftProblems(draft);
  if (problems.length)
    throw new LessoncastError('TIMELINE_INCOMPLETE', `Cannot schedule lesson "${draft.slug}":\n  ${problems.join('\n  ')}`,
      'Run the narration and casts again (lessoncast build --video rebuilds them); if it persists, report it as a bug.');

  const cues: (Cue & { order: number })[] = [];
  const scenes: TimelineScene[] = [];
  let order = 0;
  // Cues are built in ms and converted once, here.
  const push = (c: Cue) => cues.push({ ...c, start: sec(c.start), end: sec(c.end), ...(c.typedAt !== undefined ? { typedAt: sec(c.typedAt) } : {}),
    ...(c.words ? { words: c.words.map((w) => ({ text: w.text, start: sec(w.start), end: sec(w.end) })) } : {}), order: order++ });
  const P = Object.fromEntries(Object.entries(pauses).map(([k, v]) => [k, ms(v)])) as Record<keyof Pauses, number>;
  let t = P.leadIn;

  draft.scenes.forEach((scene, sceneIndex) => {
    const sceneStart = sceneIndex === 0 ? 0 : t;
    const open: Cue[] = []; // code (until the scene ends) and popups (capped by the scene's end)
    let prev: DraftBeat['kind'] | null = null;
    let lastSpoken: { start: number; end: number } | null = null;
    let minEnd = 0; // overlap pace: what follows waits for the sentence being spoken
    let popupFloor = 0; // a popup near the end keeps its scene up this long
    for (const b of scene.beats) {
      if (b.kind === 'narration') {
        t += prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === 'narration' ? P.paragraph : 0;
        t = Math.max(t, minEnd);
        for (const c of b.chunks!) {
          const d = ms(c.duration!);
          const words = cueWords(c.words ?? estimateWordTimes(plainText(c.text), c.duration!), t, d);
          push({ id: `narration:${c.id}`, type: 'narration', start: t, end: t + d, sceneId: scene.id, ref: c.id, narrationId: b.narrationId, text: c.text, ...(c.audio ? { audio: c.audio } : {}), words });
          lastSpoken = { start: t, end: t + d };
          t += d;
        }
      } else if (b.kind === 'command' || b.kind === 'direction') {
        if (b.firstInBlock) t += prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === null ? 0 : P.beforeTerminal;
        else t += P.betweenSteps;
        let start = t;
        if (b.kind === 'command' && b.firstInBlock && draft.pace === 'overlap' && prev === 'narration' && lastSpoken) {
          // Typing starts while the last sentence is spoken; whatever follows waits for both.
          start = lastSpoken.start;
          minEnd = lastSpoken.end;
        }
        if (b.kind === 'command') {
          const d = ms(b.duration!);
          push({ id: `command:${b.ref}`, type: 'command', start, end: start + d, sceneId: scene.id, ref: b.ref, text: b.text, typedAt: start + Math.min(d, ms(b.typedAt!)) });
          // A marker is a point in the cast: start = end, at the cast's own time of it.
          (b.markers ?? []).forEach((m, k) => {
            const at = start + Math.min(d, ms(m.time));
            push({ id: `marker:${b.ref}#${k + 1}`, type: 'marker', start: at, end: at, sceneId: scene.id, ref: `${b.ref}#${k + 1}`, text: m.label });
          });
          t = Math.max(start + d, minEnd);
        } else {
          const hold = b.action === 'open-file' ? P.openFile : b.action === 'clear' ? P.clear : P.focusTerminal;
          push({ id: `direction:${b.ref}`, type: 'direction', start, end: start + hold, sceneId: scene.id, ref: b.ref, text: b.text, action: b.action, ...(b.path !== undefined ? { path: b.path } : {}) });
          t = Math.max(start + hold, minEnd);
        }
      } else if (b.kind === 'popup') {
        if (prev === 'command' || prev === 'direction') t += P.afterTerminal;
        else if (prev === 'narration') t += P.paragraph;
        open.push({ id: `popup:${b.ref}`, type: 'popup', start: t, end: t + P.popup, sceneId: scene.id, ref: b.ref, text: b.text });
        popupFloor = Math.max(popupFloor, t + P.popupMin);
      } else {
        if (prev === 'command' || prev === 'direction') t += P.afterTerminal;
        open.push({ id: `code:${b.ref}`, type: 'code', start: t, end: Infinity, sceneId: scene.id, ref: b.ref, text: b.text });
        t += P.code;
      }
      prev = b.kind;
    }
    t += scene.kind === 'slide' ? P.slideEnd : prev === 'command' || prev === 'direction' ? P.afterTerminal : prev === 'narration' ? P.paragraph : 0;
    t = Math.max(t, minEnd, popupFloor);
    if (sceneIndex === draft.scenes.length - 1) t += P.tail;
    const sceneEnd = t;
    for (const c of open) push({ ...c, end: Math.min(c.end, sceneEnd) });
    push({ id: `scene:${scene.id}`, type: 'scene', start: sceneStart, end: sceneEnd, sceneId: scene.id, ref: scene.id, text: scene.title });
    scenes.push({ id: scene.id, kind: scene.kind, title: scene.title, start: sec(sceneStart), end: sec(sceneEnd) });
  });

  // Scenes first at equal start (the stage shows the scene before what plays in it), then script order.
  const rank = (c: Cue) => (c.type === 'scene' ? 0 : 1);
  cues.sort((a, b) => a.start - b.start || rank(a) - rank(b) || a.order - b.order);
  const duration = sec(t);
  return { slug: draft.slug, title: draft.title, duration, scenes, cues: cues.map(({ order: _o, ...c }) => c) };
}
