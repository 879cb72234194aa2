/**
 * `record` and `check` with real commands in a real pseudo-terminal: a lesson that starts
 * `python3 -m http.server` (on a free loopback port) in its `bash setup` block, waits for it, and
 * inspects it with curl and ss; written outputs that drift (a header, an exit status) and outputs that
 * differ only in volatile parts (dates, ports, column widths); `check --update`; set-ups and waits
 * that fail.
 */
import { connect, createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import { runCli } from '../cli/run-cli.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.on('connect', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

const lesson = (port: number) => `---
workdir: site
---
# A web server of our own

\`\`\`bash setup
python3 -m http.server ${port} --bind 127.0.0.1 2>/dev/null &
wait for "Serving HTTP"
\`\`\`

We ask the server for the headers of its page.

\`\`\`bash
$ curl -sI http://127.0.0.1:${port}/index.html
HTTP/1.0 200 OK
Server: SimpleHTTP/0.6 Python/3.9.2
Date: Mon, 02 Jan 2006 15:04:05 GMT
Content-type: text/html
Content-Length: 12
Last-Modified: Mon, 02 Jan 2006 15:04:05 GMT
$ ss -ltn 'sport = :${port}'
State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Process
LISTEN  0       5       127.0.0.1:${port}      0.0.0.0:*
$ export GREETING=hello # no output
$ ls
index.html
$ dd if=/dev/zero of=big.bin bs=1024 count=4 status=none # no output
$ ls
big.bin  index.html
$ curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${port}/missing
404
$ date -u
Mon Jan  2 15:04:05 UTC 2006
$ test -e nothing-here # exit 1
\`\`\`

\`\`\`bash teardown
kill %1
\`\`\`
`;

let root: string;
let port: number;
const script = () => join(root, 'transcripts', 'server.md');
const castsDir = () => join(root, 'recordings', 'server');
const castOutput = (name: string) => readCast(readFileSync(join(castsDir(), name), 'utf8'), name).events.filter((e) => e.code === 'o').map((e) => e.data).join('');
const runFolders = () => readdirSync(tmpdir()).filter((n) => n.startsWith('lessoncast-run-')).sort();

beforeAll(async () => {
  port = await freePort();
  root = mkdtempSync(join(tmpdir(), 'lc-check-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'site'));
  writeFileSync(join(root, 'site', 'index.html'), '<h1>hi</h1>\n');
  // The Python version in the Server header is the machine's, not the lesson's: the course ignores it.
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { check: { ignore: ['Python/[0-9.]+'] } };\n");
  writeFileSync(script(), lesson(port));
});
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('a lesson with a server in its set-up', () => {
  it('records right at the first try: the server is up before curl, each run starts from a fresh copy of the workdir, nothing is left running', async () => {
    const before = runFolders();
    const r = await runCli(['record', 'server', '--yes', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9 casts saved.');
    expect(r.stdout).toMatch(/set-up \(transcripts\/server\.md:6\)\n\s+wait for "Serving HTTP"\n\[1\/9\] \$ curl -sI/);
    const names = readdirSync(castsDir()).sort();
    expect(names).toHaveLength(9);
    expect(castOutput(names[0])).toMatch(/\r\nHTTP\/1\.0 200 OK\r/);
    expect(castOutput(names[1])).toMatch(/LISTEN +0 +5 +127\.0\.0\.1:\d+/);
    expect(castOutput(names[3])).toContain('\r\nindex.html\r\n');
    expect(castOutput(names[3])).not.toContain('big.bin');
    expect(castOutput(names[5])).toMatch(/big\.bin +index\.html/);
    // The set-up's waiting is in no cast: each starts at its own prompt and lasts about as long as its typing.
    for (const n of names) expect(readCast(readFileSync(join(castsDir(), n), 'utf8'), n).duration, n).toBeLessThan(8);
    expect(await listening(port)).toBe(false); // the tear-down (and the end of the session) stopped the server
    expect(readdirSync(join(root, 'site'))).toEqual(['index.html']); // the course's own folder is untouched
    expect(runFolders()).toEqual(before); // the copy is gone

    // A second run sees none of the first one's files.
    const again = await runCli(['record', 'server', '--yes', '--only', '4', '--root', root]);
    expect(again.code).toBe(0);
    expect(castOutput(names[3])).not.toContain('big.bin');
  }, 60_000);

  it('check passes: dates, the Python version, column widths and the port in the table differ, the lesson does not', async () => {
    const r = await runCli(['check', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('server: 0 errors, 0 warnings; 9 commands checked: 9 as written');
    expect(r.code).toBe(0);
    const json = await runCli(['check', 'server', '--json', '--root', root]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it('fails with a readable diff when a written output drifts and when an exit status is not the script\'s; --json gives the same findings', async () => {
    const good = readFileSync(script(), 'utf8');
    writeFileSync(script(), good.replace('HTTP/1.0 200 OK', 'HTTP/1.0 404 File not found').replace('$ test -e nothing-here # exit 1', '$ test -e nothing-here'));
    try {
      const r = await runCli(['check', 'server', '--root', root]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('✗  1  curl -sI');
      expect(r.stdout).toContain('transcripts/server.md:14:1 error output-drift `curl -sI http://127.0.0.1:' + port + '/index.html` printed `HTTP/1.0 200 OK` where the script shows `HTTP/1.0 404 File not found`');
      expect(r.stdout).toContain([
        '    --- transcripts/server.md:14 (written)',
        '    +++ real output',
        '    @@ -1,3 +1,3 @@',
        '    -HTTP/1.0 404 File not found',
        '    +HTTP/1.0 200 OK',
        '     Server: SimpleHTTP/0.6 Python/3.9.2',
        '     Date: Mon, 02 Jan 2006 15:04:05 GMT',
      ].join('\n'));
      expect(r.stdout).toContain('transcripts/server.md:34:1 error unexpected-exit `test -e nothing-here` exited 1; the script does not show that it fails (fix the command or what it needs (set-up, a wait); if it is meant to fail, end its line with `# exit 1`)');
      expect(r.stdout).toContain('server: 2 errors, 0 warnings; 9 commands checked: 7 as written, 1 differs, 1 failed');
      const json = JSON.parse((await runCli(['check', 'server', '--json', '--root', root])).stdout) as { code: string; line: number; detail?: string }[];
      expect(json.map((d) => [d.code, d.line])).toEqual([['output-drift', 14], ['unexpected-exit', 34]]);
      expect(json[0].detail).toContain('+HTTP/1.0 200 OK');
    } finally {
      writeFileSync(script(), good);
    }
  }, 60_000);

  it('check --update puts a drifted script right, changing only the lines that differ (CRLF, BOM and trailing spaces kept)', async () => {
    const good = readFileSync(script(), 'utf8');
    // The same script as a Windows editor saves it: BOM, CRLF, a trailing space in the narration.
    const crlf = '\uFEFF' + good.replace('headers of its page.', 'headers of its page. ').replace(/\n/g, '\r\n');
    writeFileSync(script(), crlf.replace('HTTP/1.0 200 OK', 'HTTP/1.0 500 Oops').replace('big.bin  index.html', 'index.html'));
    try {
      const without = await runCli(['check', 'server', '--update', '--root', root]);
      expect(without.code).toBe(1); // no terminal to ask on, no --yes: shown, not written
      expect(without.stderr).toContain('pass --yes');
      expect(without.stdout).toContain('-HTTP/1.0 500 Oops\n+HTTP/1.0 200 OK');
      const r = await runCli(['check', 'server', '--update', '--yes', '--root', root]);
      expect(r.stdout).toContain("✓ transcripts/server.md: 2 commands' output written");
      expect(r.code).toBe(0);
      expect(readFileSync(script(), 'utf8')).toBe(crlf); // exactly the script before the drift, byte for byte
      expect((await runCli(['check', 'server', '--root', root])).code).toBe(0);
    } finally {
      writeFileSync(script(), good);
    }
  }, 90_000);
});

describe('set-ups and waits that fail say where and why, and nothing runs on a broken set-up', () => {
  it('a failing set-up line, a wait that runs out, a wait until a command that never succeeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-check-fail-'));
    try {
      mkdirSync(join(dir, 'transcripts'));
      writeFileSync(join(dir, 'transcripts', 'setup.md'), '# S\n\n```bash setup\necho preparing\nfalse\necho never\n```\n\nHi.\n\n```bash\n$ echo hi\nhi\n```\n');
      writeFileSync(join(dir, 'transcripts', 'waits.md'), '# W\n\nHi.\n\n```bash\n$ echo one\none\nwait for "never printed" 1s\n$ echo two\ntwo\n```\n');
      writeFileSync(join(dir, 'transcripts', 'until.md'), '# U\n\nHi.\n\n```bash\nwait up to 1s until test -e ready.flag\n$ echo one\none\n```\n');
      const r = await runCli(['check', '--root', dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('transcripts/setup.md:5:1 error setup-failed set-up: `false` exited 1: preparing');
      expect(r.stdout).toContain('setup: 1 error, 0 warnings; 0 commands checked: 0 as written, 1 not run');
      expect(r.stdout).toContain('transcripts/waits.md:8:1 error wait-timed-out `wait for "never printed" 1s`: not there after 1 s; the output so far ends with: one');
      expect(r.stdout).toContain('waits: 1 error, 0 warnings; 1 command checked: 1 as written, 1 not run');
      expect(r.stdout).toContain('transcripts/until.md:6:1 error wait-timed-out `wait up to 1s until test -e ready.flag`: `test -e ready.flag` did not succeed in 1 s (it last exited 1)');
      const rec = await runCli(['record', 'waits', '--yes', '--root', dir]);
      expect(rec.code).toBe(1);
      expect(rec.stderr).toContain('transcripts/waits.md:8:1 error wait-timed-out');
      expect(readdirSync(join(dir, 'recordings', 'waits'))).toEqual(['01-echo-one.cast']); // the command after the wait is not recorded failing
      expect(existsSync(join(dir, 'ready.flag'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
