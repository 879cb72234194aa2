import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellSession, cutChunks, sentinels, shellArgs, shellEnv, type CommandRun } from '../../src/adapters/pty.ts';
import { readCast, writeCast } from '../../src/casts/asciicast.ts';
import { castFromRun } from '../../src/casts/cast-from-run.ts';
import { castFileName, shortKebab } from '../../src/casts/cast-file-name.ts';

const text = (r: CommandRun) => r.output.map((o) => o.data).join('');

describe('pty adapter data', () => {
  it('bash runs interactive, without profile, rc files or readline', () => {
    expect(shellArgs()).toEqual(['--noprofile', '--norc', '--noediting', '-i']);
  });

  it("keeps the author's environment (KUBECONFIG), fixes TERM, sets the sentinel prompts, drops PROMPT_COMMAND and history", () => {
    const env = shellEnv({ KUBECONFIG: '/home/a/.kube/config', PATH: '/usr/bin', TERM: 'dumb', PROMPT_COMMAND: 'echo hi', HISTFILE: '/home/a/.bash_history', PS1: '> ' }, 'abc123');
    expect(env).toMatchObject({ KUBECONFIG: '/home/a/.kube/config', PATH: '/usr/bin', TERM: 'xterm-256color', HISTFILE: '/dev/null', PAGER: 'cat' });
    expect(env.PROMPT_COMMAND).toBeUndefined();
    expect(env.PS1).toBe('\\e]697;lc-abc123;$?\\a');
    expect(sentinels('abc123').done.exec('out\x1b]697;lc-abc123;127\x07')?.[1]).toBe('127');
  });

  it('cutChunks keeps each chunk time and cuts at the sentinel', () => {
    expect(cutChunks([{ time: 0.1, data: 'ab' }, { time: 0.2, data: 'cd\x1b]697' }, { time: 0.3, data: ';x' }], 4)).toEqual([{ time: 0.1, data: 'ab' }, { time: 0.2, data: 'cd' }]);
  });

  it('cast file names: NN-short-kebab, padded to the command count', () => {
    expect(castFileName(3, 'kubectl get pods -o wide', 12)).toBe('03-kubectl-get-pods-o-wide.cast');
    expect(castFileName(7, 'echo $X', 120)).toBe('007-echo-x.cast');
    expect(shortKebab('kubectl apply -f configs/pod-httpd.yml -f configs/pod-centos.yml')).toBe('kubectl-apply-f-configs-pod-httpd-yml-f');
    expect(shortKebab('!!')).toBe('command');
  });
});

