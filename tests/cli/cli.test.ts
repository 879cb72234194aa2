import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';

const COMMANDS = ['build', 'dev', 'present', 'record', 'lint', 'inspect', 'timeline', 'voice', 'doctor'];

describe('lessoncast CLI', () => {
  it('lists every command of the design in --help', () => {
    const r = lessoncast(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('has --help for every command, and no short flag means two things', () => {
    const shortFlags = new Map<string, string>();
    for (const c of COMMANDS) {
      const r = lessoncast([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`Usage: lessoncast ${c}`);
      for (const m of r.stdout.matchAll(/^\s+(-\w), (--[\w-]+)/gm)) {
        const seen = shortFlags.get(m[1]);
        if (seen) expect(seen, `${m[1]} in ${c}`).toBe(m[2]);
        shortFlags.set(m[1], m[2]);
      }
    }
  });

  it('rejects an unknown command with exit 2 and a hint', () => {
    const r = lessoncast(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('says clearly when there is no course, without a stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lc-nocourse-'));
    const r = lessoncast(['build', '--deck'], { cwd: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No course here');
    expect(r.stderr).toContain('--root');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the lessons that exist when a slug is wrong', () => {
    const r = lessoncast(['build', 'no-such-lesson', '--deck']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No lesson "no-such-lesson"');
    expect(r.stderr).toContain('pod-to-pod-networking');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a bad flag value while parsing flags: exit 2, nothing built', () => {
    const r = lessoncast(['build', '--fps', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be a whole number of frames per second from 1 to 120');
    // The schema's range for video.fps, checked before anything runs (it used to fail late, exit 1).
    const tooFast = lessoncast(['build', '--video', '--fps', '1000']);
    expect(tooFast.code).toBe(2);
    expect(tooFast.stderr).toContain("option '--fps <n>' argument '1000' is invalid. must be a whole number of frames per second from 1 to 120");
    const queue = lessoncast(['build', '--video', '--queue', 'http://localhost:6379']);
    expect(queue.code).toBe(2);
    expect(queue.stderr).toContain('the scheme must be redis:// (got http://). Pass a Redis URL such as redis://127.0.0.1:6379');
    // An empty --out would write into the course root.
    for (const flag of ['--out', '--cache', '--root']) {
      const empty = lessoncast(['build', '--deck', flag, '']);
      expect(empty.code, flag).toBe(2);
      expect(empty.stderr).toContain(`option '${flag} <dir>' argument '' is invalid. must name a folder`);
    }
    for (const x of [tooFast, queue]) expect(x.stderr).not.toMatch(/\n\s+at |✓/);
  });

  it('a folder name too long for the file system is refused before anything is written, with the path shortened', () => {
    const r = lessoncast(['build', '--deck', '--out', 'x'.repeat(5000)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error The output folder \(--out\) \S+x…x+ \(\d+ characters\) has a name of 5000 bytes; file systems allow 255\.$/m);
    expect(r.stderr).not.toMatch(/\n\s+at |ENAMETOOLONG/);
  });
});
