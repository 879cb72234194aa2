/**
 * Recording a lesson: its commands run once (run-lesson.ts: a fresh copy of the workdir, one real shell
 * session, set-up, waits, tear-down), one v2 cast saved per command, each written whole (temp file,
 * then rename), with secrets masked before anything is written (docs/security.md).
 */
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import type { Command, Lesson } from '../types.ts';
import { lessonCommands } from '../types.ts';
import { LessoncastError } from '../errors.ts';
import type { CommandRun } from '../adapters/pty.ts';
import { which } from '../adapters/tools.ts';
import { writeCast } from './asciicast.ts';
import { castFileName } from './cast-file-name.ts';
import { castFromRun } from './cast-from-run.ts';
import { resolveTyping } from './typing-settings.ts';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';
import { redactCast } from './redact-cast.ts';
import { redactSecrets } from '../secrets/redact-secrets.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';
import { runLesson, type RunLessonOptions, type RunProblem } from './run-lesson.ts';

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

/** The commands `record` would run (all, or just numbers `only`), with their cast files (named after the command, secrets masked). */
export function recordPlan(course: Course, lesson: Lesson, only?: number[]): RecordStep[] {
  const commands = lessonCommands(lesson);
  const bad = only?.find((n) => n < 1 || n > commands.length);
  if (bad !== undefined)
    throw new LessoncastError('RECORD_NO_SUCH_COMMAND', `--only ${bad}: lesson "${lesson.slug}" has ${commands.length} command${commands.length === 1 ? '' : 's'}.`,
      commands.length ? `Pick a number from 1 to ${commands.length}.` : 'Write commands in a ```bash block first.');
  const dir = join(course.recordingsDir, lesson.slug);
  const secrets = redactPatterns(course.config);
  return commands
    .map((command, i) => {
      const path = join(dir, castFileName(i + 1, redactSecrets(command.command, secrets), commands.length));
      return { number: i + 1, command, path, file: relative(course.root, path) };
    })
    .filter((s) => only === undefined || only.includes(s.number));
}

/** Options for `recordLesson`: those of a run, and when each cast is saved. */
export interface RecordOptions extends Omit<RunLessonOptions, 'onStart' | 'onDone'> {
  onStart?: (step: RecordStep) => void;
  onDone?: (outcome: RecordOutcome) => void;
}

/** What a recording run did: the casts saved, and what went wrong outside the commands (set-up, waits, tear-down). */
export interface RecordResult {
  outcomes: RecordOutcome[];
  problems: RunProblem[];
  /** Commands not run (a failed set-up, a wait that ran out, the shell gone, Ctrl-C). */
  notRun: RecordStep[];
  aborted: boolean;
}

/** Runs the steps once and saves a cast per command as it finishes; the command interrupted by Ctrl-C is not saved. */
export async function recordLesson(course: Course, lesson: Lesson, steps: RecordStep[], opts: RecordOptions): Promise<RecordResult> {
  const settings = lesson.meta.terminal;
  const secrets = redactPatterns(course.config);
  // The typing a recording holds is ours, not the author's: typed as the lesson says at the time of recording.
  const typing = resolveTyping(course.config.typing, lesson.meta.typing);
  const byNumber = new Map(steps.map((s) => [s.number, s]));
  const outcomes: RecordOutcome[] = [];
  const shell = which('bash') ?? '/bin/bash';
  const run = await runLesson(course, lesson, steps.map((s) => ({ number: s.number, command: s.command })), {
    ...opts,
    onStart: (c) => opts.onStart?.(byNumber.get(c.number)!),
    onDone: (r) => {
      const step = byNumber.get(r.number)!;
      // The command is typed masked, and its output masked as one stream, before the file is written.
      const typed = redactSecrets(step.command.command, secrets);
      const cast = redactCast(castFromRun(typed, r.run, settings, { timestamp: r.timestamp, shell, timeoutSeconds: opts.timeoutSeconds }, typing), secrets);
      writeFileAtomicSync(step.path, writeCast(cast));
      const outcome = { ...step, run: r.run };
      outcomes.push(outcome);
      opts.onDone?.(outcome);
    },
  });
  return { outcomes, problems: run.problems, notRun: run.notRun.map((c) => byNumber.get(c.number)!), aborted: run.aborted };
}
