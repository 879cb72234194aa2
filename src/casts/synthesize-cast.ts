/**
 * A cast made from the script itself, for a command with no recording: the prompt, the command
 * typed at a human pace, Enter, the expected output, the next prompt. Pure and deterministic.
 */
import type { Command, TerminalSettings, TypingSettings } from '../types.ts';
import type { CastEvent, LessonCast } from './types.ts';
import { roundTime } from './asciicast.ts';
import { typeCommand } from './type-command.ts';

/** Pauses around the synthesized output, in seconds. */
export const OUTPUT_PACE = {
  /** From Enter to the first output (the command "runs"). */
  afterEnter: 0.25,
  /** From the output to the next prompt. */
  afterOutput: 0.15,
} as const;

/** Options for `synthesizeCast`. */
export interface SynthesizeOptions {
  /** Seed of the typing jitter; default: the command text, so the same command types the same way. */
  seed?: string;
  /** Start by clearing the screen (a `clear`/`cmd+k` direction came before this command). */
  clearBefore?: boolean;
  /** How the command is typed (default DEFAULT_TYPING; the lesson's: `resolveTyping`). */
  typing?: TypingSettings;
}

/** Builds the cast of one command from its text and expected output; same input, byte-identical cast. */
export function synthesizeCast(command: Command, settings: TerminalSettings, opts: SynthesizeOptions = {}): LessonCast {
  const typed = typeCommand(command.command, settings.prompt, { seed: opts.seed ?? command.command, clearBefore: opts.clearBefore, typing: opts.typing });
  const events: CastEvent[] = [...typed.events];
  let t = typed.typedAt + OUTPUT_PACE.afterEnter;
  if (command.output && command.output.length > 0) {
    events.push({ time: roundTime(t), code: 'o', data: toTerminalText(command.output.join('\n') + '\n') });
    t += OUTPUT_PACE.afterOutput;
  }
  const end = roundTime(t);
  events.push({ time: end, code: 'o', data: settings.prompt });
  return {
    commandId: command.id,
    source: 'synthesized',
    typedAt: typed.typedAt,
    ...(opts.clearBefore ? { clearBefore: true } : {}),
    cast: { version: 2, cols: settings.cols, rows: settings.rows, command: command.command, events, duration: end },
  };
}

/** Text as a terminal receives it: every line break is CR LF (a lone LF would not return the cursor). */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
