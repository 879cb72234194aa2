/**
 * The cast that plays for each command of a lesson: its recording when one matches (idle-capped),
 * else one synthesized from the script. Casts never contain the clearing a `clear` direction asks
 * for: the stage clears the terminal at the direction itself (it sees the directions in the IR),
 * so a cast stays the same wherever it sits; `clearBefore` only says a clear came just before.
 */
import type { Course } from '../course.ts';
import type { Command, Lesson } from '../types.ts';
import type { LessonCast } from './types.ts';
import { matchCasts, type CastMatch } from './match-casts.ts';
import { synthesizeCast } from './synthesize-cast.ts';

/** One cast per command, in script order; throws `CastInvalidError` (file:line: problem) for a damaged recording. */
export async function lessonCasts(course: Course, lesson: Lesson): Promise<LessonCast[]> {
  const { matches, invalid } = await matchCasts(course, lesson);
  if (invalid.length > 0) throw invalid[0].error;
  return commandsInOrder(lesson).map(({ command, clearBefore }) => {
    const match = matches.get(command.id);
    const lc = match ? recordedCast(command, match) : synthesizeCast(command, lesson.meta.terminal);
    return clearBefore ? { ...lc, clearBefore: true } : lc;
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

/** A recording as a `LessonCast`: Enter time from its `i` event, exit status from its `x` event. */
export function recordedCast(command: Command, match: CastMatch): LessonCast {
  const cast = match.cast;
  const enter = cast.events.find((e) => e.code === 'i' && /[\r\n]/.test(e.data));
  const exit = cast.events.find((e) => e.code === 'x');
  const exitCode = exit && /^-?\d+$/.test(exit.data.trim()) ? Number(exit.data.trim()) : undefined;
  return {
    commandId: command.id,
    source: 'recorded',
    file: match.file,
    cast,
    ...(enter ? { typedAt: enter.time } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
  };
}
