/** `placeholder`: `...`, `xxxx`, `<pod-name>` left in a command or path; `xx` left in narration. */
import type { Diagnostic, Lesson } from '../../types.ts';
import { findPlaceholders } from '../../parse/find-placeholders.ts';
import { positionIn, type Prose } from '../prose-words.ts';

/** One warning per placeholder, at its column. */
export function placeholderRule(lesson: Lesson, prose: Prose[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        const what = step.type === 'command' ? `command \`${step.command}\`` : `\`${step.raw}\``;
        for (const p of step.placeholders)
          out.push({
            code: 'placeholder', severity: 'warning', file: lesson.file, line: step.pos.line, column: p.column,
            message: `placeholder "${p.text}" in ${what}`,
            hint: step.type === 'command' ? 'write the real value; a matching recording, if any, plays as recorded' : 'write the real file path',
          });
        if (step.type === 'direction' && step.action === 'open-file' && !step.path)
          out.push({ code: 'placeholder', severity: 'warning', file: lesson.file, line: step.pos.line, column: step.pos.column, message: '`code` without a file to open', hint: 'write `code <path>` with the path of the file' });
      }
    }
  for (const p of prose)
    for (const ph of findPlaceholders(p.masked, 0, 'prose'))
      out.push({ code: 'placeholder', severity: 'warning', file: lesson.file, ...positionIn(p, ph.column), message: `placeholder "${ph.text}" in ${p.kind}`, hint: 'write the real value' });
  return out;
}
