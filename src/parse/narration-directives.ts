/**
 * The author's directives inside narration (docs/ir.md, "Pauses and markers", "Camera and
 * highlights"): `{pause 2s}`, a paragraph of its own; the inline marker `{next}` / `{next popup}`
 * that starts the next step at the word after it; `{focus terminal|editor [12-18]|wide}` that points
 * the camera; `{highlight word}` that marks a word or /pattern/ on screen. Pure: finds them in
 * mapped narration text and cuts them out, so they are neither spoken nor shown, keeping every
 * other character's source offset.
 */
import { distance } from 'fastest-levenshtein';
import type { MarkerTarget } from '../types.ts';
import type { MappedText } from './narration-text.ts';
import { plainText } from './plain-text.ts';
import { splitSentences } from './split-sentences.ts';

/** The kinds a marker may name, and the steps they are (docs/ir.md). */
export const MARKER_TARGETS: readonly MarkerTarget[] = ['command', 'file', 'terminal', 'clear', 'popup', 'code'];
/** The directive words; `{...}` starting with one of these is ours. */
export const DIRECTIVE_WORDS = ['next', 'pause', 'focus', 'highlight'] as const;
/** What `{focus ...}` may name, with the words people write for them. */
export const FOCUS_TARGETS: Readonly<Record<string, 'terminal' | 'editor' | 'wide'>> = {
  terminal: 'terminal', term: 'terminal', shell: 'terminal',
  editor: 'editor', code: 'editor', file: 'editor',
  wide: 'wide', screen: 'wide', all: 'wide', desktop: 'wide',
};
/** Longest pause an author may write, seconds: longer is a mistake in the number or the unit. */
export const MAX_PAUSE_SECONDS = 60;

/** `{word rest}` with nothing but a word and its argument between the braces. */
const DIRECTIVE = /\{\s*([A-Za-z]+)([^{}\n]*)\}/g;
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|sec|secs|seconds?)?$/i;

/** A directive found in a text: [start, end) in it, the word and what follows it. */
export interface FoundDirective { start: number; end: number; word: string; arg: string; raw: string }

/** `{next}`, `{pause 2s}`, and `{nxt}`-like near misses (`near`: the word it is close to); none inside code spans. */
export function findDirectives(text: string): (FoundDirective & { near?: string })[] {
  if (!text.includes('{')) return [];
  const code = codeSpans(text);
  const out: (FoundDirective & { near?: string })[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index!;
    if (code.some(([a, b]) => start >= a && start < b)) continue;
    const word = m[1].toLowerCase();
    const found = { start, end: start + m[0].length, word, arg: m[2].trim(), raw: m[0] };
    if ((DIRECTIVE_WORDS as readonly string[]).includes(word)) out.push(found);
    else {
      // A near miss is reported (lint) and left in the text: it may be prose.
      const near = DIRECTIVE_WORDS.find((w) => word.length >= 3 && distance(word, w) <= 2);
      if (near) out.push({ ...found, near });
    }
  }
  return out;
}

