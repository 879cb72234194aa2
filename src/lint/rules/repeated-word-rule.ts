/** `repeated-word`: the same word twice in a row ("using using"), or two articles ("the a"). */
import type { Diagnostic } from '../../types.ts';
import { proseWords, type Prose } from '../prose-words.ts';

// "had had" and "that that" are often right.
const ALLOWED = new Set(['had', 'that', 'is', 'do']);
const ARTICLES = new Set(['a', 'an', 'the']);
const DETERMINERS = new Set(['a', 'an', 'the', 'our', 'your', 'their', 'my']);

/** A warning at the second word of each pair. */
export function repeatedWordRule(prose: Prose[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of prose) {
    const words = proseWords(p);
    for (let i = 1; i < words.length; i++) {
      const a = words[i - 1];
      const b = words[i];
      // Only words separated by nothing but spaces: "so. So" is two sentences.
      if (p.masked.slice(a.at + a.word.length, b.at).trim() !== '') continue;
      const la = a.word.toLowerCase();
      const lb = b.word.toLowerCase();
      if (la === lb && !ALLOWED.has(la) && !/^\d+$/.test(la))
        out.push({ code: 'repeated-word', severity: 'warning', file, line: b.line, column: b.column, message: `"${a.word} ${b.word}": word repeated`, hint: `delete the second "${b.word}"` });
      // "the A record" is a DNS record type, so a capital A is not an article.
      else if (ARTICLES.has(la) && DETERMINERS.has(lb) && b.word !== 'A')
        out.push({ code: 'repeated-word', severity: 'warning', file, line: a.line, column: a.column, message: `"${a.word} ${b.word}": two determiners in a row`, hint: `keep "${a.word}" or "${b.word}", not both` });
    }
  }
  return out;
}