describe('a real shell session in a pseudo-terminal', () => {
  let shell: ShellSession;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lc-pty-'));
    writeFileSync(join(dir, 'alpha.txt'), 'a');
    writeFileSync(join(dir, 'beta.yml'), 'b');
    shell = await ShellSession.open({ cols: 80, rows: 24, cwd: dir, env: { ...process.env, LC_TEST_KEEP: 'kept' } });
  });
  afterAll(() => shell?.close());

  it('echo: exactly the output, CR LF line ends, no echo of the command, no prompt sentinel', async () => {
    const r = await shell.run('echo hello world', { timeoutMs: 5000 });
    expect(text(r)).toBe('hello world\r\n');
    expect(r.exitCode).toBe(0);
    expect(r.timedOut).toBe(false);
  });

  it('printf with colours keeps the escape sequences', async () => {
    const r = await shell.run(String.raw`printf '\e[1;31mred\e[0m \e[38;2;1;2;3mrgb\e[0m\n'`, { timeoutMs: 5000 });
    expect(text(r)).toBe('\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m\r\n');
  });

  it('ls runs in the lesson workdir; the environment is the author\'s', async () => {
    expect(text(await shell.run('ls', { timeoutMs: 5000 }))).toMatch(/alpha\.txt\s+beta\.yml/);
    expect(text(await shell.run('echo $LC_TEST_KEEP $TERM', { timeoutMs: 5000 }))).toBe('kept xterm-256color\r\n');
  });

  it('a command that sleeps: the prompt comes back after it, not before', async () => {
    const r = await shell.run('echo start; sleep 1; echo end', { timeoutMs: 5000 });
    expect(r.duration).toBeGreaterThanOrEqual(1);
    expect(r.duration).toBeLessThan(3); // generous: the machine is shared
    expect(r.output[0].data).toBe('start\r\n');
    expect(r.output.at(-1)!.time).toBeGreaterThanOrEqual(1);
    expect(text(r)).toBe('start\r\nend\r\n');
  });

  it('a failing command reports its exit status', async () => {
    const r = await shell.run('ls /no/such/dir', { timeoutMs: 5000 });
    expect(r.exitCode).toBe(2);
    expect(text(r)).toMatch(/No such file or directory/);
    expect((await shell.run('false', { timeoutMs: 5000 })).exitCode).toBe(1);
  });

  it('a command printing a lot: every line, in order, and nothing after the last', async () => {
    const r = await shell.run('seq 1 5000', { timeoutMs: 10000 });
    const lines = text(r).split('\r\n');
    expect(lines).toHaveLength(5001);
    expect(lines[0]).toBe('1');
    expect(lines[4999]).toBe('5000');
    expect(lines[5000]).toBe('');
  });

  it('clear prints the clear-screen sequence', async () => {
    expect(text(await shell.run('clear', { timeoutMs: 5000 }))).toMatch(/\x1b\[H\x1b\[2J/);
  });

  it('one session: cd and export carry over to the next command', async () => {
    await shell.run('cd /tmp', { timeoutMs: 5000 });
    expect(text(await shell.run('pwd', { timeoutMs: 5000 }))).toBe('/tmp\r\n');
    await shell.run('export LESSON_X=1', { timeoutMs: 5000 });
    expect(text(await shell.run('echo "x=$LESSON_X"', { timeoutMs: 5000 }))).toBe('x=1\r\n');
    expect(text(await shell.run('echo "hi!"', { timeoutMs: 5000 }))).toBe('hi!\r\n'); // no history expansion
  });

  it('a command over its time limit is stopped with Ctrl-C and the session goes on', async () => {
    const r = await shell.run('sleep 30', { timeoutMs: 400 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(130);
    expect(r.duration).toBeLessThan(4);
    expect(text(await shell.run('echo alive', { timeoutMs: 5000 }))).toBe('alive\r\n');
  });

  it('an incomplete command (open quote) is cancelled, not left waiting', async () => {
    const r = await shell.run('echo "open', { timeoutMs: 5000 });
    expect(r.incomplete).toBe(true);
    expect(r.duration).toBeLessThan(3); // not the 5 s time limit
    expect(text(r)).not.toMatch(/697/);
    expect(text(await shell.run('echo fine', { timeoutMs: 5000 }))).toBe('fine\r\n');
  });
});

describe('the shell exiting', () => {
  it('exit in a command ends the run with its status; later runs report the shell gone', async () => {
    const shell = await ShellSession.open({ cols: 80, rows: 24, cwd: tmpdir() });
    const r = await shell.run('exit 3', { timeoutMs: 5000 });
    expect(r).toMatchObject({ shellExited: true, exitCode: 3 });
    expect(shell.exited).toBe(true);
    expect((await shell.run('echo no', { timeoutMs: 1000 })).shellExited).toBe(true);
  });
});

describe('a command that ignores Ctrl-C', () => {
  it('is killed with its shell after the grace time; the run says the shell is gone', async () => {
    const shell = await ShellSession.open({ cols: 80, rows: 24, cwd: tmpdir() });
    const r = await shell.run(`bash -c 'trap "" INT; echo stubborn; sleep 30'`, { timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, shellExited: true, exitCode: 137 });
    expect(r.output.map((o) => o.data).join('')).toContain('stubborn');
    expect(r.duration).toBeLessThan(8);
    expect(shell.exited).toBe(true);
  });
});

describe('castFromRun', () => {
  const settings = { cols: 100, rows: 30, prompt: '$ ', theme: 'dark' };
  const run: CommandRun = { output: [{ time: 0.01, data: 'a\r\n' }, { time: 0.5, data: 'b\r\n' }], exitCode: 1, duration: 0.6, timedOut: false, incomplete: false, shellExited: false };

  it('prompt + typed command + Enter, the real output shifted after Enter, next prompt, exit status; header has the command', () => {
    const c = castFromRun('my-cmd --flag', run, settings, { timestamp: 1700000000, shell: '/bin/bash' });
    expect(c).toMatchObject({ cols: 100, rows: 30, command: 'my-cmd --flag', timestamp: 1700000000, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' } });
    const enter = c.events.find((e) => e.code === 'i')!.time;
    const outs = c.events.filter((e) => e.data === 'a\r\n' || e.data === 'b\r\n');
    expect(outs.map((e) => +(e.time - enter).toFixed(6))).toEqual([0.01, 0.5]);
    expect(c.events.slice(-2)).toEqual([{ time: c.duration, code: 'o', data: '$ ' }, { time: c.duration, code: 'x', data: '1' }]);
    expect(+(c.duration - enter).toFixed(6)).toBe(0.6);
    expect(readCast(writeCast(c), 'r.cast')).toEqual(c);
  });

  it('a timed-out command gets a marker', () => {
    const c = castFromRun('sleep 99', { ...run, timedOut: true, exitCode: 130, duration: 2.1 }, settings, { timestamp: 1, shell: '/bin/bash', timeoutSeconds: 2 });
    expect(c.events.find((e) => e.code === 'm')!.data).toBe('timed out after 2 s; stopped with Ctrl-C');
  });
});
