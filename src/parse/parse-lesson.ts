/**
 * The script compiler: transcript markdown (marked's lexer) + frontmatter (gray-matter) → the
 * lesson IR, every node with its file:line:column. Pure: content problems become
 * `lesson.diagnostics`, never exceptions. The steps are `LessonParser`'s methods (lesson-parser.ts).
 */
import type { Lesson } from '../types.ts';
import { LessonParser, type ParseOptions } from './lesson-parser.ts';

export { TERMINAL_LANGS } from './lesson-parser.ts';

/** Parses one lesson script. `file` is the path shown in positions (relative to the course root); `defaultPace`: the course config's. */
export function parseLesson(source: string, opts: ParseOptions): Lesson {
  return new LessonParser(source, opts).parse();
}
