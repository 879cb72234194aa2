/**
 * The cast that plays for each command of a lesson: its recording when one matches (idle-capped;
 * a command-only recording gets the prompt and typing synthesized before its output; a session
 * plays the part that holds the command), else one synthesized from the script. Each cast carries
 * the theme it plays in (the lesson's override, else its own, else the default). Casts never contain the clearing a `clear` direction asks
 * for: the stage clears the terminal at the direction itself (it sees the directions in the IR),
 * so a cast stays the same wherever it sits; `clearBefore` only says a clear came just before.
 */
import type { Course } from '../course.ts';
import type { Command, Lesson, TerminalSettings, TypingSettings } from '../types.ts';
import type { CastEvent, LessonCast } from './types.ts';
import { matchCasts, type CastMatch } from './match-casts.ts';
import { OUTPUT_PACE, synthesizeCast } from './synthesize-cast.ts';
import { typeCommand } from './type-command.ts';
import { roundTime } from './asciicast.ts';
import { resolveTheme } from './terminal-theme.ts';
import { resolveTyping } from './typing-settings.ts';
import { redactCast } from './redact-cast.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';
import type { SecretPattern } from '../secrets/redact-secrets.ts';

/**
 * One cast per command, in script order; throws `CastInvalidError` (file:line: problem) for a damaged
 * recording. Every cast's secrets are masked here, the one place deck, video and site get casts from
 * (a recording made before masking, or with asciinema, may hold a token; docs/security.md).
 */
export async function lessonCasts(course: Course, lesson: Lesson): Promise<LessonCast[]> {
  const { matches, invalid } = await matchCasts(course, lesson);
  if (invalid.length > 0) throw invalid[0].error;
  return castsFromMatches(lesson, matches, resolveTyping(course.config.typing, lesson.meta.typing), redactPatterns(course.config));
}

/**
 * The casts of a lesson's commands from its matched recordings (pure): the recording when one matches,
 * else a synthesized cast typed as `typing` says; secrets masked (the built-in patterns and `secrets`).
 */
export function castsFromMatches(lesson: Lesson, matches: Map<string, CastMatch>, typing: TypingSettings, secrets: readonly SecretPattern[] = []): LessonCast[] {
  return commandsInOrder(lesson).map(({ command, clearBefore }) => {
    const match = matches.get(command.id);
    const lc = match ? recordedCast(command, match, lesson.meta.terminal, typing) : synthesizeCast(command, lesson.meta.terminal, { typing });
    const masked = { ...lc, cast: redactCast(lc.cast, secrets) };
    return withTheme(clearBefore ? { ...masked, clearBefore: true } : masked, lesson.meta.terminal.theme);
  });
}

/** Every command with whether a `clear` direction (`clear`, `cmd+k`, `ctrl+l`) came since the previous command. */
export function commandsInOrder(lesson: Lesson): { command: Command; clearBefore: boolean }[] {
  const out: { command: Command; clearBefore: boolean }[] = [];
  let pendingClear = false;
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        if (step.type === 'direction') {
          if (step.action === 'clear') pendingClear = true;
        } else {
          out.push({ command: step, clearBefore: pendingClear });
          pendingClear = false;
        }
      }
    }
  return out;
}

/** The cast with the theme it plays in; `themeFromRecording` when it is the recording's own. */
export function withTheme(lc: LessonCast, setting: string): LessonCast {
  const { theme, source } = resolveTheme(setting, lc.cast);
  return { ...lc, cast: { ...lc.cast, theme }, ...(source === 'recording' ? { themeFromRecording: true } : {}) };
}

/**
 * A recording as a `LessonCast`. `full` and `session` recordings play as recorded (Enter from the
 * recording); a `command-only` one gets the prompt and the typed command first, exactly as a
 * synthesized cast (the lesson's `typing`), then its own output from Enter on, then the next prompt.
 * The exit status comes from an `x` event.
 */
export function recordedCast(command: Command, match: CastMatch, settings: TerminalSettings, typing?: TypingSettings): LessonCast {
  let cast = match.cast;
  let typedAt = match.typedAt ?? cast.events.find((e) => e.code === 'i' && /[\r\n]/.test(e.data))?.time;
  if (match.kind === 'command-only') {
    const text = match.recorded ?? command.command;
    const typed = typeCommand(text, settings.prompt, { seed: text, typing });
    const shifted: CastEvent[] = cast.events.map((e) => ({ ...e, time: roundTime(typed.typedAt + e.time) }));
    const last = shifted.length ? shifted[shifted.length - 1].time : typed.typedAt;
    const end = roundTime(Math.max(last, typed.typedAt) + OUTPUT_PACE.afterOutput);
    // Output that stops mid-line gets a line break before the prompt (as zsh does), so the next cast's redraw of the prompt line keeps it.
    const outputs = cast.events.filter((e) => e.code === 'o' && e.data !== '');
    const tail = outputs.length ? outputs[outputs.length - 1].data.replace(/(\x1b\[[0-9;?]*[A-Za-z]|\r)+$/, '') : '\n';
    const midLine = !tail.endsWith('\n');
    const events = [...typed.events, ...shifted, { time: end, code: 'o', data: (midLine ? '\r\n' : '') + settings.prompt }];
    events.sort((a, b) => a.time - b.time); // stable: an `x` at the end stays after the output
    cast = { ...cast, command: text, events, duration: end };
    typedAt = typed.typedAt;
  }
  const exit = cast.events.find((e) => e.code === 'x');
  const exitCode = exit && /^-?\d+$/.test(exit.data.trim()) ? Number(exit.data.trim()) : undefined;
  return {
    commandId: command.id,
    source: 'recorded',
    file: match.file,
    kind: match.kind,
    cast,
    ...(typedAt !== undefined ? { typedAt } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
  };
}
