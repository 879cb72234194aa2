/**
 * Which recording plays for which command: `recordings/<slug>/*.cast` matched to the lesson's
 * commands by the command in the cast header (whitespace-normalized), else by order.
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

/** Default idle cap for replayed recordings, seconds (config `idleTimeLimit` overrides). */
export const DEFAULT_IDLE_TIME_LIMIT = 2;

/** A recording read from disk; `file` is relative to the course root. */
export interface Recording {
  file: string;
  cast: Cast;
}

/** A recording that matched a command, and how. */
export interface CastMatch extends Recording {
  by: 'command' | 'order';
}

/** What `matchCasts` found for one lesson. */
export interface CastMatches {
  /** Keyed by `Command.id`. */
  matches: Map<string, CastMatch>;
  /** Recordings that match no command (lint reports them). */
  unmatched: { file: string }[];
  /** Recordings that could not be read: each error names file and line. */
  invalid: { file: string; error: CastInvalidError }[];
}

/** Reads the lesson's recordings and matches them to its commands. */
export async function matchCasts(course: Course, lesson: Lesson): Promise<CastMatches> {
  const { recordings, invalid } = await readRecordings(course, lesson.slug);
  return { ...matchRecordings(lessonCommands(lesson), recordings), invalid };
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
 * Pure matching. 1) A recording whose header `command` equals a command (whitespace-normalized)
 * takes the first such command not yet taken; exact matches go before placeholder matches, where a
 * placeholder (`...`, `xxxx`, `<pod>`) in the script stands for any text. 2) Recordings without a
 * command (or with just a shell, as `asciinema rec` writes) go by order: a file named `NN-...`
 * takes command NN if free, else the next free command after the previous one matched by order.
 * 3) A recording whose command matches nothing but whose `NN-` prefix names a free command that
 * holds placeholders is the recording of that command, filled in.
 */
export function matchRecordings(commands: Command[], recordings: Recording[]): Omit<CastMatches, 'invalid'> {
  const matches = new Map<string, CastMatch>();
  const taken = new Set<Recording>();
  const free = (c: Command) => !matches.has(c.id);
  const take = (c: Command, r: Recording, by: CastMatch['by']) => { matches.set(c.id, { ...r, by }); taken.add(r); };

  const byCommand = recordings.filter((r) => usableCommand(r.cast.command));
  for (const exact of [true, false])
    for (const r of byCommand) {
      if (taken.has(r)) continue;
      const wanted = normalizeCommand(r.cast.command!);
      const c = commands.find((c) => free(c) && (exact ? normalizeCommand(c.command) === wanted : !!placeholderPattern(c)?.test(wanted)));
      if (c) take(c, r, 'command');
    }

  let cursor = 0;
  for (const r of recordings) {
    if (taken.has(r) || usableCommand(r.cast.command)) continue;
    const n = fileNumber(r.file);
    const named = n !== null ? commands[n - 1] : undefined;
    const c = named && free(named) ? named : commands.find((c) => c.index >= cursor && free(c));
    if (!c) continue;
    take(c, r, 'order');
    cursor = c.index + 1;
  }

  for (const r of recordings) {
    if (taken.has(r)) continue;
    const n = fileNumber(r.file);
    const named = n !== null ? commands[n - 1] : undefined;
    if (named && free(named) && named.placeholders.length > 0) take(named, r, 'order');
  }

  return { matches, unmatched: recordings.filter((r) => !taken.has(r)).map((r) => ({ file: r.file })) };
}

/** Whitespace-normalized command text: trimmed, runs of blanks as one space. */
export function normalizeCommand(command: string): string {
  return command.trim().replace(/\s+/g, ' ');
}

/** A header command that names a real command, not the shell `asciinema rec` started. */
function usableCommand(command: string | undefined): boolean {
  if (command === undefined || command.trim() === '') return false;
  return !/^(\S*\/)?(ba|z|fi|da|k|c|tc|a)?sh( -\w+)*$/.test(command.trim());
}

/** The command as a pattern where each placeholder stands for any text; null without placeholders. */
function placeholderPattern(command: Command): RegExp | null {
  const texts = [...new Set(command.placeholders.map((p) => p.text))].sort((a, b) => b.length - a.length);
  if (texts.length === 0) return null;
  const splitter = new RegExp(texts.map(escapeRegExp).join('|'), 'g');
  const literal = normalizeCommand(command.command).split(splitter).map(escapeRegExp);
  return new RegExp(`^${literal.join('.+')}$`);
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
