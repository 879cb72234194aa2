/** Reads a course's pronunciation lexicon (`lexicon.yml`: word → spoken form) over the built-ins. */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Course } from '../course.ts';
import type { Diagnostic } from '../types.ts';
import { buildLexicon, type Lexicon } from './lexicon.ts';

/** The course's entries as written, problems found in the file, and the merged lexicon. */
export interface CourseLexicon {
  lexicon: Lexicon;
  /** Entries from the course file only. */
  entries: Record<string, string>;
  /** Path relative to the course root, or null when the course has no lexicon file. */
  file: string | null;
  diagnostics: Diagnostic[];
}

/** Parses lexicon YAML; bad entries become diagnostics (file:line:col) and are skipped. */
export function parseLexicon(source: string, file: string): { entries: Record<string, string>; diagnostics: Diagnostic[] } {
  const doc = parseDocument(source, { uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  // Places from the text itself: yaml's LineCounter misses line breaks after some errors (found by the fuzzer).
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  const at = (offset: number | undefined) => {
    const o = Math.max(0, Math.min(source.length, offset ?? 0));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= o) lo = mid; else hi = mid - 1; }
    const bom = lo === 0 && source.startsWith('\uFEFF') ? 1 : 0; // a BOM is not a column
    return { file, line: lo + 1, column: Math.max(1, o - starts[lo] + 1 - bom) };
  };
  for (const err of doc.errors)
    diagnostics.push({ code: 'lexicon-syntax', severity: 'error', message: `lexicon is not valid YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, ...at(err.pos[0]),
      hint: 'Write one `word: spoken form` per line.' });
  const entries: Record<string, string> = {};
  if (doc.errors.length || doc.contents === null) return { entries, diagnostics };
  if (!isMap(doc.contents)) {
    diagnostics.push({ code: 'lexicon-not-a-map', severity: 'error', message: 'lexicon must be a mapping of word → spoken form', ...at(doc.contents.range?.[0]),
      hint: 'Example:  kubectl: kube control' });
    return { entries, diagnostics };
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? pair.key : null;
    const value = isScalar(pair.value) ? pair.value : null;
    const word = key && key.value !== null ? String(key.value).trim() : '';
    const pos = at(key?.range?.[0] ?? (pair.value as { range?: number[] } | null)?.range?.[0]);
    if (!word) {
      diagnostics.push({ code: 'lexicon-entry', severity: 'error', message: 'lexicon entry without a word', ...pos });
      continue;
    }
    if (!value || value.value === null || typeof value.value === 'object' || String(value.value).trim() === '') {
      diagnostics.push({ code: 'lexicon-entry', severity: 'error', message: `lexicon entry "${word}" needs a spoken form (a string)`, ...pos,
        hint: `${word}: how to say it` });
      continue;
    }
    if (Object.hasOwn(entries, word.toLowerCase()))
      diagnostics.push({ code: 'lexicon-duplicate', severity: 'warning', message: `lexicon entry "${word}" is written twice; the last one wins`, ...pos });
    entries[word.toLowerCase()] = String(value.value).trim();
  }
  return { entries, diagnostics };
}

/** Path of a course's lexicon file: config `lexicon`, default `lexicon.yml` at the root. */
export function lexiconPath(course: Course): string {
  return resolve(course.root, course.config.lexicon ?? 'lexicon.yml');
}

/** Reads the course lexicon (if any) and merges it over the built-ins. */
export function readLexicon(course: Course): CourseLexicon {
  const path = lexiconPath(course);
  if (!existsSync(path)) {
    const diagnostics: Diagnostic[] = course.config.lexicon
      ? [{ code: 'lexicon-missing', severity: 'warning', message: `config names lexicon ${course.config.lexicon}, which does not exist`, file: course.configFile ? relative(course.root, course.configFile) : 'lessoncast.config.ts', line: 1, column: 1 }]
      : [];
    return { lexicon: buildLexicon(), entries: {}, file: null, diagnostics };
  }
  const file = relative(course.root, path);
  const { entries, diagnostics } = parseLexicon(readFileSync(path, 'utf8'), file);
  return { lexicon: buildLexicon(entries), entries, file, diagnostics };
}
