/**
 * Recordings against the script, with no command run (docs/check.md): `recording-differs-from-script`
 * when a recording shows other output than the script writes under its command (compared as `check`
 * compares, volatile parts normalized), `recorded-command-failed` when the recorded command failed
 * and the script does not say it fails (`# exit N`).
 */
import type { Diagnostic, Lesson } from '../../types.ts';
import { lessonCommands } from '../../types.ts';
import { compareOutput } from '../../check/compare-output.ts';

/** What a command's recording shows: its file, its output lines (recording-output.ts), its exit status if it says. */
export interface RecordedResult {
  file: string;
  lines: string[];
  exitCode?: number;
}

/** Findings for the commands whose recording contradicts the script; `ignore`: the course's `check.ignore`. */
export function recordingOutputRule(lesson: Lesson, recorded: Map<string, RecordedResult>, ignore: readonly RegExp[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const cmd of lessonCommands(lesson)) {
    const rec = recorded.get(cmd.id);
    if (!rec) continue;
    const at = { file: lesson.file, line: cmd.pos.line, column: cmd.pos.column };
    const expected = cmd.expect?.exit ?? 0;
    if (rec.exitCode !== undefined && rec.exitCode !== expected)
      out.push({
        code: 'recorded-command-failed', severity: 'warning', ...at,
        message: cmd.expect?.exit !== undefined
          ? `the recording of \`${cmd.command}\` (${rec.file}) exited ${rec.exitCode}; the script says \`# exit ${expected}\``
          : `the recording of \`${cmd.command}\` (${rec.file}) shows it failing (exit ${rec.exitCode}); the script does not say it fails`,
        hint: rec.exitCode !== 0
          ? `record it again once it works (a set-up block or a wait may be missing: docs/check.md), or end its line with \`# exit ${rec.exitCode}\` if it is meant to fail`
          : 'record it again, or remove `# exit N` from its line',
      });
    if (cmd.output === null && !cmd.expect?.noOutput) continue; // the script does not say what it prints
    const cmp = compareOutput(cmd.output ?? [], rec.lines, { ignore, labels: [`${lesson.file}:${cmd.pos.line} (written)`, rec.file] });
    if (cmp.same) continue;
    const d = cmp.firstDifference;
    const what = d?.written != null && d.real != null ? `\`${d.real}\` where the script shows \`${d.written}\``
      : d?.written != null ? `no \`${d.written}\`` : `\`${d?.real ?? ''}\`, which the script does not show`;
    out.push({
      code: 'recording-differs-from-script', severity: 'warning', ...at,
      message: `the recording of \`${cmd.command}\` (${rec.file}) shows ${what}: the video plays the recording, the site shows the script`,
      hint: `record it again (lessoncast record ${lesson.slug} --only ${cmd.index + 1}), or write what it prints (lessoncast check ${lesson.slug} --update)`,
      detail: cmp.diff,
    });
  }
  return out;
}
