/**
 * Casts: `no-output`, `cast-recorded` / `cast-synthesized` and `recording-kind` (info),
 * `unmatched-recording`, `invalid-recording`, `recording-of-edited-command` (a recording whose command
 * the script has changed since: one finding, at the command), `recording-name-differs` (a numbered
 * cast named after another command than the one it plays for), and for whole-session recordings
 * `recorded-command-not-in-script`, `script-command-not-recorded`, `recorded-command-differs`.
 */
import { distance } from 'fastest-levenshtein';
import type { Command, Diagnostic, Lesson } from '../../types.ts';
import { lessonCommands } from '../../types.ts';
import type { RecordingKind } from '../../casts/recording-kind.ts';
import { nameKebab, type SessionGap } from '../../casts/match-casts.ts';
import { shortKebab } from '../../casts/cast-file-name.ts';
import { TERMINAL_THEMES } from '../../casts/terminal-theme.ts';
import { firstWord, KNOWN_PROGRAMS } from '../../parse/terminal-steps.ts';

/** What lint needs to know about a lesson's recordings (from `matchCasts`). */
export interface RecordingFacts {
  matches: Map<string, { file: string; by?: 'command' | 'order' | 'session'; kind?: RecordingKind; recorded?: string | null; part?: { index: number; of: number }; differs?: boolean }>;
  unmatched: { file: string }[];
  invalid: { file: string; line: number; problem: string }[];
  recordings?: { file: string; kind: RecordingKind; commands: (string | null)[]; prompt: string | null }[];
  gaps?: SessionGap[];
}

/** Two commands this similar (1 − edit distance / longer length) are one command, edited. */
const EDITED_SIMILARITY = 0.6;

/** One info per command saying which cast plays, one per recording saying its kind, and warnings for what will not play well. */
export function castRules(lesson: Lesson, recordings: RecordingFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const commands = lessonCommands(lesson);
  const edited = editedCommands(commands, recordings);
  for (const cmd of commands) {
    const rec = recordings.matches.get(cmd.id);
    const at = { file: lesson.file, line: cmd.pos.line, column: cmd.pos.column };
    const old = edited.get(cmd.id);
    if (!rec && old) {
      // Cause and effect in one finding: not a command without output plus a stray recording.
      out.push({ code: 'cast-synthesized', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` is synthesized${cmd.output ? ' from its expected output' : ' with no output'}` });
      out.push({
        code: 'recording-of-edited-command', severity: 'warning', ...at,
        message: `recorded \`${old.recorded}\`, the script now says \`${cmd.command}\` (${old.file} does not play); record it again`,
        hint: `lessoncast record ${lesson.slug} --only ${cmd.index + 1}`,
      });
      continue;
    }
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
      const kebab = rec.by === 'order' ? nameKebab(rec.file) : null;
      if (kebab && looksLikeCommand(kebab, commands) && shortKebab(cmd.command) !== kebab)
        out.push({
          code: 'recording-name-differs', severity: 'warning', file: rec.file, line: 1, column: 1,
          message: `${rec.file} is named after \`${kebab.replace(/-/g, ' ')}\` but plays for command ${cmd.index + 1}, \`${cmd.command}\` (it has no command in its header: it goes by its number)`,
          hint: 'record it again (lessoncast record names and heads each cast after its command), rename it after the command it shows, or delete it',
        });
    } else {
      out.push({ code: 'cast-synthesized', severity: 'info', ...at, message: `${cmd.id} \`${cmd.command}\` is synthesized${cmd.output ? ' from its expected output' : ' with no output'}` });
      // `# no output`: it prints nothing on purpose (docs/ir.md).
      if (!cmd.output && !cmd.expect?.noOutput)
        out.push({
          code: 'no-output', severity: 'warning', ...at,
          message: `\`${cmd.command}\` has neither expected output nor a recording`,
          hint: `write its output on the lines under it (lessoncast check ${lesson.slug} --update does), end its line with \`# no output\` if it prints nothing, or record it with: lessoncast record ${lesson.slug} --only ${cmd.index + 1}`,
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
  const editedFiles = new Set([...edited.values()].map((e) => e.file));
  for (const u of recordings.unmatched.filter((u) => !editedFiles.has(u.file)))
    out.push({ code: 'unmatched-recording', severity: 'warning', file: u.file, line: 1, column: 1, message: `recording matches no command of ${lesson.slug}`, hint: 'put the command in the cast header, name the file NN-... after the command number, or delete it' });
  for (const bad of recordings.invalid)
    out.push({ code: 'invalid-recording', severity: 'error', file: bad.file, line: bad.line, column: 1, message: `recording cannot be read: ${bad.problem}`, hint: 'record it again, or delete it to play a synthesized cast' });
  return out;
}

/**
 * Unmatched recordings of a command the script has edited since: a recording (not a session) whose
 * header names a command that matches nothing, paired with a command that plays no recording, the
 * one its file number names when it is alike (same program, or similar text), else the most similar.
 */
function editedCommands(commands: Command[], recordings: RecordingFacts): Map<string, { file: string; recorded: string }> {
  const out = new Map<string, { file: string; recorded: string }>();
  const free = (c: Command) => !recordings.matches.has(c.id) && !out.has(c.id);
  for (const u of recordings.unmatched) {
    const summary = recordings.recordings?.find((r) => r.file === u.file);
    const recorded = summary && summary.kind !== 'session' ? summary.commands[0] : null;
    if (!recorded) continue;
    const number = /(?:^|\/)(\d+)[^/]*$/.exec(u.file);
    const numbered = number ? commands[Number(number[1]) - 1] : undefined;
    let pick: Command | undefined;
    if (numbered && free(numbered) && (firstWord(numbered.command) === firstWord(recorded) || similarity(numbered.command, recorded) >= EDITED_SIMILARITY)) pick = numbered;
    else {
      let best = EDITED_SIMILARITY;
      for (const c of commands.filter(free)) {
        const s = similarity(c.command, recorded);
        if (s >= best) { best = s; pick = c; }
      }
    }
    if (pick) out.set(pick.id, { file: u.file, recorded });
  }
  return out;
}

function similarity(a: string, b: string): number {
  const x = a.trim().replace(/\s+/g, ' ');
  const y = b.trim().replace(/\s+/g, ' ');
  const longer = Math.max(x.length, y.length);
  return longer === 0 ? 1 : 1 - distance(x, y) / longer;
}

/** A file-name kebab that starts like a command of the lesson or a well-known program (not `demo`, `take-2`). */
function looksLikeCommand(kebab: string, commands: Command[]): boolean {
  const first = kebab.split('-')[0];
  return KNOWN_PROGRAMS.has(first) || commands.some((c) => shortKebab(firstWord(c.command)) === first);
}
