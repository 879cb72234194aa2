/** `build --watch` rebuilds on an edit; `dev` prints the overlay's problems in its terminal log; `dev --open` without a desktop says so. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCommand } from '../../src/adapters/open-url.ts';
import { binPath } from '../helpers/cli.ts';
import { initCourse } from './course-fixture.ts';

const children: ChildProcess[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function start(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [binPath, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  children.push(child);
  return { child, output: () => out };
}

async function waitFor(test: () => boolean, ms: number, what: string, output: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

describe('build --watch', () => {
  it('builds, rebuilds after an edit, stops on Ctrl-C with the last build\'s exit code', async () => {
    const root = initCourse();
    roots.push(root);
    const { child, output } = start(['build', '--site', '--watch', '--root', root]);
    await waitFor(() => /watching .* for changes/.test(output()), 60_000, 'the first build', output);
    expect(output()).toMatch(/Built site for 1 lesson/);
    const script = join(root, 'transcripts/first-lesson.md');
    writeFileSync(script, readFileSync(script, 'utf8').replace('title: Your first lesson', 'title: An edited lesson'));
    await waitFor(() => (output().match(/Built site/g) ?? []).length >= 2, 30_000, 'the rebuild', output);
    expect(output()).toContain('changed: transcripts/first-lesson.md');
    expect(readFileSync(join(root, 'build/index.html'), 'utf8')).toContain('An edited lesson');
    const code = exited(child);
    child.kill('SIGINT');
    expect(await code).toBe(0);
  });
});

describe('dev', () => {
  it('prints a script error in its terminal log, and again when fixed; --open without a desktop says so', async () => {
    const root = initCourse({ 'transcripts/first-lesson.md': (t) => t.replace('title: Your first lesson', 'title: [unclosed') });
    roots.push(root);
    const port = await freePort();
    const { child, output } = start(['dev', '--open', '--root', root, '--port', String(port)], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    await waitFor(() => output().includes(`http://127.0.0.1:${port}/`), 90_000, 'the dev server', output);
    await waitFor(() => /error transcripts\/first-lesson\.md:\d+:\d+ invalid-frontmatter frontmatter is not valid YAML/.test(output()), 30_000, 'the error in the log', output);
    expect(output()).toContain(`no desktop browser to open: open http://127.0.0.1:${port}/ yourself`);
    const script = join(root, 'transcripts/first-lesson.md');
    writeFileSync(script, readFileSync(script, 'utf8').replace('title: [unclosed', 'title: Fixed'));
    await waitFor(() => output().includes('no problems'), 30_000, 'the all-clear', output);
    const code = exited(child);
    child.kill('SIGINT');
    expect(await code).toBe(0);
  });

  it('openCommand: the platform opener, none without a desktop', () => {
    expect(openCommand('http://x/', {}, 'linux')).toBeNull();
    expect(openCommand('http://x/', { DISPLAY: ':0' }, 'linux')).toEqual(['xdg-open', 'http://x/']);
    expect(openCommand('http://x/', {}, 'darwin')).toEqual(['open', 'http://x/']);
  });
});
