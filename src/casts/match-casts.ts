/**
 * Which recording plays for which command: `recordings/<slug>/*.cast` matched to the lesson's
 * commands. A whole-session recording is cut into its commands, matched to the script's by text in
 * order; other recordings match by the command in their header, else by the command their file is named
 * after (`NN-<command>.cast`), else by file number and order.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import type { Command, Lesson } from '../types.ts';
import { lessonCommands } from '../types.ts';
import type { Cast } from './types.ts';
import { readCastFile } from './read-cast-file.ts';
import { CastInvalidError } from './cast-invalid-error.ts';
import { alignCommands, type CommandPair } from './align-commands.ts';
import { normalizeCommand, recordingContent, usableCommand, type RecordedCommand, type RecordingKind } from './recording-kind.ts';
import { castSecrets, redactCast } from './redact-cast.ts';
import { shortKebab } from './cast-file-name.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';

export { normalizeCommand } from './recording-kind.ts';

/** Default idle cap for replayed recordings, seconds (config `idleTimeLimit` overrides). */
export const DEFAULT_IDLE_TIME_LIMIT = 2;

/** A recording read from disk; `file` is relative to the course root. */
export interface Recording {
  file: string;
  cast: Cast;
}

/** A recording that matched a command, and how. `cast` is what plays: the session part, or the whole recording. */
export interface CastMatch extends Recording {
  by: 'command' | 'order' | 'session';
  kind: RecordingKind;
  /** The command as recorded, when the recording says (typed on its line, or in its header). */
  recorded: string | null;
  /** When Enter is pressed in `cast`, when the recording shows it. */
  typedAt?: number;
  /** Sessions: which command of the recording (1-based) and how many it holds. */
  part?: { index: number; of: number };
  /** The recorded command's text differs from the script's (sessions; both texts are reported). */
  differs?: boolean;
}

/** What a recording holds (lint says it per file). */
export interface RecordingSummary {
  file: string;
  kind: RecordingKind;
  /** The recorded commands' texts (null where the recording does not say). */
  commands: (string | null)[];
  prompt: string | null;
}

/** A session's command and the script's command that do not meet. */
export type SessionGap =
  | { type: 'not-in-script'; file: string; part: number; of: number; recorded: string }
  | { type: 'not-recorded'; file: string; commandId: string; before: string | null; after: string | null };

/** What `matchCasts` found for one lesson. */
export interface CastMatches {
  /** Keyed by `Command.id`. */
  matches: Map<string, CastMatch>;
  /** Recordings that match no command (lint reports them). */
  unmatched: { file: string }[];
  /** Recordings that could not be read: each error names file and line. */
  invalid: { file: string; error: CastInvalidError }[];
  /** Every readable recording's kind and commands. */
  recordings: RecordingSummary[];
  /** Session commands missing from the script, and script commands missing from a session they sit inside. */
  gaps: SessionGap[];
}

/** A recording that holds secrets (masked before matching; lint reports them). */
export interface RecordingSecrets {
  file: string;
  found: { name: string; time: number }[];
}

/**
 * Reads the lesson's recordings and matches them to its commands. Secrets in a recording are masked
 * first (as the lesson's commands are: docs/security.md), so a command that holds a token matches its
 * recording, and nothing after this sees the token; `secrets` says which recordings held some.
 */
export async function matchCasts(course: Course, lesson: Lesson): Promise<CastMatches & { secrets: RecordingSecrets[] }> {
  const read = await readRecordings(course, lesson.slug);
  const patterns = redactPatterns(course.config);
  const secrets: RecordingSecrets[] = [];
  const recordings = read.recordings.map((r) => {
    const found = castSecrets(r.cast, patterns);
    if (found.length === 0) return r;
    secrets.push({ file: r.file, found: found.map((f) => ({ name: f.name, time: f.time })) });
    return { ...r, cast: redactCast(r.cast, patterns) };
  });
  return { ...matchRecordings(lessonCommands(lesson), recordings), invalid: read.invalid, secrets };
}

/** Reads every `recordings/<slug>/*.cast` (idle gaps capped), in natural file-name order. */
export async function readRecordings(course: Course, slug: string): Promise<{ recordings: Recording[]; invalid: CastMatches['invalid'] }> {
  const dir = join(course.recordingsDir, slug);
  if (!existsSync(dir)) return { recordings: [], invalid: [] };
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith('.cast'))
    .map((d) => d.name)
    .sort(naturalOrder);
  const idleTimeLimit = course.config.idleTimeLimit ?? DEFAULT_IDLE_TIME_LIMIT;
  const recordings: Recording[] = [];
  const invalid: CastMatches['invalid'] = [];
  for (const name of names) {
    const file = relative(course.root, join(dir, name));
    try {
      recordings.push({ file, cast: await readCastFile(join(dir, name), { file, idleTimeLimit, root: course.root }) });
    } catch (err) {
      if (err instanceof CastInvalidError) invalid.push({ file, error: err });
      else throw err;
    }
  }
  return { recordings, invalid };
}

/**
 * Pure matching (docs/casts.md). 1) A recording that is not a session and whose header `command`
 * equals a command (whitespace-normalized) takes the first such command not yet taken; exact
 * matches go before placeholder matches (`...`, `xxxx`, `<pod>` stand for any text). 2) A session
 * is cut into its commands and aligned with the free script commands by text, in order (a recorded
 * command may differ a little: it still plays, and lint shows both texts). 3) Other recordings go by
 * order: a file named `NN-...` takes command NN if free, else the next free command after the
 * previous one matched by order. 4) A recording whose command matches nothing but whose `NN-`
 * prefix names a free command that holds placeholders is the recording of that command, filled in.
 */
