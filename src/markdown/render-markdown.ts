/**
 * The one markdown renderer of everything lessoncast publishes (stage, deck notes and slides, site),
 * configured here once: narration is inline markdown with raw HTML escaped; slides may hold HTML,
 * which the allow-list sanitizer cleans. Links keep only http:, https:, mailto: and relative URLs.
 * No other module makes a Marked instance for rendering (the parser uses marked's lexer only).
 * See docs/security.md.
 */
import { Marked, type MarkedExtension, type Token, type Tokens } from 'marked';
import { NestingTokenizer } from '../parse/nesting-tokenizer.ts';
import { isExternal, isLocalUrl, safeImageUrl, safeUrl } from './safe-url.ts';
import { sanitize, type ImageResolver } from './sanitize.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element body or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function renderLink(this: { parser: { parseInline(tokens: Token[]): string } }, { href, title, tokens }: Tokens.Link): string {
  const label = this.parser.parseInline(tokens);
  const url = safeUrl(href);
  if (url === null) return label;
  const rel = isExternal(url) ? ' rel="noopener noreferrer"' : '';
  return `<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ''}${rel}>${label}</a>`;
}

/** A Marked instance whose lexer declines nesting past the limit (docs/limits.md: deeper levels are text). */
function boundedMarked(options: MarkedExtension): Marked {
  // `use` adds its tokenizer overrides onto the tokenizer already set, so the bound comes first.
  return new Marked().setOptions({ tokenizer: new NestingTokenizer() }).use(options);
}

// Narration: example names in scripts (http://apache.localcluster) are not places to visit, so
// bare URLs stay text (no GFM autolinks); raw HTML is shown as text; an image shows its alt text.
const inline = boundedMarked({
  async: false,
  gfm: true,
  tokenizer: { url: () => undefined },
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link: renderLink,
    image: ({ text }) => escapeHtml(text),
  },
});

// Slides: HTML is allowed (and sanitized after rendering); images are kept, resolved by the caller.
const blocks = boundedMarked({
  async: false,
  gfm: true,
  tokenizer: { url: () => undefined },
  renderer: {
    link: renderLink,
    image: ({ href, title, text }) => href === ''
      ? escapeHtml(text)
      : `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`,
  },
});

/** Inline markdown of one narration paragraph → safe HTML (no block elements, raw HTML escaped). */
export function renderInline(text: string): string {
  return sanitize((inline.parseInline(text) as string).trim(), 'inline');
}

/** A slide rendered: safe HTML and its first heading's text. */
export interface RenderedSlide {
  html: string;
  title: string | null;
}

/**
 * Block markdown of a slide (HTML allowed) → sanitized HTML. `image` maps every local image src
 * (markdown images and `<img>` tags alike) to what the page shows, or null to drop the image.
 */
export function renderSlideMarkdown(markdown: string, image: ImageResolver = (src) => src): RenderedSlide {
  const tokens = blocks.lexer(markdown);
  let title: string | null = null;
  blocks.walkTokens(tokens, (token) => {
    if (token.type === 'heading' && title === null) title = (token as Tokens.Heading).text.replace(/[*_`]/g, '');
    if (token.type === 'image') {
      const img = token as Tokens.Image;
      const url = isLocalUrl(img.href) ? image(img.href) : safeImageUrl(img.href);
      img.href = url ?? '';
    }
  });
  const html = blocks.parser(tokens) as string;
  // Markdown images were resolved above: the sanitizer resolves only what raw <img> tags name.
  const resolved = new Set<string>();
  blocks.walkTokens(tokens, (t) => { if (t.type === 'image' && (t as Tokens.Image).href) resolved.add((t as Tokens.Image).href); });
  return { html: sanitize(html, 'slide', (src) => (resolved.has(src) ? src : image(src))), title };
}