/** [start, end) of each `code span` (a backtick run and its closing twin). */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /`+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const close = text.indexOf(m[0], m.index + m[0].length);
    if (close === -1) break;
    spans.push([m.index, close + m[0].length]);
    re.lastIndex = close + m[0].length;
  }
  return spans;
}

/** Seconds of a `{pause ...}` argument (`2s`, `1.5`, `800ms`), or why it is not one. */
export function pauseSeconds(arg: string): { seconds: number } | { error: string } {
  const m = DURATION.exec(arg.trim());
  if (!m) return { error: arg.trim() ? `"${arg.trim()}" is not a duration` : 'the pause has no duration' };
  const seconds = Number(m[1]) / ((m[2] ?? 's').toLowerCase() === 'ms' ? 1000 : 1);
  if (!(seconds > 0)) return { error: 'a pause must last longer than 0 s' };
  if (seconds > MAX_PAUSE_SECONDS) return { error: `a pause may last at most ${MAX_PAUSE_SECONDS} s, this one ${seconds} s` };
  return { seconds: Math.round(seconds * 1000) / 1000 };
}

/** The target a `{next ...}` argument names: null for none, undefined when it names no known kind. */
export function markerTarget(arg: string): MarkerTarget | null | undefined {
  const a = arg.trim().toLowerCase();
  if (!a) return null;
  return (MARKER_TARGETS as readonly string[]).includes(a) ? (a as MarkerTarget) : undefined;
}

/** A directive cut out of mapped text: `at` is where it stood in the new text, `source` its offset in the file. */
export interface CutDirective extends FoundDirective { at: number; source: number; near?: string }

/**
 * The text without its directives (near misses stay: they may be prose), with the space that
 * would double where one stood removed; every other character keeps its source offset.
 */
export function cutDirectives(mapped: MappedText): { mapped: MappedText; cut: CutDirective[] } {
  const found = findDirectives(mapped.text).filter((d) => !d.near);
  if (!found.length) return { mapped, cut: [] };
  let text = '';
  const offsets: number[] = [];
  const cut: CutDirective[] = [];
  let last = 0;
  for (const d of found) {
    text += mapped.text.slice(last, d.start);
    offsets.push(...mapped.offsets.slice(last, d.start));
    let next = d.end;
    const before = text.length ? text[text.length - 1] : '';
    const after = mapped.text[next] ?? '';
    // "a {next} b" → "a b"; "a {next}." → "a."; "{next} a" → "a".
    if ((before === ' ' || before === '') && after === ' ') next++;
    else if (before === ' ' && (after === '' || /[.,;:!?)]/.test(after))) { text = text.slice(0, -1); offsets.pop(); }
    cut.push({ ...d, at: text.length, source: mapped.offsets[d.start] });
    last = next;
  }
  text += mapped.text.slice(last);
  offsets.push(...mapped.offsets.slice(last));
  return { mapped: { text, offsets }, cut };
}

/** Words of a text as the timeline counts them: whitespace tokens of its plain text with a letter or a digit (docs/timeline.md). */
export function countWords(markdown: string): number {
  let n = 0;
  for (const t of plainText(markdown).split(/\s+/)) if (/[\p{L}\p{N}]/u.test(t)) n++;
  return n;
}

/** Where a marker at `at` of `text` falls: its sentence and the word of it that comes next (or the sentence's end). */
export function markerPlace(text: string, at: number): { sentence: number; word: number } {
  const ranges = splitSentences(text);
  if (!ranges.length) return { sentence: 0, word: 0 };
  let k = ranges.findIndex((r) => at < r.end);
  if (k === -1) k = ranges.length - 1;
  const r = ranges[k];
  return { sentence: k, word: countWords(text.slice(r.start, Math.max(r.start, Math.min(at, r.end)))) };
}

/** A `{focus ...}` argument: `terminal`, `editor`/`code` with optional lines `12-18` or `12`, `wide`; or why it is not one. */
export function focusArgument(arg: string): { target: 'terminal' | 'editor' | 'wide'; lines?: { from: number; to: number } } | { error: string } {
  const m = /^([A-Za-z]+)(?:\s+(\d{1,9})(?:\s*-\s*(\d{1,9}))?)?$/.exec(arg.trim());
  const target = m ? FOCUS_TARGETS[m[1].toLowerCase()] : undefined;
  if (!m || !target) return { error: arg.trim() ? `"${arg.trim()}" is not something to focus on` : 'the focus names nothing' };
  if (!m[2]) return { target };
  if (target !== 'editor') return { error: `lines are only for the editor (write {focus editor ${m[2]}${m[3] ? `-${m[3]}` : ''}})` };
  const from = Number(m[2]), to = Number(m[3] ?? m[2]);
  if (from < 1 || to < from) return { error: `${m[2]}${m[3] ? `-${m[3]}` : ''} is not a range of lines (from 1, the first line before the last)` };
  return { target, lines: { from, to } };
}

/** A `{highlight ...}` argument: the text to mark (matched ignoring case), or `/pattern/flags` (a JavaScript regular expression); or why it is not one. */
export function highlightArgument(arg: string): { pattern: string; regex: boolean } | { error: string } {
  const text = arg.trim();
  if (!text) return { error: 'the highlight names nothing' };
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!re) return { pattern: text, regex: false };
  try {
    new RegExp(re[1], re[2].replace(/[gy]/g, ''));
  } catch (err) {
    return { error: `${text} is not a regular expression: ${(err as Error).message}` };
  }
  // An empty match would mark nothing and loop forever.
  if (new RegExp(re[1], re[2].replace(/[gy]/g, '')).test('')) return { error: `${text} matches empty text` };
  return { pattern: text, regex: true };
}
