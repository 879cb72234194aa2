/**
 * asciicast files: read v1, v2 and v3 into one `Cast` shape, write v2 (NDJSON).
 * Pure: text in, data out. A damaged file raises `CastInvalidError` naming file, line and problem.
 * Formats: https://docs.asciinema.org/manual/asciicast/v2/ and .../v3/.
 */
import { distance } from 'fastest-levenshtein';
import type { Cast, CastEvent } from './types.ts';
import { CastInvalidError } from './cast-invalid-error.ts';
import { capIdle } from './cap-idle.ts';
import { LIMITS } from '../limits.ts';

export { capIdle } from './cap-idle.ts';

/** Options for `readCast`. */
export interface ReadCastOptions {
  /** Idle cap (seconds) for a cast whose header has no `idle_time_limit` (the course default). */
  idleTimeLimit?: number;
  /** Events a cast may hold (default LIMITS.castEvents; tests lower it). */
  maxEvents?: number;
}

/** Header keys each version defines (the asciicast specs). */
const KEYS: Record<1 | 2 | 3, readonly string[]> = {
  1: ['version', 'width', 'height', 'duration', 'command', 'title', 'env', 'stdout'],
  2: ['version', 'width', 'height', 'timestamp', 'duration', 'idle_time_limit', 'command', 'title', 'env', 'theme'],
  3: ['version', 'term', 'timestamp', 'idle_time_limit', 'command', 'title', 'env', 'tags'],
};

type Json = unknown;
type Header = Record<string, Json>;

/**
 * Reads an asciicast (v1, v2 or v3) into a `Cast`; times become absolute seconds.
 * Idle gaps are capped by the header's `idle_time_limit`, else by `opts.idleTimeLimit`.
 */
export function readCast(text: string, file: string, opts: ReadCastOptions = {}): Cast {
  const cast = parseCast(text.replace(/^\uFEFF/, ''), file, opts.maxEvents ?? LIMITS.castEvents);
  const limit = cast.idleTimeLimit ?? opts.idleTimeLimit;
  return limit === undefined ? cast : capIdle(cast, limit);
}

/** Writes a cast as asciicast v2: a header line, then one `[time, code, data]` line per event. */
export function writeCast(cast: Cast): string {
  const header: Header = { version: 2, width: cast.cols, height: cast.rows };
  if (cast.timestamp !== undefined) header.timestamp = cast.timestamp;
  if (cast.idleTimeLimit !== undefined) header.idle_time_limit = cast.idleTimeLimit;
  if (cast.command !== undefined) header.command = cast.command;
  if (cast.title !== undefined) header.title = cast.title;
  if (cast.env !== undefined) header.env = cast.env;
  if (cast.theme !== undefined) header.theme = cast.theme;
  const lines = [JSON.stringify(header)];
  for (const e of cast.events) lines.push(`[${JSON.stringify(roundTime(e.time))}, ${JSON.stringify(e.code)}, ${JSON.stringify(e.data)}]`);
  return lines.join('\n') + '\n';
}

