/**
 * The one HTML sanitizer: an allow-list (sanitize-html) applied to everything markdown renders.
 *
 * sanitize-html rather than DOMPurify: it runs in Node on its own parser (htmlparser2) with no DOM
 * emulation (DOMPurify needs jsdom here), it is maintained, and it re-serializes what it keeps — every
 * text `<` and attribute quote escaped — so the browser cannot find a tag in the output that the
 * allow-list did not emit. Nothing is allowed that parses as raw text or foreign content (script,
 * style, textarea, svg, math), no event handler, no `style`, no `id`/`name` (DOM clobbering of the
 * page's own globals), and URLs only through `safeUrl` (docs/security.md).
 */
import sanitizeHtml, { type Attributes, type IOptions } from 'sanitize-html';
import { isExternal, isLocalUrl, LINK_SCHEMES, safeImageUrl, safeUrl } from './safe-url.ts';

/** Which markup a piece of content may keep. */
export type SanitizePolicy = 'inline' | 'slide';

/** Maps a local image src to the src to publish, or null to drop the image (its alt text stays). */
export type ImageResolver = (src: string) => string | null;

const INLINE_TAGS = ['a', 'code', 'em', 'strong', 'del', 's', 'br'];
const SLIDE_TAGS = [
  ...INLINE_TAGS, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'img',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'div', 'span', 'sup', 'sub', 'kbd', 'mark', 'small', 'b', 'i', 'u',
  'figure', 'figcaption', 'details', 'summary', 'dl', 'dt', 'dd', 'input',
];
// Content of these is dropped with the tag, not shown as text.
const NON_TEXT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math', 'xmp', 'noembed', 'noframes', 'title', 'select'];

function link(_tag: string, attribs: Attributes): { tagName: string; attribs: Attributes } {
  const href = attribs.href === undefined ? null : safeUrl(attribs.href);
  const out: Attributes = {};
  if (href !== null) out.href = href;
  if (attribs.title) out.title = attribs.title;
  if (href !== null && isExternal(href)) out.rel = 'noopener noreferrer';
  return { tagName: 'a', attribs: out };
}

function options(policy: SanitizePolicy, image?: ImageResolver): IOptions {
  const slide = policy === 'slide';
  return {
    allowedTags: slide ? SLIDE_TAGS : INLINE_TAGS,
    allowedAttributes: slide
      ? { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['align', 'colspan', 'rowspan'], td: ['align', 'colspan', 'rowspan'],
        ol: ['start'], code: ['class'], input: ['type', 'checked', 'disabled'], details: ['open'] }
      : { a: ['href', 'title', 'rel'] },
    allowedClasses: { code: ['language-*'] },
    allowedSchemes: [...LINK_SCHEMES],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    nonTextTags: NON_TEXT,
    disallowedTagsMode: 'discard',
    enforceHtmlBoundary: false,
    parseStyleAttributes: false,
    transformTags: {
      a: link,
      img: (_tag, attribs) => {
        const src = attribs.src ?? '';
        const kept = src === '' ? null : isLocalUrl(src) ? (image ? image(src) : src) : safeImageUrl(src);
        return { tagName: 'img', attribs: { ...attribs, src: kept ?? '' } };
      },
      // Task-list boxes are pictures of a state, never inputs.
      input: (_tag, attribs) => ({ tagName: 'input', attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

/** Sanitizes rendered HTML for `policy`; in slides, `image` decides what each local image src becomes. */
export function sanitize(html: string, policy: SanitizePolicy, image?: ImageResolver): string {
  return sanitizeHtml(html, options(policy, image));
}
