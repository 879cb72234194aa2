/**
 * Reads an asciicast file as a stream: one line in memory at a time, each validated as it comes
 * through the same reader as `readCast`, so memory stays within the limits of docs/limits.md
 * whatever the file holds. v1 casts (one JSON document) are read whole, within the byte limit.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { insideCourse } from '../adapters/inside-course.ts';
import { formatBytes, LIMITS } from '../limits.ts';
import { capIdle, readCast, startCast, type EventReader, type ReadCastOptions } from './asciicast.ts';
import { CastInvalidError } from './cast-invalid-error.ts';
import type { Cast } from './types.ts';

/** Options for `readCastFile`. */
export interface ReadCastFileOptions extends ReadCastOptions {
  /** Name used in errors (relative to the course root); default the path. */
  file?: string;
  /** The course root: a file that resolves outside it (symlinks included) is refused, unread. */
  root?: string;
  /** Overrides of the byte, line and event limits (tests lower them). */
  limits?: { castBytes?: number; castLineChars?: number; castEvents?: number };
  /** Bytes read at a time (default 256 KiB; the fuzzer makes it tiny to split lines and characters). */
  chunkBytes?: number;
}

/** The error for a recording that resolves outside the course (lint reports it as `outside-course`). */
export class CastOutsideCourseError extends CastInvalidError {
  constructor(file: string) {
    super(file, 1, 'the recording resolves outside the course folder (a symlink?): it is not read');
    this.name = 'CastOutsideCourseError';
  }
}

/** Reads and validates a cast file (v1, v2, v3) into a `Cast`; damage and limits raise `CastInvalidError`. */
export async function readCastFile(path: string, opts: ReadCastFileOptions = {}): Promise<Cast> {
  const file = opts.file ?? path;
  const maxBytes = opts.limits?.castBytes ?? LIMITS.castBytes;
  const maxLine = opts.limits?.castLineChars ?? LIMITS.castLineChars;
  const maxEvents = opts.limits?.castEvents ?? opts.maxEvents ?? LIMITS.castEvents;
  const fail = (line: number, problem: string): never => { throw new CastInvalidError(file, line, problem); };
  if (opts.root && insideCourse(opts.root, path).status === 'outside') throw new CastOutsideCourseError(file);
  const tooBig = (size: number) => fail(1, `the recording is ${formatBytes(size)}; a recording may be at most ${formatBytes(maxBytes)} (docs/limits.md): record a shorter session or trim it`);
  const info = await stat(path);
  if (info.size > maxBytes) tooBig(info.size);

  let reader: EventReader | null = null;
  let whole: string[] | null = null; // v1 and first lines that are not a header: the text, kept whole
  let first: string | null = null;
  let pending = '';
  let lineNo = 0;
  let bytes = 0;

  const take = (raw: string): void => {
    lineNo++;
    if (whole) { whole.push(raw); return; }
    if (first === null) {
      first = raw.replace(/^\uFEFF/, '');
      const start = first.trim() === '' ? 'whole' : startCast(first, file, maxEvents);
      if (start === 'whole') whole = [raw];
      else reader = start;
      return;
    }
    reader!.line(raw, lineNo);
  };
  const feed = (text: string): void => {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const piece = pending + text.slice(from, nl);
      pending = '';
      // `readCast` splits on /\r?\n/: a \r before the \n belongs to the line break.
      take(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
      from = nl + 1;
    }
    pending += text.slice(from);
    if (!whole && pending.length > maxLine) fail(lineNo + 1, `the line is longer than ${maxLine} characters (docs/limits.md): one event this long is not a terminal recording`);
  };

  const decoder = new StringDecoder('utf8');
  const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) tooBig(bytes); // the file grew while it was read
      feed(decoder.write(chunk));
    }
  } finally {
    stream.destroy();
  }
  feed(decoder.end());
  take(pending);

  if (whole) return readCast((whole as string[]).join('\n'), file, { ...opts, maxEvents });
  const cast = (reader as EventReader | null)!.finish();
  const limit = cast.idleTimeLimit ?? opts.idleTimeLimit;
  return limit === undefined ? cast : capIdle(cast, limit);
}
