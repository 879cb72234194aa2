/** The link policy of everything lessoncast publishes: only http:, https:, mailto: and relative URLs survive. */

const ALLOWED_SCHEMES = ['http', 'https', 'mailto'] as const;

/** Schemes a link may use (also the sanitizer's allow-list). */
export const LINK_SCHEMES: readonly string[] = ALLOWED_SCHEMES;

// Browsers drop ASCII tab/newline anywhere in a URL and leading C0 controls/spaces before
// reading its scheme (WHATWG URL), so `java\tscript:` is `javascript:`: strip the same first.
// eslint-disable-next-line no-control-regex
const IGNORED_BY_BROWSERS = /[\t\n\r]|^[\u0000-\u0020]+/g;

/** The href to publish, or null when it must not be a link (`javascript:`, `data:`, `vbscript:`, `//host`, ...). */
export function safeUrl(href: string): string | null {
  const url = decodeEntities(href).replace(IGNORED_BY_BROWSERS, '');
  if (url === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme) return (ALLOWED_SCHEMES as readonly string[]).includes(scheme[1].toLowerCase()) ? url : null;
  // Network-path references (`//host`, and `/\host`, which browsers read the same way) leave the site.
  if (/^[\\/]{2}/.test(url) || /^\/\\/.test(url)) return null;
  // A colon before the first / ? # would be read as a scheme by some parser: not relative.
  if (/^[^/?#]*:/.test(url)) return null;
  return url;
}

/** True for an absolute http(s) link (it gets rel="noopener noreferrer"). */
export function isExternal(url: string): boolean {
  return /^https?:/i.test(url);
}

/** True for a URL with neither a scheme nor a host: a file of the course (slide images). */
export function isLocalUrl(src: string): boolean {
  return src.trim() !== '' && !/^([a-z][a-z0-9+.-]*:|[\\/]{2}|\/\\)/i.test(src.trim());
}

/** An absolute image URL a slide may show: http(s), or a data: image (an <img> never runs script). */
export function safeImageUrl(src: string): string | null {
  const url = src.trim();
  return /^(https?:\/\/|data:image\/)/i.test(url) ? url : null;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', nbsp: '\u00a0' };

/** Decodes the character references an attribute value may hide a scheme behind (`&#106;avascript&colon;`). */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}
