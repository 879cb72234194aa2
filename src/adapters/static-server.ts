/**
 * A static file server for one folder (the deck for `present`): binds 127.0.0.1 by default, a free
 * port unless told, answers only requests whose Host names it (host-check.ts), and serves through
 * the same handler as `dev` (no `..`, encoded or not, no symlink escapes, byte ranges for video).
 */
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { LessoncastError } from '../errors.ts';
import { allowedHosts, refuseForeignHost } from './host-check.ts';
import { createStaticHandler } from './static-handler.ts';

/** A running server. */
export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts `server` on `host:port`; a taken port is an environment error with a fix. */
export async function listen(server: Server, host: string, port?: number): Promise<{ url: string; port: number }> {
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(
      err.code === 'EADDRINUSE'
        ? new LessoncastError('PORT_IN_USE', `Port ${port} on ${host} is already in use.`, `Stop the other server, or pick another port with --port ${(port ?? 0) + 1}.`)
        : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
          ? new LessoncastError('HOST_INVALID', `Cannot listen on ${host}: ${err.message}`, 'Use --host 127.0.0.1 (the default) or an address of this machine.')
          : err));
    server.listen(port ?? 0, host, () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`, port: actual };
}

/** Serves `dir` on `host:port` (default 127.0.0.1 and a free port). */
export async function serveDir(dir: string, opts: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const handle = createStaticHandler(realpathSync(resolve(dir)));
  const host = opts.host ?? '127.0.0.1';
  // Known once listening (the port may be a free one): no request arrives before that.
  let allowed = new Set<string>();
  const server = createServer((req, res) => {
    if (refuseForeignHost(req, res, allowed)) return;
    handle(req, res).then((answered) => {
      if (!answered) { res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' }); res.end('Method not allowed'); }
    }, () => { if (!res.headersSent) res.writeHead(500); res.end(); });
  });
  const { url, port } = await listen(server, host, opts.port);
  allowed = allowedHosts(host, port);
  return {
    url,
    port,
    server,
    close: () => new Promise<void>((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}
