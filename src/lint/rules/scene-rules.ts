/** Rules on a lesson's shape: `empty-scene`, `bare-command`. */
import type { Diagnostic, Lesson } from '../../types.ts';

/** `empty-scene`: a section with nothing to narrate or show. */
export function emptySceneRule(lesson: Lesson): Diagnostic[] {
  return lesson.scenes.filter((s) => s.items.length === 0).map((s) => ({
    code: 'empty-scene', severity: 'warning' as const, file: lesson.file, line: s.pos.line, column: s.pos.column,
    message: `section "${s.heading ?? ''}" is empty`, hint: 'write its narration, or remove the heading',
  }));
}

/** `bare-command`: a line read as a command only because it starts like one, in a block that uses `$`. */
export function bareCommandRule(lesson: Lesson): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal' || !item.steps.some((s) => s.type === 'command' && s.explicit)) continue;
      for (const step of item.steps)
        if (step.type === 'command' && !step.explicit)
          out.push({
            code: 'bare-command', severity: 'warning', file: lesson.file, line: step.pos.line, column: step.pos.column,
            message: `\`${step.command}\` is read as a command (it starts like one), not as output`,
            hint: `write "$ ${step.command}" to say so`,
          });
    }
  return out;
}
