import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import { binPath, lessoncast } from '../helpers/cli.ts';

function course(script: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lc-record-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'work'));
  writeFileSync(join(root, 'work', 'notes.txt'), 'n');
  writeFileSync(join(root, 'transcripts', 'demo.md'), script);
  return root;
}

const SCRIPT = `---
workdir: work
terminal:
  cols: 100
  rows: 30
---
# Demo

We run a few commands.

\`\`\`bash
$ echo hello
hello
$ printf '\\e[32mgreen\\e[0m\\n'
$ ls
$ false
$ cd /tmp
$ pwd
$ export X=42
$ echo "x is $X"
\`\`\`
`;

const casts = (root: string) => (existsSync(join(root, 'recordings', 'demo')) ? readdirSync(join(root, 'recordings', 'demo')).sort() : []);
const castOf = (root: string, name: string) => readCast(readFileSync(join(root, 'recordings', 'demo', name), 'utf8'), name);
const output = (root: string, name: string) => castOf(root, name).events.filter((e) => e.code === 'o').map((e) => e.data).join('');

describe('lessoncast record', () => {
  it('--yes: lists the commands, runs them in one session in the workdir, saves one v2 cast each', () => {
    const root = course(SCRIPT);
    const r = lessoncast(['record', 'demo', '--yes', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+1 {2}echo hello {2}transcripts\/demo\.md:12$/m);
    expect(r.stdout).toMatch(/\[4\/8\] \$ false\n\s+exit 1 in [\d.]+ s → recordings\/demo\/04-false\.cast/);
    expect(r.stdout).toContain('8 casts saved.');
    expect(casts(root)).toEqual(['01-echo-hello.cast', '02-printf-e-32mgreen-e-0m-n.cast', '03-ls.cast', '04-false.cast', '05-cd-tmp.cast', '06-pwd.cast', '07-export-x-42.cast', '08-echo-x-is-x.cast']);

    const first = castOf(root, '01-echo-hello.cast');
    expect(first).toMatchObject({ version: 2, cols: 100, rows: 30, command: 'echo hello', env: { TERM: 'xterm-256color' } });
    expect(first.timestamp).toBeGreaterThan(1.6e9);
    expect(readFileSync(join(root, 'recordings', 'demo', '01-echo-hello.cast'), 'utf8').split('\n')[0]).toMatch(/^\{"version":2,"width":100,"height":30,"timestamp":\d+,"command":"echo hello","env":\{"SHELL":"[^"]+bash","TERM":"xterm-256color"\}\}$/);
    expect(output(root, '01-echo-hello.cast')).toBe('\r\x1b[K$ echo hello\r\nhello\r\n$ ');
    expect(output(root, '02-printf-e-32mgreen-e-0m-n.cast')).toContain('\x1b[32mgreen\x1b[0m\r\n');
    expect(output(root, '03-ls.cast')).toContain('notes.txt');
    expect(castOf(root, '04-false.cast').events.at(-1)).toMatchObject({ code: 'x', data: '1' });
    expect(output(root, '06-pwd.cast')).toContain('\r\n/tmp\r\n');
    expect(output(root, '08-echo-x-is-x.cast')).toContain('x is 42\r\n');
    expect(readdirSync(join(root, 'recordings', 'demo')).some((f) => f.includes('.tmp'))).toBe(false);

    const again = lessoncast(['record', 'demo', '--yes', '--only', '6', '--root', root]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('[6/8] $ pwd');
    expect(again.stdout).toContain('1 cast saved.');
    expect(output(root, '06-pwd.cast')).toContain(`\r\n${join(root, 'work')}\r\n`); // alone, without the earlier cd

    const range = lessoncast(['record', 'demo', '--yes', '--only', '5-6', '--root', root]);
    expect(range.code).toBe(0);
    expect(range.stdout).toContain('2 casts saved.');
    expect(output(root, '06-pwd.cast')).toContain('\r\n/tmp\r\n'); // 5 and 6 share one shell session
  });

  it('refuses commands that still hold placeholders, naming them, and runs nothing', () => {
    const root = course('# P\n\n```bash\n$ echo ok\n$ kubectl exec ... -- curl http://xxxxxx\n```\n');
    const r = lessoncast(['record', 'demo', '--yes', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('command 2 (transcripts/demo.md:5): kubectl exec ... -- curl http://xxxxxx');
    expect(r.stderr).toContain('"..."');
    expect(r.stderr).toContain('"xxxxxx"');
    expect(r.stderr).toContain('--only 1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(casts(root)).toEqual([]);
    expect(lessoncast(['record', 'demo', '--yes', '--only', '1', '--root', root]).code).toBe(0);
    expect(casts(root)).toEqual(['01-echo-ok.cast']);
  });

  it('without a terminal and without --yes it asks for --yes and runs nothing; --only out of range is an error', () => {
    const root = course(SCRIPT);
    const r = lessoncast(['record', 'demo', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Pass --yes');
    expect(casts(root)).toEqual([]);
    const o = lessoncast(['record', 'demo', '--yes', '--only', '9', '--root', root]);
    expect(o.code).toBe(1);
    expect(o.stderr).toContain('--only 9: lesson "demo" has 8 commands.');
  });

  it('a command over --timeout is stopped, saved with a marker, and the exit code says so', () => {
    const root = course('# T\n\n```bash\n$ sleep 20\n$ echo after\n```\n');
    const r = lessoncast(['record', 'demo', '--yes', '--timeout', '1', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/timed out after 1 s/);
    expect(castOf(root, '01-sleep-20.cast').events.some((e) => e.code === 'm' && /timed out/.test(e.data))).toBe(true);
    expect(output(root, '02-echo-after.cast')).toContain('after\r\n');
  });

  it('Ctrl-C keeps the casts already written, leaves no half-written file, exits 130', async () => {
    const root = course('# I\n\n```bash\n$ echo one\n$ echo two\n$ sleep 30\n$ echo never\n```\n');
    const child = spawn(process.execPath, [binPath, 'record', 'demo', '--yes', '--root', root], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('[3/4] $ sleep 30')) setTimeout(() => child.kill('SIGINT'), 300);
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: command 3 was stopped and not saved; 2 casts saved before it are intact.');
    expect(casts(root)).toEqual(['01-echo-one.cast', '02-echo-two.cast']);
    expect(output(root, '02-echo-two.cast')).toContain('two\r\n');
  });
});
