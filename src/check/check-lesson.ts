/**
 * `lessoncast check` for one lesson (docs/check.md): its commands run as `record` runs them
 * (run-lesson.ts: fresh copy of the workdir, real pseudo-terminal, set-up, waits, tear-down) without
 * writing casts, and each command's output and exit status are judged against the script.
 */
import type { Course } from '../course.ts';
import type { Diagnostic, Lesson } from '../types.ts';
import { lessonCommands } from '../types.ts';
import { runLesson, type RunCommand, type RunLessonOptions } from '../casts/run-lesson.ts';
import { ignorePatterns, redactPatterns } from '../secrets/course-patterns.ts';
import { judgeCommand, type CommandJudgement } from './judge-command.ts';
import { terminalText } from './terminal-text.ts';

/** A command that ran, and how it compares with the script. */
export interface CheckedCommand extends RunCommand {
  judgement: CommandJudgement;
  exitCode: number | null;
  /** Seconds it took. */
  duration: number;
}

/** The check of one lesson. */
export interface LessonCheck {
  slug: string;
  checked: CheckedCommand[];
  /** Every finding: per command, and about the set-up, waits and tear-down. */
  diagnostics: Diagnostic[];
  notRun: RunCommand[];
  aborted: boolean;
}

/** Options: a run's, and a callback per command judged. */
export interface CheckOptions extends Omit<RunLessonOptions, 'onDone'> {
  onChecked?: (c: CheckedCommand) => void;
}

/** Runs and judges every command of `lesson` (parsed as written: `readLesson(..., { secrets: 'keep' })`). */
export async function checkLesson(course: Course, lesson: Lesson, opts: CheckOptions): Promise<LessonCheck> {
  const commands = lessonCommands(lesson).map((command, i) => ({ number: i + 1, command }));
  const out: LessonCheck = { slug: lesson.slug, checked: [], diagnostics: [], notRun: [], aborted: false };
  // A placeholder would run something else than the author means: the lesson is not run at all.
  const holes = commands.filter((c) => c.command.placeholders.length > 0);
  if (holes.length) {
    for (const c of holes)
      out.diagnostics.push({ code: 'cannot-run', severity: 'error', file: c.command.pos.file, line: c.command.pos.line, column: c.command.placeholders[0].column,
        message: `\`${c.command.command}\` still holds placeholder${c.command.placeholders.length === 1 ? '' : 's'} ${c.command.placeholders.map((p) => JSON.stringify(p.text)).join(', ')}: the lesson was not run`,
        hint: 'write the real command in the script' });
    out.notRun = commands;
    return out;
  }
  if (commands.length === 0) return out;
  const judge = { slug: lesson.slug, ignore: ignorePatterns(course.config), secrets: redactPatterns(course.config) };
  const run = await runLesson(course, lesson, commands, {
    ...opts,
    onDone: async (r) => {
      const lines = await terminalText(r.run.output.map((o) => o.data).join(''), lesson.meta.terminal.cols);
      const judgement = judgeCommand(r.command, { lines, exitCode: r.run.exitCode, timedOut: r.run.timedOut, incomplete: r.run.incomplete, timeoutSeconds: opts.timeoutSeconds }, judge);
      const checked = { number: r.number, command: r.command, judgement, exitCode: r.run.exitCode, duration: r.run.duration };
      out.checked.push(checked);
      opts.onChecked?.(checked);
    },
  });
  out.notRun = run.notRun;
  out.aborted = run.aborted;
  out.diagnostics = [
    ...out.checked.flatMap((c) => c.judgement.diagnostics),
    ...run.problems.map((p): Diagnostic => ({ code: p.code, severity: p.severity, file: p.pos.file, line: p.pos.line, column: p.pos.column, message: p.message, ...(p.hint ? { hint: p.hint } : {}) })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}
