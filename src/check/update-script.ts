/**
 * `check --update`: the real output written into the script under its command, in place of the
 * lines written there (docs/check.md). Only those lines change: every other byte of the file is kept
 * (a BOM, CRLF or CR line ends, trailing spaces, the other commands' output). Pure; the script is
 * parsed again after the change, and a command whose new output would read as something else (a
 * command, a direction, a closing fence) is left as it was, with the reason.
 */
import type { Command, Lesson } from '../types.ts';
import { lessonCommands } from '../types.ts';

/** One command's new output. */
export interface OutputUpdate {
  command: Command;
  lines: string[];
}

/** The new script, the updates made, and those refused with why. */
export interface ScriptUpdate {
  text: string;
  applied: OutputUpdate[];
  refused: { update: OutputUpdate; reason: string }[];
}

/** A line of the file with its end (`\n`, `\r\n`, `\r` or '' for the last). */
interface SourceLine { text: string; end: string }

function splitLines(source: string): SourceLine[] {
  const out: SourceLine[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    out.push({ text: m[1], end: m[2] });
    if (m[2] === '') break;
  }
  return out;
}

/** Why a command cannot take written output under it, or null. */
function cannotTake(u: OutputUpdate): string | null {
  if (!u.command.explicit) return 'its block has no `$` lines, so every line of it is a command: write `$ ` before the commands to give them output';
  if (u.command.expect?.noOutput && u.lines.length) return 'it is marked `# no output` but printed something: fix the command or remove the mark';
  const fence = u.lines.find((l) => /^ {0,3}(?:```|~~~)/.test(l));
  if (fence !== undefined) return `its output has a line that would close the code block (${JSON.stringify(fence)}): edit it by hand`;
  return null;
}

/** `source` with each update's lines in place of its command's written output. `parse` reads a script (parseLesson). */
export function updateScript(source: string, updates: OutputUpdate[], parse: (text: string) => Lesson): ScriptUpdate {
  const refused: ScriptUpdate['refused'] = [];
  let pending = updates.filter((u) => {
    const why = cannotTake(u);
    if (why) refused.push({ update: u, reason: why });
    return !why;
  });
  for (;;) {
    const text = apply(source, pending);
    // Read the new script: each updated command must have exactly its new output, and the commands must be the same ones.
    const before = lessonCommands(parse(source)).map((c) => c.command);
    const after = lessonCommands(parse(text));
    const wrong = pending.filter((u) => {
      const now = after[u.command.index];
      return !now || now.command !== u.command.command || JSON.stringify(now.output ?? []) !== JSON.stringify(u.lines.map((l) => l.trimEnd()));
    });
    const sameCommands = after.length === before.length && after.every((c, i) => c.command === before[i]);
    if ((wrong.length === 0 && sameCommands) || pending.length === 0) return { text, applied: pending, refused };
    // The first update that reads wrong is refused, and the rest tried again (a new command shifts the ones after it).
    const bad = wrong.length ? wrong.sort((a, b) => a.command.pos.line - b.command.pos.line)[0] : pending[pending.length - 1];
    refused.push({ update: bad, reason: 'a line of its output would be read as a command or a direction: edit it by hand' });
    pending = pending.filter((u) => u !== bad);
  }
}

/** The text with the updates applied, last first so the line numbers of the earlier ones hold. */
function apply(source: string, updates: OutputUpdate[]): string {
  const lines = splitLines(source);
  for (const u of [...updates].sort((a, b) => b.command.pos.line - a.command.pos.line)) {
    const at = u.command.pos.line - 1;
    const cmdLine = lines[at];
    const indent = /^[ \t]*/.exec(cmdLine.text)![0];
    // The command's own line end; a last line without one gets one before the output.
    const eol = cmdLine.end || (/\r\n/.test(source) ? '\r\n' : /\r(?!\n)/.test(source) ? '\r' : '\n');
    const oldCount = u.command.output ? u.command.pos.endLine - u.command.pos.line : 0;
    const replaced = lines.slice(at + 1, at + 1 + oldCount);
    const lastEnd = replaced.length ? replaced[replaced.length - 1].end : cmdLine.end;
    const fresh: SourceLine[] = u.lines.map((l, i) => ({ text: l.trimEnd() === '' ? '' : indent + l.trimEnd(), end: i === u.lines.length - 1 ? (lastEnd || '') : eol }));
    const head = { ...cmdLine, end: fresh.length ? eol : lastEnd };
    lines.splice(at, 1 + oldCount, head, ...fresh);
  }
  return lines.map((l) => l.text + l.end).join('');
}
