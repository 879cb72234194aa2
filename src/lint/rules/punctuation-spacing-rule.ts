/** `punctuation-spacing`: no space after a comma ("book,you") or a space before punctuation ("called :"). */
import type { Diagnostic } from '../../types.ts';
import { positionIn, type Prose } from '../prose-words.ts';

const MISSING_AFTER = /(?<=\p{L}),(?=\p{L})/gu;
const SPACE_BEFORE = /(?<=\p{L})[ \t]+([,;:!?])(?=\s|$)/gu;

/** A warning at each place; captions show the text as written. */
export function punctuationSpacingRule(prose: Prose[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of prose) {
    for (const m of p.masked.matchAll(MISSING_AFTER))
      out.push({ code: 'punctuation-spacing', severity: 'warning', file, ...positionIn(p, m.index!), message: 'no space after the comma', hint: 'put a space after the comma' });
    for (const m of p.masked.matchAll(SPACE_BEFORE))
      out.push({ code: 'punctuation-spacing', severity: 'warning', file, ...positionIn(p, m.index!), message: `space before "${m[1]}"`, hint: `remove the space before "${m[1]}"` });
  }
  return out;
}
