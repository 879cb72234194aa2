/** Inline markdown → the words to speak (`*x*` → x, `` `kubectl` `` → kubectl, comments dropped). */
import type { Token } from 'marked';
import { inlineTokensBounded } from './nesting-tokenizer.ts';

/** Strips inline markdown from one line or sentence of narration. */
export function plainText(markdown: string): string {
  return plainTextOf(markdown).plain;
}

/** `plainText`, and whether emphasis, links or strikethrough nest past the limit there (docs/limits.md: read as text). */
export function plainTextOf(markdown: string): { plain: string; tooDeep: boolean } {
  // Most narration has no markdown at all: skip the lexer for it.
  if (!/[*_`~[\]<>\\!&]/.test(markdown)) return { plain: /\s\s|[\t\n\r]|^\s|\s$/.test(markdown) ? markdown.replace(/\s+/g, ' ').trim() : markdown, tooDeep: false };
  const { tokens, tokenizer } = inlineTokensBounded(markdown);
  return { plain: flatten(tokens).replace(/\s+/g, ' ').trim(), tooDeep: tokenizer.declinedInlines > 0 };
}

// Recursion over the tokens is bounded: the lexer nests them at most LIMITS.nestingDepth deep.
function flatten(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'html': break;
      case 'br': out += ' '; break;
      case 'text': out += 'tokens' in t && t.tokens ? flatten(t.tokens) : t.text; break;
      case 'escape': case 'codespan': out += t.text; break;
      default: out += 'tokens' in t && t.tokens ? flatten(t.tokens) : ('text' in t ? String(t.text) : '');
    }
  }
  return out;
}
