/**
 * The dev server and the present server over raw HTTP (net.connect: the request line and headers go
 * exactly as written): a foreign Host is refused (DNS rebinding), the state-changing endpoint needs the
 * run's token that only the served pages carry, and path tricks stay inside the build.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHosts, exposureWarning, hostAllowed } from '../../src/adapters/host-check.ts';
import { serveDir, type StaticServer } from '../../src/adapters/static-server.ts';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';

/** One raw HTTP/1.1 exchange; `head` is everything before the body, sent as is. */
function raw(port: number, head: string, body = ''): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => { data += d; });
    socket.on('error', reject);
    socket.on('end', () => {
      const at = data.indexOf('\r\n\r\n');
      const headers = at < 0 ? data : data.slice(0, at);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: at < 0 ? '' : data.slice(at + 4) });
    });
    socket.setTimeout(5000, () => { socket.destroy(new Error(`no answer to ${head.split('\r\n')[0]}`)); });
    socket.write(head.replace(/\n/g, '\r\n') + '\r\n' + body);
  });
}

function get(port: number, path: string, host: string | null = `127.0.0.1:${port}`): ReturnType<typeof raw> {
  return raw(port, `GET ${path} HTTP/1.1\n${host === null ? '' : `Host: ${host}\n`}Connection: close\n`);
}

function post(port: number, path: string, body: string, headers: Record<string, string>): ReturnType<typeof raw> {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...headers })
    .filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}\n`).join('');
  return raw(port, `POST ${path} HTTP/1.1\n${lines}`, body);
}

let tmp: string;
let build: string;
let dev: DevServer;
let devPort: number;
let present: StaticServer;
const videoRequests: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lessoncast-servers-'));
  build = join(tmp, 'build');
  mkdirSync(join(build, 'alpha', 'deck'), { recursive: true });
  writeFileSync(join(build, 'index.html'), '<html><body><h1>Course</h1></body></html>');
  writeFileSync(join(build, 'alpha', 'index.html'), '<html><body><h1>Alpha</h1></body></html>');
  writeFileSync(join(build, 'alpha', 'deck', 'index.html'), '<html><body>deck</body></html>');
  writeFileSync(join(tmp, 'secret.txt'), 'TOP-SECRET');
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(tmp, 'outside', 'x.txt'), 'TOP-SECRET too');
  symlinkSync(join(tmp, 'secret.txt'), join(build, 'link.txt'));
  symlinkSync(join(tmp, 'outside'), join(build, 'alpha', 'dirlink'));
  dev = await startDevServer({ root: build, host: '127.0.0.1', port: 0, state: () => ({ phase: 'idle', lessons: {} }), onBuildVideo: (slug) => videoRequests.push(slug) });
  devPort = Number(new URL(dev.url).port);
  present = await serveDir(join(build, 'alpha', 'deck'));
});

afterAll(async () => {
  await dev?.close();
  await present?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Host header (DNS rebinding)', () => {
  it('answers its own address, localhost and [::1] with the port', async () => {
    for (const host of [`127.0.0.1:${devPort}`, `localhost:${devPort}`, `LOCALHOST:${devPort}`, `[::1]:${devPort}`, `localhost.:${devPort}`]) {
      const r = await get(devPort, '/', host);
      expect(r.status, host).toBe(200);
      expect(r.body).toContain('<h1>Course</h1>');
    }
  });

  it('refuses any other name, another port, no port, no Host, and an absolute-form request for another site', async () => {
    const bad = ['evil.example', `evil.example:${devPort}`, `attacker.localhost.evil.example:${devPort}`, `127.0.0.1:${devPort + 1}`, '127.0.0.1', `127.0.0.2:${devPort}`,
      `127.0.0.1:${devPort}@evil.example`, `evil.example:${devPort}#127.0.0.1:${devPort}`, ''];
    for (const host of bad) {
      const r = await get(devPort, '/', host || null);
      // Without a Host, Node's HTTP/1.1 parser answers 400 before the server sees the request.
      expect(host ? [421] : [400, 421], `Host: ${host || '(none)'}`).toContain(r.status);
      expect(r.body).not.toContain('<h1>Course</h1>');
      expect(r.body).not.toContain('evil');
    }
    // Every path: the build, the state, the events and the endpoint.
    for (const path of ['/alpha/index.html', '/__lessoncast/state', '/__lessoncast/events', '/__lessoncast/client.js'])
      expect((await get(devPort, path, `evil.example:${devPort}`)).status, path).toBe(421);
    // HTTP/1.0 may leave out the Host: refused by the server itself.
    expect((await raw(devPort, 'GET / HTTP/1.0\n')).status).toBe(421);
    const abs = await raw(devPort, `GET http://evil.example:${devPort}/ HTTP/1.1\nHost: evil.example:${devPort}\nConnection: close\n`);
    expect(abs.status).toBe(421);
    const r = await post(devPort, '/__lessoncast/build-video', '{"slug":"alpha"}', { Host: `evil.example:${devPort}`, 'X-Lessoncast-Token': dev.token });
    expect(r.status).toBe(421);
    expect(videoRequests).toEqual([]);
  });

  it('present refuses a foreign Host too', async () => {
    expect((await get(present.port, '/')).status).toBe(200);
    expect((await get(present.port, '/', `evil.example:${present.port}`)).status).toBe(421);
    expect((await get(present.port, '/', `localhost:${present.port}`)).status).toBe(200);
  });

  it('names the allowed hosts for loopback, wildcard and named binds; warns off loopback', () => {
    expect([...allowedHosts('127.0.0.1', 4321)].sort()).toEqual(['127.0.0.1:4321', '[::1]:4321', 'localhost:4321']);
    expect([...allowedHosts('0.0.0.0', 4321, () => ['192.0.2.7', 'fe80::1'])].sort()).toEqual(['0.0.0.0:4321', '127.0.0.1:4321', '192.0.2.7:4321', '[::1]:4321', '[fe80::1]:4321', 'localhost:4321']);
    expect([...allowedHosts('box.lan', 80)].sort()).toEqual(['box.lan', 'box.lan:80']);
    expect(hostAllowed('BOX.lan', allowedHosts('box.lan', 80))).toBe(true);
    expect(hostAllowed('box.lan:8080', allowedHosts('box.lan', 80))).toBe(false);
    expect(exposureWarning('127.0.0.1')).toBeNull();
    expect(exposureWarning('localhost')).toBeNull();
    expect(exposureWarning('0.0.0.0')).toMatch(/visible to every machine on the network/);
    expect(exposureWarning('::')).toMatch(/every network interface/);
    expect(exposureWarning('192.0.2.7')).toMatch(/other machines on the network/);
  });
});

