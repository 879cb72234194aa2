/** The static server (no way out of its folder) and `lessoncast present` run as a user runs it. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveDir } from '../../src/adapters/static-server.ts';
import { ROOT } from '../stage/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lessoncast-present-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A raw GET (no URL normalisation, unlike fetch). */
function get(port: number, path: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  it('serves files with their types on 127.0.0.1 and refuses traversal, encoded or not, and symlinks out', async () => {
    const site = join(tmp, 'site');
    mkdirSync(join(site, 'sub'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>hi</h1>');
    writeFileSync(join(site, 'sub', 'a.css'), 'a{}');
    writeFileSync(join(tmp, 'secret.txt'), 'secret');
    symlinkSync(join(tmp, 'secret.txt'), join(site, 'link.txt'));
    const server = await serveDir(site);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await get(server.port, '/')).toMatchObject({ status: 200, body: '<h1>hi</h1>', type: 'text/html; charset=utf-8' });
      expect(await get(server.port, '/sub/a.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
      expect((await get(server.port, '/sub')).status).toBe(301);
      expect((await get(server.port, '/nope.js')).status).toBe(404);
      for (const bad of ['/../secret.txt', '/%2e%2e/secret.txt', '/sub/..%2f..%2fsecret.txt', '/link.txt']) {
        const r = await get(server.port, bad);
        expect(r.status, bad).toBe(403);
        expect(r.body).not.toContain('secret');
      }
    } finally {
      await server.close();
    }
  });
});

describe('lessoncast present', () => {
  it('builds the deck, serves it, prints the deck and speaker-view URLs, and stops on Ctrl-C', async () => {
    const out = join(tmp, 'build');
    const child = spawn(process.execPath, [join(ROOT, 'bin/lessoncast.mjs'), 'present', 'services-and-dns', '--out', out], {
      cwd: ROOT, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // eslint-disable-next-line no-control-regex
    child.stdout.on('data', (d) => { stdout += String(d).replace(/\x1b\[[0-9;]*m/g, ''); });
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!/speaker view:/.test(stdout) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(stdout, stderr).toMatch(/deck: +http:\/\/127\.0\.0\.1:\d+\//);
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(stdout)![1]);
      expect(stdout).toContain(`speaker view:  http://127.0.0.1:${port}/?speaker`);
      const page = await get(port, '/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<section class="lc-scene" id="scene-1"');
      expect((await get(port, '/assets/reveal/notes.js')).status).toBe(200);
      expect((await get(port, '/%2e%2e/%2e%2e/package.json')).status).toBe(403);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
  });
});
