/**
 * One run of a lesson's commands, as `record` and `check` make it (docs/check.md): in a fresh copy
 * of the workdir, in one real shell session, the `bash setup` blocks first, each command once what
 * its wait directives wait for is there, then the `bash teardown` blocks; the copy is removed after,
 * and what the session left running is stopped. Outputs show the lesson's workdir in place of the
 * copy's path, so a recording reads as if it ran there.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Course } from '../course.ts';
import type { Command, HiddenScript, Lesson, ScriptPart, SourcePos, WaitDirective } from '../types.ts';
import { ShellSession, type CommandRun } from '../adapters/pty.ts';
import { freshWorkdir, type FreshWorkdir } from '../adapters/fresh-workdir.ts';
import { rewriteStream } from './rewrite-stream.ts';

/** A command to run: its 1-based number in the lesson. */
export interface RunCommand {
  number: number;
  command: Command;
}

/** A command that ran. */
export interface CommandResult extends RunCommand {
  run: CommandRun;
  /** Unix time (seconds) it was sent. */
  timestamp: number;
}

/** Something in the run that is not a command's own result: a set-up or tear-down that failed, a wait that ran out. */
export interface RunProblem {
  code: 'setup-failed' | 'teardown-failed' | 'wait-timed-out' | 'shell-exited';
  severity: 'error' | 'warning';
  message: string;
  pos: SourcePos;
  hint?: string;
}

/** What a run did. */
export interface LessonRun {
  results: CommandResult[];
  problems: RunProblem[];
  /** Commands that did not run (a failed set-up, a wait that ran out, the shell gone, Ctrl-C). */
  notRun: RunCommand[];
  aborted: boolean;
}

/** Options and progress callbacks of `runLesson`. */
export interface RunLessonOptions {
  /** Time limit per command (and per set-up or tear-down part), seconds. */
  timeoutSeconds: number;
  /** Stops the running command (Ctrl-C), runs the tear-down, removes the copy. */
  signal?: AbortSignal;
  /** Base environment of the shell (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The temporary folder as soon as it exists (the CLI removes it if the process is killed). */
  onTempFolder?: (root: string) => void;
  onHidden?: (block: HiddenScript) => void;
  onWait?: (wait: WaitDirective) => void;
  onStart?: (c: RunCommand) => void;
  /** Called once per command that ran, in order; `record` writes its cast here. */
  onDone?: (r: CommandResult) => void | Promise<void>;
}

/** How often a wait looks again, ms. */
const POLL_MS = 100;
/** Time limit of the tear-down after Ctrl-C, seconds: it still stops what the set-up started. */
const ABORT_TEARDOWN_SECONDS = 10;

/** Runs the lesson's set-up, `commands` (with their waits) and tear-down once. */
export async function runLesson(course: Course, lesson: Lesson, commands: RunCommand[], opts: RunLessonOptions): Promise<LessonRun> {
  const fresh = freshWorkdir(course, lesson.meta.workdir);
  opts.onTempFolder?.(fresh.root);
  const out: LessonRun = { results: [], problems: [], notRun: [], aborted: false };
  let shell: ShellSession | null = null;
  try {
    const { cols, rows } = lesson.meta.terminal;
    shell = await ShellSession.open({ cols, rows, cwd: fresh.dir, env: opts.env });
    const session = shell;
    const onAbort = () => session.interrupt();
    opts.signal?.addEventListener('abort', onAbort);
    const waits = new Waits(session, opts.signal);
    try {
      let ok = true;
      for (const block of lesson.setup ?? []) {
        if (!ok || opts.signal?.aborted) break;
        opts.onHidden?.(block);
        ok = await runHidden(session, block, fresh, waits, opts.timeoutSeconds, out, opts);
      }
      for (const c of commands) {
        if (!ok || opts.signal?.aborted || session.exited) { out.notRun.push(c); continue; }
        for (const w of c.command.waits ?? []) {
          opts.onWait?.(w);
          const problem = await waits.wait(w);
          if (problem) { out.problems.push(problem); ok = false; break; }
        }
        if (!ok || opts.signal?.aborted) { out.notRun.push(c); continue; }
        opts.onStart?.(c);
        const timestamp = Math.floor(Date.now() / 1000);
        const run = await session.run(c.command.command, { timeoutMs: opts.timeoutSeconds * 1000 });
        if (opts.signal?.aborted) { out.notRun.push(c); continue; } // interrupted by the user: this result is not kept
        const result = { ...c, timestamp, run: { ...run, output: showWorkdir(run.output, fresh) } };
        out.results.push(result);
        await opts.onDone?.(result);
        if (run.shellExited) {
          out.problems.push({ code: 'shell-exited', severity: 'error', pos: c.command.pos, message: `the shell exited during \`${c.command.command}\` (status ${run.exitCode ?? '?'}); the commands after it did not run`, hint: 'a command that ends the shell (exit, exec) cannot be followed by others' });
          ok = false;
        }
      }
      out.aborted = !!opts.signal?.aborted;
      // The tear-down runs whatever happened before it: it stops what the set-up started.
      const limit = out.aborted ? ABORT_TEARDOWN_SECONDS : opts.timeoutSeconds;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const block of lesson.teardown ?? []) {
        if (session.exited) break;
        opts.onHidden?.(block);
        await runHidden(session, block, fresh, new Waits(session), limit, out, opts);
      }
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    if (shell) await stopSession(shell);
    fresh.remove();
  }
  return out;
}

