/**
 * Highlights at the spoken word (docs/stage.md, "Highlights"), pure: the timeline's `highlight`
 * cues from an author's `{highlight ...}` directives (from the word it is written after) and, with
 * no directive, from narration that names a word of the output on screen (`ClusterIP` said while
 * `TYPE ClusterIP` is shown). Each lasts `HIGHLIGHT_SECONDS`, and ends earlier when the terminal
 * moves on (the next command or clear) or the scene ends.
 */
import type { LessonCast } from '../casts/types.ts';
import { countWords } from '../parse/narration-directives.ts';
import type { Cue } from '../schedule/types.ts';
import type { Lesson, Narration } from '../types.ts';

/** How long a highlight stays, seconds: the word and the rest of the thought about it. */
export const HIGHLIGHT_SECONDS = 3;

const ms = (s: number) => Math.round(s * 1000);

/** The narration cues of a paragraph in order, and which cue and word a directive at (sentence, word) falls on. */
function wordPlace(n: Narration, chunks: Cue[], sentence: number, word: number): { cue: Cue; word: number } | null {
  if (!chunks.length) return null;
  // A chunk per sentence, or one voice-over clip holding the paragraph (its words counted from the first sentence's).
  if (chunks.length === n.sentences.length) return { cue: chunks[Math.min(sentence, chunks.length - 1)], word };
  let before = 0;
  for (let i = 0; i < sentence && i < n.sentences.length; i++) before += countWords(n.sentences[i].text);
  return { cue: chunks[0], word: before + word };
}

/** When the sentence holding word `word` of `cue` ends (ms): the cue's end, or (a voice-over clip of several sentences) its last word's. */
function sentenceEnd(n: Narration, place: { cue: Cue; word: number }, sentence: number, perSentence: boolean): number {
  if (perSentence) return ms(place.cue.end);
  let last = -1;
  for (let i = 0; i <= sentence && i < n.sentences.length; i++) last += countWords(n.sentences[i].text);
  const words = place.cue.words ?? [];
  return last >= 0 && last < words.length ? ms(words[last].end) : ms(place.cue.end);
}

/** When the word `word` of `cue` starts (ms); past its last word, when that ends. */
function wordStart(cue: Cue, word: number): number {
  const words = cue.words ?? [];
  if (word < words.length) return ms(words[word].start);
  return words.length ? ms(words[words.length - 1].end) : ms(cue.start);
}

/** An author's directive of a paragraph, timed: `{focus}` at the word after it, `{highlight}` at the word it is written after; `until`: its sentence's end. */
export interface TimedDirective { narration: Narration; index: number; sceneId: string; at: number; until: number }

/** Every camera or highlight directive of the lesson with its time (ms) from the timeline's word times. */
export function timedDirectives(lesson: Lesson, timeline: { cues: Cue[] }): TimedDirective[] {
  const out: TimedDirective[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'narration' || !item.directives?.length) continue;
      const chunks = timeline.cues.filter((c) => c.type === 'narration' && c.narrationId === item.id).sort((a, b) => a.start - b.start);
      item.directives.forEach((d, index) => {
        const place = wordPlace(item, chunks, d.sentence, d.type === 'highlight' ? Math.max(0, d.word - 1) : d.word);
        if (place) out.push({ narration: item, index, sceneId: place.cue.sceneId, at: wordStart(place.cue, place.word), until: sentenceEnd(item, place, d.sentence, chunks.length === item.sentences.length) });
      });
    }
  return out;
}

/** Drops ANSI escape sequences (colours, cursor moves, titles) from terminal output. */
export function plainOutput(data: string): string {
  return data.replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '').replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[@-Z\\-_]/g, '').replace(/\r/g, '');
}

/** Words too common to mark even when capitalized in output. */
const COMMON = new Set(['there', 'their', 'these', 'those', 'which', 'where', 'would', 'could', 'should', 'about', 'after', 'before', 'other', 'every', 'first', 'still', 'while', 'thing', 'things', 'please', 'using', 'total']);

/**
 * A word of output worth marking when said: an identifier (`ClusterIP`, `coredns-5d78c9869d`), a
 * number with dots or a unit (`10.96.0.10`, `53/UDP`), or a capitalized word (`Running`) — never an
 * ALL-CAPS column header, a short word or a common one.
 */
