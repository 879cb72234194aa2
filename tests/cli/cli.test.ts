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

  it('rejects a bad flag value', () => {
    const r = lessoncast(['build', '--fps', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('positive whole number');
  });
});
