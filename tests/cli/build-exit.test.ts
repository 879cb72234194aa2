/** `build` tells the truth: errors in a script are printed and exit 1 (drafts still built unless --strict); an empty lesson is a finding. */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planLessons } from '../../src/commands/build.ts';
import type { Diagnostic } from '../../src/types.ts';
import { lessoncast } from '../helpers/cli.ts';
import { runCli } from './run-cli.ts';
import { initCourse } from './course-fixture.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('build exit codes', () => {
  it('a `code` directive naming a missing file: the error is printed, the draft is built, exit 1', async () => {
    const root = initCourse({ 'transcripts/first-lesson.md': (t) => t.replace('code configs/hello.yml', 'code configs/missing.yml') });
    roots.push(root);
    const r = await runCli(['build', '--deck', '--site'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error transcripts/first-lesson.md:20:6 missing-file `code configs/missing.yml`: no such file');
    expect(r.stderr).toContain('first-lesson: deck (draft)');
    expect(r.stderr).toMatch(/1 error\(s\) in first-lesson — built as drafts: first-lesson/);
    expect(existsSync(join(root, 'build/first-lesson/deck/index.html'))).toBe(true);
    expect(r.stderr).not.toContain('Built deck');

    rmSync(join(root, 'build'), { recursive: true });
    const strict = await runCli(['build', '--deck', '--strict'], { cwd: root });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('skipped first-lesson: 1 error(s), --strict');
    expect(existsSync(join(root, 'build/first-lesson/deck/index.html'))).toBe(false);
  });

  it('an empty script is the empty-lesson finding, never an ffmpeg error; the other lessons build', async () => {
    const root = initCourse();
    roots.push(root);
    writeFileSync(join(root, 'transcripts/blank.md'), '');
    const r = await runCli(['build', 'blank', '--video'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error transcripts/blank.md:1:1 empty-lesson the script is empty');
    expect(r.stderr).toContain('skipped blank: nothing to render');
    expect(r.stderr).not.toMatch(/ffconcat|ffmpeg/);
    const site = await runCli(['build', '--site'], { cwd: root });
    expect(site.code).toBe(1);
    expect(existsSync(join(root, 'build/index.html'))).toBe(true);
    expect(existsSync(join(root, 'build/blank'))).toBe(false);
  });

  it('a clean course: exit 0; --quiet prints nothing', async () => {
    const root = initCourse();
    roots.push(root);
    const r = await runCli(['--quiet', 'build', '--deck'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(root, 'build/first-lesson/deck/index.html'))).toBe(true);
    const loud = await runCli(['build', '--deck'], { cwd: root });
    expect(loud.stderr).toMatch(/✓ first-lesson: deck → build\/first-lesson\/deck\/index.html/);
  });

  it('colours: on when forced, off with --no-color or NO_COLOR', () => {
    const root = initCourse();
    roots.push(root);
    const esc = /\x1b\[/;
    expect(lessoncast(['lint'], { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toMatch(esc);
    expect(lessoncast(['build', '--deck'], { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stderr).toMatch(esc);
    expect(lessoncast(['build', '--deck', '--no-color'], { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stderr).not.toMatch(esc);
    expect(lessoncast(['build', '--deck'], { cwd: root, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stderr).not.toMatch(esc);
  });

  it('planLessons: drafts for errors, skips for empty scripts and (with --strict) errors', async () => {
    const d = (code: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ code, severity, message: '', file: 'f', line: 1, column: 1 });
    const findings = new Map([['a', [d('missing-file')]], ['b', [d('empty-lesson')]], ['c', [d('spelling', 'warning')]]]);
    expect([...planLessons(findings, false).skip.keys()]).toEqual(['b']);
    expect([...planLessons(findings, true).skip.keys()]).toEqual(['a', 'b']);
    expect([...planLessons(findings, false).errors.keys()]).toEqual(['a', 'b']);
  });
});
