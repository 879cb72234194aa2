/**
 * From spoken word times back to the written words (docs/narration.md, "Word times"): each written
 * token gets the span of the spoken words said for it ("CoreDNS" said "core D N S" gets the time
 * of those four), so captions and the site can follow the author's text. Pure.
 */
import { isWordToken, splitToken, type SpokenPart } from '../pronounce.ts';
import type { SpokenWordTime, WordTime } from '../types.ts';

/** What an engine's token name and our spoken token are compared on: letters and digits, lower case. */
function key(token: string): string {
  return token.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
}

/** Share of the clip before the first word and after the last, when times are estimated. */
const EDGE = 0.06;

/**
 * Times for tokens that the engine did not report, from their neighbours (or the clip's edges),
 * shared by length; `times[i]` is null for a token without a time.
 */
function fillGaps(tokens: string[], times: ({ start: number; end: number } | null)[], duration: number): { start: number; end: number }[] {
  const out = times.slice();
  for (let i = 0; i < tokens.length;) {
    if (out[i]) { i++; continue; }
    let j = i;
    while (j < tokens.length && !out[j]) j++;
    const from = i > 0 ? out[i - 1]!.end : duration * EDGE;
    const to = j < tokens.length ? out[j]!.start : duration * (1 - EDGE);
    const lens = tokens.slice(i, j).map((t) => Math.max(1, key(t).length));
    const total = lens.reduce((a, b) => a + b, 0);
    let t = from;
    const span = Math.max(0, to - from);
    for (let k = i; k < j; k++) {
      const d = (span * lens[k - i]) / total;
      out[k] = { start: t, end: t + d };
      t += d;
    }
    i = j;
  }
  return out as { start: number; end: number }[];
}

/**
 * Matches our spoken tokens with the engine's (longest common subsequence on `key`): engines may
 * drop or merge a token (punctuation, a symbol), and the rest must still line up.
 */
function matchTokens(ours: string[], theirs: string[]): (number | null)[] {
  const n = ours.length;
  const m = theirs.length;
  const a = ours.map(key);
  const b = theirs.map(key);
  const lcs = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * (m + 1) + j] = a[i] && a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
  const match: (number | null)[] = new Array(n).fill(null);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] && a[i] === b[j]) { match[i++] = j++; }
    else if (lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) i++;
    else j++;
  }
  return match;
}

/**
 * The written words of a chunk with their times: `parts` from pronounce(), `spoken` the engine's
 * (or the aligner's) times per spoken token, `duration` the clip's length. Without spoken times
 * the words share the clip by length (an estimate). Times are in order, never overlapping, inside
 * [0, duration].
 */
export function writtenWordTimes(parts: SpokenPart[], spoken: SpokenWordTime[] | undefined, duration: number): WordTime[] {
  const tokens: string[] = [];
  const owner: number[] = [];
  parts.forEach((p, i) => {
    if (p.written.length === 0) return;
    for (const t of p.spoken.split(/\s+/)) if (key(t)) { tokens.push(t); owner.push(i); }
  });
  const match = matchTokens(tokens, (spoken ?? []).map((w) => w.word));
  const times = fillGaps(tokens, match.map((j) => (j === null ? null : spoken![j])), duration);
  const out: WordTime[] = [];
  let floor = 0;
  const push = (text: string, start: number, end: number) => {
    const s = Math.min(Math.max(start, floor), duration);
    const e = Math.min(Math.max(end, s), duration);
    out.push({ text, start: s, end: e });
    floor = e;
  };
  parts.forEach((p, i) => {
    if (p.written.length === 0) return;
    const own = times.filter((_, k) => owner[k] === i);
    // A part with nothing to say (a token the rules dropped) gets an instant at the previous word's end.
    const start = own.length ? Math.min(...own.map((t) => t.start)) : floor;
    const end = own.length ? Math.max(...own.map((t) => t.end)) : floor;
    // Several written tokens said as one entry ("smart phone" → "smartphone") share its time by length.
    const lens = p.written.map((w) => Math.max(1, w.length));
    const total = lens.reduce((a, b) => a + b, 0);
    let t = start;
    p.written.forEach((w, k) => {
      const d = ((end - start) * lens[k]) / total;
      if (isWordToken(w)) push(w, t, t + d);
      t += d;
    });
  });
  return out;
}

/** Word times for a written sentence without any timing information: its tokens share `duration` by length. */
export function estimateWordTimes(text: string, duration: number): WordTime[] {
  const parts: SpokenPart[] = text.split(/\s+/).filter(Boolean).map((t) => {
    const { core } = splitToken(t);
    return { written: isWordToken(core) ? [core] : [], spoken: t };
  });
  return writtenWordTimes(parts, undefined, duration);
}
