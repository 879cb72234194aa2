/**
 * Captions (WebVTT, SRT) from the timeline's narration cues: the written text (markdown syntax
 * removed, the author's words kept; never the lexicon's spoken form), at most two lines of at most
 * 42 characters, words never split, broken at phrase boundaries (punctuation, pauses) and timed by
 * the words' own times, each caption on screen at least one second.
 */
import { plainText } from '../parse/plain-text.ts';
import type { Cue, CueWord, Timeline } from '../schedule/types.ts';
import { isWordToken, splitToken } from './pronounce.ts';

/** One caption: `text` holds one or two lines separated by "\n". */
export interface CaptionCue {
  start: number;
  end: number;
  text: string;
}

/** Characters per line (the broadcast norm, e.g. BBC and Netflix guidelines). */
export const CAPTION_LINE_CHARS = 42;
export const CAPTION_MAX_LINES = 2;
/** Shortest time a caption stays on screen, seconds. */
export const CAPTION_MIN_SECONDS = 1;
/** Captions closer than this are "back to back" and may be merged when one is too short. */
const TOUCHING = 0.15;

/** The caption text of a cue: markdown syntax stripped, spaces collapsed, the author's wording kept. */
export function captionText(written: string): string {
  return plainText(written).replace(/\s+/g, ' ').trim();
}

const len = (words: string[]) => words.reduce((n, w) => n + w.length, 0) + Math.max(0, words.length - 1);

/** Lines for `words` (balanced: the break that makes the longer line shortest), or null if two lines cannot hold them. */
export function layoutLines(words: string[], width = CAPTION_LINE_CHARS): string[] | null {
  if (words.length === 0) return [];
  if (len(words) <= width) return [words.join(' ')];
  // A word longer than a line (a long URL) gets a caption of its own rather than being cut.
  if (words.length === 1) return [words[0]];
  let best: string[] | null = null;
  let bestMax = Infinity;
  for (let i = 1; i < words.length; i++) {
    const a = len(words.slice(0, i));
    const b = len(words.slice(i));
    if (a > width || b > width) continue;
    if (Math.max(a, b) < bestMax) { bestMax = Math.max(a, b); best = [words.slice(0, i).join(' '), words.slice(i).join(' ')]; }
  }
  return best;
}

/** Splits words into the fewest groups that each fit a caption, as even in length as possible. */
export function groupWords(words: string[], width = CAPTION_LINE_CHARS): string[][] {
  const n = words.length;
  if (n === 0) return [];
  // maxEnd[i]: the furthest j such that words i..j-1 fit one caption (fitting is monotone in j).
  const maxEnd = words.map((_, i) => {
    let j = i + 1;
    while (j < n && layoutLines(words.slice(i, j + 1), width) !== null) j++;
    return j;
  });
  const fits = (i: number, j: number) => j <= maxEnd[i];
  // Fewest groups: greedy is optimal because fitting is monotone.
  let k = 0;
  for (let i = 0; i < n; k++) i = maxEnd[i];
  // Among k-group splits, minimise the longest group (dynamic programme over split points).
  const cost: number[][] = Array.from({ length: k + 1 }, () => new Array(n + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: k + 1 }, () => new Array(n + 1).fill(-1));
  cost[0][0] = 0;
  for (let g = 1; g <= k; g++)
    for (let j = 1; j <= n; j++)
      for (let i = g - 1; i < j; i++) {
        if (cost[g - 1][i] === Infinity || !fits(i, j)) continue;
        const c = Math.max(cost[g - 1][i], len(words.slice(i, j)));
        if (c < cost[g][j]) { cost[g][j] = c; from[g][j] = i; }
      }
  const groups: string[][] = [];
  for (let g = k, j = n; g > 0; g--) {
    const i = from[g][j];
    groups.unshift(words.slice(i, j));
    j = i;
  }
  return groups;
}

/** One text shown from `start` to `end`, split into captions that share the time by their length. */
export function splitCaption(text: string, start: number, end: number, width = CAPTION_LINE_CHARS): CaptionCue[] {
  const words = text.split(/\s+/).filter(Boolean);
  const groups = groupWords(words, width);
  const total = groups.reduce((n, g) => n + len(g), 0) || 1;
  const out: CaptionCue[] = [];
  let t = start;
  let chars = 0;
  for (const [i, g] of groups.entries()) {
    chars += len(g);
    const until = i === groups.length - 1 ? end : start + (end - start) * (chars / total);
    out.push({ start: t, end: until, text: (layoutLines(g, width) ?? [g.join(' ')]).join('\n') });
    t = until;
  }
  return out;
}

/**
 * Makes every caption last at least CAPTION_MIN_SECONDS: a short one is merged with its
 * back-to-back neighbour when the two still fit one caption; otherwise it is held longer and
 * the next one starts a little later (never overlapping).
 */
export function enforceMinimum(cues: CaptionCue[], width = CAPTION_LINE_CHARS, min = CAPTION_MIN_SECONDS): CaptionCue[] {
  const merged: CaptionCue[] = [];
  const join = (a: CaptionCue, b: CaptionCue): CaptionCue | null => {
    if (b.start - a.end > TOUCHING) return null;
    const lines = layoutLines(`${a.text} ${b.text}`.split(/\s+/).filter(Boolean), width);
    return lines ? { start: a.start, end: b.end, text: lines.join('\n') } : null;
  };
  for (const cue of cues) {
    const prev = merged[merged.length - 1];
    if (prev && (prev.end - prev.start < min || cue.end - cue.start < min)) {
      const both = join(prev, cue);
      if (both) { merged[merged.length - 1] = both; continue; }
    }
    merged.push({ ...cue });
  }
  let floor = -Infinity;
  for (const cue of merged) {
    cue.start = Math.max(cue.start, floor);
    cue.end = Math.max(cue.end, cue.start + min);
    floor = cue.end;
  }
  return merged;
}

