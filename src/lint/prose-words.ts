/**
 * The checkable prose of a narration paragraph: its `raw` with notes, code spans, URLs, file and
 * host names blanked out (same length, so every word keeps its line:column).
 */
import type { Narration, Popup, SourcePos } from '../types.ts';

/** A word of prose and where it is. */
export interface ProseWord { word: string; line: number; column: number; /** Offset in the masked text. */ at: number }

/** Masked text of one paragraph, list item or popup, with its start position. */
export interface Prose { masked: string; pos: SourcePos; kind: 'narration' | 'popup' }

/** What to blank out, each with a cheap test that the text could hold a match at all (most prose has no code, URL or note). */
const MASKS: { re: RegExp; may: (text: string) => boolean }[] = [
  { re: /<!--[\s\S]*?(?:-->|$)/g, may: (t) => t.includes('<!--') }, // HTML comments: notes
  { re: /^[ \t>*+\-\d.)]*(?:TODO|FIXME)\b.*$|^[ \t]*todo\s*:.*$/gim, may: mayHaveTodo }, // TODO lines: notes
  { re: /\b(?:TODO|FIXME)\s*:.*$/gm, may: mayHaveTodo },
  { re: /(`+)[\s\S]*?\1/g, may: (t) => t.includes('`') }, // code spans
  { re: /\]\([^)]*\)/g, may: (t) => t.includes('](') }, // link targets
  { re: /<[^>\n]*>/g, may: (t) => t.includes('<') }, // autolinks and inline HTML
  { re: /\b(?:https?|ftp|file):\/\/\S+|\bwww\.\S+/gi, may: (t) => t.includes('://') || /www\./i.test(t) }, // URLs
  { re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, may: (t) => t.includes('@') }, // e-mail addresses
  { re: /(?<![\w.])(?:[\w-]+\.)+[A-Za-z0-9]{1,}\b(?!['’]\w)/g, may: (t) => t.includes('.') }, // host and file names, versions, IPs, e.g.
  { re: /(?<!\w)[~.]?\/[\w./-]+/g, may: (t) => t.includes('/') }, // paths
];

function mayHaveTodo(text: string): boolean {
  return /todo|fixme/i.test(text);
}

const blank = (m: string): string => m.replace(/[^\n]/g, ' ');

/** Blanks out (with spaces, newlines kept) everything in `raw` that is not prose. */
export function maskProse(raw: string): string {
  let out = raw;
  for (const { re, may } of MASKS) if (may(out)) out = out.replace(re, blank);
  return out;
}

/** Prose of a narration paragraph or popup. */
export function proseOf(item: Narration | Popup): Prose {
  if (item.type === 'narration') return { masked: maskProse(item.raw), pos: item.pos, kind: 'narration' };
  // A popup's raw includes its fences; keep them but blank them so positions stay right.
  return { masked: maskProse(item.raw.replace(/^[^\n]*|[^\n]*$/g, (m) => ' '.repeat(m.length))), pos: item.pos, kind: 'popup' };
}

/** Line and column in the file of offset `at` of a prose text. */
export function positionIn(prose: Prose, at: number): { line: number; column: number } {
  let line = prose.pos.line;
  let lineStart = 0;
  for (let i = prose.masked.indexOf('\n'); i !== -1 && i < at; i = prose.masked.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, column: lineStart === 0 ? prose.pos.column + at : at - lineStart + 1 };
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
// Several rules read the words of the same prose: split it once.
const wordsOf = new WeakMap<Prose, ProseWord[]>();

/** The words of a prose text in order, with positions. */
export function proseWords(prose: Prose): ProseWord[] {
  let out = wordsOf.get(prose);
  if (out) return out;
  out = [];
  const text = prose.masked;
  // Same positions as positionIn, walking the newlines once instead of from the start per word.
  let line = prose.pos.line;
  let lineStart = 0;
  let nextNl = text.indexOf('\n');
  for (const m of text.matchAll(WORD)) {
    const at = m.index!;
    while (nextNl !== -1 && nextNl < at) { line++; lineStart = nextNl + 1; nextNl = text.indexOf('\n', lineStart); }
    out.push({ word: m[0], at, line, column: lineStart === 0 ? prose.pos.column + at : at - lineStart + 1 });
  }
  wordsOf.set(prose, out);
  return out;
}
