/** Narration keeps its inline markdown (code spans, emphasis, links); this renders it to safe HTML. */
import { Marked } from 'marked';
import { esc } from './html.ts';

const marked = new Marked({
  async: false,
  gfm: true,
  // Example names in scripts (http://apache.localcluster) are not places to visit: no bare-URL autolinks.
  tokenizer: { url: () => undefined },
  renderer: {
    // Raw HTML in a script is shown as text, never injected into the page.
    html: ({ text }) => esc(text),
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (!/^(https?:|mailto:|#|\.{0,2}\/|[\w-]+\.html)/i.test(href)) return label;
      const external = /^https?:/i.test(href);
      return `<a href="${esc(href)}"${title ? ` title="${esc(title)}"` : ''}${external ? ' rel="noopener"' : ''}>${label}</a>`;
    },
    image: ({ text }) => esc(text),
  },
});

/** Inline markdown of one narration paragraph → HTML (no block elements, raw HTML escaped). */
export function inlineMarkdown(text: string): string {
  return (marked.parseInline(text) as string).trim();
}
