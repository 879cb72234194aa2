/**
 * A small static file server for a folder (the deck for `present`, the build for `dev`): binds
 * 127.0.0.1 by default, serves only files inside the folder (no `..`, encoded or not, no symlink
 * escapes), and never lists directories.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { LessoncastError } from '../errors.ts';

/** Content types by extension. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.mp4': 'video/mp4', '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8', '.srt': 'text/plain; charset=utf-8', '.cast': 'application/x-asciicast',
  '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.mp3': 'audio/mpeg', '.wav': 'audio/wav',
};

/** A running server. */
export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Maps a request path to a file inside `root`, or null when it would leave it. Pure: the checks
 * run on the decoded path, so `%2e%2e` and `..%2f` are refused like `..`.
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const file = resolve(root, ...parts);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Serves `dir` on `host:port` (default 127.0.0.1 and a free port). */
export async function serveDir(dir: string, opts: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const root = realpathSync(resolve(dir));
  const host = opts.host ?? '127.0.0.1';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    let file = resolveRequestPath(root, req.url ?? '/');
    if (!file) return send(res, 403, 'Forbidden');
    try {
      let st = statSync(file);
      if (st.isDirectory()) {
        if (!(req.url ?? '/').split('?')[0].endsWith('/')) {
          res.writeHead(301, { location: `${(req.url ?? '/').split('?')[0]}/${(req.url ?? '').includes('?') ? '?' + (req.url ?? '').split('?')[1] : ''}` });
          return res.end();
        }
        file = join(file, 'index.html');
        st = statSync(file);
      }
      // A symlink inside the folder must not lead outside it.
      const real = realpathSync(file);
      if (real !== root && !real.startsWith(root + sep)) return send(res, 403, 'Forbidden');
      res.writeHead(200, {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(res, 404, 'Not found');
    }
  };
  const server = createServer(handler);
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE'
      ? new LessoncastError('PORT_IN_USE', `Port ${opts.port} on ${host} is already in use.`, 'Pass another port with --port N, or leave it out to use a free one.')
      : err));
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    close: () => new Promise<void>((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}