describe('the per-run token', () => {
  it('is in every page the dev server serves, and never in client.js (which any site may load)', async () => {
    const page = await get(devPort, '/alpha/index.html');
    expect(page.body).toContain(`data-lessoncast-token="${dev.token}"`);
    expect(dev.token.length).toBeGreaterThanOrEqual(32);
    const client = await get(devPort, '/__lessoncast/client.js');
    expect(client.status).toBe(200);
    expect(client.body).not.toContain(dev.token);
  });

  it('build-video needs it: none or a wrong one is 403, the right one is 202', async () => {
    const none = await post(devPort, '/__lessoncast/build-video', '{"slug":"alpha"}', {});
    expect(none.status).toBe(403);
    const wrong = await post(devPort, '/__lessoncast/build-video', '{"slug":"alpha"}', { 'X-Lessoncast-Token': dev.token.slice(0, -1) + (dev.token.endsWith('A') ? 'B' : 'A') });
    expect(wrong.status).toBe(403);
    const short = await post(devPort, '/__lessoncast/build-video', '{"slug":"alpha"}', { 'X-Lessoncast-Token': 'x' });
    expect(short.status).toBe(403);
    // A cross-site form can send neither JSON nor the header.
    const form = await post(devPort, '/__lessoncast/build-video', 'slug=alpha', { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Lessoncast-Token': dev.token });
    expect(form.status).toBe(405);
    expect(videoRequests).toEqual([]);
    const ok = await post(devPort, '/__lessoncast/build-video', '{"slug":"alpha"}', { 'X-Lessoncast-Token': dev.token });
    expect(ok.status).toBe(202);
    expect(videoRequests).toEqual(['alpha']);
  });
});

describe('paths', () => {
  const tricks = [
    '/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/%2e%2e/etc/passwd', '/alpha/..%2f..%2fsecret.txt', '/alpha/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..\\secret.txt', '/alpha/..\\..\\secret.txt', '/%5c..%5csecret.txt', '/alpha/%5C..%5C..%5Csecret.txt', '/.%2e/secret.txt',
    '/link.txt', '/alpha/dirlink/x.txt', '/alpha/dirlink/', '//secret.txt/../../secret.txt',
  ];

  it('dev: every spelling of .. and every symlink out of the build is refused', async () => {
    for (const path of tricks) {
      const r = await get(devPort, path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain('TOP-SECRET');
    }
    for (const path of ['/%00.html', '/%E0%A4%A.html', '/%']) expect((await get(devPort, path)).status, path).toBe(400);
  });

  it('present: the same', async () => {
    const server = await serveDir(build);
    try {
      for (const path of tricks) {
        const r = await get(server.port, path, `127.0.0.1:${server.port}`);
        expect([400, 403, 404], path).toContain(r.status);
        expect(r.body, path).not.toContain('TOP-SECRET');
      }
    } finally {
      await server.close();
    }
  });
});
