/**
 * The dev server: the build folder over HTTP on 127.0.0.1 with a reload client injected into every page,
 * Server-Sent Events for reloads and state, and a POST endpoint that asks for a video build.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticHandler } from '../adapters/static-handler.ts';
import { listen } from '../adapters/static-server.ts';

const CLIENT_PATH = '/__lessoncast/client.js';
const CLIENT_SOURCE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'client', 'dev-client.js'), 'utf8');

/** Adds the dev client to an HTML page (before `</body>`, or at the end). */
export function injectClient(html: string): string {
  const tag = `<script src="${CLIENT_PATH}"></script>`;
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
  /** Sends an event to every connected page. */
  broadcast(event: 'reload' | 'state', data: unknown): void;
  close(): Promise<void>;
}

/** Starts the dev server; an address in use is an environment error with the fix. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const clients = new Set<ServerResponse>();
  const version = Date.now().toString(36);
  const serveStatic = createStaticHandler(opts.root, { transformHtml: injectClient });

  const sse = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

  const { url } = await listen(server, opts.host, opts.port);
  const ping = setInterval(() => { for (const c of clients) c.write(': ping\n\n'); }, 15_000);

  return {
    url,
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