/** A pause between two words at least this long (seconds) is a phrase boundary. */
const PHRASE_PAUSE = 0.2;
/** Cost of a caption, and of a break inside a phrase: breaking at punctuation or a pause is worth one more caption. */
const CAPTION_COST = 3;
const MID_PHRASE_COST = 4;
/** Captions shorter than this (characters) read as fragments. */
const SHORT = 12;

/**
 * Splits a sentence into captions at phrase boundaries, each shown from its first word's start to
 * its last word's end. `words` are the cue's words, one per token of `text` that has a letter or
 * digit (docs/timeline.md). Among the splits whose captions fit, the cheapest: few captions, few
 * breaks inside a phrase, no fragments, even lengths.
 */
export function splitByWords(text: string, words: CueWord[], width = CAPTION_LINE_CHARS): CaptionCue[] | null {
  const tokens = text.split(/\s+/).filter(Boolean);
  // The time of each token: its word's; punctuation alone takes the time between its neighbours.
  const own = tokens.map((t) => isWordToken(splitToken(t).core));
  if (own.filter(Boolean).length !== words.length || words.length === 0) return null;
  const times: { start: number; end: number }[] = [];
  let k = 0;
  for (const i of tokens.keys()) {
    if (own[i]) { times.push(words[k++]); continue; }
    const at = k > 0 ? words[k - 1].end : words[0].start;
    times.push({ start: at, end: at });
  }
  const n = tokens.length;
  const boundary = (i: number) => i === n - 1 || /[,.;:!?)"”…]$/.test(tokens[i]) || times[i + 1].start - times[i].end >= PHRASE_PAUSE;
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let j = 1; j <= n; j++)
    for (let i = j - 1; i >= 0; i--) {
      const group = tokens.slice(i, j);
      if (layoutLines(group, width) === null) break;
      // Under-full captions cost a little (squared): of two splits alike, the more even one.
      const fill = len(group) / (CAPTION_MAX_LINES * width);
      const c = best[i] + CAPTION_COST + (boundary(j - 1) ? 0 : MID_PHRASE_COST) + (len(group) < SHORT && n > group.length ? 2 : 0) + 2 * (1 - fill) ** 2;
      if (c < best[j]) { best[j] = c; from[j] = i; }
    }
  if (!Number.isFinite(best[n])) return null;
  const out: CaptionCue[] = [];
  for (let j = n; j > 0; j = from[j]) {
    const i = from[j];
    const group = tokens.slice(i, j);
    out.unshift({ start: times[i].start, end: times[j - 1].end, text: (layoutLines(group, width) ?? [group.join(' ')]).join('\n') });
  }
  return out;
}

/** The captions of one narration cue: by its words' times when it has them, else sharing its time by length. */
function cueCaptions(c: Cue, width: number): CaptionCue[] {
  const text = captionText(c.text!);
  if (!text) return [];
  return (c.words?.length ? splitByWords(text, c.words, width) : null) ?? splitCaption(text, c.start, c.end, width);
}

/** The captions of a timeline: narration cues in time order, split and timed. */
export function captionCues(timeline: Timeline, width = CAPTION_LINE_CHARS): CaptionCue[] {
  const narration = timeline.cues
    .filter((c) => c.type === 'narration' && c.text && c.end > c.start)
    .sort((a, b) => a.start - b.start);
  return enforceMinimum(narration.flatMap((c) => cueCaptions(c, width)), width);
}

/** Milliseconds, rounded once so start and end stay ordered. */
function ms(seconds: number): number {
  return Math.max(0, Math.round(seconds * 1000));
}

function stamp(milliseconds: number, sep: '.' | ','): string {
  const h = Math.floor(milliseconds / 3_600_000);
  const m = Math.floor(milliseconds / 60_000) % 60;
  const s = Math.floor(milliseconds / 1000) % 60;
  const f = milliseconds % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(f).padStart(3, '0')}`;
}

function escapeVtt(text: string): string {
  // "-->" cannot appear in a cue payload; & < > are markup in WebVTT.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT text of caption cues. */
export function formatVtt(cues: CaptionCue[]): string {
  const blocks = cues.map((c, i) => `${i + 1}\n${stamp(ms(c.start), '.')} --> ${stamp(Math.max(ms(c.end), ms(c.start) + 1), '.')}\n${escapeVtt(c.text)}`);
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

/** SubRip text of caption cues. */
export function formatSrt(cues: CaptionCue[]): string {
  return cues.map((c, i) => `${i + 1}\n${stamp(ms(c.start), ',')} --> ${stamp(Math.max(ms(c.end), ms(c.start) + 1), ',')}\n${c.text}\n`).join('\n');
}

/** The lesson's captions as WebVTT. */
export function toVtt(timeline: Timeline): string {
  return formatVtt(captionCues(timeline));
}

/** The lesson's captions as SRT. */
export function toSrt(timeline: Timeline): string {
  return formatSrt(captionCues(timeline));
}
