/**
 * marked's lexer with a bound on nesting (docs/limits.md). marked lexes a quote or a list item by
 * lexing its inside again, and an emphasis, a link text or a strikethrough by lexing its inside
 * again: one call deeper on the stack for each level, so 3000 nested `*` or 2000 `>` (a 6 KB script)
 * overflowed the stack. Past `maxDepth` levels this tokenizer declines the construct, so marked reads
 * it as the text it is (a paragraph holding `> > >`, or literal `**`), and it counts what it declined
 * so that the caller can say so at its place. Below the limit every token is marked's own.
 */
import { getDefaults, Lexer, Tokenizer, type Token, type Tokens } from 'marked';
import { LIMITS } from '../limits.ts';

/** A marked Tokenizer that declines quotes, list items, emphasis, links and strikethrough nested deeper than `maxDepth`. */
export class NestingTokenizer extends Tokenizer {
  private blockDepth = 0;
  private inlineDepth = 0;
  /** Block constructs declined at the limit. */
  declinedBlocks = 0;
  /** Inline constructs declined at the limit. */
  declinedInlines = 0;
  /** Indexes of the top-level tokens (in the array given to `blockTokens`) that hold a declined construct. */
  readonly deepTopTokens = new Set<number>();

  constructor(readonly maxDepth: number = LIMITS.nestingDepth) {
    super();
  }

  override blockquote(src: string): Tokens.Blockquote | undefined {
    return this.block(this.rules.block.blockquote, src, () => super.blockquote(src));
  }

  override list(src: string): Tokens.List | undefined {
    return this.block(this.rules.block.list, src, () => super.list(src));
  }

  override emStrong(src: string, maskedSrc: string, prevChar?: string): Tokens.Em | Tokens.Strong | undefined {
    return this.inline(src, '*_', () => super.emStrong(src, maskedSrc, prevChar));
  }

  override del(src: string, maskedSrc: string, prevChar?: string): Tokens.Del | undefined {
    return this.inline(src, '~', () => super.del(src, maskedSrc, prevChar));
  }

  override link(src: string): Tokens.Link | Tokens.Image | undefined {
    return this.inline(src, '[!', () => super.link(src));
  }

  override reflink(src: string, links: Parameters<Tokenizer['reflink']>[1]): Tokens.Link | Tokens.Image | Tokens.Text | undefined {
    return this.inline(src, '[!', () => super.reflink(src, links));
  }

  /** Lexes a quote or list one level deeper, or declines it at the limit (counted when `start` says one begins here). */
  private block<T>(start: RegExp, src: string, lex: () => T | undefined): T | undefined {
    if (this.blockDepth >= this.maxDepth) {
      if (!start.test(src)) return undefined;
      this.declinedBlocks++;
      // The top-level token being read is the next one marked pushes onto the lexer's own list.
      this.deepTopTokens.add(this.lexer.tokens.length);
      return undefined;
    }
    this.blockDepth++;
    try {
      return lex();
    } finally {
      this.blockDepth--;
    }
  }

  /** Lexes an inline construct one level deeper, or declines it at the limit (counted when `src` starts with one of `starts`). */
  private inline<T>(src: string, starts: string, lex: () => T | undefined): T | undefined {
    if (this.inlineDepth >= this.maxDepth) {
      if (src !== '' && starts.includes(src[0])) this.declinedInlines++;
      return undefined;
    }
    this.inlineDepth++;
    try {
      return lex();
    } finally {
      this.inlineDepth--;
    }
  }
}

/** A marked Lexer with marked's default options and a fresh `NestingTokenizer`. */
export function nestingLexer(maxDepth?: number): { lexer: Lexer; tokenizer: NestingTokenizer } {
  const tokenizer = new NestingTokenizer(maxDepth);
  return { lexer: new Lexer({ ...getDefaults(), tokenizer }), tokenizer };
}

/** marked's block tokens only (no inline pass), nesting bounded; the tokenizer tells what it declined. */
export function blockTokensBounded(markdown: string, maxDepth?: number): { tokens: Token[]; tokenizer: NestingTokenizer } {
  const { lexer, tokenizer } = nestingLexer(maxDepth);
  return { tokens: lexer.blockTokens(markdown, lexer.tokens), tokenizer };
}

/** marked's inline tokens of one piece of text, nesting bounded. */
export function inlineTokensBounded(markdown: string, maxDepth?: number): { tokens: Token[]; tokenizer: NestingTokenizer } {
  const { lexer, tokenizer } = nestingLexer(maxDepth);
  return { tokens: lexer.inlineTokens(markdown), tokenizer };
}
