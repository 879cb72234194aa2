/**
 * The dev server: the build folder over HTTP on 127.0.0.1 with a reload client injected into every page,
 * Server-Sent Events for reloads and state, and a POST endpoint that asks for a video build. It answers
 * only requests whose Host names it, and the POST needs this run's token, which only its own pages hold
 * (docs/security.md).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedHosts, refuseForeignHost } from '../adapters/host-check.ts';
import { createStaticHandler } from '../adapters/static-handler.ts';
import { listen } from '../adapters/static-server.ts';

const CLIENT_PATH = '/__lessoncast/client.js';
const CLIENT_SOURCE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'client', 'dev-client.js'), 'utf8');

/** The header that carries the run's token on requests that change state. */
export const TOKEN_HEADER = 'x-lessoncast-token';

/**
 * Adds the dev client to an HTML page (before `</body>`, or at the end). The token goes in the page,
 * never in client.js: another site may load a script cross-origin, but it cannot read a page.
 */
export function injectClient(html: string, token?: string): string {
  const tag = `<script src="${CLIENT_PATH}"${token ? ` data-lessoncast-token="${token}"` : ''}></script>`;
  const at = html.lastIndexOf('</body>');
  return at >= 0 ? html.slice(0, at) + tag + '\n' + html.slice(at) : html + tag;
}

/** Where and what the dev server serves, and what it calls back. */
export interface DevServerOptions {
  /** The folder served (the course's build folder). */
  root: string;
  host: string;
  port: number;
  /** Current state, sent to each page when it connects. */
  state: () => unknown;
  /** A page asked for a video build of a lesson. */
  onBuildVideo: (slug: string) => void;
}

/** A running dev server. */
export interface DevServer {
  url: string;
  /** This run's token for state-changing requests (in every page served). */
  token: string;
  /** Sends an event to every connected page. */
  broadcast(event: 'reload' | 'state', data: unknown): void;
  close(): Promise<void>;
}

/** Starts the dev server; an address in use is an environment error with the fix. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const clients = new Set<ServerResponse>();
  const version = Date.now().toString(36);
  const token = randomBytes(24).toString('base64url');
  const serveStatic = createStaticHandler(opts.root, { transformHtml: (html) => injectClient(html, token) });
  // Known once listening; no request arrives before that.
  let allowed = new Set<string>();
  const tokenOk = (sent: unknown): boolean => {
    const a = Buffer.from(typeof sent === 'string' ? sent : '');
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const sse = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (refuseForeignHost(req, res, allowed)) return;
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === CLIENT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(CLIENT_SOURCE);
      return;
    }
    if (path === '/__lessoncast/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      sse(res, 'hello', { version });
      sse(res, 'state', opts.state());
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/__lessoncast/state') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(opts.state()));
      return;
    }
    if (path === '/__lessoncast/build-video') {
      // JSON only: a cross-site form cannot send it without a CORS preflight, which this server never grants.
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      if (!tokenOk(req.headers[TOKEN_HEADER])) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('This request needs the token of this dev server run: reload the page.\n');
        return;
      }
      let body = '';
      for await (const chunk of req) { body += chunk; if (body.length > 4096) break; }
      let slug: unknown;
      try { slug = JSON.parse(body).slug; } catch { slug = undefined; }
      if (typeof slug !== 'string' || !slug) { res.writeHead(400).end('slug required'); return; }
      opts.onBuildVideo(slug);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (path.startsWith('/__lessoncast/')) { res.writeHead(404).end(); return; }
    if (!(await serveStatic(req, res))) res.writeHead(405, { allow: 'GET, HEAD' }).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error: ${(err as Error).message}`);
    });
  });
  // Pages keep an event stream open: keep-alive must not stall close().
  server.keepAliveTimeout = 1000;

  const { url, port } = await listen(server, opts.host, opts.port);
  allowed = allowedHosts(opts.host, port);
  const ping = setInterval(() => { for (const c of clients) c.write(': ping\n\n'); }, 15_000);

  return {
    url,
    token,
    broadcast(event, data) {
      for (const c of clients) sse(c, event, data);
    },
    async close() {
      clearInterval(ping);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
