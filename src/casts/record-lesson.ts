/**
 * Recording a lesson: its commands run in order in one real shell session (so `cd` and `export`
 * carry over), one v2 cast saved per command, each written whole (temp file, then rename).
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import type { Command, Lesson } from '../types.ts';
import { lessonCommands } from '../types.ts';
import { LessoncastError } from '../errors.ts';
import { ShellSession, type CommandRun } from '../adapters/pty.ts';
import { which } from '../adapters/tools.ts';
import { writeCast } from './asciicast.ts';
import { castFileName } from './cast-file-name.ts';
import { castFromRun } from './cast-from-run.ts';
import { resolveTyping } from './typing-settings.ts';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';

/** One command to record: its 1-based number in the lesson and the file its cast goes to. */
export interface RecordStep {
  number: number;
  command: Command;
  /** Absolute path of the cast. */
  path: string;
  /** Path relative to the course root (for messages). */
  file: string;
}

/** What happened to one command. */
export interface RecordOutcome extends RecordStep {
  run: CommandRun;
}

/** The commands `record` would run (all, or just number `only`), with their cast files. */
export function recordPlan(course: Course, lesson: Lesson, only?: number[]): RecordStep[] {
  const commands = lessonCommands(lesson);
  const bad = only?.find((n) => n < 1 || n > commands.length);
  if (bad !== undefined)
    throw new LessoncastError('RECORD_NO_SUCH_COMMAND', `--only ${bad}: lesson "${lesson.slug}" has ${commands.length} command${commands.length === 1 ? '' : 's'}.`,
      commands.length ? `Pick a number from 1 to ${commands.length}.` : 'Write commands in a ```bash block first.');
  const dir = join(course.recordingsDir, lesson.slug);
  return commands
    .map((command, i) => {
      const path = join(dir, castFileName(i + 1, command.command, commands.length));
      return { number: i + 1, command, path, file: relative(course.root, path) };
    })
    .filter((s) => only === undefined || only.includes(s.number));
}

/** Options for `recordLesson`. */
export interface RecordOptions {
  timeoutSeconds: number;
  /** Stops before the next command, interrupts the running one, writes nothing more. */
  signal?: AbortSignal;
  onStart?: (step: RecordStep) => void;
  onDone?: (outcome: RecordOutcome) => void;
  /** Base environment of the shell (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** Runs the steps in one shell session; returns what ran (fewer than asked when aborted or when the shell exited). */
export async function recordLesson(course: Course, lesson: Lesson, steps: RecordStep[], opts: RecordOptions): Promise<RecordOutcome[]> {
  const cwd = join(course.root, lesson.meta.workdir ?? '.');
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new LessoncastError('WORKDIR_MISSING', `The lesson's workdir ${relative(course.root, cwd) || '.'} does not exist (${cwd}).`, 'Create it, or fix `workdir:` in the lesson frontmatter.');
  const settings = lesson.meta.terminal;
  // The typing a recording holds is ours, not the author's: typed as the lesson says at the time of recording.
  const typing = resolveTyping(course.config.typing, lesson.meta.typing);
  const shell = await ShellSession.open({ cols: settings.cols, rows: settings.rows, cwd, env: opts.env });
  const onAbort = () => shell.interrupt();
  opts.signal?.addEventListener('abort', onAbort);
  const outcomes: RecordOutcome[] = [];
  try {
    for (const step of steps) {
      if (opts.signal?.aborted || shell.exited) break;
      opts.onStart?.(step);
      const timestamp = Math.floor(Date.now() / 1000);
      const run = await shell.run(step.command.command, { timeoutMs: opts.timeoutSeconds * 1000 });
      if (opts.signal?.aborted) break; // interrupted by the user: this cast is not written
      const cast = castFromRun(step.command.command, run, settings, { timestamp, shell: which('bash') ?? '/bin/bash', timeoutSeconds: opts.timeoutSeconds }, typing);
      writeFileAtomicSync(step.path, writeCast(cast));
      const outcome = { ...step, run };
      outcomes.push(outcome);
      opts.onDone?.(outcome);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    shell.close();
  }
  return outcomes;
}
