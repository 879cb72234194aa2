/**
 * Environment problems (a tool not installed, a file missing, a port taken): one error type with a
 * stable code and a fix, caught once in the CLI and printed without a stack trace.
 * Problems in the author's content are `Diagnostic`s (src/types.ts), not errors.
 */
import { debuglog } from 'node:util';

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

const debug = debuglog('lessoncast');

/**
 * A handler for an error that is expected and does not change the outcome, with the reason it may
 * be ignored: nothing is printed unless `NODE_DEBUG=lessoncast` asks for it (Node's own switch).
 */
export function ignoreError(why: string): (err: unknown) => void {
  return (err) => debug('%s (ignored: %s)', (err as Error)?.message ?? String(err), why);
}

/** As `ignoreError`, for a promise whose failure stands for a value (`null`: not there). */
export function ignoreErrorAs<T>(value: T, why: string): (err: unknown) => T {
  const log = ignoreError(why);
  return (err) => { log(err); return value; };
}
