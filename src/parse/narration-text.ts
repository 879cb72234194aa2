/**
 * A paragraph or list item → narration text with a source offset for every character, and the
 * author notes (TODO lines, HTML comments) taken out of it. Offsets let each sentence keep its
 * line:column in the original file.
 */
import type { Note, Sentence } from '../types.ts';
import { lineColumn, type SourceText } from './source-text.ts';
import { plainText } from './plain-text.ts';
import { splitSentences } from './split-sentences.ts';

/** Text with the source offset of each of its characters. */
export interface MappedText { text: string; offsets: number[] }

/** Narration text (inline markdown kept) and the notes found in it. */
export interface NarrationText extends MappedText { notes: Note[] }

const TODO_LINE = /^(?:TODO|FIXME)\b|^todo\s*:/i;
const TODO_INLINE = /\b(?:TODO|FIXME)\s*:/;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/**
 * Reads source[start, end) line by line: `prefix` (list marker, `>`, indentation) is skipped on
 * each line, TODO lines and HTML comments become notes, whitespace runs become one space.
 */
export function narrationText(src: SourceText, start: number, end: number, prefix: RegExp, file: string): NarrationText {
  const notes: Note[] = [];
  let text = '';
  const offsets: number[] = [];
  const note = (kind: Note['kind'], body: string, raw: string, at: number): void => {
    const { line, column } = lineColumn(src, at);
    notes.push({ type: 'note', kind, text: body, pos: { file, line, column, endLine: lineColumn(src, at + Math.max(0, raw.length - 1)).line }, raw });
  };
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = src.text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = src.text.slice(lineStart, lineEnd);
    const skip = prefix.exec(line)?.[0].length ?? 0;
    let body = line.slice(skip);
    let bodyAt = lineStart + skip;
    const lead = /^\s*/.exec(body)![0].length;
    body = body.slice(lead);
    bodyAt += lead;
    if (TODO_LINE.test(body)) {
      note('todo', body.trim(), body.trimEnd(), bodyAt);
      body = '';
    } else {
      const m = TODO_INLINE.exec(body);
      if (m && !body.slice(0, m.index).includes('<!--')) {
        note('todo', body.slice(m.index).trim(), body.slice(m.index).trimEnd(), bodyAt + m.index);
        body = body.slice(0, m.index);
      }
    }
    if (body.trim()) {
      if (text) { text += '\n'; offsets.push(bodyAt - 1); }
      text += body;
      for (let i = 0; i < body.length; i++) offsets.push(bodyAt + i);
    }
    lineStart = lineEnd + 1;
  }
  // Comments may span lines, so they are cut from the joined text.
  let cut: MappedText = { text, offsets };
  if (text.includes('<!--')) {
    let kept = '';
    const keptOffsets: number[] = [];
    let last = 0;
    for (const m of text.matchAll(COMMENT)) {
      kept += text.slice(last, m.index);
      keptOffsets.push(...offsets.slice(last, m.index));
      const raw = m[0];
      note('comment', raw.replace(/^<!--|-->$/g, '').trim(), src.text.slice(offsets[m.index!], offsets[m.index! + raw.length - 1] + 1), offsets[m.index!]);
      last = m.index! + raw.length;
    }
    kept += text.slice(last);
    keptOffsets.push(...offsets.slice(last));
    cut = { text: kept, offsets: keptOffsets };
  }
  return { ...collapseSpace(cut), notes };
}

/** One space for each whitespace run, none at the ends. */
function collapseSpace({ text, offsets }: MappedText): MappedText {
  let out = '';
  const outOffsets: number[] = [];
  const n = text.length;
  let prevEnd = -1;
  let i = 0;
  // A character loop rather than matchAll(/\S+/g): same runs, no match objects.
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    // The space before a word maps to the first blank of the run it replaces.
    if (prevEnd !== -1) { out += ' '; outOffsets.push(offsets[prevEnd]); }
    out += text.slice(start, i);
    for (let k = start; k < i; k++) outOffsets.push(offsets[k]);
    prevEnd = i;
  }
  return { text: out, offsets: outOffsets };
}

/** True for the characters `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Sentences of mapped narration text, each with its position. */
export function narrationSentences(src: SourceText, mapped: MappedText, file: string): Sentence[] {
  return splitSentences(mapped.text).map(({ start, end }) => {
    const text = mapped.text.slice(start, end);
    const { line, column } = lineColumn(src, mapped.offsets[start]);
    return { text, plain: plainText(text), pos: { file, line, column, endLine: lineColumn(src, mapped.offsets[end - 1]).line } };
  });
}
