/**
 * A recorded command as a cast: the prompt and the command typed (as synthesized casts do, so the
 * two look alike), then the real output at its real times, the next prompt, and the exit status.
 */
import type { CommandRun } from '../adapters/pty.ts';
import type { TerminalSettings, TypingSettings } from '../types.ts';
import type { Cast, CastEvent } from './types.ts';
import { roundTime } from './asciicast.ts';
import { typeCommand } from './type-command.ts';

/** Header facts of a recording. */
export interface RecordedHeader {
  /** Unix time (seconds) the command was run. */
  timestamp: number;
  shell: string;
  /** Time limit that was applied, seconds (named in the timeout marker). */
  timeoutSeconds?: number;
}

/** Builds the v2 cast of one recorded command (pure: same run, same cast). */
export function castFromRun(command: string, run: CommandRun, settings: TerminalSettings, header: RecordedHeader, typing?: TypingSettings): Cast {
  const typed = typeCommand(command, settings.prompt, { seed: command, typing });
  const at = typed.typedAt;
  const events: CastEvent[] = [...typed.events];
  for (const o of run.output) events.push({ time: roundTime(at + o.time), code: 'o', data: o.data });
  if (run.incomplete) events.push({ time: roundTime(at), code: 'm', data: 'incomplete command: bash asked for more input; cancelled with Ctrl-C' });
  const end = roundTime(Math.max(at + run.duration, events[events.length - 1].time));
  if (run.timedOut) events.push({ time: roundTime(Math.min(end, at + (header.timeoutSeconds ?? run.duration))), code: 'm', data: `timed out after ${header.timeoutSeconds ?? Math.round(run.duration)} s; stopped with Ctrl-C` });
  if (!run.shellExited) events.push({ time: end, code: 'o', data: settings.prompt });
  if (run.exitCode !== null) events.push({ time: end, code: 'x', data: String(run.exitCode) });
  events.sort((a, b) => a.time - b.time); // stable: keeps the order of events at the same time
  return {
    version: 2,
    cols: settings.cols,
    rows: settings.rows,
    timestamp: header.timestamp,
    command,
    env: { SHELL: header.shell, TERM: 'xterm-256color' },
    events,
    duration: end,
  };
}
