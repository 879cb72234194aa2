/** Inline markdown → the words to speak (`*x*` → x, `` `kubectl` `` → kubectl, comments dropped). */
import { Lexer, type Token } from 'marked';

/** Strips inline markdown from one line or sentence of narration. */
export function plainText(markdown: string): string {
  // Most narration has no markdown at all: skip the lexer for it.
  if (!/[*_`~[\]<>\\!&]/.test(markdown)) return /\s\s|[\t\n\r]|^\s|\s$/.test(markdown) ? markdown.replace(/\s+/g, ' ').trim() : markdown;
  return flatten(Lexer.lexInline(markdown)).replace(/\s+/g, ' ').trim();
}

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
