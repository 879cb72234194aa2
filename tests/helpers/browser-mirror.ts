/**
 * A local mirror of Chrome for Testing for the tests of `lessoncast doctor --install-browser`: an
 * HTTP server on a free loopback port that serves `<build>/linux64/chrome-linux64.zip` in the layout
 * @puppeteer/browsers downloads from storage.googleapis.com. The zip is real (made by `zip`), but
 * what it holds is not a Chrome build (this machine cannot download one): its `chrome-linux64/chrome`
 * is a shell script that runs the system's Chromium, so a build with the "downloaded" browser really
 * renders, plus 4 MB of random bytes so the download takes several progress steps.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrowserMirror {
  url: string;
  /** Paths requested (method and path), in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the mirror for `buildId`; `missing` serves 404 for every archive (a mirror without the build). */
export async function startBrowserMirror(buildId: string, opts: { missing?: boolean; systemChromium?: string } = {}): Promise<BrowserMirror> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-mirror-'));
  const tree = join(dir, 'chrome-linux64');
  mkdirSync(tree);
  writeFileSync(join(tree, 'chrome'), `#!/bin/sh\n# Not Chrome for Testing: a stand-in that runs the system's Chromium (tests/helpers/browser-mirror.ts).\nexec ${opts.systemChromium ?? '/usr/bin/chromium'} "$@"\n`);
  chmodSync(join(tree, 'chrome'), 0o755);
  writeFileSync(join(tree, 'padding.bin'), randomBytes(4 * 1024 * 1024));
  execFileSync('zip', ['-q', '-r', 'chrome-linux64.zip', 'chrome-linux64'], { cwd: dir });
  const zip = readFileSync(join(dir, 'chrome-linux64.zip'));
  const want = `/${buildId}/linux64/chrome-linux64.zip`;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url !== want || opts.missing) { res.writeHead(404).end('not here'); return; }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
    if (req.method === 'HEAD') { res.end(); return; }
    // In pieces, so the client reports progress more than once.
    let at = 0;
    const next = () => {
      if (at >= zip.length) { res.end(); return; }
      const piece = zip.subarray(at, at + 256 * 1024);
      at += piece.length;
      if (res.write(piece)) setImmediate(next); else res.once('drain', next);
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
