/** `slide-missing`: a slide scene with no slide in `slides/<slug>.md` (the n-th slide scene takes slide n). */
import type { Diagnostic, Lesson } from '../../types.ts';

/** Slides of a slides file, split on `---` lines (an empty slide stays, as an empty string). */
export function splitSlides(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split(/^---[ \t]*$/m).map((s) => s.trim());
}

/** A warning per slide scene without non-empty slide content. `slidesText` null: no slides file. */
export function slideRule(lesson: Lesson, slidesText: string | null, slidesFile: string): Diagnostic[] {
  const slides = slidesText === null ? [] : splitSlides(slidesText);
  const out: Diagnostic[] = [];
  let n = 0;
  for (const scene of lesson.scenes) {
    if (scene.kind !== 'slide') continue;
    n++;
    if (slides[n - 1]) continue;
    out.push({
      code: 'slide-missing', severity: 'warning', file: lesson.file, line: scene.pos.line, column: scene.pos.column,
      message: slidesText === null ? `slide scene ${n} has no slide: there is no ${slidesFile}` : `slide scene ${n} has no slide ${n} in ${slidesFile} (it has ${slides.filter(Boolean).length})`,
      hint: `write slide ${n} in ${slidesFile}; slides are separated by lines of ---`,
    });
  }
  return out;
}
