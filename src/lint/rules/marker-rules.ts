/** `marker-without-step`, `marker-target-mismatch`: a `{next}` marker must have a step to start, of the kind it names (docs/ir.md, "Markers"). */
import type { Diagnostic, Lesson, MarkerTarget, Narration, SceneItem } from '../../types.ts';

/** The kind of each step an item holds, in order, as markers name them (a pause is no step). */
function stepKinds(item: SceneItem): MarkerTarget[] {
  if (item.type === 'popup') return ['popup'];
  if (item.type === 'code') return ['code'];
  if (item.type !== 'terminal') return [];
  return item.steps.map((s) => (s.type === 'command' ? 'command' : s.action === 'open-file' ? 'file' : s.action === 'focus-terminal' ? 'terminal' : 'clear'));
}

/** Each marker takes the next step after its paragraph, up to the next paragraph of narration. */
export function markerRules(lesson: Lesson): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes)
    scene.items.forEach((item, i) => {
      if (item.type !== 'narration' || !item.markers?.length) return;
      const steps: MarkerTarget[] = [];
      for (const next of scene.items.slice(i + 1)) {
        if (next.type === 'narration') break;
        steps.push(...stepKinds(next));
      }
      item.markers.forEach((m, k) => {
        const at = { file: lesson.file, line: m.pos.line, column: m.pos.column };
        if (k >= steps.length) {
          out.push({ code: 'marker-without-step', severity: 'error', ...at,
            message: `${m.raw}: no step left to start (${steps.length} step${steps.length === 1 ? '' : 's'} before the next paragraph, ${(item as Narration).markers.length} marker${item.markers.length === 1 ? '' : 's'})`,
            hint: 'a marker starts the next step written after its paragraph (a command, `code`, switch, clear, popup or code block): remove it, or write the step after the paragraph' });
        } else if (m.target && m.target !== steps[k]) {
          out.push({ code: 'marker-target-mismatch', severity: 'error', ...at,
            message: `${m.raw}: the step it starts is ${article(steps[k])} ${steps[k]}, not ${article(m.target)} ${m.target}`,
            hint: `write {next ${steps[k]}} or {next}, or move the marker` });
        }
      });
    });
  return out;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