/** Runs a set-up or tear-down block; false (with a problem) when a part fails or a wait runs out. */
async function runHidden(shell: ShellSession, block: HiddenScript, fresh: FreshWorkdir, waits: Waits, timeoutSeconds: number, out: LessonRun, opts: RunLessonOptions): Promise<boolean> {
  const severity = block.type === 'setup' ? 'error' : 'warning';
  for (const [i, step] of block.steps.entries()) {
    if (step.type === 'wait') {
      opts.onWait?.(step);
      const problem = await waits.wait(step);
      if (problem) { out.problems.push({ ...problem, severity }); return false; }
      continue;
    }
    if (shell.exited || (block.type === 'setup' && opts.signal?.aborted)) return false;
    const failure = await runPart(shell, step, join(fresh.scratch, `${block.id}-${i + 1}.sh`), timeoutSeconds);
    if (failure) {
      out.problems.push({
        code: block.type === 'setup' ? 'setup-failed' : 'teardown-failed', severity, pos: failure.pos,
        message: `${block.type === 'setup' ? 'set-up' : 'tear-down'}: ${failure.message}`,
        hint: block.type === 'setup' ? 'fix the set-up (a command allowed to fail takes `|| true`); the lesson\'s commands did not run' : 'fix the tear-down: what the set-up started may still run',
      });
      if (block.type === 'setup') return false;
    }
  }
  return true;
}

/**
 * Sources one part of a set-up or tear-down in the session (so `cd`, `export` and background jobs
 * stay), stopping at its first failing command as `set -e` would, without ending the interactive
 * shell: an ERR trap returns from the sourced file and names the line. Null when it succeeds.
 */
async function runPart(shell: ShellSession, part: ScriptPart, file: string, timeoutSeconds: number): Promise<{ pos: SourcePos; message: string } | null> {
  const tag = `lcerr-${randomBytes(4).toString('hex')}`;
  // The trap is the file's first line: the failing line is $LINENO - 1 of the part.
  const trap = `trap 'lc_e=$?; printf '"'"'\\n${tag};%s;%s\\n'"'"' "$((LINENO-1))" "$lc_e"; trap - ERR; return $lc_e' ERR`;
  writeFileSync(file, `${trap}\n${part.code}\ntrap - ERR\nunset lc_e\n`);
  const run = await shell.run(`. '${file}'`, { timeoutMs: timeoutSeconds * 1000 });
  const text = run.output.map((o) => o.data).join('');
  const failed = new RegExp(`${tag};(\\d+);(\\d+)`).exec(text);
  const tail = lastLines(text.slice(0, failed?.index ?? text.length));
  const at = (n: number): SourcePos => ({ ...part.pos, line: part.pos.line + Math.max(0, n - 1), endLine: part.pos.line + Math.max(0, n - 1) });
  const lineOf = (n: number) => part.code.split('\n')[n - 1]?.trim() ?? '';
  if (run.timedOut) return { pos: part.pos, message: `did not finish in ${timeoutSeconds} s (stopped with Ctrl-C)${tail ? `; its last output: ${tail}` : ''}` };
  if (run.incomplete) return { pos: part.pos, message: 'bash asked for more input (an unclosed quote or a trailing \\?)' };
  if (run.shellExited) return { pos: part.pos, message: `the shell exited (status ${run.exitCode ?? '?'})` };
  if (failed) return { pos: at(Number(failed[1])), message: `\`${lineOf(Number(failed[1]))}\` exited ${failed[2]}${tail ? `: ${tail}` : ''}` };
  if (run.exitCode !== 0) return { pos: part.pos, message: `exited ${run.exitCode}${tail ? `: ${tail}` : ''}` };
  return null;
}