/** Times are kept to the microsecond, like asciinema writes them (so a write/read round trip is exact). */
export function roundTime(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

function parseCast(text: string, file: string, maxEvents: number): Cast {
  const fail = (line: number, problem: string): never => { throw new CastInvalidError(file, line, problem); };
  const lines = text.split(/\r?\n/);
  if (text.trim() === '') fail(1, 'empty file: an asciicast starts with a JSON header line such as {"version": 2, "width": 80, "height": 24}');
  if (lines[0].trim() === '') fail(1, 'the first line is blank: an asciicast starts with its JSON header on line 1');
  const reader = startCast(lines[0], file, maxEvents);
  if (reader === 'whole') return parseWhole(text, lines[0], file, maxEvents);
  for (let i = 1; i < lines.length; i++) reader.line(lines[i], i + 1);
  return reader.finish();
}

/**
 * Reads the header line of a cast. A v2/v3 header gives an `EventReader` that takes the event lines
 * one at a time (the string reader and the streaming file reader share it); 'whole' means the file
 * must be read as one text: a v1 cast (one JSON document), or a first line that is not JSON.
 */
export function startCast(first: string, file: string, maxEvents: number = LIMITS.castEvents): EventReader | 'whole' {
  const fail = (line: number, problem: string): never => { throw new CastInvalidError(file, line, problem); };
  let header: Json;
  try {
    header = JSON.parse(first);
  } catch {
    // Not a JSON header line: read the file whole (v1 is one JSON document), which reports what is wrong.
    return 'whole';
  }
  if (!isObject(header)) return fail(1, `the header is not a JSON object (found ${describe(header)})`);
  if (!('version' in header)) return fail(1, 'the header has no "version" (asciicast v2 and v3 headers start with {"version": 2, ...} or {"version": 3, ...})');
  const version = header.version;
  if (version === 1) return 'whole';
  if (version !== 2 && version !== 3)
    return fail(1, `unsupported asciicast version ${JSON.stringify(version)} (lessoncast reads versions 1, 2 and 3)`);
  checkHeaderKeys(header, version, fail);
  return new EventReader(version, header, fail, maxEvents);
}

/** A cast read as one text whose first line is not a v2/v3 header: v1, or the error that says why not. */
export function parseWhole(text: string, first: string, file: string, maxEvents: number = LIMITS.castEvents): Cast {
  const fail = (line: number, problem: string): never => { throw new CastInvalidError(file, line, problem); };
  let header: Json;
  try {
    header = JSON.parse(first);
  } catch (err) {
    // v1 is one JSON document, usually pretty-printed over many lines.
    const whole = tryParse(text);
    if (isObject(whole) && whole.version === 1) return parseV1(whole, text, file, maxEvents);
    const oneLine = first.trim().startsWith('{') && !first.trim().endsWith('}') ? '; the header must be one JSON object on line 1' : '';
    return fail(1, `the header is not valid JSON (${jsonProblem(err)})${oneLine}`);
  }
  return parseV1(header as Header, text, file, maxEvents);
}

/** The problem of a cast with more events than the limit allows (docs/limits.md). */
export function tooManyEvents(maxEvents: number): string {
  return `the recording has more than ${maxEvents.toLocaleString('en-US')} events; a recording may have at most ${maxEvents.toLocaleString('en-US')} (docs/limits.md): record a shorter session or trim it`;
}

/** The events of a v2/v3 cast, one line at a time, validated as they come. */
export class EventReader {
  private readonly cast: Cast;
  private readonly version: 2 | 3;
  private readonly fail: (line: number, problem: string) => never;
  private prev = 0;
  private prevLine = 1;
  // v3 intervals are summed in whole microseconds, so the absolute times carry no floating-point drift.
  private clockUs = 0;

  constructor(version: 2 | 3, header: Header, fail: (line: number, problem: string) => never, private readonly maxEvents: number = LIMITS.castEvents) {
    this.version = version;
    this.fail = fail;
    let cols: number, rows: number, theme: Json;
    if (version === 2) {
      cols = sizeField(header.width, 'width', fail);
      rows = sizeField(header.height, 'height', fail);
      theme = header.theme;
    } else {
      if (!isObject(header.term)) fail(1, 'the v3 header has no "term" object ({"term": {"cols": 80, "rows": 24}})');
      const term = header.term as Header;
      cols = sizeField(term.cols, 'term.cols', fail);
      rows = sizeField(term.rows, 'term.rows', fail);
      theme = term.theme;
    }
    this.cast = { version, cols, rows, events: [], duration: 0, ...optionalHeader(header, theme, fail) };
  }

  /** Takes line number `line` (1-based in the file) of the cast. */
  line(raw: string, line: number): void {
    const { fail, version } = this;
    if (raw.trim() === '') return;
    if (version === 3 && raw.startsWith('#')) return; // v3 comment lines
    let ev: Json;
    try {
      ev = JSON.parse(raw);
    } catch (err) {
      return fail(line, `bad JSON in event (${jsonProblem(err)})`);
    }
    if (!Array.isArray(ev)) return fail(line, `the event is not an array [time, code, data] (found ${describe(ev)})`);
    if (ev.length !== 3) return fail(line, `the event has ${ev.length} element${ev.length === 1 ? '' : 's'}; expected 3: [time, code, data]`);
    const [t, code, data] = ev;
    const what = version === 3 ? 'interval' : 'time';
    if (typeof t !== 'number' || !Number.isFinite(t)) return fail(line, `the event ${what} is not a number (found ${describe(t)})`);
    if (t < 0) return fail(line, `the event ${what} ${t} is negative`);
    if (typeof code !== 'string' || code === '') return fail(line, `the event code is not a non-empty string (found ${describe(code)})`);
    if (typeof data !== 'string') return fail(line, `the event data is not a string (found ${describe(data)})`);
    if (code === 'r' && !/^\d+x\d+$/.test(data)) return fail(line, `the resize event data ${JSON.stringify(data)} is not COLSxROWS (e.g. "100x30")`);
    let time: number;
    if (version === 2) {
      if (t < this.prev) return fail(line, `time goes backwards: ${t} comes after ${this.prev} (line ${this.prevLine})`);
      time = t;
    } else {
      this.clockUs += Math.round(t * 1e6);
      time = this.clockUs / 1e6;
    }
    this.prev = t;
    this.prevLine = line;
    if (this.cast.events.length >= this.maxEvents) return fail(line, tooManyEvents(this.maxEvents));
    this.cast.events.push({ time, code, data });
  }

  /** The cast, once every line was read. */
  finish(): Cast {
    this.cast.duration = lastTime(this.cast.events);
    return this.cast;
  }
}

/** v1: one JSON object whose `stdout` holds [delay, data] frames (output only). */
function parseV1(header: Header, text: string, file: string, maxEvents: number): Cast {
  const fail = (line: number, problem: string): never => { throw new CastInvalidError(file, line, problem); };
  checkHeaderKeys(header, 1, fail);
  const cols = sizeField(header.width, 'width', fail);
  const rows = sizeField(header.height, 'height', fail);
  if (!Array.isArray(header.stdout)) return fail(1, 'the v1 cast has no "stdout" array of [delay, data] frames');
  if (header.stdout.length > maxEvents) return fail(1, tooManyEvents(maxEvents));
  const offsets = v1FrameOffsets(text);
  const lineOf = (i: number) => (offsets[i] === undefined ? 1 : lineAt(text, offsets[i]));
  const cast: Cast = { version: 1, cols, rows, events: [], duration: 0, ...optionalHeader(header, undefined, fail) };
  let clockUs = 0;
  header.stdout.forEach((frame: Json, i: number) => {
    if (!Array.isArray(frame)) fail(lineOf(i), `stdout frame ${i + 1} is not a [delay, data] pair (found ${describe(frame)})`);
    if ((frame as Json[]).length !== 2) fail(lineOf(i), `stdout frame ${i + 1} has ${(frame as Json[]).length} element${(frame as Json[]).length === 1 ? '' : 's'}; expected 2: [delay, data]`);
    const [delay, data] = frame as Json[];
    if (typeof delay !== 'number' || !Number.isFinite(delay)) fail(lineOf(i), `stdout frame ${i + 1}: the delay is not a number (found ${describe(delay)})`);
    if ((delay as number) < 0) fail(lineOf(i), `stdout frame ${i + 1}: the delay ${delay} is negative`);
    if (typeof data !== 'string') fail(lineOf(i), `stdout frame ${i + 1}: the data is not a string (found ${describe(data)})`);
    clockUs += Math.round((delay as number) * 1e6);
    cast.events.push({ time: clockUs / 1e6, code: 'o', data: data as string });
  });
  cast.duration = lastTime(cast.events);
  return cast;
}

/**
 * Unknown header keys: a key of another asciicast version (v2 `width` in a v3 header) or a near
 * miss of a known key (`idle_time_limt`) is an error, since the value would be silently ignored.
 * Any other extra key is allowed and ignored: the spec lets recorders add metadata.
 */
function checkHeaderKeys(header: Header, version: 1 | 2 | 3, fail: (line: number, problem: string) => never): void {
  const known = KEYS[version];
  for (const key of Object.keys(header)) {
    if (known.includes(key)) continue;
    const other = ([2, 3, 1] as const).find((v) => v !== version && KEYS[v].includes(key));
    if (other !== undefined) {
      const hint = version === 3 && (key === 'width' || key === 'height') ? '; v3 gives the size as "term": {"cols": C, "rows": R}'
        : key === 'term' ? '; v2 gives the size as "width" and "height"' : '';
      fail(1, `unknown header key "${key}" for asciicast v${version} (it belongs to v${other}${hint})`);
    }
    const near = known.find((k) => distance(k, key) <= 2 && key.length > 3);
    if (near) fail(1, `unknown header key "${key}" for asciicast v${version}; did you mean "${near}"?`);
  }
}

function optionalHeader(header: Header, theme: Json, fail: (line: number, problem: string) => never): Partial<Cast> {
  const out: Partial<Cast> = {};
  const num = (key: string): number | undefined => {
    const v = header[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return fail(1, `header "${key}" is not a non-negative number (found ${describe(v)})`);
    return v;
  };
  const str = (key: string): string | undefined => {
    const v = header[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return fail(1, `header "${key}" is not a string (found ${describe(v)})`);
    return v;
  };
  const timestamp = num('timestamp');
  if (timestamp !== undefined) out.timestamp = timestamp;
  num('duration');
  const idle = num('idle_time_limit');
  if (idle !== undefined) out.idleTimeLimit = idle;
  const command = str('command');
  if (command !== undefined) out.command = command;
  const title = str('title');
  if (title !== undefined) out.title = title;
  if (header.env !== undefined && header.env !== null) {
    if (!isObject(header.env)) return fail(1, `header "env" is not an object of strings (found ${describe(header.env)})`);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(header.env)) {
      if (v === null) continue; // asciinema writes null for variables that were not set
      if (typeof v !== 'string') return fail(1, `header "env.${k}" is not a string (found ${describe(v)})`);
      env[k] = v;
    }
    out.env = env;
  }
  if (theme !== undefined && theme !== null) {
    if (!isObject(theme)) return fail(1, `header "theme" is not an object (found ${describe(theme)})`);
    const t: NonNullable<Cast['theme']> = {};
    for (const k of ['fg', 'bg', 'palette'] as const) {
      const v = theme[k];
      if (v === undefined) continue;
      if (typeof v !== 'string') return fail(1, `header "theme.${k}" is not a string (found ${describe(v)})`);
      t[k] = v;
    }
    out.theme = t;
  }
  return out;
}

function sizeField(v: Json, name: string, fail: (line: number, problem: string) => never): number {
  if (v === undefined) return fail(1, `the header has no "${name}" (terminal ${name.endsWith('rows') || name === 'height' ? 'rows' : 'columns'})`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return fail(1, `header "${name}" is not a positive whole number (found ${describe(v)})`);
  return v;
}

function lastTime(events: CastEvent[]): number {
  return events.length ? events[events.length - 1].time : 0;
}

/** Start offsets of the frames of a v1 file's `stdout` array, to report their line numbers. */
function v1FrameOffsets(text: string): number[] {
  const m = /"stdout"\s*:\s*\[/.exec(text);
  if (!m) return [];
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = true;
  for (let i = m.index + m[0].length - 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '[' || c === '{') {
      if (depth === 1 && expectElement) { offsets.push(i); expectElement = false; }
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && c === ',') {
      expectElement = true;
    } else if (depth === 1 && expectElement && !/\s/.test(c)) {
      offsets.push(i);
      expectElement = false;
      if (c === '"') inString = true;
    } else if (c === '"') {
      inString = true;
    }
  }
  return offsets;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function tryParse(text: string): Json {
  try { return JSON.parse(text); } catch { return undefined; }
}

function isObject(v: Json): v is Header {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** V8's JSON error without the input echoed back, with a column instead of an offset. */
function jsonProblem(err: unknown): string {
  const msg = String((err as Error)?.message ?? err);
  return msg.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position (\d+).*$/s, (_m, p: string) => ` at column ${Number(p) + 1}`);
}
