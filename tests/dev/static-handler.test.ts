/** The static file handler over a real socket: types, ranges, folders, and nothing outside its folder (symlinks included). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from '../../src/adapters/static-handler.ts';

let dir: string;
let server: Server;
let port: number;

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lessoncast-static-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'lesson'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<html><body>home</body></html>');
  writeFileSync(join(site, 'lesson', 'index.html'), '<html><body>lesson</body></html>');
  writeFileSync(join(site, 'lesson', 'clip.mp4'), Buffer.from('0123456789'));
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  symlinkSync(join(dir, 'secret.txt'), join(site, 'link.txt'));
  const handle = createStaticHandler(site, { prefix: '/course', transformHtml: (html) => html.replace('</body>', '<i>injected</i></body>') });
  server = createServer((req, res) => { void handle(req, res).then((ok) => { if (!ok) res.writeHead(404).end('not mine'); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('createStaticHandler', () => {
  it('serves pages under its prefix, with the HTML transform and folder index pages', async () => {
    const home = await get('/course/');
    expect(home).toMatchObject({ status: 200, body: '<html><body>home<i>injected</i></body></html>' });
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await get('/course')).toMatchObject({ status: 301, headers: { location: '/course/' } });
    expect(await get('/course/lesson')).toMatchObject({ status: 301, headers: { location: '/course/lesson/' } });
    expect((await get('/course/lesson/')).body).toContain('lesson');
    expect(await get('/other/')).toMatchObject({ status: 404, body: 'not mine' });
    expect((await get('/course/missing.css')).status).toBe(404);
  });

  it('answers byte ranges, as video seeking needs', async () => {
    const r = await get('/course/lesson/clip.mp4', { range: 'bytes=2-5' });
    expect(r).toMatchObject({ status: 206, body: '2345', headers: { 'content-range': 'bytes 2-5/10', 'content-type': 'video/mp4' } });
    expect(await get('/course/lesson/clip.mp4', { range: 'bytes=20-' })).toMatchObject({ status: 416 });
    const full = await get('/course/lesson/clip.mp4');
    expect(full).toMatchObject({ status: 200, body: '0123456789', headers: { 'accept-ranges': 'bytes' } });
    expect(await get('/course/lesson/clip.mp4', {}, 'HEAD')).toMatchObject({ status: 200, body: '', headers: { 'content-length': '10' } });
  });

  it('refuses traversal and symlinks that leave the folder', async () => {
    for (const p of ['/course/../secret.txt', '/course/%2e%2e/secret.txt', '/course/lesson/..%2f..%2fsecret.txt']) {
      const r = await get(p);
      expect(r.status, p).toBe(403);
      expect(r.body).not.toContain('top secret');
    }
    const link = await get('/course/link.txt');
    expect(link.status).toBe(403);
    expect(link.body).not.toContain('top secret');
  });
});
