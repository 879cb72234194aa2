/**
 * Serves the files of one folder over node:http: content types, byte ranges (video seeking),
 * directory index pages, and refusal of anything outside the folder (including through symlinks).
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { isInside, resolveRequestPath } from './safe-path.ts';
import { ignoreErrorAs } from '../errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.mp4': 'video/mp4', '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8', '.srt': 'application/x-subrip; charset=utf-8', '.cast': 'application/x-asciicast',
  '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.wav': 'audio/wav', '.mp3': 'audio/mpeg',
};

/** Content type for a file name. */
export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Parses a single `bytes=a-b` range against a size; null when absent or unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') { start = Math.max(0, size - Number(m[2])); end = size - 1; }
  else { start = Number(m[1]); end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1); }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/** Options of `createStaticHandler`. */
export interface StaticHandlerOptions {
  /** Changes an HTML page before it is sent (the dev server injects its client). */
  transformHtml?: (html: string, urlPath: string) => string;
  /** URL prefix the folder is served under ('' or '/course'). */
  prefix?: string;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** A request handler for `root`; resolves false when the request is not its to answer. */
export function createStaticHandler(root: string, opts: StaticHandlerOptions = {}) {
  const prefix = (opts.prefix ?? '').replace(/\/$/, '');
  let realRoot: string | null = null;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let url = req.url ?? '/';
    if (prefix) {
      if (url === prefix) { res.writeHead(301, { location: prefix + '/' }); res.end(); return true; }
      if (!url.startsWith(prefix + '/')) return false;
      url = url.slice(prefix.length);
    }
    const resolved = resolveRequestPath(root, url);
    if (!resolved.ok) { send(res, resolved.status, resolved.status === 403 ? 'Forbidden: outside the site folder' : 'Bad request'); return true; }
    let file = resolved.file;
    let info = await stat(file).catch(ignoreErrorAs(null, 'a missing file is a 404'));
    if (info?.isDirectory()) {
      const path = url.split(/[?#]/, 1)[0];
      // Relative links in an index page need the trailing slash.
      if (!path.endsWith('/')) { res.writeHead(301, { location: prefix + path + '/' + url.slice(path.length) }); res.end(); return true; }
      file = join(file, 'index.html');
      info = await stat(file).catch(ignoreErrorAs(null, 'a missing index is a 404'));
    }
    if (!info || !info.isFile()) { send(res, 404, 'Not found'); return true; }
    realRoot ??= await realpath(root);
    const real = await realpath(file).catch(ignoreErrorAs(null, 'a path that does not resolve is a 404'));
    if (!real || !isInside(realRoot, real)) { send(res, 403, 'Forbidden: outside the site folder'); return true; }

    const type = contentType(file);
    const headers: Record<string, string | number> = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (type.startsWith('text/html') && opts.transformHtml) {
      const html = opts.transformHtml(await readFile(file, 'utf8'), url);
      const body = Buffer.from(html, 'utf8');
      res.writeHead(200, { ...headers, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const range = parseRange(req.headers.range, info.size);
    if (range === 'invalid') {
      res.writeHead(416, { 'content-range': `bytes */${info.size}` });
      res.end();
      return true;
    }
    headers['accept-ranges'] = 'bytes';
    if (range) {
      res.writeHead(206, { ...headers, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${info.size}` });
    } else {
      res.writeHead(200, { ...headers, 'content-length': info.size });
    }
    if (req.method === 'HEAD') { res.end(); return true; }
    const stream = createReadStream(file, range ?? {});
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return true;
  };
}
