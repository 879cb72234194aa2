/** `spelling`: words of narration and popups that are neither English nor course words. */
import type { Diagnostic } from '../../types.ts';
import { proseWords, type Prose } from '../prose-words.ts';
import type { SpellChecker } from '../spell-checker.ts';
import { LIMITS } from '../../limits.ts';

/** Words not worth checking: acronyms (DNS), identifiers (ClusterIP), anything with a digit. */
function skip(word: string): boolean {
  return /\d/.test(word) || word.length < 2 || /^[A-Z]+(?:['’]?s)?$/.test(word) || /[a-z][A-Z]/.test(word);
}

/** A warning per misspelled word with up to three suggestions. */
export function spellingRule(prose: Prose[], file: string, checker: SpellChecker, searches: number = LIMITS.spellingSearches): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The dictionary's own search is slow: a lesson of pasted logs must not make lint take minutes (docs/limits.md).
  const searched = new Set<string>();
  for (const p of prose)
    for (const w of proseWords(p)) {
      if (skip(w.word) || checker.correct(w.word)) continue;
      // pod-to-pod, auto-assigned: fine when every part is a word.
      if (/[-]/.test(w.word) && w.word.split('-').every((part) => skip(part) || checker.correct(part))) continue;
      const deep = searched.has(w.word) || searched.size < searches;
      if (deep) searched.add(w.word);
      const suggestions = checker.suggest(w.word, deep);
      out.push({
        code: 'spelling', severity: 'warning', file, line: w.line, column: w.column,
        message: `"${w.word}" is not in the dictionary`,
        hint: `${suggestions.length ? `did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}? ` : ''}If it is right, add it to course-words.txt`,
      });
    }
  return out;
}
