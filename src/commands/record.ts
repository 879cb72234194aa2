/**
 * `lessoncast record <slug> [--yes] [--only N[,N|N-M]] [--timeout S]`: runs the lesson's commands in a real
 * terminal, in order, in one shell session, and saves one v2 cast per command.
 */
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import pc from 'picocolors';
import { openCourse, selectSlugs } from '../course.ts';
import { LessoncastError } from '../errors.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { lessonCommands, type Lesson } from '../types.ts';
import type { RecordOutcome, RecordResult, RecordStep } from '../casts/record-lesson.ts';
import type { RunProblem } from '../casts/run-lesson.ts';
import { redactSecrets } from '../secrets/redact-secrets.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';

/** Options from the command line (src/cli.ts). */
export interface RecordCommandOptions {
  yes?: boolean;
  only?: number[];
  timeout?: number;
  root?: string;
}

/** Runs the command; returns the exit code (130 when interrupted with Ctrl-C). */
export async function run(slug: string, opts: RecordCommandOptions): Promise<number> {
  // node-pty is an optional peer dependency (compiled where it is installed): without it, say how to get it.
  try {
    await import('node-pty');
  } catch (err) {
    const { ptyFix } = await import('./doctor.ts');
    throw new LessoncastError('PTY_MISSING', 'lessoncast record needs node-pty, a native module that is not available here.', ptyFix(err), { cause: err });
  }
  const { recordLesson, recordPlan } = await import('../casts/record-lesson.ts');
  const course = await openCourse({ root: opts.root });
  selectSlugs(course, [slug]);
  // As written: the commands run for real (the casts are masked as they are written).
  const lesson = await readLesson(course, slug, { secrets: 'keep' });
  const steps = recordPlan(course, lesson, opts.only);
  if (steps.length === 0)
    throw new LessoncastError('NOTHING_TO_RECORD', `Lesson "${slug}" has no commands to record.`, 'Write commands as `$ command` lines in a ```bash block.');
  const timeoutSeconds = opts.timeout ?? 60;
  const out = process.stdout;

  const cwd = join(course.root, lesson.meta.workdir ?? '.');
  const { cols, rows } = lesson.meta.terminal;
  out.write(`Recording ${pc.bold(lesson.title)} (${slug}) in a fresh copy of ${cwd}\n`);
  out.write(pc.dim(`bash without rc files, ${cols}x${rows}, ${timeoutSeconds} s limit per command, one shell session for all commands`) + '\n');
  const width = String(steps[steps.length - 1].number).length;
  for (const h of lesson.setup ?? []) out.write(`  ${'·'.padStart(width)}  ${pc.dim(`set-up (hidden)  ${h.pos.file}:${h.pos.line}`)}\n`);
  // Commands are shown with secrets masked (a terminal log, a CI log); they run as written.
  const secrets = redactPatterns(course.config);
  const shown = (c: string) => redactSecrets(c, secrets);
  for (const s of steps) {
    for (const w of s.command.waits ?? []) out.write(`  ${' '.padStart(width)}  ${pc.dim(`${w.raw}  ${w.pos.file}:${w.pos.line}`)}\n`);
    out.write(`  ${String(s.number).padStart(width)}  ${shown(s.command.command)}  ${pc.dim(`${s.command.pos.file}:${s.command.pos.line}`)}\n`);
  }
  for (const h of lesson.teardown ?? []) out.write(`  ${'·'.padStart(width)}  ${pc.dim(`tear-down (hidden)  ${h.pos.file}:${h.pos.line}`)}\n`);
  out.write(pc.dim(`Casts go to ${relative(course.root, join(course.recordingsDir, slug))}/`) + '\n');

  refusePlaceholders(lesson, steps);

  if (!opts.yes) {
    if (!process.stdin.isTTY)
      throw new LessoncastError('RECORD_NOT_CONFIRMED', `record runs ${steps.length} command${plural(steps.length)} on this machine and cannot ask first: stdin is not a terminal.`,
        'Pass --yes to run them without asking.');
    if (!(await confirm(`Run ${steps.length === 1 ? 'this command' : `these ${steps.length} commands`}? [y/N] `))) {
      out.write('Nothing recorded.\n');
      return 1;
    }
  }

  const total = lessonCommands(lesson).length;
  const controller = new AbortController();
  let current: RecordStep | null = null;
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: leave at once
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  // A second Ctrl-C leaves at once: the fresh copy of the workdir is removed on the way out all the same.
  let tempFolder: string | null = null;
  const removeTemp = () => { if (tempFolder) rmSync(tempFolder, { recursive: true, force: true }); };
  let result: RecordResult;
  try {
    result = await recordLesson(course, lesson, steps, {
      timeoutSeconds,
      signal: controller.signal,
      onTempFolder: (root) => { tempFolder = root; process.once('exit', removeTemp); },
      onHidden: (h) => out.write(pc.dim(`      ${h.type === 'setup' ? 'set-up' : 'tear-down'} (${h.pos.file}:${h.pos.line})`) + '\n'),
      onWait: (w) => out.write(pc.dim(`      ${w.raw}`) + '\n'),
      onStart: (s) => {
        current = s;
        out.write(`${pc.cyan(`[${s.number}/${total}]`)} $ ${shown(s.command.command)}\n`);
      },
      onDone: (o) => {
        current = null;
        out.write(`      ${describeOutcome(o, timeoutSeconds)} ${pc.dim('→')} ${o.file}\n`);
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('exit', removeTemp);
  }
  const { outcomes, problems: runProblems } = result;
  for (const p of runProblems) printProblem(p);

  if (controller.signal.aborted) {
    const stopped = current as RecordStep | null;
    process.stderr.write(`${pc.yellow('interrupted')}: ${stopped ? `command ${stopped.number} was stopped and not saved; ` : ''}` +
      `${outcomes.length} cast${plural(outcomes.length)} saved before it ${outcomes.length ? 'are intact' : '(none)'}.\n`);
    return 130;
  }

  warnStale(course.recordingsDir, slug, outcomes, course.root);
  const problems = outcomes.filter((o) => o.run.timedOut || o.run.incomplete || o.run.shellExited);
  const notRun = steps.length - outcomes.length;
  out.write(`${outcomes.length} cast${plural(outcomes.length)} saved.`);
  if (notRun > 0) out.write(` ${pc.red(`${notRun} command${plural(notRun)} not run: ${runProblems.find((p) => p.severity === 'error') ? 'see the error above' : 'the shell exited'}.`)}`);
  out.write('\n');
  if (runProblems.some((p) => p.severity === 'error')) return 1;
  if (problems.length > 0 || notRun > 0) {
    process.stderr.write(`${pc.yellow('check')} command${plural(problems.length)} ${problems.map((p) => p.number).join(', ') || '-'}: see the messages above; the casts were saved as they ran.\n`);
    return 1;
  }
  return 0;
}

/** Refuses commands that still hold placeholders (`...`, `xxxx`): they would run something else than the author means. */
function refusePlaceholders(lesson: Lesson, steps: RecordStep[]): void {
  const bad = steps.filter((s) => s.command.placeholders.length > 0);
  if (bad.length === 0) return;
  const lines = bad.map((s) => `  command ${s.number} (${s.command.pos.file}:${s.command.pos.line}): ${s.command.command}  — placeholder${plural(s.command.placeholders.length)} ${s.command.placeholders.map((p) => JSON.stringify(p.text)).join(', ')}`);
  const others = steps.filter((s) => s.command.placeholders.length === 0).map((s) => s.number);
  throw new LessoncastError('RECORD_PLACEHOLDERS',
    `cannot record lesson "${lesson.slug}": ${bad.length} command${plural(bad.length)} still hold${bad.length === 1 ? 's' : ''} placeholders:\n${lines.join('\n')}`,
    `Write the real command in the script${others.length ? `, or record the others with --only ${others.join(',')}` : ''}.`);
}

/** A set-up, wait or tear-down problem, as lint prints a finding. */
function printProblem(p: RunProblem): void {
  const sev = p.severity === 'error' ? pc.red('error') : pc.yellow('warning');
  process.stderr.write(`${pc.bold(`${p.pos.file}:${p.pos.line}:${p.pos.column}`)} ${sev} ${pc.dim(p.code)} ${p.message}${p.hint ? pc.dim(` (${p.hint})`) : ''}\n`);
}

function describeOutcome(o: RecordOutcome, timeoutSeconds: number): string {
  const r = o.run;
  const time = `${r.duration.toFixed(2)} s`;
  if (r.timedOut) return pc.red(`timed out after ${timeoutSeconds} s, stopped with Ctrl-C (exit ${r.exitCode ?? '?'}); saved with a marker`);
  if (r.incomplete) return pc.red('incomplete command (unbalanced quote or trailing \\?): bash asked for more input; cancelled');
  if (r.shellExited) return pc.yellow(`the shell exited (status ${r.exitCode ?? '?'}) in ${time}; later commands cannot run`);
  return r.exitCode === 0 ? `${pc.green('exit 0')} in ${time}` : `${pc.yellow(`exit ${r.exitCode}`)} in ${time}`;
}

/** Older casts numbered like a command just recorded (the command's text changed since): lint reports those that match nothing. */
function warnStale(recordingsDir: string, slug: string, outcomes: RecordOutcome[], root: string): void {
  const dir = join(recordingsDir, slug);
  if (!existsSync(dir)) return;
  const written = new Set(outcomes.map((o) => o.path));
  const numbers = new Set(outcomes.map((o) => o.number));
  for (const name of readdirSync(dir)) {
    const m = /^(\d+)-.*\.cast$/.exec(name);
    const path = join(dir, name);
    if (m && numbers.has(Number(m[1])) && !written.has(path))
      process.stderr.write(`${pc.yellow('note')} ${relative(root, path)} is an older cast numbered like command ${Number(m[1])}; delete it if it is stale.\n`);
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ac = new AbortController();
  rl.on('SIGINT', () => ac.abort()); // Ctrl-C at the question means no
  try {
    return /^y(es)?$/i.test((await rl.question(question, { signal: ac.signal })).trim());
  } catch {
    process.stdout.write('\n');
    return false;
  } finally {
    rl.close();
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
