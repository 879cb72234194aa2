/** Casts: `no-output`, `cast-recorded` / `cast-synthesized` (info), `unmatched-recording`, `invalid-recording`. */
import type { Diagnostic, Lesson } from '../../types.ts';
import { lessonCommands } from '../../types.ts';

/** What lint needs to know about a lesson's recordings (from `matchCasts`). */
export interface RecordingFacts {
  matches: Map<string, { file: string }>;
  unmatched: { file: string }[];
  invalid: { file: string; line: number; problem: string }[];
}

/** One info per command saying which cast plays, and warnings for what will not play well. */
export function castRules(lesson: Lesson, recordings: RecordingFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const cmd of lessonCommands(lesson)) {
    const rec = recordings.matches.get(cmd.id);
    const at = { file: lesson.file, line: cmd.pos.line, column: cmd.pos.column };
    if (rec) out.push({ code: 'cast-recorded', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` plays ${rec.file}` });
    else {
      out.push({ code: 'cast-synthesized', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` is synthesized${cmd.output ? ' from its expected output' : ' with no output'}` });
      if (!cmd.output)
        out.push({
          code: 'no-output', severity: 'warning', ...at,
          message: `\`${cmd.command}\` has neither expected output nor a recording`,
          hint: `write its output on the lines under it, or record it with: lessoncast record ${lesson.slug} --only ${cmd.index + 1}`,
        });
    }
  }
  for (const u of recordings.unmatched)
    out.push({ code: 'unmatched-recording', severity: 'warning', file: u.file, line: 1, column: 1, message: `recording matches no command of ${lesson.slug}`, hint: 'put the command in the cast header, name the file NN-... after the command number, or delete it' });
  for (const bad of recordings.invalid)
    out.push({ code: 'invalid-recording', severity: 'error', file: bad.file, line: bad.line, column: 1, message: `recording cannot be read: ${bad.problem}`, hint: 'record it again, or delete it to play a synthesized cast' });
  return out;
}
