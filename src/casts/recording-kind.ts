/**
 * What a recording holds, and the command casts inside it. Pure. Three kinds (docs/casts.md):
 * - `session`: a whole shell session (prompts, typing, several commands): cut at its prompts into
 *   one cast per command, each played as recorded (the author's own typing and timing);
 * - `command-only`: only a command's output (`asciinema rec -c CMD`; asciinema 2.2 does not even
 *   write the command in a v2 header): the prompt and typing are synthesized before it;
 * - `full`: prompt, typed command and output of one command, as `lessoncast record` writes: plays
 *   as recorded.
 */
import type { Cast, CastEvent } from './types.ts';
import { commandLines, type CommandLine, type StreamPos } from './command-lines.ts';
import { roundTime } from './asciicast.ts';

/** What a recording holds: a whole session, one command's output only, or prompt + command + output. */
export type RecordingKind = 'session' | 'command-only' | 'full';

/** One command a recording holds, as a cast of its own. */
export interface RecordedCommand {
  /** The command as recorded (typed on the line, or the header's), or null when the cast does not say. */
  text: string | null;
  /** Its cast: the session part (times from its prompt), or the whole recording. */
  cast: Cast;
  /** Seconds from the cast start at which Enter was pressed, when the recording shows it. */
  typedAt?: number;
  /** 1-based position in the recording and the count (sessions). */
  part: number;
  of: number;
}

/** A recording's kind and its commands. */
export interface RecordingContent {
  kind: RecordingKind;
  commands: RecordedCommand[];
  /** The prompt the recording shows (sessions and full recordings). */
  prompt: string | null;
}

/** Carriage return + erase line: a part redraws its prompt line in place of the one already shown. */
const REDRAW_LINE = '\r\x1b[K';

/** Whitespace-normalized command text: trimmed, runs of blanks as one space. */
export function normalizeCommand(command: string): string {
  return command.trim().replace(/\s+/g, ' ');
}

/** A header command that names a real command, not the shell `asciinema rec` started. */
export function usableCommand(command: string | undefined): command is string {
  if (command === undefined || command.trim() === '') return false;
  return !/^(\S*\/)?(ba|z|fi|da|k|c|tc|a)?sh( -\w+)*$/.test(command.trim());
}

/** Classifies a recording and cuts a session into its commands. */
export function recordingContent(cast: Cast): RecordingContent {
  const { lines, closing } = commandLines(cast.events);
  const header = usableCommand(cast.command) ? cast.command : null;
  if (lines.length === 0)
    return { kind: 'command-only', prompt: null, commands: [{ text: header, cast, part: 1, of: 1 }] };
  if (header !== null && lines.length === 1 && normalizeCommand(lines[0].command) === normalizeCommand(header))
    return { kind: 'full', prompt: lines[0].prompt, commands: [{ text: header, cast, typedAt: lines[0].enterTime, part: 1, of: 1 }] };
  return { kind: 'session', prompt: lines[0].prompt, commands: splitSession(cast, lines, closing) };
}

/**
 * Cuts a session at its prompts. Part k runs from the start of its prompt's line to the end of the
 * next prompt (so after its output the next prompt shows, as it did); it starts by redrawing its
 * prompt line in place, so parts played one after the other show each prompt once. The first part
 * also keeps what came before the first prompt; the last one runs to the closing prompt (where the
 * author typed `exit`) or to the end.
 */
export function splitSession(cast: Cast, lines: CommandLine[], closing: CommandLine | null): RecordedCommand[] {
  const events = cast.events;
  const endOfCast: StreamPos = { event: events.length, offset: 0 };
  return lines.map((line, k) => {
    const from: StreamPos = k === 0 ? { event: 0, offset: 0 } : line.lineStart;
    const next = lines[k + 1] ?? closing;
    const to: StreamPos = next ? next.typingStart : endOfCast;
    const slice = sliceEvents(events, from, to);
    const origin = slice[0]?.time ?? 0;
    const out: CastEvent[] = slice.map((e) => ({ ...e, time: roundTime(Math.max(0, e.time - origin)) }));
    const firstOut = out.findIndex((e) => e.code === 'o');
    if (firstOut >= 0) out[firstOut] = { ...out[firstOut], data: REDRAW_LINE + out[firstOut].data };
    const duration = out.length ? out[out.length - 1].time : 0;
    return {
      text: line.command,
      cast: { ...cast, events: out, duration, command: line.command },
      typedAt: roundTime(line.enterTime - origin),
      part: k + 1,
      of: lines.length,
    };
  });
}

/** Events between two stream positions; the output events at either end are cut at the offset. */
function sliceEvents(events: CastEvent[], from: StreamPos, to: StreamPos): CastEvent[] {
  const out: CastEvent[] = [];
  for (let i = from.event; i < Math.min(to.event + 1, events.length); i++) {
    const e = events[i];
    if (e.code !== 'o') {
      if (i < to.event || (i === to.event && to.offset > 0)) out.push(e);
      continue;
    }
    const start = i === from.event ? from.offset : 0;
    const end = i === to.event ? to.offset : e.data.length;
    if (end > start) out.push({ ...e, data: e.data.slice(start, end) });
  }
  return out;
}
