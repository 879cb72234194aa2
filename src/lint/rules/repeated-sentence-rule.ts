/** `repeated-sentence`: a sentence said twice, word for word or nearly (one word spelled differently). */
import { distance } from 'fastest-levenshtein';
import type { Diagnostic, Lesson, Sentence } from '../../types.ts';
import { lessonNarration } from '../../types.ts';

/** Similarity from which two sentences count as the same (1 = identical). */
export const SAME_SENTENCE = 0.9;
const MIN_WORDS = 4;

function normalize(s: string): string {
  // Runs (`+`) rather than single characters: the same text, far fewer replacements.
  return s.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, '').replace(/\s+/g, ' ').trim();
}

/** Number of words of a normalized sentence (single spaces, trimmed). */
function wordCount(norm: string): number {
  if (!norm) return 1; // ''.split(' ') is ['']
  let n = 1;
  for (let i = norm.indexOf(' '); i !== -1; i = norm.indexOf(' ', i + 1)) n++;
  return n;
}

/** Words in `b` that differ from `a` (an LCS diff of two short word lists). */
export function differingWords(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split(' ');
  const y = b.split(' ');
  const dp = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) dp[i][j] = x[i] === y[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { i++; j++; }
    else if (j < y.length && (i === x.length || dp[i][j + 1] >= dp[i + 1][j])) added.push(y[j++]);
    else removed.push(x[i++]);
  }
  return { removed, added };
}

/** Share of distinct words two sentences have in common: 90% similar text shares well over half. */
function sharedWords(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / Math.max(a.size, b.size);
}

/** A warning at the later sentence of each repeated pair, naming where the first one is. */
export function repeatedSentenceRule(lesson: Lesson): Diagnostic[] {
  const sentences: { s: Sentence; norm: string; words: Set<string> | null }[] = [];
  for (const n of lessonNarration(lesson))
    for (const s of n.sentences) {
      const norm = normalize(s.plain);
      if (wordCount(norm) >= MIN_WORDS) sentences.push({ s, norm, words: null });
    }
  // Word sets only for the few sentences that pass the length check against another.
  const wordsOf = (k: number): Set<string> => (sentences[k].words ??= new Set(sentences[k].norm.split(' ')));
  const out: Diagnostic[] = [];
  const flagged = new Set<number>();
  for (let j = 1; j < sentences.length; j++)
    for (let i = 0; i < j; i++) {
      if (flagged.has(j)) break;
      const a = sentences[i].norm;
      const b = sentences[j].norm;
      const longest = Math.max(a.length, b.length);
      // Cheap length check first: the distance is at least the length difference.
      if (1 - Math.abs(a.length - b.length) / longest < SAME_SENTENCE) continue;
      if (sharedWords(wordsOf(i), wordsOf(j)) < 0.5) continue;
      const similarity = 1 - distance(a, b) / longest;
      if (similarity < SAME_SENTENCE) continue;
      flagged.add(j);
      const first = sentences[i].s.pos;
      const diff = differingWords(a, b);
      const how = a === b ? 'repeats' : 'nearly repeats';
      const differs = diff.removed.length || diff.added.length ? ` (differs: ${diff.removed.join(' ') || '-'} → ${diff.added.join(' ') || '-'})` : '';
      out.push({
        code: 'repeated-sentence', severity: 'warning', file: lesson.file, line: sentences[j].s.pos.line, column: sentences[j].s.pos.column,
        message: `sentence ${how} the one at line ${first.line}:${first.column}${differs}`,
        hint: 'keep one of the two',
      });
    }
  return out;
}
