/** Reads a lesson script from the course (the I/O edge of the parser). */
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Course } from '../course.ts';
import { transcriptPath } from '../course.ts';
import { LessoncastError } from '../errors.ts';
import { formatBytes, LIMITS } from '../limits.ts';
import type { Diagnostic, Lesson } from '../types.ts';
import { limitLessonSteps } from './limit-lesson-steps.ts';
import { parseLesson } from './parse-lesson.ts';
import { redactLesson } from '../secrets/redact-lesson.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';
import type { ParseOptions } from './lesson-parser.ts';

/** Why bytes are not a text script, or null when they are UTF-8 text. */
export function binaryReason(bytes: Uint8Array): { message: string; line: number; column: number } | null {
  const nul = bytes.indexOf(0);
  let bad = -1;
  if (nul === -1) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return null;
    } catch {
      // Not UTF-8: find where, for the message.
      bad = firstInvalidUtf8(bytes);
    }
  }
  const at = nul !== -1 ? nul : Math.max(0, bad);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) if (bytes[i] === 10) { line++; lineStart = i + 1; }
  return { message: nul !== -1 ? 'the script is a binary file (it contains NUL bytes), not text' : 'the script is not valid UTF-8 text', line, column: at - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix ends before the first bad byte (give or take a partial sequence).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try { dec.decode(bytes.subarray(0, mid)); lo = mid; } catch { hi = mid - 1; }
  }
  return lo;
}

/** How `readLesson` reads: `limits` lower docs/limits.md's (tests); `secrets: 'keep'` gives the script as written (record and check run it). */
export interface ReadLessonOptions { scriptBytes?: number; lessonSteps?: number; secrets?: 'mask' | 'keep' }

/**
 * Reads and parses `transcripts/<slug>.md`; a missing file is an error, binary content a diagnostic.
 * Over the limits of docs/limits.md (`limits` lowers them in tests) it is an `over-limit` error:
 * a script over the size limit is not read at all, the steps past the step limit are left out.
 * Secrets are masked (docs/security.md) unless `secrets: 'keep'`: everything that publishes reads this.
 */
export async function readLesson(course: Course, slug: string, limits: ReadLessonOptions = {}): Promise<Lesson> {
  const path = transcriptPath(course, slug);
  const file = relative(course.root, path) || path;
  const maxBytes = limits.scriptBytes ?? LIMITS.scriptBytes;
  let bytes: Uint8Array;
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) {
      const lesson = parseLesson('', { file, slug });
      const diag: Diagnostic = { code: 'over-limit', severity: 'error', file, line: 1, column: 1,
        message: `the script is ${formatBytes(size)}; a script may be at most ${formatBytes(maxBytes)} (docs/limits.md): it is not read`,
        hint: 'split it into several lessons' };
      return { ...lesson, diagnostics: [diag] };
    }
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LessoncastError('LESSON_NOT_FOUND', code === 'ENOENT' ? `No lesson script at ${path}.` : `Cannot read ${path}: ${(err as Error).message}`,
      code === 'ENOENT' ? 'Create it, or check the slug (lessons are transcripts/<slug>.md).' : 'Check the file permissions.', { cause: err });
  }
  const binary = binaryReason(bytes);
  if (binary) {
    const lesson = parseLesson('', { file, slug });
    const diag: Diagnostic = { code: 'binary-file', severity: 'error', file, line: binary.line, column: binary.column, message: binary.message, hint: 'a lesson script is markdown text saved as UTF-8' };
    return { ...lesson, diagnostics: [diag] };
  }
  const text = new TextDecoder().decode(bytes);
  const lesson = limitLessonSteps(parseOrReport(text, { file, slug, defaultPace: course.config.pace }), limits.lessonSteps ?? LIMITS.lessonSteps);
  return limits.secrets === 'keep' ? lesson : redactLesson(lesson, text, redactPatterns(course.config));
}

/**
 * `parseLesson`, and if it throws all the same (a bug: the parser turns content into diagnostics),
 * a lesson with nothing in it and one `internal-error`: every command reads all the lessons, and one
 * script must never stop the others from building.
 */
export function parseOrReport(source: string, opts: ParseOptions): Lesson {
  try {
    return parseLesson(source, opts);
  } catch (err) {
    const lesson = parseLesson('', opts);
    const diag: Diagnostic = { code: 'internal-error', severity: 'error', file: opts.file, line: 1, column: 1,
      message: `lessoncast failed to read this script (a bug in lessoncast, please report it with the script): ${String((err as Error)?.stack ?? err).split('\n').slice(0, 2).map((l) => l.trim()).join(' ')}`,
      hint: 'the other lessons are read and built as usual; this one is left out until the bug is fixed' };
    return { ...lesson, diagnostics: [diag] };
  }
}
