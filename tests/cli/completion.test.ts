/** `lessoncast completion bash|zsh|fish`: scripts made from the command line's own declaration; bash's is run for real. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const course = mkdtempSync(join(tmpdir(), 'lc-compl-'));
mkdirSync(join(course, 'transcripts'));
writeFileSync(join(course, 'transcripts/pod-to-pod.md'), 'Hello.\n');
writeFileSync(join(course, 'transcripts/services.md'), 'Hello.\n');
afterAll(() => rmSync(course, { recursive: true, force: true }));

const bash = await runCli(['completion', 'bash']);

/** What bash completes for `words` (the line typed so far, split). */
function complete(words: string[]): string[] {
  const script = `${bash.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _lessoncast; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: course, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('lessoncast completion', async () => {
  it('bash: commands, flags of the command, lesson slugs', async () => {
    expect(bash.code).toBe(0);
    expect(complete(['lessoncast', 'b'])).toEqual(['build']);
    expect(complete(['lessoncast', 'build', '--st'])).toEqual(['--strict']);
    expect(complete(['lessoncast', 'dev', '--o'])).toEqual(['--open', '--out']);
    expect(complete(['lessoncast', 'lint', 's'])).toEqual(['services']);
    expect(complete(['lessoncast', 'build', ''])).toEqual(['pod-to-pod', 'services']);
    expect(complete(['lessoncast', 'completion', 'z'])).toEqual(['zsh']);
  });

  it('zsh: every command and flag, and zsh reads the script', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'build', 'dev', 'lint', 'record', 'doctor', 'completion']) expect(r.stdout).toContain(`'${c}:`);
    expect(r.stdout).toContain("''--strict'[skip the lessons");
    const file = join(course, '_lessoncast');
    writeFileSync(file, r.stdout);
    const check = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('fish: completes commands, flags and slugs for real', async () => {
    const r = await runCli(['completion', 'fish']);
    expect(r.code).toBe(0);
    const file = join(course, 'lessoncast.fish');
    writeFileSync(file, r.stdout);
    const ask = (line: string) => {
      const f = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], { cwd: course, encoding: 'utf8' });
      expect(f.status, f.stderr).toBe(0);
      return f.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
    };
    expect(ask('lessoncast bu')).toEqual(['build']);
    expect(ask('lessoncast build --st')).toEqual(['--strict']);
    expect(ask('lessoncast lint ')).toEqual(['pod-to-pod', 'services']);
  });

  it('an unknown shell is a usage error', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});