export function matchRecordings(commands: Command[], recordings: Recording[]): Omit<CastMatches, 'invalid'> {
  const matches = new Map<string, CastMatch>();
  const taken = new Set<Recording>();
  const free = (c: Command) => !matches.has(c.id);
  const contents = new Map(recordings.map((r) => [r, recordingContent(r.cast)]));
  const whole = (r: Recording, by: CastMatch['by']): CastMatch => {
    const content = contents.get(r)!;
    const only = content.commands[0];
    return { file: r.file, cast: r.cast, by, kind: content.kind, recorded: only.text, ...(only.typedAt !== undefined ? { typedAt: only.typedAt } : {}) };
  };
  const take = (c: Command, r: Recording, m: CastMatch) => { matches.set(c.id, m); taken.add(r); };
  const isSession = (r: Recording) => contents.get(r)!.kind === 'session';

  const byCommand = recordings.filter((r) => !isSession(r) && usableCommand(r.cast.command));
  for (const exact of [true, false])
    for (const r of byCommand) {
      if (taken.has(r)) continue;
      const wanted = normalizeCommand(r.cast.command!);
      const c = commands.find((c) => free(c) && (exact ? normalizeCommand(c.command) === wanted : !!placeholderPattern(c)?.test(wanted)));
      if (c) take(c, r, whole(r, 'command'));
    }

  const gaps: SessionGap[] = [];
  for (const r of recordings) {
    if (!isSession(r)) continue;
    const parts = contents.get(r)!.commands;
    const open = commands.filter(free);
    const pairs = alignCommands(parts.map((p) => p.text ?? ''), open.map((c) => ({ text: c.command, pattern: placeholderPattern(c) })));
    const aligned = pairs.filter((p): p is CommandPair & { script: number; recorded: number } => p.script !== null && p.recorded !== null);
    if (aligned.length === 0) continue;
    for (const p of aligned) {
      const part: RecordedCommand = parts[p.recorded];
      take(open[p.script], r, {
        file: r.file, cast: part.cast, by: 'session', kind: 'session', recorded: part.text,
        ...(part.typedAt !== undefined ? { typedAt: part.typedAt } : {}),
        part: { index: part.part, of: part.of }, ...(p.differs ? { differs: true } : {}),
      });
    }
    const first = aligned[0].script;
    const last = aligned[aligned.length - 1].script;
    for (const p of pairs) {
      if (p.recorded !== null && p.script === null)
        gaps.push({ type: 'not-in-script', file: r.file, part: p.recorded + 1, of: parts.length, recorded: parts[p.recorded].text ?? '' });
      else if (p.script !== null && p.recorded === null && p.script > first && p.script < last) {
        const before = pairs.slice(0, pairs.indexOf(p)).reverse().find((q) => q.recorded !== null);
        const after = pairs.slice(pairs.indexOf(p) + 1).find((q) => q.recorded !== null);
        gaps.push({ type: 'not-recorded', file: r.file, commandId: open[p.script].id,
          before: before ? parts[before.recorded!].text : null, after: after ? parts[after.recorded!].text : null });
      }
    }
  }

  let cursor = 0;
  for (const r of recordings) {
    if (taken.has(r) || isSession(r) || usableCommand(r.cast.command)) continue;
    const n = fileNumber(r.file);
    // A file named after a command (`04-kubectl-get-pods.cast`, as record names them) is that command's,
    // even when the numbers moved: it never plays for the command that now has its number.
    const kebab = nameKebab(r.file);
    const named = kebab ? commands.filter((c) => shortKebab(c.command) === kebab) : [];
    let c: Command | undefined;
    if (named.length) c = named.filter(free).sort((a, b) => Math.abs(a.index + 1 - (n ?? 0)) - Math.abs(b.index + 1 - (n ?? 0)))[0];
    else {
      const numbered = n !== null ? commands[n - 1] : undefined;
      c = numbered && free(numbered) ? numbered : commands.find((c) => c.index >= cursor && free(c));
    }
    if (!c) continue;
    take(c, r, whole(r, 'order'));
    cursor = c.index + 1;
  }

  for (const r of recordings) {
    if (taken.has(r) || isSession(r)) continue;
    const n = fileNumber(r.file);
    const named = n !== null ? commands[n - 1] : undefined;
    if (named && free(named) && named.placeholders.length > 0) take(named, r, whole(r, 'order'));
  }

  const summaries: RecordingSummary[] = recordings.map((r) => {
    const c = contents.get(r)!;
    return { file: r.file, kind: c.kind, commands: c.commands.map((p) => p.text), prompt: c.prompt };
  });
  return { matches, unmatched: recordings.filter((r) => !taken.has(r)).map((r) => ({ file: r.file })), recordings: summaries, gaps };
}

/** The command as a pattern where each placeholder stands for any text; null without placeholders. */
function placeholderPattern(command: Command): RegExp | null {
  const texts = [...new Set(command.placeholders.map((p) => p.text))].sort((a, b) => b.length - a.length);
  if (texts.length === 0) return null;
  const splitter = new RegExp(texts.map(escapeRegExp).join('|'), 'g');
  const literal = normalizeCommand(command.command).split(splitter).map(escapeRegExp);
  return new RegExp(`^${literal.join('.+')}$`);
}

/** `recordings/x/04-kubectl-get-pods.cast` → `kubectl-get-pods`: the command a recorded file is named after; null without `NN-`. */
export function nameKebab(file: string): string | null {
  const m = /(?:^|\/)\d+-([^/]+)\.cast$/.exec(file);
  return m ? m[1].toLowerCase() : null;
}

/** `recordings/x/03-kubectl-get.cast` → 3; null when the name has no number prefix. */
function fileNumber(file: string): number | null {
  const m = /(?:^|\/)(\d+)[^/]*$/.exec(file);
  return m ? Number(m[1]) : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
