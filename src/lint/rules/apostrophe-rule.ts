/** `apostrophe`: "it's own" (its own) and a sentence that opens with "lets" (let's). */
import type { Diagnostic } from '../../types.ts';
import { positionIn, type Prose } from '../prose-words.ts';

// Only patterns that are wrong whatever the context: "it is own" never is right, and a
// sentence does not start with the verb "lets" ("So lets go ahead").
const PATTERNS: { re: RegExp; fix: (m: RegExpExecArray) => string; message: (m: RegExpExecArray) => string }[] = [
  { re: /\b(it['’]s)\s+own\b/gi, fix: () => 'its own', message: (m) => `"${m[1]} own" should be "its own"` },
  {
    re: /(?:^|[.!?:]\s+|^\s*[-*+]\s+)(?:(?:so|now|then|ok|okay|and|but|first|next)\b,?\s+)?(lets)\s+(?=[a-z])/gim,
    fix: () => "let's", message: (m) => `"${m[1]}" should be "${m[1][0]}et's", short for "let us"`,
  },
];

/** A warning at each match. */
export function apostropheRule(prose: Prose[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of prose)
    for (const { re, fix, message } of PATTERNS)
      for (const m of p.masked.matchAll(re)) {
        const at = m.index! + m[0].indexOf(m[1]);
        out.push({ code: 'apostrophe', severity: 'warning', file, ...positionIn(p, at), message: message(m as RegExpExecArray), hint: `write "${fix(m as RegExpExecArray)}"` });
      }
  return out;
}
