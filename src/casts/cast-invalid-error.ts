/** The error a damaged cast file raises: names the file, the line and the problem. */
import { LessoncastError } from '../errors.ts';

/** A cast that cannot be read: `message` is `file:line: problem`, code `CAST_INVALID`. */
export class CastInvalidError extends LessoncastError {
  readonly file: string;
  readonly line: number;
  /** The problem alone, without `file:line:` (for diagnostics that carry the place separately). */
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super('CAST_INVALID', `${file}:${line}: ${problem}`,
      'Fix that line, record the command again (lessoncast record <slug> --only N), or delete the file to play a synthesized cast.');
    this.name = 'CastInvalidError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
