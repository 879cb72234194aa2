/** Lint that links cause and effect (docs/lint.md): edited commands, numbered casts, `# no output`, recorded failures, secrets. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCast } from '../../src/casts/asciicast.ts';
import { castFromRun } from '../../src/casts/cast-from-run.ts';
import type { Cast } from '../../src/casts/types.ts';
import { openCourse } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import type { Diagnostic } from '../../src/types.ts';

const TOKEN = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
const roots: string[] = [];
afterAll(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** A cast as `lessoncast record` writes it: prompt, typed command, output, exit status. */
function recorded(command: string, output: string, exitCode = 0): string {
  const settings = { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' };
  const run = { output: output ? [{ time: 0.01, data: output }] : [], exitCode, duration: 0.02, timedOut: false, incomplete: false, shellExited: false };
  return writeCast(castFromRun(command, run, settings, { timestamp: 1_700_000_000, shell: '/bin/bash' }));
}
/** A cast of output only, without a command in its header (`asciinema rec -c`). */
function outputOnly(output: string): string {
  const cast: Cast = { version: 2, cols: 80, rows: 24, events: [{ time: 0.1, code: 'o', data: output }], duration: 0.1 };
  return writeCast(cast);
}

async function lint(script: string, casts: Record<string, string>): Promise<Diagnostic[]> {
  const root = mkdtempSync(join(tmpdir(), 'lc-lint-check-'));
  roots.push(root);
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'recordings', 'l'), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'l.md'), script);
  for (const [name, text] of Object.entries(casts)) writeFileSync(join(root, 'recordings', 'l', name), text);
  const course = await openCourse({ root });
  return lintLesson(course, await readLesson(course, 'l'));
}
const findings = (d: Diagnostic[]) => d.filter((x) => x.severity !== 'info').map((x) => `${x.file.split('/').pop()}:${x.line} ${x.code}`);

describe('lint links cause and effect', () => {
  it('a recording of a command edited since is one finding at the command, not no-output plus unmatched-recording', async () => {
    const d = await lint('# G\n\nThe history.\n\n```bash\n$ git log --oneline --stat\n```\n', { '01-git-log-oneline.cast': recorded('git log --oneline', 'a1b2c3d first\r\n') });
    expect(findings(d)).toEqual(['l.md:6 recording-of-edited-command']);
    expect(d.find((x) => x.code === 'recording-of-edited-command')!.message).toBe('recorded `git log --oneline`, the script now says `git log --oneline --stat` (recordings/l/01-git-log-oneline.cast does not play); record it again');
    expect(d.find((x) => x.code === 'recording-of-edited-command')!.hint).toBe('lessoncast record l --only 1');
  });

  it('a numbered cast named after another command plays for that one; one whose name names no command but looks like one is a warning', async () => {
    const d = await lint('# N\n\nLook.\n\n```bash\n$ kubectl get svc\nNAME\n$ kubectl get pods\nNAME\n$ ls\nx\n```\n', {
      '01-kubectl-get-pods.cast': outputOnly('NAME\r\n'),
      '03-git-status.cast': outputOnly('x\r\n'),
    });
    expect(d.filter((x) => x.code === 'cast-recorded').map((x) => x.message)).toEqual([
      'cmd-2 `kubectl get pods` plays recordings/l/01-kubectl-get-pods.cast',
      'cmd-3 `ls` plays recordings/l/03-git-status.cast',
    ]);
    expect(findings(d)).toEqual(['03-git-status.cast:1 recording-name-differs']);
    expect(d.find((x) => x.code === 'recording-name-differs')!.message).toBe('recordings/l/03-git-status.cast is named after `git status` but plays for command 3, `ls` (it has no command in its header: it goes by its number)');
  });

  it('`# no output` silences no-output; a recorded failure the script does not show is a warning; its output is compared', async () => {
    const d = await lint('# X\n\nGo.\n\n```bash\n$ export A=1 # no output\n$ cd /tmp\n$ curl -s http://127.0.0.1:9/\n$ false # exit 1\n$ echo hi\nhello\n```\n', {
      '03-curl-s-http-127-0-0-1-9.cast': recorded('curl -s http://127.0.0.1:9/', '', 7),
      '04-false.cast': recorded('false', '', 1),
      '05-echo-hi.cast': recorded('echo hi', 'hi\r\n'),
    });
    expect(findings(d)).toEqual(['l.md:7 no-output', 'l.md:8 recorded-command-failed', 'l.md:10 recording-differs-from-script']);
    expect(d.find((x) => x.code === 'recorded-command-failed')!.message).toBe('the recording of `curl -s http://127.0.0.1:9/` (recordings/l/03-curl-s-http-127-0-0-1-9.cast) shows it failing (exit 7); the script does not say it fails');
    expect(d.find((x) => x.code === 'recording-differs-from-script')!.detail).toBe('--- transcripts/l.md:10 (written)\n+++ recordings/l/05-echo-hi.cast\n@@ -1,1 +1,1 @@\n-hello\n+hi');
  });

  it('a secret in the script and in a recording: an error at each, and no finding repeats it', async () => {
    const d = await lint(`# S\n\nLog in.\n\n\`\`\`bash\n$ export GITHUB_TOKEN=${TOKEN}\n$ gh auth token\n${TOKEN}\n\`\`\`\n`, {
      'old.cast': outputOnly(`hello\r\n${TOKEN}\r\n`),
    });
    expect(findings(d)).toEqual(['l.md:6 secret', 'l.md:8 secret', 'old.cast:1 secret']);
    expect(d.find((x) => x.code === 'secret')).toMatchObject({ line: 6, column: 27, severity: 'error', message: 'a GitHub token in the script: masked in every output, but the script holds it' });
    expect(d.find((x) => x.file.endsWith('old.cast') && x.code === 'secret')!.message).toBe('the recording holds a secret (GitHub token, at 0.10 s): masked in every output, but the file holds it');
    expect(JSON.stringify(d)).not.toContain(TOKEN.slice(4));
  });
});
