/** The HTML document around every site page: language, viewport, colour scheme, stylesheets, icon. */
import { esc } from './html.ts';

// An inline icon: browsers ask servers for /favicon.ico otherwise, a request outside the site's folder.
const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#326ce5"/><path d="M12 9l12 7-12 7z" fill="#fff"/></svg>')}`;

/** Wraps a page body; `base` is the relative path to the site root ('' or '../'). */
export function pageShell(opts: { title: string; description: string; base: string; bodyClass: string; body: string; styles?: string[]; scripts?: string[] }): string {
  const styles = ['assets/site.css', ...(opts.styles ?? [])].map((href) => `<link rel="stylesheet" href="${opts.base}${href}">`).join('\n');
  const scripts = (opts.scripts ?? []).map((src) => `<script src="${opts.base}${src}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="lessoncast">
<title>${esc(opts.title)}</title>
<meta name="description" content="${esc(opts.description)}">
<link rel="icon" href="${ICON}">
${styles}
${scripts}
</head>
<body class="${opts.bodyClass}">
<a class="skip-link" href="#main">Skip to content</a>
${opts.body}
</body>
</html>
`;
}
