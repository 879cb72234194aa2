/**
 * Casts: `no-output`, `cast-recorded` / `cast-synthesized` and `recording-kind` (info),
 * `unmatched-recording`, `invalid-recording`, and for whole-session recordings
 * `recorded-command-not-in-script`, `script-command-not-recorded`, `recorded-command-differs`.
 */
import type { Diagnostic, Lesson } from '../../types.ts';
import { lessonCommands } from '../../types.ts';
import type { RecordingKind } from '../../casts/recording-kind.ts';
import type { SessionGap } from '../../casts/match-casts.ts';
import { TERMINAL_THEMES } from '../../casts/terminal-theme.ts';

/** What lint needs to know about a lesson's recordings (from `matchCasts`). */
export interface RecordingFacts {
  matches: Map<string, { file: string; kind?: RecordingKind; recorded?: string | null; part?: { index: number; of: number }; differs?: boolean }>;
  unmatched: { file: string }[];
  invalid: { file: string; line: number; problem: string }[];
  recordings?: { file: string; kind: RecordingKind; commands: (string | null)[]; prompt: string | null }[];
  gaps?: SessionGap[];
}

/** One info per command saying which cast plays, one per recording saying its kind, and warnings for what will not play well. */
export function castRules(lesson: Lesson, recordings: RecordingFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const commands = lessonCommands(lesson);
  for (const cmd of commands) {
    const rec = recordings.matches.get(cmd.id);
    const at = { file: lesson.file, line: cmd.pos.line, column: cmd.pos.column };
    if (rec) {
      // The kind of every recording is its own `recording-kind` info; a session also says which of its commands plays.
      const how = rec.kind === 'session' && rec.part ? ` (session, command ${rec.part.index} of ${rec.part.of})` : '';
      out.push({ code: 'cast-recorded', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` plays ${rec.file}${how}` });
      if (rec.differs && rec.recorded)
        out.push({
          code: 'recorded-command-differs', severity: 'warning', ...at,
          message: `the recording types \`${rec.recorded}\` where the script says \`${cmd.command}\` (${rec.file}, command ${rec.part?.index ?? 1})`,
          hint: 'the recording plays; make the script say what was typed, or record the command again',
        });
    } else {
      out.push({ code: 'cast-synthesized', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` is synthesized${cmd.output ? ' from its expected output' : ' with no output'}` });
      if (!cmd.output)
        out.push({
          code: 'no-output', severity: 'warning', ...at,
          message: `\`${cmd.command}\` has neither expected output nor a recording`,
          hint: `write its output on the lines under it, or record it with: lessoncast record ${lesson.slug} --only ${cmd.index + 1}`,
        });
    }
  }
  for (const r of recordings.recordings ?? []) {
    const listed = r.commands.filter((c): c is string => c !== null).map((c) => `\`${c}\``).join(', ');
    const message = r.kind === 'session'
      ? `whole-session recording: ${r.commands.length} command${r.commands.length === 1 ? '' : 's'} (${listed}) at the prompt \`${r.prompt?.trim() ?? ''}\`; each plays as recorded`
      : r.kind === 'full'
        ? `full recording: shows its prompt and the typed command ${listed}; plays as recorded`
        : `command-only recording: output only${listed ? ` of ${listed}` : ''}; the prompt and typing are synthesized before it`;
    out.push({ code: 'recording-kind', severity: 'info', file: r.file, line: 1, column: 1, message });
  }
  for (const g of recordings.gaps ?? []) {
    if (g.type === 'not-in-script')
      out.push({
        code: 'recorded-command-not-in-script', severity: 'warning', file: g.file, line: 1, column: 1,
        message: `command ${g.part} of ${g.of} of the session, \`${g.recorded}\`, is not in the script; it does not play`,
        hint: `add \`$ ${g.recorded}\` to ${lesson.file} where it was run, or record the session again without it`,
      });
    else {
      const cmd = commands.find((c) => c.id === g.commandId)!;
      const where = g.before && g.after ? ` between \`${g.before}\` and \`${g.after}\`` : '';
      out.push({
        code: 'script-command-not-recorded', severity: 'warning', file: lesson.file, line: cmd.pos.line, column: cmd.pos.column,
        message: `\`${cmd.command}\` is not in the session ${g.file}${where}; it is synthesized`,
        hint: 'record the session again with it, or remove it from the script',
      });
    }
  }
  const theme = lesson.meta.terminal.theme;
  if (!(theme in TERMINAL_THEMES))
    out.push({
      code: 'unknown-terminal-theme', severity: 'warning', file: lesson.file, line: 1, column: 1,
      message: `terminal theme "${theme}" is not one of ${Object.keys(TERMINAL_THEMES).join(', ')}; the default is used`,
    });
  for (const u of recordings.unmatched)
    out.push({ code: 'unmatched-recording', severity: 'warning', file: u.file, line: 1, column: 1, message: `recording matches no command of ${lesson.slug}`, hint: 'put the command in the cast header, name the file NN-... after the command number, or delete it' });
  for (const bad of recordings.invalid)
    out.push({ code: 'invalid-recording', severity: 'error', file: bad.file, line: bad.line, column: 1, message: `recording cannot be read: ${bad.problem}`, hint: 'record it again, or delete it to play a synthesized cast' });
  return out;
}
