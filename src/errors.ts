/**
 * Environment problems (a tool not installed, a file missing, a port taken): one error type with a
 * stable code and a fix, caught once in the CLI and printed without a stack trace.
 * Problems in the author's content are `Diagnostic`s (src/types.ts), not errors.
 */
export class LessoncastError extends Error {
  readonly code: string;
  readonly fix?: string;

  constructor(code: string, message: string, fix?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LessoncastError';
    this.code = code;
    this.fix = fix;
  }
}

/** True for errors the CLI prints as a message (no stack trace). */
export function isExpectedError(err: unknown): err is LessoncastError {
  return err instanceof LessoncastError;
}
