/** The step limit of a lesson (docs/limits.md): the steps past it are left out, with one `over-limit` error. Pure. */
import type { Diagnostic, Lesson, Scene, SceneItem } from '../types.ts';

/** Steps an item counts for: a terminal block counts its commands and directions, anything else one. */
function stepsOf(item: SceneItem): number {
  return item.type === 'terminal' ? Math.max(1, item.steps.length) : 1;
}

/** The lesson with at most `max` steps (narration paragraphs, commands, directions, popups, code blocks). */
export function limitLessonSteps(lesson: Lesson, max: number): Lesson {
  let total = 0;
  for (const s of lesson.scenes) for (const i of s.items) total += stepsOf(i);
  if (total <= max) return lesson;
  let left = max;
  let cutAt: { line: number; column: number } | null = null;
  const scenes: Scene[] = [];
  for (const scene of lesson.scenes) {
    if (left <= 0) { cutAt ??= { line: scene.pos.line, column: scene.pos.column }; break; }
    const items: SceneItem[] = [];
    for (const item of scene.items) {
      const n = stepsOf(item);
      if (n <= left) { items.push(item); left -= n; continue; }
      if (item.type === 'terminal' && left > 0) {
        const cut = item.steps[left];
        cutAt ??= { line: cut.pos.line, column: cut.pos.column };
        items.push({ ...item, steps: item.steps.slice(0, left) });
      } else cutAt ??= { line: item.pos.line, column: item.pos.column };
      left = 0;
      break;
    }
    scenes.push({ ...scene, items });
  }
  const at = cutAt ?? { line: 1, column: 1 };
  const diag: Diagnostic = {
    code: 'over-limit', severity: 'error', file: lesson.file, line: at.line, column: at.column,
    message: `the lesson has ${total} steps; a lesson may have at most ${max} (docs/limits.md): everything from here on is left out`,
    hint: 'split the script into several lessons',
  };
  const diagnostics = [...lesson.diagnostics, diag].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ...lesson, scenes, diagnostics };
}