/** The waits of one session: `wait for` looks at the output after the place the last wait found its text. */
class Waits {
  #mark: number;
  constructor(private readonly shell: ShellSession, private readonly signal?: AbortSignal) {
    // From here on: not the shell's own start-up.
    this.#mark = shell.outputMark;
  }

  /** Waits; a problem when the time limit ran out (or the session ended) first. */
  async wait(w: WaitDirective): Promise<RunProblem | null> {
    const deadline = Date.now() + w.timeoutSeconds * 1000;
    const start = this.#mark;
    if (w.kind === 'output') {
      const re = new RegExp(w.pattern!, w.flags);
      for (;;) {
        const found = this.shell.findOutput(re, this.#mark);
        if (found !== null) { this.#mark = found; return null; }
        if (this.signal?.aborted) return null;
        if (Date.now() >= deadline || this.shell.exited) break;
        await sleep(POLL_MS);
      }
      const tail = lastLines(this.shell.outputSince(start));
      return {
        code: 'wait-timed-out', severity: 'error', pos: w.pos,
        message: `\`${w.raw}\`: ${this.shell.exited ? 'the shell exited' : `not there after ${w.timeoutSeconds} s`}; the output ${tail ? `so far ends with: ${tail}` : 'so far is empty'}`,
        hint: 'check that what prints it started (its output may go to a file: wait until a command instead), or give it longer: wait for "..." 60s',
      };
    }
    let last: CommandRun | null = null;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || this.shell.exited) break;
      // Hidden: its output goes nowhere, and it cannot read the keyboard.
      last = await this.shell.run(`{ ${w.command} ; } </dev/null >/dev/null 2>&1`, { timeoutMs: Math.max(POLL_MS, left) });
      if (last.exitCode === 0 && !last.timedOut) return null;
      if (this.signal?.aborted) return null;
      if (last.incomplete) break;
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
    return {
      code: 'wait-timed-out', severity: 'error', pos: w.pos,
      message: last?.incomplete
        ? `\`${w.raw}\`: the command is incomplete (an unclosed quote or a trailing \\?)`
        : `\`${w.raw}\`: \`${w.command}\` did not succeed in ${w.timeoutSeconds} s${last ? ` (it last exited ${last.exitCode ?? '?'})` : ''}`,
      hint: 'run the command by hand to see why it fails, or give it longer: wait up to 60s until ...',
    };
  }
}

/** The copy's path in an output shown as the lesson's workdir (the copy is an implementation detail). */
function showWorkdir(output: CommandRun['output'], fresh: FreshWorkdir): CommandRun['output'] {
  const text = output.map((o) => o.data).join('');
  const spans: [number, number][] = [];
  for (let i = text.indexOf(fresh.dir); i !== -1; i = text.indexOf(fresh.dir, i + fresh.dir.length)) spans.push([i, i + fresh.dir.length]);
  if (spans.length === 0) return output;
  const data = rewriteStream(output.map((o) => o.data), spans, () => fresh.original);
  return output.map((o, i) => ({ time: o.time, data: data[i] }));
}

/** The last few lines of an output, on one line, for a message. */
function lastLines(text: string, n = 3): string {
  const lines = text.replace(/\r/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const s = lines.slice(-n).join(' ⏎ ');
  return s.length > 300 ? '…' + s.slice(-300) : s;
}

/**
 * Ends the session: bash gets SIGHUP and passes it to its jobs (a server the set-up started); then,
 * on Linux, whatever is still in the session (a job that ignores SIGHUP, `nohup`, `disown`) is killed,
 * so one run leaves nothing behind for the next.
 */
async function stopSession(shell: ShellSession): Promise<void> {
  const sid = shell.pid;
  shell.close();
  await Promise.race([shell.whenExited(), sleep(3000)]);
  for (const pid of sessionProcesses(sid)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* it ended on its own meanwhile */ }
  }
}

/** Processes of a session (Linux /proc; elsewhere none are found, and SIGHUP is all there is). */
export function sessionProcesses(sid: number): number[] {
  let names: string[];
  try { names = readdirSync('/proc'); } catch { return []; /* no /proc (macOS): SIGHUP is all there is */ }
  const out: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid) out.push(Number(name));
    } catch { /* the process ended while we looked */ }
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
