/**
 * The checkable prose of a narration paragraph: its `raw` with notes, code spans, URLs, file and
 * host names blanked out (same length, so every word keeps its line:column).
 */
import type { Narration, Popup, SourcePos } from '../types.ts';

/** A word of prose and where it is. */
export interface ProseWord { word: string; line: number; column: number; /** Offset in the masked text. */ at: number }

/** Masked text of one paragraph, list item or popup, with its start position. */
export interface Prose { masked: string; pos: SourcePos; kind: 'narration' | 'popup' }

const MASKS: RegExp[] = [
  /<!--[\s\S]*?(?:-->|$)/g, // HTML comments: notes
  /^[ \t>*+\-\d.)]*(?:TODO|FIXME)\b.*$|^[ \t]*todo\s*:.*$/gim, // TODO lines: notes
  /\b(?:TODO|FIXME)\s*:.*$/gm,
  /(`+)[\s\S]*?\1/g, // code spans
  /\]\([^)]*\)/g, // link targets
  /<[^>\n]*>/g, // autolinks and inline HTML
  /\b(?:https?|ftp|file):\/\/\S+|\bwww\.\S+/gi, // URLs
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, // e-mail addresses
  /(?<![\w.])(?:[\w-]+\.)+[A-Za-z0-9]{1,}\b(?!['’]\w)/g, // host and file names, versions, IPs, e.g.
  /(?<!\w)[~.]?\/[\w./-]+/g, // paths
];

/** Blanks out (with spaces, newlines kept) everything in `raw` that is not prose. */
export function maskProse(raw: string): string {
  let out = raw;
  for (const re of MASKS) out = out.replace(re, (m) => m.replace(/[^\n]/g, ' '));
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

/** The words of a prose text in order, with positions. */
export function proseWords(prose: Prose): ProseWord[] {
  const out: ProseWord[] = [];
  for (const m of prose.masked.matchAll(WORD)) out.push({ word: m[0], at: m.index!, ...positionIn(prose, m.index!) });
  return out;
}
