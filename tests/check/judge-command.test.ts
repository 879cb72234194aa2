import { describe, expect, it } from 'vitest';
import { judgeCommand, type RealResult } from '../../src/check/judge-command.ts';
import type { Command } from '../../src/types.ts';

function cmd(command: string, output: string[] | null, expect?: Command['expect']): Command {
  return { type: 'command', id: 'cmd-1', index: 0, command, output, explicit: true, placeholders: [], ...(expect ? { expect } : {}), pos: { file: 't.md', line: 7, column: 1, endLine: 7 }, raw: `$ ${command}` };
}
const real = (lines: string[], exitCode = 0, extra: Partial<RealResult> = {}): RealResult => ({ lines, exitCode, timedOut: false, incomplete: false, timeoutSeconds: 60, ...extra });
const opts = { slug: 't' };
const codes = (j: ReturnType<typeof judgeCommand>) => j.diagnostics.map((d) => `${d.severity} ${d.code}`);

describe('judgeCommand: one command against the script', () => {
  it('as written; volatile parts only', () => {
    const j = judgeCommand(cmd('date -u', ['Mon Jan  2 15:04:05 UTC 2006']), real(['Sun Dec  6 13:48:31 UTC 2026']), opts);
    expect([j.verdict, j.diagnostics, j.update]).toEqual(['as-written', [], null]);
  });

  it('a drift: an error with the diff, and the merged output to write', () => {
    const j = judgeCommand(cmd('ls', ['a.txt', 'b.txt']), real(['a.txt', 'c.txt']), opts);
    expect(j.verdict).toBe('differs');
    expect(codes(j)).toEqual(['error output-drift']);
    expect(j.diagnostics[0].message).toBe('`ls` printed `c.txt` where the script shows `b.txt`');
    expect(j.diagnostics[0].detail).toBe('--- t.md:7 (written)\n+++ real output\n@@ -1,2 +1,2 @@\n a.txt\n-b.txt\n+c.txt');
    expect(j.update).toEqual(['a.txt', 'c.txt']);
  });

  it('exit statuses: unshown failure, `# exit N` kept and broken; a failed command is not written by --update', () => {
    expect(codes(judgeCommand(cmd('false', null), real([], 1), opts))).toEqual(['error unexpected-exit']);
    expect(judgeCommand(cmd('false', null, { exit: 1 }), real([], 1), opts).verdict).toBe('as-written');
    const wrong = judgeCommand(cmd('grep x f', ['x'], { exit: 1 }), real(['y'], 0), opts);
    expect(wrong.diagnostics.map((d) => d.message)).toEqual(['`grep x f` exited 0; the script says `# exit 1`', '`grep x f` printed `y` where the script shows `x`']);
    expect([wrong.verdict, wrong.update]).toEqual(['failed', null]);
  });

  it('`# no output`: nothing expected; output not written: a warning and the lines to write', () => {
    expect(judgeCommand(cmd('cd /tmp', null, { noOutput: true }), real([]), opts).verdict).toBe('as-written');
    const loud = judgeCommand(cmd('cd /tmp', null, { noOutput: true }), real(['oops']), opts);
    expect(loud.diagnostics[0].message).toBe('`cd /tmp` printed output; the script marks it `# no output`');
    const quiet = judgeCommand(cmd('pwd', null), real(['/home/me', '']), opts);
    expect([quiet.verdict, codes(quiet), quiet.update]).toEqual(['unwritten', ['warning output-not-written'], ['/home/me']]);
  });

  it('a timeout and an incomplete command are errors; a printed secret is masked and named', () => {
    expect(codes(judgeCommand(cmd('sleep 99', null), real([], 130, { timedOut: true }), opts))).toEqual(['error command-timed-out']);
    expect(codes(judgeCommand(cmd("echo 'x", null), real([], 130, { incomplete: true }), opts))).toEqual(['error command-incomplete']);
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const j = judgeCommand(cmd('gh auth token', null), real([token]), opts);
    expect(codes(j)).toEqual(['warning secret-in-output', 'warning output-not-written']);
    expect(j.update).toEqual(['ghp_••••••••']);
    expect(JSON.stringify(j)).not.toContain(token.slice(4));
  });
});