export function distinctive(token: string): boolean {
  if (token.length < 3 || COMMON.has(token.toLowerCase())) return false;
  if (/^[A-Z]+$/.test(token)) return false;
  if (/[a-z][A-Z]/.test(token) || /\d/.test(token) || /[.\-/:_]/.test(token.slice(1, -1))) return /[\p{L}\d]/u.test(token);
  return /^[A-Z][a-z]{4,}$/.test(token);
}

/** A token of output or narration without the punctuation around it. */
const trim = (s: string) => s.replace(/^[("'`[{<]+|[)"'`\]}>,;:.!?]+$/g, '');

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The pattern that marks a token as a whole word (the client reads `/.../` as a regular expression). */
function tokenPattern(token: string): string {
  return /^\w/.test(token) && /\w$/.test(token) ? `/\\b${escapeRe(token)}\\b/` : token;
}

/** Every highlight cue of the lesson (times in seconds, whole ms): directives and words of output the narration names. */
export function highlightCues(lesson: Lesson, timeline: { cues: Cue[]; scenes: { id: string; start: number; end: number }[] }, casts: LessonCast[]): Cue[] {
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const sceneEnd = new Map(timeline.scenes.map((s) => [s.id, ms(s.end)]));
  // The terminal moves on at the next command or clear: a highlight of what it showed ends there.
  const moves = timeline.cues.filter((c) => c.type === 'command' || (c.type === 'direction' && c.action === 'clear'));
  const until = (sceneId: string, at: number) => {
    const next = moves.find((c) => c.sceneId === sceneId && ms(c.start) > at);
    return Math.min(at + HIGHLIGHT_SECONDS * 1000, next ? ms(next.start) : Infinity, sceneEnd.get(sceneId) ?? Infinity);
  };
  const out: Cue[] = [];
  const push = (sceneId: string, ref: string, at: number, text: string, auto: boolean) => {
    const end = until(sceneId, at);
    if (end > at) out.push({ id: `highlight:${ref}`, type: 'highlight', start: at / 1000, end: end / 1000, sceneId, ref, text, ...(auto ? { auto: true } : {}) });
  };
  for (const d of timedDirectives(lesson, timeline)) {
    const dir = d.narration.directives![d.index];
    if (dir.type === 'highlight') push(d.sceneId, `${d.narration.id}#${d.index + 1}`, d.at, dir.pattern, false);
  }
  const authored = new Set(out.map((c) => `${c.sceneId}|${c.start}`));
  // Narration that names a word of the output on screen: from the command's Enter until the terminal moves on.
  const commands = timeline.cues.filter((c) => c.type === 'command');
  for (const c of commands) {
    const lc = castOf.get(c.ref);
    if (!lc) continue;
    const typed = lc.typedAt ?? 0;
    const text = plainOutput(lc.cast.events.filter((e) => e.code === 'o' && e.time > typed).map((e) => e.data).join(''));
    const tokens = new Map<string, string>();
    for (const raw of text.split(/\s+/)) {
      const t = trim(raw);
      if (distinctive(t) && !tokens.has(t.toLowerCase())) tokens.set(t.toLowerCase(), t);
    }
    if (!tokens.size) continue;
    const from = ms(c.typedAt ?? c.start);
    const next = moves.find((m) => m.sceneId === c.sceneId && ms(m.start) > ms(c.start));
    const limit = Math.min(next ? ms(next.start) : Infinity, sceneEnd.get(c.sceneId) ?? Infinity);
    const said = new Set<string>();
    let k = 0;
    for (const n of timeline.cues) {
      if (n.type !== 'narration' || n.sceneId !== c.sceneId || !n.words) continue;
      for (const w of n.words) {
        const at = ms(w.start);
        if (at < from || at >= limit) continue;
        const key = trim(w.text).toLowerCase();
        const token = tokens.get(key);
        if (!token || said.has(key) || authored.has(`${c.sceneId}|${at / 1000}`)) continue;
        said.add(key);
        push(c.sceneId, `auto:${c.ref}#${++k}`, at, tokenPattern(token), true);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
