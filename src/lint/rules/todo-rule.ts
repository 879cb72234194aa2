/** `todo`: a TODO note left in the script. */
import type { Diagnostic, Lesson } from '../../types.ts';

/** One warning per TODO note. */
export function todoRule(lesson: Lesson): Diagnostic[] {
  return lesson.notes.filter((n) => n.kind === 'todo').map((n) => ({
    code: 'todo', severity: 'warning' as const, file: lesson.file, line: n.pos.line, column: n.pos.column,
    message: `TODO left in the script: "${n.text.length > 60 ? n.text.slice(0, 57) + '...' : n.text}"`,
    hint: 'do it, or delete the line; it is never narrated',
  }));
}
